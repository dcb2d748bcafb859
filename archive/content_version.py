"""The archive's content version: one token that every change to what the public sees replaces.

Whatever keeps a copy of a public answer (the page cache, ``memorial.page_cache``; search's answers,
``search.cache``) keeps it under the current token. A save or delete of any archive row (a record, a name, a
file, a place, a timeline event...), a change of the victims a record names, or a bulk write
(``archive.signals.records_changed_in_bulk``) replaces the token inside the same transaction, so no copy made
before the change can be served after it. What changes with time alone (embargoes and closed files opening on
their date) is the callers' to put in their keys: today's date.
"""

from __future__ import annotations

import uuid

from django.apps import apps
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from archive.models import ContentVersion
from archive.signals import records_changed_in_bulk


def current() -> str | None:
    """The current token; None when there is none (a flushed test database): nothing may be cached then.

    Read with one plain statement, not through a queryset: it is asked on every request the page cache answers,
    and building the query cost as much as the rest of such a request."""
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT_SQL)
        row = cursor.fetchone()
    return row[0] if row else None


_CURRENT_SQL = "SELECT {token} FROM {table} ORDER BY {pk} LIMIT 1".format(
    token=connection.ops.quote_name(ContentVersion._meta.get_field("token").column),
    table=connection.ops.quote_name(ContentVersion._meta.db_table),
    pk=connection.ops.quote_name(ContentVersion._meta.pk.column),
)


def change() -> None:
    """Make every copy kept under the current token unreachable; called inside the transaction of the change."""
    token = uuid.uuid4().hex
    if not ContentVersion.objects.update(token=token):
        ContentVersion.objects.create(token=token)


def _on_change(sender, raw: bool = False, **kwargs) -> None:
    change()


def _on_links_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        change()


def _shown_models() -> list[type]:
    """Every model of the archive whose rows a public page or answer may show: all but the bookkeeping."""
    bookkeeping = {"contentversion", "identifiercounter", "failedtask"}
    return [
        model
        for model in apps.get_app_config("archive").get_models()
        if model._meta.model_name not in bookkeeping and not model._meta.model_name.startswith("historical")
    ]


def connect_signals() -> None:
    uid = "archive.content_version"
    for model in _shown_models():
        name = model._meta.label
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}.saved.{name}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}.deleted.{name}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_links_changed, sender=through, dispatch_uid=f"{uid}.linked.{through._meta.label}")
    records_changed_in_bulk.connect(_on_change, dispatch_uid=f"{uid}.bulk")
