"""How many victims hold each vocabulary word, name rows indexed by key, and (PostgreSQL) stored tsvectors.

``NameKey.frequency`` lets a query start from its rarest word and cap the others (see ``search.query``).
It is filled here from the name words already indexed, so no rebuild is needed after migrating.

PostgreSQL computed ``to_tsvector`` per row whenever the planner rechecked or scanned a text entry (a
400-word transcript each time); stored generated columns keep the vectors on disk, with GIN indexes
on them in place of the expression indexes. SQLite's FTS5 tables store their index already.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRES_SQL = [
    "ALTER TABLE search_textentry ADD COLUMN meta_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', meta)) STORED",
    "ALTER TABLE search_textentry ADD COLUMN body_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED",
    "DROP INDEX IF EXISTS search_textentry_meta_fts",
    "DROP INDEX IF EXISTS search_textentry_full_fts",
    "CREATE INDEX search_textentry_meta_tsv ON search_textentry USING gin (meta_tsv)",
    "CREATE INDEX search_textentry_body_tsv ON search_textentry USING gin (body_tsv)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_textentry_meta_tsv",
    "DROP INDEX IF EXISTS search_textentry_body_tsv",
    "ALTER TABLE search_textentry DROP COLUMN IF EXISTS meta_tsv",
    "ALTER TABLE search_textentry DROP COLUMN IF EXISTS body_tsv",
    "CREATE INDEX search_textentry_meta_fts ON search_textentry USING gin (to_tsvector('simple', meta))",
    "CREATE INDEX search_textentry_full_fts ON search_textentry USING gin (to_tsvector('simple', body))",
]

# The vocabulary's FTS5 row changes only when the key does, not on every frequency count.
SQLITE_SQL = [
    "DROP TRIGGER IF EXISTS search_namekey_au",
    "CREATE TRIGGER search_namekey_au AFTER UPDATE OF key ON search_namekey BEGIN "
    "INSERT INTO search_namekey_fts(search_namekey_fts, rowid, key) VALUES ('delete', old.id, old.key); "
    "INSERT INTO search_namekey_fts(rowid, key) VALUES (new.id, new.key); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_namekey_au",
    "CREATE TRIGGER search_namekey_au AFTER UPDATE ON search_namekey BEGIN "
    "INSERT INTO search_namekey_fts(search_namekey_fts, rowid, key) VALUES ('delete', old.id, old.key); "
    "INSERT INTO search_namekey_fts(rowid, key) VALUES (new.id, new.key); END",
]

COUNT_FREQUENCIES = (
    "UPDATE search_namekey SET frequency = "
    "(SELECT COUNT(*) FROM search_nameword WHERE search_nameword.key = search_namekey.key)"
)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRES_SQL, "sqlite": SQLITE_SQL}.get(vendor, []):
        schema_editor.execute(statement)
    schema_editor.execute(COUNT_FREQUENCIES)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_indexes")]

    operations = [
        migrations.AddField(
            model_name="namekey",
            name="frequency",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="nameword",
            name="key",
            field=models.CharField(max_length=100),
        ),
        migrations.AlterField(
            model_name="nameword",
            name="victim",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="search_words",
                to="archive.victim",
            ),
        ),
        migrations.AddIndex(
            model_name="nameword",
            index=models.Index(fields=["key", "victim"], include=["spellings"], name="search_nameword_key_victim"),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
