"""What every public page needs to know about the records it shows."""

from __future__ import annotations

from collections.abc import Iterable

# The victims' biographies: long, and shown on their own page only; left unread where victims are listed.
LONG_TEXTS = ("biography_az", "biography_en", "biography_ru")


def has_demo(records: Iterable) -> bool:
    """Whether any record shown is invented demonstration data, so the page must say so."""
    return any(getattr(record, "is_demo", False) for record in records)
