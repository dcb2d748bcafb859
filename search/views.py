"""The search page, the name suggestions for the search box, and the JSON API of the same results.

Each answer is computed once per question and results version (``search.cache``): the same name is
searched again and again, and the archive changes far less often than it is read. The views only read, so
they run outside the per-request transaction (``ATOMIC_REQUESTS``): a cached answer costs one query, not three
statements.
"""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from memorial.selectors.common import has_demo
from search import cache, selectors
from search.filters import SORTS

MAX_QUERY_LENGTH = 200


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]


def _results_part(request: HttpRequest, q: str, filters: selectors.Filters, page: str | None) -> dict:
    """The results area of the page (summary, facets, hits, pages) as HTML, and whether it shows demo records."""
    found = selectors.search(q, filters, page)
    context = {
        "q": q,
        "found": found,
        "sorts": [(value, label, filters.url(q, sort=value)) for value, label in SORTS.items()],
    }
    html = render_to_string("search/includes/results.html", context, request)
    return {"html": html, "has_demo": has_demo(hit.record for hit in found.hits)}


@transaction.non_atomic_requests
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    q = _query(request)
    if (named := selectors.record_by_identifier(q)) is not None:
        return redirect(named[1].get_absolute_url())  # a permanent identifier, as cited: straight to the record
    filters = selectors.Filters.from_params(request.GET)
    page = request.GET.get("page")
    part = None
    if selectors.has_words(q):
        part = cache.remember("page", [q, filters.active(), page], lambda: _results_part(request, q, filters, page))
    return render(
        request,
        "search/results.html",
        {
            "q": q,
            "searched": part is not None,
            "filters": filters,
            "results_html": mark_safe(part["html"]) if part else "",  # rendered by our own template above
            "has_demo": part["has_demo"] if part else False,
        },
    )


def _suggestions(q: str) -> list[dict]:
    # dates and place: what the submission form's "is this the person?" shows (victim-picker.js).
    return [dataclasses.asdict(suggestion) for suggestion in selectors.suggest(q)]


@transaction.non_atomic_requests
@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    q = _query(request)
    return JsonResponse({"suggestions": cache.remember("suggest", q, lambda: _suggestions(q))})


def _api_answer(request: HttpRequest, q: str, filters: selectors.Filters, page_number: str | None) -> dict:
    found = selectors.search(q, filters, page_number)
    page = found.page
    return {
        "query": q,
        "count": found.total,
        "count_is_exact": found.total_is_exact,
        "counts": found.counts,
        "page": page.number,
        "num_pages": page.paginator.num_pages if found.total_is_exact else None,
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
                "demo": hit.record.is_demo,  # invented demonstration data, not a real person or record
            }
            for hit in found.hits
        ],
    }


@transaction.non_atomic_requests
@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    q = _query(request)
    if not q:
        return JsonResponse({"error": "Give a query: ?q=…"}, status=400)
    filters = selectors.Filters.from_params(request.GET)
    page = request.GET.get("page")
    # Absolute URLs: the answer depends on the address the site was reached by.
    question = [q, filters.active(), page, request.build_absolute_uri("/")]
    return JsonResponse(cache.remember("api", question, lambda: _api_answer(request, q, filters, page)))
