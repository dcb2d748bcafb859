"""What differs per database engine, in one place: one backend per engine, chosen once from the default
connection (as wagtail's search backends are). Query and indexing code calls ``backend()`` and never asks
which engine it runs on.
"""

from __future__ import annotations

from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from search.backends.base import SearchBackend, prefix_end
from search.backends.postgresql import PostgreSQLBackend
from search.backends.sqlite import SQLiteBackend

__all__ = ["SearchBackend", "backend", "prefix_end"]


@cache
def backend() -> SearchBackend:
    """The default database's search backend. Cached for the process: the engine never changes while it runs."""
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise ImproperlyConfigured(f"Search runs on PostgreSQL or SQLite, not on {connection.vendor}.")
