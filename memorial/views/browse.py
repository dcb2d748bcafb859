"""Pages that list and count public records: home, the names, testimonies, documents, timeline, places, statistics."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property

from memorial.selectors import browse as selectors
from memorial.selectors import places as place_selectors
from memorial.selectors.common import has_demo
from memorial.selectors.statistics import statistics as statistics_of_public_records

PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    figures = selectors.archive_figures()
    testimonies = selectors.recent_testimonies()
    events = selectors.home_events()
    return render(
        request,
        "memorial/home.html",
        {
            "figures": figures,
            "testimonies": testimonies,
            "events": events,
            "has_demo": figures.includes_demo or has_demo(testimonies) or has_demo(events),
        },
    )


class CountedPaginator(Paginator):
    """A paginator told the number of records (the listing summed it with its filters' counts): no COUNT query."""

    def __init__(self, object_list, per_page: int, *, count: int | None) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return super().count if self.known_count is None else self.known_count


def _listing_page(request: HttpRequest, listing: selectors.Listing, template: str, *, printable: bool = False):
    """Render one page of a filtered list (or, for printing, every matching record on one page)."""
    if printable:
        records, page_obj, paginator = listing.everything(), None, None
    else:
        paginator = CountedPaginator(listing.records, PAGE_SIZE, count=listing.count)
        page_obj = paginator.get_page(request.GET.get("page"))
        bottom = (page_obj.number - 1) * PAGE_SIZE
        records = listing.window(bottom, min(bottom + PAGE_SIZE, paginator.count))
        page_obj.object_list = records
    return render(
        request,
        template,
        {
            "listing": listing,
            "filters": listing.filterset.form,
            "records": records,
            "page_obj": page_obj,
            "paginator": paginator,
            "total": len(records) if printable else paginator.count,
            "printable": printable,
            "has_demo": has_demo(records) or has_demo(listing.facet_records),
        },
    )


def victim_list(request: HttpRequest) -> HttpResponse:
    listing = selectors.victim_listing(request.GET)
    return _listing_page(request, listing, "memorial/victim_list.html", printable=request.GET.get("print") == "1")


def testimony_list(request: HttpRequest) -> HttpResponse:
    return _listing_page(request, selectors.testimony_listing(request.GET), "memorial/testimony_list.html")


def document_list(request: HttpRequest) -> HttpResponse:
    return _listing_page(request, selectors.document_listing(request.GET), "memorial/document_list.html")


def timeline(request: HttpRequest) -> HttpResponse:
    events = list(selectors.timeline_events())
    return render(request, "memorial/timeline.html", {"events": events, "has_demo": has_demo(events)})


def place_list(request: HttpRequest) -> HttpResponse:
    page = place_selectors.places_page()
    return render(
        request,
        "memorial/place_list.html",
        {"page": page, "places": page.places, "has_demo": page.has_demo, "map_tile_url": settings.MAP_TILE_URL},
    )


def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = place_selectors.place_page(slug)
    return render(request, "memorial/place_detail.html", {"page": page, "place": page.place, "has_demo": page.has_demo})


def statistics(request: HttpRequest) -> HttpResponse:
    figures = statistics_of_public_records()
    return render(request, "memorial/statistics.html", {"statistics": figures, "has_demo": figures.has_demo})
