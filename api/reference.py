"""Places, timeline events and sources, each by its own key: what the records are tied to.

Places and sources have no publication of their own: they are shown where the site shows them (a place tied to a
public record or described by curators; a source cited by something public), so a list of them never reveals a
hidden record. Events are published as records are (``Event.objects.public()``).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router

from api import representations, schemas, selectors
from api.cursors import Order, PageQuery, answer, reading
from api.representations import Addresses
from archive.models import Source

router = Router(tags=["places, events and sources"])

PLACES = Order("places", ("slug",))
EVENTS = Order("events", ("day", "moment", "pk"))  # in time; a missing date or time last
SOURCES = Order("sources", ("key",))


class PlaceQuery(PageQuery):
    kind: schemas.PlaceKind | None = None  # type: ignore[valid-type]
    within: str | None = Field(None, max_length=80, description="Places within this one, by its slug.")


class EventQuery(PageQuery):
    date_from: schemas.Day | None = Field(None, description="On or after this day (can be: dates may be partial).")
    date_to: schemas.Day | None = None
    place: str | None = Field(None, max_length=80, description="At this place, by its slug.")


def _sources():
    return Prefetch("sources", queryset=Source.objects.order_by("author", "title", "pk"))


@reading(
    router,
    "/places",
    response={200: schemas.PlaceList, 400: schemas.Error},
    url_name="places",
    summary="Places",
    description="The places the site shows, by slug.",
)
def place_list(request: HttpRequest, query: Query[PlaceQuery]):
    return answer(request, selectors.places(kind=query.kind, within=query.within), PLACES, query, representations.place)


@reading(
    router,
    "/places/{slug}",
    response={200: schemas.PlaceDetail, 404: schemas.Error},
    url_name="place",
    summary="A place",
)
def place_detail(request: HttpRequest, slug: str):
    place = selectors.places().filter(slug=slug).prefetch_related(_sources()).first()
    if place is None:
        raise Http404
    return representations.place_detail(place, list(place.sources.all()), Addresses(request))


@reading(
    router,
    "/events",
    response={200: schemas.EventList, 400: schemas.Error},
    url_name="events",
    summary="Timeline events",
    description="Public events of the timeline, in time.",
)
def event_list(request: HttpRequest, query: Query[EventQuery]):
    queryset = selectors.events(dated=selectors.DateRange(query.date_from, query.date_to), place=query.place)
    return answer(request, queryset, EVENTS, query, representations.event)


@reading(
    router, "/events/{key}", response={200: schemas.EventOut, 404: schemas.Error}, url_name="event", summary="An event"
)
def event_detail(request: HttpRequest, key: str):
    event = selectors.events().filter(key=key).first()
    if event is None:
        raise Http404
    return representations.event(event, Addresses(request))


@reading(
    router,
    "/sources",
    response={200: schemas.SourceList, 400: schemas.Error},
    url_name="sources",
    summary="Sources",
    description="The sources something public cites, by key.",
)
def source_list(request: HttpRequest, query: Query[PageQuery]):
    return answer(request, selectors.shown_sources(), SOURCES, query, representations.source)


@reading(
    router,
    "/sources/{key}",
    response={200: schemas.SourceOut, 404: schemas.Error},
    url_name="source",
    summary="A source",
)
def source_detail(request: HttpRequest, key: str):
    source = selectors.shown_sources().filter(key=key).first()
    if source is None:
        raise Http404
    return representations.source(source, Addresses(request))
