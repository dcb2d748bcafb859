"""The search engine's operations whose SQL differs between PostgreSQL and SQLite, as one interface.

Everything else in ``search`` is plain ORM and the same on both; each engine's module implements only this.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence

from django.db import connection
from django.db.models.expressions import RawSQL

# A query word as the full-text index is asked for it: its folded key, and whether it may be a prefix.
Term = tuple[str, bool]


def prefix_end(prefix: str) -> str:
    """The first key after every key that starts with ``prefix``.

    Keys are ASCII [a-z0-9], so [prefix, prefix with its last letter + 1) is exactly "starts with", and a
    plain range is indexable on both engines whatever the collation (LIKE is not, on PostgreSQL's C.UTF-8).
    """
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class SearchBackend(ABC):
    """One engine's SQL for name typos, id sets, text matching and bulk inserts."""

    vendor: str

    @abstractmethod
    def typo_candidate_keys(self, keys: list[str]) -> dict[str, int]:
        """Vocabulary keys (with their frequencies) that may be within trigram similarity of one of ``keys``.

        A superset: similarity is decided in Python (``search.folding.similarity``), the same on both engines.
        """

    def near_keys(self, key: str, threshold: float) -> list[str]:
        """Vocabulary keys that may be within ``threshold`` trigram similarity of ``key``, looser than a typo: for
        "did you mean" on a page that found nothing. A superset, as ``typo_candidate_keys``."""
        return list(self.typo_candidate_keys([key]))

    @abstractmethod
    def id_set(self, ids: Collection[int]) -> RawSQL:
        """Up to RANK_CAP primary keys as one SQL parameter, for ``__in``.

        Django compiles a plain list into one placeholder and one lookup per id, which for a capped
        candidate set cost more than the query itself.
        """

    @abstractmethod
    def text_match_sql(self, column: str, terms: list[Term]) -> tuple[str, list[str]]:
        """SQL selecting the ids of text entries whose ``column`` ('meta' or 'body') holds every term."""

    @abstractmethod
    def insert_rows(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        """Insert many plain rows at once (``rows`` not empty).

        A rebuild writes millions of name rows; model instances and bulk_create's 999-parameter batches
        on SQLite made that the slow part of building an index for a large archive.
        """

    @staticmethod
    def _quoted(table: str, columns: Sequence[str]) -> tuple[str, str]:
        return connection.ops.quote_name(table), ", ".join(connection.ops.quote_name(column) for column in columns)
