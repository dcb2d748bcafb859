"""The engine's own indexes over the folded keys. Each part runs only on its database.

PostgreSQL: pg_trgm (``TrigramExtension``) with a GIN trigram index over the name vocabulary, and GIN
full-text indexes (``simple`` configuration: the keys are folded already) on the text entries.
SQLite: FTS5 tables — trigram tokenizer over the vocabulary (substrings and typo candidates),
unicode61 over the text entries — as external-content tables kept in step by triggers, so every
write (and Django's test flush) updates them.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

POSTGRES_SQL = [
    "CREATE INDEX search_namekey_trgm ON search_namekey USING gin (key gin_trgm_ops)",
    "CREATE INDEX search_textentry_meta_fts ON search_textentry USING gin (to_tsvector('simple', meta))",
    "CREATE INDEX search_textentry_full_fts ON search_textentry USING gin (to_tsvector('simple', body))",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_namekey_trgm",
    "DROP INDEX IF EXISTS search_textentry_meta_fts",
    "DROP INDEX IF EXISTS search_textentry_full_fts",
]

SQLITE_SQL = [
    "CREATE VIRTUAL TABLE search_namekey_fts USING fts5(key, content='search_namekey', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER search_namekey_ai AFTER INSERT ON search_namekey BEGIN "
    "INSERT INTO search_namekey_fts(rowid, key) VALUES (new.id, new.key); END",
    "CREATE TRIGGER search_namekey_ad AFTER DELETE ON search_namekey BEGIN "
    "INSERT INTO search_namekey_fts(search_namekey_fts, rowid, key) VALUES ('delete', old.id, old.key); END",
    "CREATE TRIGGER search_namekey_au AFTER UPDATE ON search_namekey BEGIN "
    "INSERT INTO search_namekey_fts(search_namekey_fts, rowid, key) VALUES ('delete', old.id, old.key); "
    "INSERT INTO search_namekey_fts(rowid, key) VALUES (new.id, new.key); END",
    "CREATE VIRTUAL TABLE search_textentry_fts USING fts5(meta, body, content='search_textentry', "
    "content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER search_textentry_ai AFTER INSERT ON search_textentry BEGIN "
    "INSERT INTO search_textentry_fts(rowid, meta, body) VALUES (new.id, new.meta, new.body); END",
    "CREATE TRIGGER search_textentry_ad AFTER DELETE ON search_textentry BEGIN "
    "INSERT INTO search_textentry_fts(search_textentry_fts, rowid, meta, body) "
    "VALUES ('delete', old.id, old.meta, old.body); END",
    "CREATE TRIGGER search_textentry_au AFTER UPDATE ON search_textentry BEGIN "
    "INSERT INTO search_textentry_fts(search_textentry_fts, rowid, meta, body) "
    "VALUES ('delete', old.id, old.meta, old.body); "
    "INSERT INTO search_textentry_fts(rowid, meta, body) VALUES (new.id, new.meta, new.body); END",
]
SQLITE_REVERSE = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in (
        "search_namekey_ai", "search_namekey_ad", "search_namekey_au",
        "search_textentry_ai", "search_textentry_ad", "search_textentry_au",
    )),
    "DROP TABLE IF EXISTS search_namekey_fts",
    "DROP TABLE IF EXISTS search_textentry_fts",
]  # fmt: skip


class PostgresOnly(TrigramExtension):
    """``CREATE EXTENSION pg_trgm``, skipped on any other database so the migration applies everywhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # other apps may use pg_trgm too: leave the extension in place


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index")]

    operations = [
        PostgresOnly(),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_SQL, "sqlite": SQLITE_SQL}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
            elidable=False,
        ),
    ]
