"""Search on SQLite: FTS5 trigram and full-text tables kept by triggers (migration 0002), JSON for id sets."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from django.db import connection, connections, router
from django.db.models import Q
from django.db.models.expressions import RawSQL

from search.backends.base import SearchBackend, Term, prefix_end
from search.models import NameKey


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def typo_candidate_keys(self, keys: list[str]) -> dict[str, int]:
        # Keys sharing an inner trigram (FTS5 trigram index, best first), plus keys with the same first two
        # letters (pg_trgm's padded "  a", " ab" trigrams, which FTS5 does not index).
        grams = sorted({key[index : index + 3] for key in keys for index in range(len(key) - 2)})
        match = " OR ".join(f'"{gram}"' for gram in grams)
        starts = Q()
        for key in keys:
            starts |= Q(key__gte=key[:2], key__lt=prefix_end(key[:2]))
        with connections[router.db_for_read(NameKey)].cursor() as cursor:  # a replica's, on a public page
            cursor.execute(
                "SELECT key, frequency FROM search_namekey WHERE id IN (SELECT rowid FROM search_namekey_fts "
                "WHERE search_namekey_fts MATCH %s ORDER BY rank LIMIT 500)",
                [match],
            )
            found = dict(cursor.fetchall())
        found.update(NameKey.objects.filter(starts).values_list("key", "frequency")[:500])
        return found

    def id_set(self, ids: Collection[int]) -> RawSQL:
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])

    def text_match_sql(self, column: str, terms: list[Term]) -> tuple[str, list[str]]:
        expression = " AND ".join(f'"{key}"*' if prefix else f'"{key}"' for key, prefix in terms)
        return (
            "SELECT rowid FROM search_textentry_fts WHERE search_textentry_fts MATCH %s",
            [f"{column} : ({expression})"],
        )

    def insert_rows(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        table_name, names = self._quoted(table, columns)
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table_name} ({names}) VALUES ({marks})", rows)
