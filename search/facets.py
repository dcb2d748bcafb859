"""The search page's facets, counted over each kind's ranked matches (``search.query.Ranking``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from archive.kinds import PLURALS, by_plural
from archive.models import Access, MediaFile, Place, Victim
from archive.models.records import LANGUAGE_CHOICES
from search import query as engine
from search.filters import Filters


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str
    more: bool = False  # the count is a lower bound: there are more matches than were ranked


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)


def facets(
    q: str, filters: Filters, rankings: dict[str, engine.Ranking], counts: dict[str, int], more: frozenset[str]
) -> list[Facet]:
    """The facets over each kind's ranked matches: all of them, or (``more``) the first RANK_CAP or so, when
    every count but the kind's is a lower bound."""
    kinds = filters.kinds()
    partial = any(not rankings[kind].complete for kind in kinds)

    def value(facet: str, raw: str, label: str, count: int, selected: bool, at_least: bool = partial) -> FacetValue:
        url = filters.url(q, **{facet: _unset(facet) if selected else _typed(facet, raw)})
        return FacetValue(raw, str(label), count, selected, url, at_least)

    found = [
        Facet(
            "kind",
            str(_("Kind")),
            [
                value("kind", kind, by_plural(kind).label, counts[kind], filters.kind == kind, kind in more)
                for kind in PLURALS
            ],
        )
    ]
    if "victims" in kinds:
        by_fate = Counter(item.fate for item in rankings["victims"].items)
        found.append(
            Facet(
                "fate",
                str(_("Fate")),
                [
                    value("fate", fate, label, by_fate[fate], filters.fate == fate)
                    for fate, label in Victim.Fate.choices
                    if fate in by_fate
                ],
            )
        )
    by_place = Counter(
        item.place_id for kind in kinds if by_plural(kind).place_field for item in rankings[kind].items if item.place_id
    )
    if by_place:
        places = Place.objects.in_bulk(list(by_place))
        place_values = [
            value("place", place.slug, str(place), by_place[pk], filters.place == place.slug)
            for pk, place in places.items()
        ]
        place_values.sort(key=lambda item: (-item.count, item.label))
        found.append(Facet("place", str(_("Place")), place_values[:12]))
    if "testimonies" in kinds:
        by_language = Counter(code for item in rankings["testimonies"].items for code in set(item.languages))
        found.append(
            Facet(
                "language",
                str(_("Language")),
                [
                    value("language", code, label, by_language[code], filters.language == code)
                    for code, label in LANGUAGE_CHOICES
                    if by_language[code]
                ],
            )
        )
    years = Counter(item.date.year for kind in kinds for item in rankings[kind].items if item.date is not None)
    found.append(
        Facet(
            "year",
            str(_("Year")),
            [value("year", str(year), str(year), n, filters.year == year) for year, n in sorted(years.items())],
        )
    )
    media_count = sum(_with_media(kind, rankings[kind].items) for kind in kinds)
    found.append(Facet("media", str(_("Media")), [value("media", "1", _("Has media"), media_count, filters.media)]))
    return [facet for facet in found if facet.values]


def _with_media(kind: str, items: list[engine.Ranked]) -> int:
    """How many of the matches show media (public access and at least one file not withheld), as
    ``search.selectors._has_media`` asks."""
    shown = [item.pk for item in items if item.access == Access.PUBLIC]
    if not shown:
        return 0
    column = f"{by_plural(kind).media_field}_id"
    files = MediaFile.objects.not_withheld().filter(**{f"{column}__in": engine.id_set(shown)})
    return files.order_by().values(column).distinct().count()


def _unset(facet: str):
    return {"year": None, "media": False}.get(facet, "")


def _typed(facet: str, raw: str):
    if facet == "year":
        return int(raw)
    if facet == "media":
        return True
    return raw
