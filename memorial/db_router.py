"""Reads of the public pages from a PostgreSQL read replica (``DATABASE_REPLICA_URL``; docs/scaling.md).

Only the archive's public content is read there, and only while a public page is answered to an anonymous visitor
(``memorial.page_cache.PUBLIC_PAGES``, GET or HEAD): the records, their names, files, places and the search index.
Everything else reads and writes the primary: every POST, the admin, the review queue, a family's status page, the
sessions and users of any request, background tasks, management commands. A request that writes anything (a page
that records something) reads the primary from then on, so it never reads around its own write.

The content version (``archive.content_version``), under which every kept page and search answer is stored, is
read from the primary. A replica lags its primary by a little: had the page been read from a replica that has not
yet received the last publication, it would be kept under the new version and served stale until the next change.
So before the first read of a page from the replica, the replica's version is compared with the primary's: while
they differ (the replica is behind), the page is read from the primary. When the replica cannot be reached the
primary answers too, so a replica down costs capacity, never pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY = "default"
# Apps whose rows are public content, the same for every visitor; the rest (users, sessions, submissions...) are not.
REPLICATED_APPS = frozenset({"archive", "search"})
# Bookkeeping of the archive read and written around every change: always the primary's.
PRIMARY_ONLY_MODELS = frozenset({"archive.contentversion", "archive.identifiercounter", "archive.failedtask"})


@dataclass
class _PublicRead:
    """One public page being answered: whether the replica may serve it (decided at its first read)."""

    replica_current: bool | None = None
    wrote: bool = False


_public_read: ContextVar[_PublicRead | None] = ContextVar("yaddas_public_read", default=None)


def _version(alias: str) -> str | None:
    from archive.models import ContentVersion

    return ContentVersion.objects.using(alias).values_list("token", flat=True).first()


def replica_is_current() -> bool:
    """Whether the replica has received every change the primary has: the same content version on both."""
    try:
        return _version(REPLICA) == _version(PRIMARY)
    except DatabaseError:
        logger.warning("The read replica cannot be reached; reading the primary.", exc_info=True)
        return False


class ReplicaRouter:
    """``DATABASE_ROUTERS`` when ``DATABASE_REPLICA_URL`` is set."""

    def db_for_read(self, model, **hints) -> str | None:
        public_read = _public_read.get()
        if public_read is None:
            return None  # not a public page: Django's default, the primary (or the instance's own database)
        if (
            public_read.wrote
            or model._meta.app_label not in REPLICATED_APPS
            or model._meta.label_lower in PRIMARY_ONLY_MODELS
        ):
            return PRIMARY
        if public_read.replica_current is None:
            public_read.replica_current = replica_is_current()
        return REPLICA if public_read.replica_current else PRIMARY

    def db_for_write(self, model, **hints) -> str:
        public_read = _public_read.get()
        if public_read is not None:
            public_read.wrote = True  # what this request reads from now on must see what it wrote
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the same rows on both: a record read from the replica may be linked on the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints) -> bool | None:
        return False if db == REPLICA else None  # the replica is a copy of the primary, migrated with it


class ReplicaMiddleware:
    """Marks the request whose view is a public page answered to an anonymous visitor, for ``ReplicaRouter``.
    Placed after ``memorial.page_cache.PageCacheMiddleware``, which decides what a public page is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _public_read.set(None)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        # PageCacheMiddleware set this for an anonymous GET or HEAD of a public page (and answered it already if
        # it had it kept); anything else, a signed-in curator's visit included, reads the primary.
        if getattr(request, "_public_page", False):
            _public_read.set(_PublicRead())
        return None
