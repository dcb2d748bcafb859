"""The API's reads of lists. Each starts from ``objects.public()`` (the one publication rule), or, for places and
sources, which have no publication of their own, from what the public records show.

Filters mean what the site's filters mean (``memorial.filters``): a filter on an uncertain date keeps a record
whose date *can* fall in the range ("1990-01" is among the deaths from 15 to 25 January). A filter naming another
record (``victim=V-000123``) names only a public one: a hidden record's ties are as unknown as the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from archive.kinds import RecordKind
from archive.models import Document, Event, MediaFile, Place, Source, Testimony, Victim
from archive.models.publication import media_open_q
from memorial.filters import age_can_be_at_least, age_can_be_at_most, language_q, languages_text, with_age_bounds
from memorial.selectors.common import listed
from search import query as search_words

# A missing date or time sorts last: the order's columns must never be NULL, or the keyset would lose those rows.
LAST_DAY = dt.date(9999, 12, 31)
LAST_TIME = dt.time(23, 59, 59, 999999)


@dataclass(frozen=True)
class DateRange:
    """From and to (either may be missing): a record is kept when its date can fall between them."""

    start: dt.date | None = None
    end: dt.date | None = None

    def q(self, kind_or_stem: RecordKind | str) -> Q:
        stem = kind_or_stem if isinstance(kind_or_stem, str) else kind_or_stem.date_bounds
        condition = Q()
        if self.start is not None:
            condition &= Q(**{f"{stem}_latest__gte": self.start})
        if self.end is not None:
            condition &= Q(**{f"{stem}_earliest__lte": self.end})
        return condition


def media_open_flag(kind: RecordKind) -> Case:
    """Whether the record's files and full text may be shown (``shows_media``), as a column."""
    return Case(When(media_open_q(), then=Value(True)), default=Value(False), output_field=BooleanField())


def _with_files_shown(kind: RecordKind) -> Q:
    """The record's media are open and it has a file not withheld: the site's "recording or files to open"."""
    return media_open_q() & Q(Exists(MediaFile.objects.not_withheld().filter(**{kind.media_field: OuterRef("pk")})))


def _public_victim(identifier: str) -> QuerySet[Victim]:
    return Victim.objects.public().filter(identifier=identifier)


def victims(
    *,
    q: str | None = None,
    fate: str | None = None,
    gender: str | None = None,
    place: str | None = None,
    died: DateRange = DateRange(),
    age_min: int | None = None,
    age_max: int | None = None,
) -> QuerySet[Victim]:
    """Public victims with their places and name variants (one prefetch)."""
    queryset = listed(Victim.objects.public()).select_related("incident_place", "burial_place")
    queryset = queryset.annotate(media_open=media_open_flag(Victim.RECORD_KIND)).prefetch_related("variants")
    if q is not None:
        queryset = queryset.filter(pk__in=victims_named(q))
    if fate:
        queryset = queryset.filter(fate=fate)
    if gender:
        queryset = queryset.filter(gender=gender)
    if place:
        queryset = queryset.filter(incident_place__slug=place)
    queryset = queryset.filter(died.q(Victim.RECORD_KIND))
    if age_min is not None or age_max is not None:
        queryset = with_age_bounds(queryset)
        if age_min is not None:
            queryset = queryset.filter(age_can_be_at_least(age_min))
        if age_max is not None:
            queryset = queryset.filter(age_can_be_at_most(age_max))
    return queryset


def victims_named(q: str) -> QuerySet[Victim]:
    """The public victims whose names meet every word of ``q``, in any script or spelling, as search finds them
    (``search.query``: folded keys, prefixes and near spellings). A year or number typed is no name word; ``q``
    without a letter or a digit finds no one."""
    words = [word for word in search_words.expand(search_words.parse(q)) if not word.key.isdigit()]
    return search_words.victims_matching(words).values("pk")


def testimonies(
    *,
    language: str | None = None,
    victim: str | None = None,
    place: str | None = None,
    recorded: DateRange = DateRange(),
    media: bool | None = None,
) -> QuerySet[Testimony]:
    queryset = listed(Testimony.objects.public()).select_related("recorded_place")
    queryset = queryset.annotate(media_open=media_open_flag(Testimony.RECORD_KIND))
    if language:
        queryset = queryset.alias(languages_text=languages_text()).filter(language_q(language))
    if victim:
        queryset = queryset.filter(victims__in=_public_victim(victim))
    if place:
        queryset = queryset.filter(recorded_place__slug=place)
    queryset = queryset.filter(recorded.q(Testimony.RECORD_KIND))
    return _with_or_without_files(queryset, Testimony.RECORD_KIND, media)


def documents(
    *,
    kind: str | None = None,
    victim: str | None = None,
    testimony: str | None = None,
    dated: DateRange = DateRange(),
    media: bool | None = None,
) -> QuerySet[Document]:
    queryset = listed(Document.objects.public()).annotate(media_open=media_open_flag(Document.RECORD_KIND))
    if kind:
        queryset = queryset.filter(kind=kind)
    if victim:
        queryset = queryset.filter(victims__in=_public_victim(victim))
    if testimony:
        queryset = queryset.filter(testimonies__in=Testimony.objects.public().filter(identifier=testimony))
    queryset = queryset.filter(dated.q(Document.RECORD_KIND))
    return _with_or_without_files(queryset, Document.RECORD_KIND, media)


def _with_or_without_files(queryset: QuerySet, kind: RecordKind, media: bool | None) -> QuerySet:
    if media is None:
        return queryset
    return queryset.filter(_with_files_shown(kind)) if media else queryset.exclude(_with_files_shown(kind))


def _described() -> Q:
    return ~Q(description_az="") | ~Q(description_en="") | ~Q(description_ru="")


def shown_places() -> QuerySet[Place]:
    """The places the site's places page shows (``memorial.selectors.places``): a public record is tied to them (a
    victim's incident or burial, a testimony recorded there, an event), or curators described them. A place made
    only for unpublished records stays unseen, so a hidden record cannot be guessed from it."""
    public_victims = Victim.objects.public().order_by()
    return Place.objects.filter(
        Q(pk__in=public_victims.values("incident_place"))
        | Q(pk__in=public_victims.values("burial_place"))
        | Q(pk__in=Testimony.objects.public().order_by().values("recorded_place"))
        | Q(pk__in=Event.objects.public().order_by().values("place"))
        | _described()
    )


def places(*, kind: str | None = None, within: str | None = None) -> QuerySet[Place]:
    queryset = shown_places().select_related("parent")
    if kind:
        queryset = queryset.filter(kind=kind)
    if within:
        queryset = queryset.filter(parent__slug=within)
    return queryset


def shown_sources() -> QuerySet[Source]:
    """The sources the site shows: those a public record, a public event or a shown place cites."""
    return Source.objects.filter(
        Q(pk__in=Victim.objects.public().order_by().values("sources"))
        | Q(pk__in=Testimony.objects.public().order_by().values("sources"))
        | Q(pk__in=Document.objects.public().order_by().values("sources"))
        | Q(pk__in=Event.objects.public().order_by().values("sources"))
        | Q(pk__in=shown_places().order_by().values("sources"))
    )


def events(*, dated: DateRange = DateRange(), place: str | None = None) -> QuerySet[Event]:
    """Public events in date order (a missing date last), each with its place and sources (one prefetch)."""
    queryset = (
        Event.objects.public()
        .select_related("place")
        .prefetch_related(Prefetch("sources", queryset=Source.objects.order_by("author", "title", "pk")))
        .annotate(day=Coalesce("date_earliest", Value(LAST_DAY)), moment=Coalesce("time", Value(LAST_TIME)))
    )
    if place:
        queryset = queryset.filter(place__slug=place)
    return queryset.filter(dated.q("date"))
