"""Reads for the pages that list and count public records. Every query starts from ``objects.public()``.

Each page makes a fixed number of queries whatever the number of records: the lists fetch their page in
one query (related rows joined or prefetched), and the counts of all their filters' options, with the list's
length, are summed from one grouped query (``Groups``), rather than counted over every record per filter.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractYear, Substr
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from archive.kinds import DOCUMENT, TESTIMONY, VICTIM, RecordKind
from archive.models import Document, Event, MediaFile, Place, Testimony, Victim
from archive.models.publication import media_open_q
from archive.models.records import LANGUAGE_CHOICES
from archive.names import az_sort_key
from memorial.filters import (
    AZ_LETTERS,
    DocumentFilter,
    TestimonyFilter,
    VictimFilter,
    language_q,
    languages_text,
    letter_prefix,
    with_age_bounds,
)
from memorial.selectors.common import listed

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
        # A first column with no index: SQLite would walk the fate index, reading the rows in random order.
        .values("is_demo", "fate")
        .annotate(count=Count("pk"))
    )
    counts: Counter[str] = Counter()
    includes_demo = False
    for row in rows:
        counts[row["fate"]] += row["count"]
        includes_demo = includes_demo or row["is_demo"]
    by_fate = [
        FateCount(fate=value, label=str(label), count=counts[value])
        for value, label in Victim.Fate.choices
        if counts[value]
    ]
    return ArchiveFigures(total=sum(item.count for item in by_fate), by_fate=by_fate, includes_demo=includes_demo)


def recent_testimonies(limit: int = RECENT_TESTIMONIES) -> list[Testimony]:
    # nulls_last: PostgreSQL and SQLite disagree on where a missing date sorts.
    newest_first = F("published_at").desc(nulls_last=True)
    return list(listed(Testimony.objects.public()).order_by(newest_first, "-pk")[:limit])


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
    count: int | None = None  # how many records the filters keep, summed from the facets' counts
    portraits: QuerySet | None = None  # the victims' portraits (``records`` prefetches them as ``public_portraits``)

    @property
    def is_filtered(self) -> bool:
        return any(value not in (None, "") for value in self.filterset.form.cleaned_data.values())

    def window(self, bottom: int, top: int) -> list:
        """The records from ``bottom`` to ``top`` in the list's order, with their related rows.

        The list is sorted carrying only the keys of its records, and the rows of the page alone are read: a page
        far down the list costs little more than the first, where sorting whole rows cost ten times as much.
        """
        if top <= bottom:
            return []
        keys = self.filterset.qs.values("pk")[bottom:top]
        return list(self.records.filter(pk__in=keys))

    def everything(self) -> list:
        """Every record the filters keep, to print on one page, with their portraits: two queries however many.

        The portraits are chosen by a subquery of the filtered records, not by the list of their keys a prefetch
        sends: SQLite takes at most 32,766 parameters in a statement, fewer than the names of a large archive."""
        if self.portraits is None:
            return list(self.records)
        rows = list(self.records.prefetch_related(None))
        portraits: dict[int, list] = defaultdict(list)
        for portrait in self.portraits.filter(victim__in=self.filterset.qs.values("pk")):
            portraits[portrait.victim_id].append(portrait)
        for row in rows:
            row.public_portraits = portraits[row.pk]
        return rows


# The filters whose options are counted (except the victims' letters, counted apart), by record kind.
FACETS = {
    VICTIM.key: ("fate", "gender", "place"),
    TESTIMONY.key: ("language", "kind", "year", "media"),
    DOCUMENT.key: ("kind", "year", "media"),
}


def _facet_queryset(filterset: django_filters.FilterSet, *names: str) -> QuerySet:
    """The records every active filter but ``names`` keeps: what the values of ``names`` count from.

    What a filter set made of the data without ``names`` would give (``FilterSet.filter_queryset`` on the values the
    form understood), without making and validating another one."""
    filterset.is_valid()
    queryset = filterset.queryset.all()
    for name, value in filterset.form.cleaned_data.items():
        if name not in names:
            queryset = filterset.filters[name].filter(queryset, value)
    return queryset.order_by()


def _selected(filterset: django_filters.FilterSet, name: str) -> str:
    filterset.is_valid()  # the form's cleaned values; a value it does not understand is not applied
    value = filterset.form.cleaned_data.get(name)
    return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


Row = dict[str, Any]


class Groups:
    """Records counted in groups (each row with its count ``n``), and the tests of the active filters on a row.

    A filter's values are counted over the records every *other* active filter keeps (so that each option says how
    many records choosing it would show), and the list's length over what all of them keep. Both are sums over
    the rows of one grouped query, instead of one count over every record per filter.
    """

    def __init__(self, rows: Iterable[Row], tests: dict[str, Callable[[Row], bool] | None]) -> None:
        self.rows = list(rows)
        self.tests = {name: test for name, test in tests.items() if test is not None}

    def kept(self, but: str = "") -> list[Row]:
        """The rows every active filter keeps, except ``but``."""
        tests = [test for name, test in self.tests.items() if name != but]
        return [row for row in self.rows if all(test(row) for test in tests)]

    def counts(self, name: str, column: str | None = None) -> Counter:
        """The records by their value of ``column`` (default: ``name``), over what every filter but ``name`` keeps."""
        counts: Counter = Counter()
        for row in self.kept(but=name):
            counts[row[column or name]] += row["n"]
        return counts

    @property
    def total(self) -> int:
        return sum(row["n"] for row in self.kept())


def _equals(column: str, value: object) -> Callable[[Row], bool] | None:
    """The test of a filter that keeps the rows whose ``column`` is ``value``; none when the filter is not chosen."""
    if value in ("", None):
        return None
    return lambda row: row[column] == value


def _choice_options(
    filterset: django_filters.FilterSet, name: str, choices: Iterable[tuple[str, str]], counts: dict
) -> list[Option]:
    selected = _selected(filterset, name)
    return [
        Option(value=str(value), label=str(label), count=counts.get(value, 0), selected=str(value) == selected)
        for value, label in choices
    ]


def _year_options(filterset: django_filters.FilterSet, rows: Iterable[Row]) -> list[Option]:
    """Years a record's date can fall in; a record dated "1990/1991" counts in both years.

    ``rows`` have the first and last year the date can fall in (``first``, ``last``) and a count ``n``."""
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


def _in_year(filterset: django_filters.FilterSet) -> Callable[[Row], bool] | None:
    """``year_q`` on a grouped row: the record's date can fall in the chosen year."""
    chosen = _selected(filterset, "year")
    if not chosen:
        return None
    year = int(chosen)
    return lambda row: row["first"] is not None and row["first"] <= year <= row["last"]


def _date_years(kind: RecordKind) -> dict[str, ExtractYear]:
    return {"first": ExtractYear(kind.earliest_field), "last": ExtractYear(kind.latest_field)}


def _media_options(filterset: django_filters.FilterSet, counts: Counter) -> list[Option]:
    selected = _selected(filterset, "media")
    return [
        Option("true", str(_("Yes")), counts[True], selected == "true"),
        Option("false", str(_("No, description only")), counts[False], selected == "false"),
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


def _as_flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def victim_listing(data: QueryDict) -> Listing:
    """Public victims in Azerbaijani alphabetical order (the model's ordering), with their place and portrait.

    Five queries whatever the number of victims: the victims every filter but fate, gender and place keeps,
    counted by those three (which gives each of their options and the list's length); the places named; the
    victims every filter but the letter keeps, counted by letter; then the page's rows (``Listing.window``) and
    their portraits.

    Portraits are files not withheld of the victims whose media are open (``media_open_q``): for the public
    victims of the list, ``MediaFile.objects.public()``, without going through every public record to say so.
    """
    base = with_age_bounds(Victim.objects.public())
    filterset = VictimFilter(data, queryset=base)
    portraits = MediaFile.objects.not_withheld().filter(media_open_q("victim__"), role=MediaFile.Role.PORTRAIT)
    records = listed(filterset.qs.select_related("incident_place")).prefetch_related(
        Prefetch("media", queryset=portraits, to_attr="public_portraits")
    )

    chosen_place = _selected(filterset, "place")
    groups = Groups(
        _facet_queryset(filterset, *FACETS[VICTIM.key])
        # Gender first, having no index: by the fate or place index, SQLite would read the rows in random order.
        .values("gender", "fate", "incident_place_id")
        .annotate(n=Count("pk")),
        {
            "fate": _equals("fate", _selected(filterset, "fate")),
            "gender": _equals("gender", _selected(filterset, "gender")),
        },
    )
    place_counts = groups.counts("place", "incident_place_id")
    places = sorted(
        Place.objects.filter(Q(pk__in=[pk for pk, n in place_counts.items() if n]) | Q(slug=chosen_place)),
        key=lambda place: az_sort_key(str(place)),
    )
    if chosen_place:
        # The filter compares the place's key; the groups hold the place's id (none, if no place has the key).
        chosen_id = next((place.pk for place in places if place.slug == chosen_place), None)
        groups.tests["place"] = lambda row: chosen_id is not None and row["incident_place_id"] == chosen_id
    place_options = [
        Option(place.slug, str(place), place_counts.get(place.pk, 0), place.slug == chosen_place) for place in places
    ]

    prefixes = _letter_counts(_facet_queryset(filterset, "letter"))
    chosen_letter = _selected(filterset, "letter")
    letters = [
        Letter(letter=letter, count=prefixes.get(letter_prefix(letter), 0), selected=letter == chosen_letter)
        for letter in AZ_LETTERS
    ]
    return Listing(
        filterset=filterset,
        records=records,
        facets={
            "fate": _choice_options(filterset, "fate", Victim.Fate.choices, groups.counts("fate")),
            "gender": _choice_options(filterset, "gender", Victim.Gender.choices, groups.counts("gender")),
            "place": place_options,
        },
        letters=letters,
        facet_records=places,
        count=groups.total,
        portraits=portraits,
    )


def _letter_counts(queryset: QuerySet[Victim]) -> dict[str, int]:
    """Victims counted by the start of their sort key that names the first letter of the surname."""
    return {row["prefix"]: row["n"] for row in queryset.values(prefix=Substr("sort_key", 1, 3)).annotate(n=Count("pk"))}


def testimony_listing(data: QueryDict) -> Listing:
    """Public testimonies, newest recording first. Every filter is counted from one grouped query (``Groups``)."""
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

    languages = {f"language_{code}": _as_flag(language_q(code)) for code, _label in LANGUAGE_CHOICES}
    rows = (
        _facet_queryset(filterset, *FACETS[TESTIMONY.key])
        .values("has_audio", "has_video", "has_public_media", **languages, **_date_years(TESTIMONY))
        .annotate(n=Count("pk"))
    )
    language, kind = _selected(filterset, "language"), _selected(filterset, "kind")
    groups = Groups(
        rows,
        {
            "language": (lambda row: row[f"language_{language}"]) if language else None,
            "kind": (lambda row: _testimony_kind_matches(row, kind)) if kind else None,
            "year": _in_year(filterset),
            "media": _equals("has_public_media", {"true": True, "false": False}.get(_selected(filterset, "media"))),
        },
    )
    language_counts = {
        code: sum(row["n"] for row in groups.kept(but="language") if row[f"language_{code}"])
        for code, _label in LANGUAGE_CHOICES
    }
    kind_counts = {
        value: sum(row["n"] for row in groups.kept(but="kind") if _testimony_kind_matches(row, value))
        for value, _label in TestimonyFilter.Kind.choices
    }
    return Listing(
        filterset=filterset,
        records=listed(filterset.qs.select_related("recorded_place")),
        facets={
            "language": _choice_options(filterset, "language", LANGUAGE_CHOICES, language_counts),
            "kind": _choice_options(filterset, "kind", TestimonyFilter.Kind.choices, kind_counts),
            "year": _year_options(filterset, groups.kept(but="year")),
            "media": _media_options(filterset, groups.counts("media", "has_public_media")),
        },
        count=groups.total,
    )


def _testimony_kind_matches(row: Row, kind: str) -> bool:
    """``kind_q`` on a grouped row."""
    if kind == TestimonyFilter.Kind.AUDIO:
        return row["has_audio"]
    if kind == TestimonyFilter.Kind.VIDEO:
        return row["has_video"]
    return not row["has_audio"] and not row["has_video"]


def document_listing(data: QueryDict) -> Listing:
    """Public documents by date. Every filter is counted from one grouped query (``Groups``)."""
    base = Document.objects.public().annotate(has_public_media=_public_media_flag(DOCUMENT))
    filterset = DocumentFilter(data, queryset=base)
    groups = Groups(
        _facet_queryset(filterset, *FACETS[DOCUMENT.key])
        .values("has_public_media", "kind", **_date_years(DOCUMENT))  # not by the kind index first (see above)
        .annotate(n=Count("pk")),
        {
            "kind": _equals("kind", _selected(filterset, "kind")),
            "year": _in_year(filterset),
            "media": _equals("has_public_media", {"true": True, "false": False}.get(_selected(filterset, "media"))),
        },
    )
    return Listing(
        filterset=filterset,
        records=listed(filterset.qs),
        facets={
            "kind": _choice_options(filterset, "kind", Document.Kind.choices, groups.counts("kind")),
            "year": _year_options(filterset, groups.kept(but="year")),
            "media": _media_options(filterset, groups.counts("media", "has_public_media")),
        },
        count=groups.total,
    )
