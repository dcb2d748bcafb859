"""What every public page needs to know about the records it shows."""

from __future__ import annotations

from collections.abc import Iterable


def has_demo(records: Iterable) -> bool:
    """Whether any record shown is invented demonstration data, so the page must say so."""
    return any(getattr(record, "is_demo", False) for record in records)
