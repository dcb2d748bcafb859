"""Search on PostgreSQL: pg_trgm for typos, tsvector columns for text, COPY for bulk inserts (migrations 0002, 0003)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from django.db import connection, connections, router
from django.db.models.expressions import RawSQL

from search.backends.base import SearchBackend, Term
from search.models import NameKey


class PostgreSQLBackend(SearchBackend):
    vendor = "postgresql"

    def typo_candidate_keys(self, keys: list[str]) -> dict[str, int]:
        condition = " OR ".join(["key %% %s"] * len(keys))
        with connections[router.db_for_read(NameKey)].cursor() as cursor:  # a replica's, on a public page
            # pg_trgm's % uses the GIN trigram index with the default threshold 0.3 (= TYPO_THRESHOLD).
            cursor.execute(f"SELECT key, frequency FROM search_namekey WHERE {condition}", keys)
            return dict(cursor.fetchall())

    def near_keys(self, key: str, threshold: float) -> list[str]:
        # Below pg_trgm's threshold the trigram index cannot help: a scan of the vocabulary, asked only when a
        # search found nothing (and that page is then cached).
        with connections[router.db_for_read(NameKey)].cursor() as cursor:
            cursor.execute(
                "SELECT key FROM search_namekey WHERE similarity(key, %s) >= %s ORDER BY similarity(key, %s) DESC,"
                " key LIMIT 10",
                [key, threshold, key],
            )
            return [row[0] for row in cursor.fetchall()]

    def id_set(self, ids: Collection[int]) -> RawSQL:
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])

    def text_match_sql(self, column: str, terms: list[Term]) -> tuple[str, list[str]]:
        expression = " & ".join(f"{key}:*" if prefix else key for key, prefix in terms)
        # The stored tsvector columns (migration 0003), never to_tsvector() per row at query time.
        return f"SELECT id FROM search_textentry WHERE {column}_tsv @@ to_tsquery('simple', %s)", [expression]

    def insert_rows(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        table_name, names = self._quoted(table, columns)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table_name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
