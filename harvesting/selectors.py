"""Which records a harvester sees, and in which order: every public record, and, as deleted, every record that was
published once and is public no more.

The publication rule is ``objects.public()``, as everywhere. A record withdrawn, merged into another, made private,
embargoed again or (a testimony) put back in the archive only, after it had been published, is still listed, as a
header with ``status="deleted"``, so a harvester that took it removes it rather than keeps it forever
(``deletedRecord`` is ``persistent``). "Published once" is the record's ``published_at``, which publishing sets and
nothing clears; a draft never published is never mentioned. Deleted records carry no metadata.

A record's datestamp is when it last changed for a harvester: its ``updated_at``, or, if later, the day its embargo
ended or its closed files opened, which change what the public sees without a save (taken as that day's start in
UTC, a few hours after the archive's midnight: a harvester may receive such a record twice, never miss it).

Lists are ordered by (datestamp, identifier) across the three kinds; each page reads each kind's next keys (one
query a kind), counts the whole list (one a kind) and then reads the page's public records with what their
description needs, so a page costs the same number of queries whatever its size.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Case, DateTimeField, Exists, F, Min, Model, OuterRef, Q, QuerySet, When
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from archive.exchange.description import prefetch_for_description
from archive.kinds import RECORD_KINDS, RecordKind, by_plural, by_prefix
from archive.models import parse_identifier


@dataclass(frozen=True)
class Item:
    kind: RecordKind
    identifier: str
    stamped_at: datetime  # the datestamp at full precision, the list's order
    live: bool  # public now; else listed as deleted
    record: Model | None = None  # the record itself, read for its metadata (live items of ListRecords, GetRecord)

    @property
    def datestamp(self) -> str:
        return self.stamped_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _opened(field: str) -> Coalesce:
    """The start of the day in ``field`` (an embargo's end, closed files' opening) once it has come; else
    ``updated_at`` (Greatest is NULL on SQLite if any of its values is)."""
    passed = When(**{f"{field}__lte": timezone.localdate()}, then=Cast(field, DateTimeField()))
    return Coalesce(Case(passed, output_field=DateTimeField()), F("updated_at"))


def harvestable(kind: RecordKind) -> QuerySet:
    """Records of ``kind`` a harvester hears of: public ones, and those published once (as deleted), with ``live``
    and their datestamp, ``stamped_at``."""
    model = kind.model
    public = model.objects.public()
    return model.objects.filter(Q(pk__in=public.values("pk")) | Q(published_at__isnull=False)).annotate(
        live=Exists(public.filter(pk=OuterRef("pk"))),
        stamped_at=Greatest(F("updated_at"), _opened("embargo_until"), _opened("media_closed_until")),
    )


def kinds_of(set_spec: str) -> tuple[RecordKind, ...]:
    """The kinds a set holds (a set is a kind: ``victims``…); all for no set, none for a set that does not exist."""
    if not set_spec:
        return RECORD_KINDS
    try:
        return (by_plural(set_spec),)
    except KeyError:
        return ()


def _within(queryset: QuerySet, start: datetime | None, end: datetime | None) -> QuerySet:
    """``end`` is the first instant past the range (``protocol.bound`` makes until inclusive that way)."""
    if start is not None:
        queryset = queryset.filter(stamped_at__gte=start)
    if end is not None:
        queryset = queryset.filter(stamped_at__lt=end)
    return queryset


@dataclass(frozen=True)
class Page:
    items: list[Item]
    more: bool  # records follow this page
    total: int  # the whole list's size, every page included


def page(
    kinds: Iterable[RecordKind],
    *,
    start: datetime | None,
    end: datetime | None,
    after: tuple[datetime, str] | None,
    size: int,
    with_records: bool,
) -> Page:
    """The next ``size`` items after ``after`` in (datestamp, identifier) order, of ``kinds``, within the range."""
    candidates: list[Item] = []
    total = 0
    for kind in kinds:
        within = _within(harvestable(kind), start, end)
        total += within.count()
        following = within
        if after is not None:
            moment, identifier = after
            following = within.filter(Q(stamped_at__gt=moment) | Q(stamped_at=moment, identifier__gt=identifier))
        rows = following.order_by("stamped_at", "identifier").values_list("identifier", "stamped_at", "live")[
            : size + 1
        ]
        candidates += [Item(kind, identifier, stamped_at, live) for identifier, stamped_at, live in rows]
    candidates.sort(key=lambda item: (item.stamped_at, item.identifier))
    chosen = candidates[:size]
    if with_records:
        chosen = _with_records(chosen)
    return Page(chosen, more=len(candidates) > size, total=total)


def _with_records(items: list[Item]) -> list[Item]:
    """``items`` with their public records read for description (deleted ones have none to describe)."""
    records: dict[str, Model] = {}
    for kind in RECORD_KINDS:
        wanted = [item.identifier for item in items if item.kind == kind and item.live]
        if wanted:
            queryset = prefetch_for_description(kind.model.objects.public().filter(identifier__in=wanted))
            records.update((record.identifier, record) for record in queryset)
    # A record that stopped being public between the two reads is given as deleted: never described.
    return [
        Item(item.kind, item.identifier, item.stamped_at, item.identifier in records, records.get(item.identifier))
        for item in items
    ]


def item(identifier: str, *, with_record: bool) -> Item | None:
    """The item of a record's permanent identifier (``V-000123``), or None for one a harvester may not hear of."""
    if parse_identifier(identifier) != identifier:
        return None
    kind = by_prefix(identifier[0])
    row = harvestable(kind).filter(identifier=identifier).values_list("stamped_at", "live").first()
    if row is None:
        return None
    found = Item(kind, identifier, row[0], row[1])
    return _with_records([found])[0] if with_record else found


def earliest_datestamp() -> datetime | None:
    """The oldest datestamp of any record a harvester hears of."""
    dates = [harvestable(kind).aggregate(first=Min("stamped_at"))["first"] for kind in RECORD_KINDS]
    return min((date for date in dates if date is not None), default=None)
