"""What every public page needs to know about the records it shows."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

# Texts a record shows on its own page only (a transcript may be a hundred pages): left unread where it is listed.
LONG_TEXTS = {
    "victim": ("biography_az", "biography_en", "biography_ru"),
    "testimony": ("transcript", "summary_az", "summary_en", "summary_ru", "provenance_note"),
    "document": ("transcription", "description_az", "description_en", "description_ru"),
}


def listed(queryset: QuerySet) -> QuerySet:
    """``queryset`` of records to be listed, without the texts they show on their own page only."""
    return queryset.defer(*LONG_TEXTS[queryset.model.RECORD_KIND.key])


def has_demo(records: Iterable) -> bool:
    """Whether any record shown is invented demonstration data, so the page must say so."""
    return any(getattr(record, "is_demo", False) for record in records)
