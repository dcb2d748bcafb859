"""Reads for the pages that list and count public records. Every query starts from ``objects.public()``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from archive.models import Testimony, Victim

RECENT_TESTIMONIES = 5


@dataclass(frozen=True)
class FateCount:
    fate: str
    label: str
    count: int


@dataclass(frozen=True)
class ArchiveFigures:
    """What the home page may say in numbers: only what the public records show."""

    total: int
    by_fate: list[FateCount]
    includes_demo: bool


def archive_figures() -> ArchiveFigures:
    """Public victims counted by fate, in one aggregate query."""
    rows = (
        Victim.objects.public()
        .order_by()  # the default ordering would otherwise split the groups by sort_key
        .values("fate")
        .annotate(count=Count("pk"), demo=Count("pk", filter=Q(is_demo=True)))
    )
    counts = {row["fate"]: row for row in rows}
    by_fate = [
        FateCount(fate=value, label=str(label), count=counts[value]["count"])
        for value, label in Victim.Fate.choices
        if value in counts
    ]
    return ArchiveFigures(
        total=sum(item.count for item in by_fate),
        by_fate=by_fate,
        includes_demo=any(row["demo"] for row in counts.values()),
    )


def recent_testimonies(limit: int = RECENT_TESTIMONIES) -> list[Testimony]:
    # nulls_last: PostgreSQL and SQLite disagree on where a missing date sorts.
    newest_first = F("published_at").desc(nulls_last=True)
    return list(Testimony.objects.public().order_by(newest_first, "-pk")[:limit])


def victim_list() -> QuerySet[Victim]:
    """Public victims in Azerbaijani alphabetical order (the model's ordering), with their place in the same query."""
    return Victim.objects.public().select_related("incident_place")
