"""Reads for the pages that list and count public records. Every query starts from ``objects.public()``.

Each page makes a fixed number of queries whatever the number of records: the lists fetch their page in
one query (related rows joined or prefetched), and every count is one grouped or conditional aggregate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import django_filters
from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear, Substr
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from archive.kinds import DOCUMENT, TESTIMONY, RecordKind
from archive.models import Document, Event, MediaFile, Place, Testimony, Victim
from archive.models.publication import media_open_q
from archive.models.records import LANGUAGE_CHOICES
from archive.names import az_sort_key
from memorial.filters import (
    AZ_LETTERS,
    DocumentFilter,
    TestimonyFilter,
    VictimFilter,
    kind_q,
    language_q,
    languages_text,
    letter_prefix,
    with_age_bounds,
)

RECENT_TESTIMONIES = 5
# The timeline events the home page cites for its few lines on what happened (keys from archive.history_data).
HOME_EVENT_KEYS = ("1990-01-20-troops-enter-baku", "1990-01-toll")


# Home


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


def timeline_events() -> QuerySet[Event]:
    """The public events in date order, each with its place and its sources (two queries in all)."""
    return Event.objects.public().select_related("place").prefetch_related("sources")


def home_events() -> list[Event]:
    """The events the home page cites, in date order; an event missing from the database is simply left out."""
    return list(timeline_events().filter(key__in=HOME_EVENT_KEYS))


# Filtered lists


@dataclass(frozen=True)
class Option:
    """One value of a filter, with how many records it would show given the other filters."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Letter:
    letter: str
    count: int
    selected: bool


@dataclass
class Listing:
    """A filtered list: the records to page through, the filter form and the counts for each filter value."""

    filterset: django_filters.FilterSet
    records: QuerySet
    facets: dict[str, list[Option]]
    letters: list[Letter] = field(default_factory=list)
    facet_records: list = field(default_factory=list)  # rows named in the filters (places), for the demo check

    @property
    def is_filtered(self) -> bool:
        return any(value not in (None, "") for value in self.filterset.form.cleaned_data.values())


def _without(data: QueryDict, name: str) -> QueryDict:
    rest = data.copy()
    rest.pop(name, None)
    return rest


def _facet_queryset(filter_class: type[django_filters.FilterSet], data: QueryDict, base: QuerySet, name: str):
    """The records every active filter but ``name`` keeps: what each value of ``name`` would count from."""
    return filter_class(_without(data, name), queryset=base).qs.order_by()


def _selected(filterset: django_filters.FilterSet, name: str) -> str:
    value = filterset.form.cleaned_data.get(name)
    return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def _choice_options(
    filterset: django_filters.FilterSet, name: str, choices: Iterable[tuple[str, str]], counts: dict
) -> list[Option]:
    selected = _selected(filterset, name)
    return [
        Option(value=str(value), label=str(label), count=counts.get(value, 0), selected=str(value) == selected)
        for value, label in choices
    ]


def _grouped_counts(queryset: QuerySet, field_name: str) -> dict:
    return {row[field_name]: row["n"] for row in queryset.values(field_name).annotate(n=Count("pk"))}


def _year_options(filterset: django_filters.FilterSet, queryset: QuerySet, kind: RecordKind) -> list[Option]:
    """Years a record's date can fall in; a record dated "1990/1991" counts in both years."""
    rows = queryset.values(first=ExtractYear(kind.earliest_field), last=ExtractYear(kind.latest_field)).annotate(
        n=Count("pk")
    )
    counts: Counter[int] = Counter()
    for row in rows:
        if row["first"] is None:
            continue
        for year in range(row["first"], row["last"] + 1):
            counts[year] += row["n"]
    selected = _selected(filterset, "year")
    years = sorted(set(counts) | ({int(selected)} if selected else set()))
    return [
        Option(value=str(year), label=str(year), count=counts[year], selected=str(year) == selected) for year in years
    ]


def _media_options(filterset: django_filters.FilterSet, queryset: QuerySet) -> list[Option]:
    counts = queryset.aggregate(
        yes=Count("pk", filter=Q(has_public_media=True)), no=Count("pk", filter=Q(has_public_media=False))
    )
    selected = _selected(filterset, "media")
    return [
        Option("true", str(_("Yes")), counts["yes"], selected == "true"),
        Option("false", str(_("No, description only")), counts["no"], selected == "false"),
    ]


def _public_media_flag(kind: RecordKind) -> Case:
    """True when the record's media may be shown and it has some not withheld: the same test as the record page's."""
    return Case(
        When(
            media_open_q(), then=Exists(MediaFile.objects.not_withheld().filter(**{kind.media_field: OuterRef("pk")}))
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


def victim_listing(data: QueryDict) -> Listing:
    """Public victims in Azerbaijani alphabetical order (the model's ordering), with their place and portrait.

    Portraits come from ``MediaFile.objects.public()``: only where the victim's media are open to the public.
    """
    base = with_age_bounds(Victim.objects.public())
    filterset = VictimFilter(data, queryset=base)
    portraits = MediaFile.objects.public().filter(role=MediaFile.Role.PORTRAIT)
    records = filterset.qs.select_related("incident_place").prefetch_related(
        Prefetch("media", queryset=portraits, to_attr="public_portraits")
    )

    def facet(name: str) -> QuerySet:
        return _facet_queryset(VictimFilter, data, base, name)

    fates = _choice_options(filterset, "fate", Victim.Fate.choices, _grouped_counts(facet("fate"), "fate"))
    genders = _choice_options(filterset, "gender", Victim.Gender.choices, _grouped_counts(facet("gender"), "gender"))
    selected_place = _selected(filterset, "place")
    places = sorted(
        Place.objects.annotate(n=Count("victims", filter=Q(victims__in=facet("place").values("pk")))).filter(
            Q(n__gt=0) | Q(slug=selected_place)
        ),
        key=lambda place: az_sort_key(str(place)),
    )
    place_options = [Option(place.slug, str(place), place.n, place.slug == selected_place) for place in places]
    prefixes = _grouped_counts(facet("letter").annotate(prefix=Substr("sort_key", 1, 3)), "prefix")
    chosen_letter = _selected(filterset, "letter")
    letters = [
        Letter(letter=letter, count=prefixes.get(letter_prefix(letter), 0), selected=letter == chosen_letter)
        for letter in AZ_LETTERS
    ]
    return Listing(
        filterset=filterset,
        records=records,
        facets={"fate": fates, "gender": genders, "place": place_options},
        letters=letters,
        facet_records=places,
    )


def testimony_listing(data: QueryDict) -> Listing:
    # A withheld recording is never played to the public: its testimony is listed as a written account.
    recordings = MediaFile.objects.not_withheld().filter(testimony=OuterRef("pk"), role=MediaFile.Role.RECORDING)
    base = (
        Testimony.objects.public()
        .annotate(
            has_audio=Exists(recordings.filter(kind=MediaFile.Kind.AUDIO)),
            has_video=Exists(recordings.filter(kind=MediaFile.Kind.VIDEO)),
            has_public_media=_public_media_flag(TESTIMONY),
        )
        .alias(languages_text=languages_text())
        .order_by(F("recorded_earliest").desc(nulls_last=True), "identifier")
    )
    filterset = TestimonyFilter(data, queryset=base)

    def facet(name: str) -> QuerySet:
        return _facet_queryset(TestimonyFilter, data, base, name)

    language_counts = facet("language").aggregate(
        **{code: Count("pk", filter=language_q(code)) for code, _label in LANGUAGE_CHOICES}
    )
    kind_counts = facet("kind").aggregate(
        **{kind: Count("pk", filter=kind_q(kind)) for kind, _label in TestimonyFilter.Kind.choices}
    )
    return Listing(
        filterset=filterset,
        records=filterset.qs.select_related("recorded_place"),
        facets={
            "language": _choice_options(filterset, "language", LANGUAGE_CHOICES, language_counts),
            "kind": _choice_options(filterset, "kind", TestimonyFilter.Kind.choices, kind_counts),
            "year": _year_options(filterset, facet("year"), TESTIMONY),
            "media": _media_options(filterset, facet("media")),
        },
    )


def document_listing(data: QueryDict) -> Listing:
    base = Document.objects.public().annotate(has_public_media=_public_media_flag(DOCUMENT))
    filterset = DocumentFilter(data, queryset=base)

    def facet(name: str) -> QuerySet:
        return _facet_queryset(DocumentFilter, data, base, name)

    return Listing(
        filterset=filterset,
        records=filterset.qs,
        facets={
            "kind": _choice_options(filterset, "kind", Document.Kind.choices, _grouped_counts(facet("kind"), "kind")),
            "year": _year_options(filterset, facet("year"), DOCUMENT),
            "media": _media_options(filterset, facet("media")),
        },
    )
