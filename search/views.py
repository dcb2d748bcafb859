"""The search page, the name suggestions for the search box, and the JSON API of the same results."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from memorial.selectors.common import has_demo
from search import selectors

MAX_QUERY_LENGTH = 200


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    q = _query(request)
    filters = selectors.Filters.from_params(request.GET)
    found = selectors.search(q, filters, request.GET.get("page")) if q else None
    return render(
        request,
        "search/results.html",
        {
            "q": q,
            "found": found,
            "sorts": [(value, label, filters.url(q, sort=value)) for value, label in selectors.SORTS.items()],
            "has_demo": has_demo(hit.record for hit in found.hits) if found else False,
        },
    )


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    suggestions = selectors.suggest(_query(request))
    return JsonResponse(
        {"suggestions": [{"identifier": s.identifier, "label": s.label, "url": s.url} for s in suggestions]}
    )


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    q = _query(request)
    if not q:
        return JsonResponse({"error": "Give a query: ?q=…"}, status=400)
    filters = selectors.Filters.from_params(request.GET)
    found = selectors.search(q, filters, request.GET.get("page"))
    page = found.page
    return JsonResponse(
        {
            "query": q,
            "count": found.total,
            "counts": found.counts,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "next": request.build_absolute_uri(filters.url(q) + f"&page={page.next_page_number()}")
            if page.has_next()
            else None,
            "results": [
                {
                    "kind": hit.kind,
                    "identifier": hit.identifier,
                    "title": hit.title,
                    "url": request.build_absolute_uri(hit.link),
                    "snippet": str(hit.snippet),
                }
                for hit in found.hits
            ],
        }
    )
