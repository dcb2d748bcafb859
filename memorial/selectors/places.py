"""Reads for the places pages: each place with the public records tied to it, and a map on the site's own base map.

A place is shown when a public record is tied to it (a victim's incident or burial, a testimony recorded
there, an event) or when curators described it. Places made only for unpublished records (an import
creates them by name) stay unseen, so a hidden record cannot be guessed from a place list.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse

from archive.models import Event, Place, Source, Testimony, Victim
from archive.names import az_sort_key
from memorial import basemap
from memorial.selectors.common import has_demo, listed

# The map's drawing area (SVG user units) and the margin left around the outermost points.
MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 600, 400, 40


def _count_of(queryset: QuerySet, field_name: str, **extra) -> Coalesce:
    counts = (
        queryset.order_by()
        .filter(**{field_name: OuterRef("pk")}, **extra)
        .values(field_name)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts[:1], output_field=IntegerField()), Value(0))


def _described() -> Q:
    return ~Q(description_az="") | ~Q(description_en="") | ~Q(description_ru="")


def shown_places() -> list[Place]:
    """Places the public may see, each with its counts of public records, in two queries.

    The victims (most of the records, tied to a place in two ways) are counted in one pass, grouped by their
    place of the incident and burial place; testimonies and events, few, by a subquery for each place. Each place
    says whether public demonstration records are counted at it (``demo_count``).
    """
    victims: Counter = Counter()
    burials: Counter = Counter()
    victims_demo: Counter = Counter()
    # A first column with no index: by the place index, SQLite would read the rows in random order.
    rows = Victim.objects.public().order_by().values("is_demo", "incident_place_id", "burial_place_id")
    for row in rows.annotate(n=Count("pk")):
        victims[row["incident_place_id"]] += row["n"]
        burials[row["burial_place_id"]] += row["n"]
        if row["is_demo"]:
            for place in {row["incident_place_id"], row["burial_place_id"]}:
                victims_demo[place] += row["n"]
    counted = [pk for pk in (victims | burials) if pk is not None]
    places = list(
        Place.objects.annotate(
            testimony_count=_count_of(Testimony.objects.public(), "recorded_place"),
            event_count=_count_of(Event.objects.public(), "place"),
            testimony_demo=_count_of(Testimony.objects.public(), "recorded_place", is_demo=True),
            event_demo=_count_of(Event.objects.public(), "place", is_demo=True),
        )
        .filter(Q(pk__in=counted) | Q(testimony_count__gt=0) | Q(event_count__gt=0) | _described())
        .select_related("parent")
    )
    for place in places:
        place.victim_count, place.burial_count = victims[place.pk], burials[place.pk]
        place.demo_count = victims_demo[place.pk] + place.testimony_demo + place.event_demo
    return places


@dataclass(frozen=True)
class MapPoint:
    place: Place
    x: float
    y: float
    label_x: float
    anchor: str


@dataclass(frozen=True)
class Projection:
    """Longitude and latitude to the drawing's units: equirectangular, squeezed at the places' mean latitude,
    scaled so the outermost places fit inside the margin. Hashable, so the base map's paths are kept per frame."""

    west: float
    south: float
    squeeze: float
    scale: float

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = MAP_MARGIN + (lon - self.west) * self.squeeze * self.scale
        y = MAP_HEIGHT - MAP_MARGIN - (lat - self.south) * self.scale
        return x, y


@dataclass
class PlacesPage:
    places: list[Place]
    points: list[MapPoint]
    counts_include_demo: bool = False  # the places are real, but demonstration records may be counted at them
    projection: Projection | None = None

    @property
    def has_demo(self) -> bool:
        return self.counts_include_demo or has_demo(self.places)

    @property
    def map_data(self) -> list[dict]:
        """The points for the map script, which draws them over the base map."""
        return [
            {
                "name": str(point.place),
                "lat": float(point.place.latitude),
                "lon": float(point.place.longitude),
                "url": reverse("memorial:place", kwargs={"slug": point.place.slug}),
            }
            for point in self.points
        ]

    @property
    def base_map(self) -> tuple[tuple[str, str], ...]:
        """The land, coast and borders around the points as SVG paths, for the picture without JavaScript."""
        if self.projection is None:
            return ()
        return basemap.svg_paths(self.projection, MAP_WIDTH, MAP_HEIGHT)


def map_projection(located: list[Place]) -> Projection:
    lats = [float(place.latitude) for place in located]
    lons = [float(place.longitude) for place in located]
    squeeze = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = (max(lons) - min(lons)) * squeeze or 1.0
    span_y = (max(lats) - min(lats)) or 1.0
    scale = min((MAP_WIDTH - 2 * MAP_MARGIN) / span_x, (MAP_HEIGHT - 2 * MAP_MARGIN) / span_y)
    return Projection(west=min(lons), south=min(lats), squeeze=squeeze, scale=scale)


def map_points(places: list[Place], projection: Projection | None = None) -> list[MapPoint]:
    """Places with coordinates, projected (equirectangular, scaled at the mean latitude) into the drawing area."""
    located = [place for place in places if place.latitude is not None and place.longitude is not None]
    if not located:
        return []
    projection = projection or map_projection(located)
    points = []
    for place in located:
        x, y = projection(float(place.longitude), float(place.latitude))
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


def places_page() -> PlacesPage:
    places = sorted(shown_places(), key=lambda place: az_sort_key(str(place)))
    located = [place for place in places if place.latitude is not None and place.longitude is not None]
    projection = map_projection(located) if located else None
    return PlacesPage(
        places=places,
        points=map_points(located, projection),
        counts_include_demo=any(place.demo_count for place in places),
        projection=projection,
    )


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
    """A place with the public records tied to it, in five queries; 404 unless the public may see the place
    (a public record is tied to it, or curators described it: ``shown_places``)."""
    place = Place.objects.select_related("parent").filter(slug=slug).order_by().first()
    if place is None:
        raise Http404
    # The victims of the incident here and those buried here, in one query; someone may be in both lists.
    tied = listed(Victim.objects.public()).filter(Q(incident_place=place) | Q(burial_place=place))
    tied = list(tied.select_related("incident_place"))
    testimonies = list(listed(Testimony.objects.public()).filter(recorded_place=place))
    events = list(Event.objects.public().filter(place=place))
    described = place.description_az or place.description_en or place.description_ru
    if not (tied or testimonies or events or described):
        raise Http404
    return PlacePage(
        place=place,
        sources=list(place.sources.all()),
        victims=[victim for victim in tied if victim.incident_place_id == place.pk],
        burials=[victim for victim in tied if victim.burial_place_id == place.pk],
        testimonies=testimonies,
        events=events,
    )
