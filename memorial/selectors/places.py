"""Reads for the places pages: each place with the public records tied to it, and a map drawn without tiles.

A place is shown when a public record is tied to it (a victim's incident or burial, a testimony recorded
there, an event) or when curators described it. Places made only for unpublished records (an import
creates them by name) stay unseen, so a hidden record cannot be guessed from a place list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from archive.models import Event, Place, Source, Testimony, Victim
from archive.names import az_sort_key
from memorial.selectors.common import has_demo

# The map's drawing area (SVG user units) and the margin left around the outermost points.
MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 600, 400, 40


def _count_of(queryset: QuerySet, field_name: str) -> Coalesce:
    counts = queryset.order_by().filter(**{field_name: OuterRef("pk")}).values(field_name).annotate(n=Count("pk"))
    return Coalesce(Subquery(counts.values("n")[:1], output_field=IntegerField()), Value(0))


def shown_places() -> QuerySet[Place]:
    """Places the public may see, each with its counts of public records, in one query."""
    return (
        Place.objects.annotate(
            victim_count=_count_of(Victim.objects.public(), "incident_place"),
            burial_count=_count_of(Victim.objects.public(), "burial_place"),
            testimony_count=_count_of(Testimony.objects.public(), "recorded_place"),
            event_count=_count_of(Event.objects.public(), "place"),
        )
        .filter(
            Q(victim_count__gt=0)
            | Q(burial_count__gt=0)
            | Q(testimony_count__gt=0)
            | Q(event_count__gt=0)
            | ~Q(description_az="")
            | ~Q(description_en="")
            | ~Q(description_ru="")
        )
        .select_related("parent")
    )


@dataclass(frozen=True)
class MapPoint:
    place: Place
    x: float
    y: float
    label_x: float
    anchor: str


@dataclass
class PlacesPage:
    places: list[Place]
    points: list[MapPoint]
    counts_include_demo: bool = False  # the places are real, but demonstration records may be counted at them

    @property
    def has_demo(self) -> bool:
        return self.counts_include_demo or has_demo(self.places)

    @property
    def map_data(self) -> list[dict]:
        """The points for the optional tiled map script (only used when MAP_TILE_URL is set)."""
        return [
            {"name": str(point.place), "lat": float(point.place.latitude), "lon": float(point.place.longitude)}
            for point in self.points
        ]


def map_points(places: list[Place]) -> list[MapPoint]:
    """Places with coordinates, projected (equirectangular, scaled at the mean latitude) into the drawing area."""
    located = [place for place in places if place.latitude is not None]
    if not located:
        return []
    lats = [float(place.latitude) for place in located]
    lons = [float(place.longitude) for place in located]
    squeeze = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = (max(lons) - min(lons)) * squeeze or 1.0
    span_y = (max(lats) - min(lats)) or 1.0
    scale = min((MAP_WIDTH - 2 * MAP_MARGIN) / span_x, (MAP_HEIGHT - 2 * MAP_MARGIN) / span_y)
    points = []
    for place, lat, lon in zip(located, lats, lons, strict=True):
        x = MAP_MARGIN + (lon - min(lons)) * squeeze * scale
        y = MAP_HEIGHT - MAP_MARGIN - (lat - min(lats)) * scale
        # Labels go towards the middle, so the outermost ones stay inside the picture.
        left = x > MAP_WIDTH / 2
        points.append(
            MapPoint(
                place=place,
                x=round(x, 1),
                y=round(y, 1),
                label_x=round(x - 8 if left else x + 8, 1),
                anchor="end" if left else "start",
            )
        )
    return points


def _demo_counted() -> bool:
    """Whether any public demonstration record is counted at a place (at most three queries)."""
    counted = [
        Victim.objects.public().demo().filter(Q(incident_place__isnull=False) | Q(burial_place__isnull=False)),
        Testimony.objects.public().demo().filter(recorded_place__isnull=False),
        Event.objects.public().demo().filter(place__isnull=False),
    ]
    return any(queryset.exists() for queryset in counted)


def places_page() -> PlacesPage:
    places = sorted(shown_places(), key=lambda place: az_sort_key(str(place)))
    return PlacesPage(places=places, points=map_points(places), counts_include_demo=_demo_counted())


@dataclass
class PlacePage:
    place: Place
    sources: list[Source]
    victims: list[Victim]
    burials: list[Victim]
    testimonies: list[Testimony]
    events: list[Event]

    @property
    def has_demo(self) -> bool:
        return has_demo([self.place, *self.victims, *self.burials, *self.testimonies, *self.events])


def place_page(slug: str) -> PlacePage:
    place = shown_places().filter(slug=slug).first()
    if place is None:
        raise Http404
    return PlacePage(
        place=place,
        sources=list(place.sources.all()),
        victims=list(Victim.objects.public().select_related("incident_place").filter(incident_place=place)),
        burials=list(Victim.objects.public().select_related("incident_place").filter(burial_place=place)),
        testimonies=list(Testimony.objects.public().filter(recorded_place=place)),
        events=list(Event.objects.public().filter(place=place)),
    )
