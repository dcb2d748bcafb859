"""The search page's reads: matches per kind, counts, sorting and paging (the filters in the URL:
``search.filters``; facets: ``search.facets``; what each hit shows: ``search.hits``).

Every query starts from ``objects.public()`` (see ``search.query``). Each kind is matched once per
request into a bounded ranking (``search.query.RANK_CAP``); the page, the counts and the facets are all
taken from it, so a common name costs one bounded walk, not one query per facet. A kind with more
matches than the ranking holds is counted as "more than" what was ranked (as large search engines
say "about"): an exact count of a surname held by a tenth of a million names would walk all of them
on every page, for a number no one reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value

from archive.kinds import by_plural, by_prefix
from archive.models import Access, MediaFile, Victim, parse_identifier
from search import query as engine
from search.alternatives import Alternative, alternatives
from search.facets import Facet, facets
from search.filters import KINDS, Filters
from search.hits import Hit, hits
from search.query import QueryWord

PAGE_SIZE = 20
SUGGESTIONS = 8
SUGGESTION_CAP = 500  # candidates ranked for the search box: it asks on every key typed


@dataclass
class SearchResults:
    q: str
    filters: Filters
    counts: dict[str, int]
    page: Page
    hits: list[Hit]
    facets: list[Facet]
    more: frozenset[str] = frozenset()  # kinds whose count is a lower bound ("more than …")
    alternatives: list[Alternative] = field(default_factory=list)  # other questions, when this one found nothing

    @property
    def total(self) -> int:
        return sum(self.counts[kind] for kind in self.filters.kinds())

    @property
    def total_is_exact(self) -> bool:
        return not self.more.intersection(self.filters.kinds())


def _visible(kind: str, filters: Filters) -> QuerySet:
    """The kind's public records narrowed by the facets chosen (the query's words are matched elsewhere)."""
    record_kind = by_plural(kind)
    queryset = record_kind.model.objects.public()
    if filters.fate and kind == "victims":
        queryset = queryset.filter(fate=filters.fate)
    if filters.place and record_kind.place_field:
        queryset = queryset.filter(**{f"{record_kind.place_field}__slug": filters.place})
    if filters.language and kind == "testimonies":
        # The list is stored as JSON text on both engines ('["az", "ru"]'): its quoted code is a substring.
        queryset = queryset.filter(languages__icontains=f'"{filters.language}"')
    if filters.year:
        queryset = queryset.filter(**{f"{record_kind.earliest_field}__year": filters.year})
    if filters.media:
        queryset = queryset.filter(_has_media(kind))
    return queryset


def _filtered(kind: str, words: list[QueryWord], filters: Filters) -> QuerySet:
    """Every match of a kind as one queryset (annotated with ``score``), for orderings over all of them."""
    visible = _visible(kind, filters)
    if kind == "victims":
        matching = engine.victims_matching(_name_words(words))
        return visible.filter(pk__in=matching.values("pk")).annotate(score=Value(0))
    return engine.texts_matching(by_plural(kind).model, words, visible)


def _has_media(kind: str) -> Q:
    files = MediaFile.objects.not_withheld().filter(**{by_plural(kind).media_field: OuterRef("pk")})
    return Q(access=Access.PUBLIC) & Q(Exists(files))


def _ordered(kind: str, queryset: QuerySet, sort: str) -> QuerySet:
    dated = F(by_plural(kind).earliest_field).asc(nulls_last=True)
    if kind == "victims":
        by_name, by_date = ["sort_key", "identifier"], [dated, "sort_key"]
    else:
        by_name, by_date = ["title", "identifier"], [dated, "identifier"]
    if sort == "name":
        return queryset.order_by(*by_name)
    if sort == "date":
        return queryset.order_by(*by_date)
    return queryset.order_by("-score", *by_name)


def _name_words(words: list[QueryWord]) -> list[QueryWord]:
    """The words a name can hold: a year or number typed with a name ("Məmmədov Rasim 1990") is no name word."""
    return [word for word in words if not word.key.isdigit()]


def _rank(kind: str, words: list[QueryWord], filters: Filters, cap: int = engine.RANK_CAP) -> engine.Ranking:
    if kind == "victims":
        return engine.rank_victims(_name_words(words), _visible(kind, filters), cap)
    return engine.rank_texts(by_plural(kind).model, words, _visible(kind, filters), cap)


def _cap(page_number: str | int | None, page_size: int) -> int:
    """Enough candidates to fill the page asked for (an unreadable page number is page one, as Paginator says)."""
    try:
        number = max(int(page_number or 1), 1)
    except (TypeError, ValueError):
        number = 1
    return min(max(engine.RANK_CAP, number * page_size), engine.RANK_CAP_MAX)


def _count(
    kind: str, words: list[QueryWord], filters: Filters, ranking: engine.Ranking | None, cap: int
) -> tuple[int, bool]:
    """How many matches a kind has, and whether there are more than that (counted up to ``cap``)."""
    if ranking is not None:
        return len(ranking.items), not ranking.complete
    found = _filtered(kind, words, filters).values("pk")[: cap + 1].count()
    return min(found, cap), found > cap


def _sorted(kind: str, items: list[engine.Ranked], sort: str) -> list[engine.Ranked]:
    """The ranking in another order, as ``_ordered`` sorts in SQL (dates missing last)."""
    if sort == "name":
        return sorted(items, key=lambda item: (item.name, item.identifier))
    if sort == "date":
        tie = (lambda item: item.name) if kind == "victims" else (lambda item: item.identifier)
        return sorted(items, key=lambda item: (item.date is None, item.date or dt.date.min, tie(item)))
    return items


class _RankedPart:
    """One kind's ranked matches, loading only the records of the slice a page shows."""

    def __init__(self, kind: str, items: list[engine.Ranked]):
        self.kind, self.items = kind, items

    def __getitem__(self, window: slice) -> list[object]:
        ids = [item.pk for item in self.items[window]]
        if not ids:
            return []
        # Public again: a record withdrawn since the ranking query is not shown.
        records = _with_related(self.kind, by_plural(self.kind).model.objects.public()).in_bulk(ids)
        return [records[pk] for pk in ids if pk in records]


class _Concatenation:
    """The kinds' ordered matches one after another, sliced lazily, so Django's Paginator pages them."""

    def __init__(self, parts: list[tuple[str, QuerySet | _RankedPart, int]]):
        self.parts = parts

    def count(self) -> int:
        return sum(count for _kind, _part, count in self.parts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[tuple[str, object]]:
        start, stop = window.start or 0, window.stop
        items: list[tuple[str, object]] = []
        offset = 0
        for kind, part, count in self.parts:
            low, high = max(start - offset, 0), min(stop - offset, count)
            if low < high:
                items.extend((kind, record) for record in part[low:high])
            offset += count
        return items


def record_by_identifier(q: str) -> tuple[str, object] | None:
    """The public record a query names by its permanent identifier (``V-000123``, ``t-123``, ``D000123``)."""
    identifier = parse_identifier(q)
    if identifier is None:
        return None
    record_kind = by_prefix(identifier[0])
    kind = record_kind.plural
    public = _with_related(kind, record_kind.model.objects.public())
    record = public.filter(identifier=identifier).first()
    if record is None and record_kind.model is Victim:
        record = public.kept_in_place_of(identifier)  # a merged victim's identifier finds the record kept for it
    return (kind, record) if record is not None else None


def _identified(q: str, filters: Filters, kind: str, record: object) -> SearchResults:
    page = Paginator([(kind, record)], PAGE_SIZE).get_page(1)
    counts = {name: int(name == kind) for name in KINDS}
    return SearchResults(q=q, filters=filters, counts=counts, page=page, hits=hits([(kind, record)], []), facets=[])


def has_words(q: str) -> bool:
    """Whether ``q`` holds anything to search for: a letter or a digit (``?``, ``—`` or ``...`` alone do not)."""
    return bool(engine.parse(q))


def _nothing_found(q: str, filters: Filters) -> SearchResults:
    page = Paginator([], PAGE_SIZE).get_page(1)
    return SearchResults(q=q, filters=filters, counts=dict.fromkeys(KINDS, 0), page=page, hits=[], facets=[])


def search(q: str, filters: Filters, page_number: str | int | None = 1, page_size: int = PAGE_SIZE) -> SearchResults:
    """Everything public that ``q`` finds, as one page; a permanent identifier finds its record alone."""
    if (named := record_by_identifier(q)) is not None:
        return _identified(q, replace(filters, kind=named[0]), *named)
    if not has_words(q):
        return _nothing_found(q, filters)
    words = engine.expand(engine.parse(q))
    kinds = filters.kinds()
    # A chosen kind still shows the other kinds' counts, to switch to; kinds a facet excludes count zero.
    countable = replace(filters, kind="").kinds()
    # Victims are always ranked (bounded), which also counts a small result set; other kinds not shown
    # are only counted.
    cap = _cap(page_number, page_size)
    rankings = {kind: _rank(kind, words, filters, cap) for kind in countable if kind in kinds or kind == "victims"}
    counted = {kind: _count(kind, words, filters, rankings.get(kind), cap) for kind in countable}
    counts = {kind: counted[kind][0] if kind in countable else 0 for kind in KINDS}
    more = frozenset(kind for kind in countable if counted[kind][1])
    parts: list[tuple[str, QuerySet | _RankedPart, int]] = []
    for kind in kinds:
        ranking = rankings[kind]
        # One more than ranked when there are more: the paginator then offers a next page, which ranks further.
        count = counts[kind] + (kind in more)
        if filters.sort == "relevance" or ranking.complete:
            parts.append((kind, _RankedPart(kind, _sorted(kind, ranking.items, filters.sort)), count))
        else:
            # Sorted by name or date over more matches than the ranking holds: the database orders them all.
            queryset = _ordered(kind, _with_related(kind, _filtered(kind, words, filters)), filters.sort)
            parts.append((kind, queryset, count))
    page = Paginator(_Concatenation(parts), page_size).get_page(page_number)
    found = hits(list(page.object_list), words)
    return SearchResults(
        q=q,
        filters=filters,
        counts=counts,
        page=page,
        hits=found,
        facets=facets(q, filters, {kind: rankings[kind] for kind in kinds}, counts, more),
        more=more,
        alternatives=alternatives(q) if not any(counts.values()) else [],
    )


def _with_related(kind: str, queryset: QuerySet) -> QuerySet:
    """With the place a hit shows (a victim's incident, a testimony's recording)."""
    place = by_plural(kind).place_field
    return queryset.select_related(place) if place else queryset


# --- suggestions ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """One public victim as the search box and the submission form's "is this the person?" show them."""

    identifier: str
    label: str
    url: str
    dates: str = ""  # birth – death, as written ("1965 – 1990-01-20")
    place: str = ""  # the place of the incident, in the active language
    demo: bool = False  # invented demonstration data: the list must say so

    @classmethod
    def of(cls, victim: Victim) -> Suggestion:
        """For a victim loaded with ``select_related("incident_place")``."""
        return cls(
            identifier=victim.identifier,
            label=victim.shown_name,
            url=victim.get_absolute_url(),
            dates=" – ".join(date for date in (victim.birth_date, victim.death_date) if date),
            place=str(victim.incident_place) if victim.incident_place_id else "",
            demo=victim.is_demo,
        )

    @property
    def details(self) -> str:
        """What tells one namesake from another: "1965 – 1990-01-20 · Salyan barracks · V-000123"."""
        return " · ".join(part for part in (self.dates, self.place, self.identifier) if part)


def suggest(q: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Names for the search box as one types: the closest public victims, by relevance."""
    words = engine.parse(q)
    if not words or sum(len(word.key) for word in words) < 2:
        return []
    ranking = engine.rank_victims(engine.expand(words), Victim.objects.public(), cap=SUGGESTION_CAP)
    ids = [item.pk for item in ranking.items[:limit]]
    victims = Victim.objects.public().select_related("incident_place").in_bulk(ids)
    return [Suggestion.of(victims[pk]) for pk in ids if pk in victims]
