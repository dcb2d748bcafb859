"""The pages of single records: a victim, a testimony, a document."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from memorial.selectors import records as selectors


def victim_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    page = selectors.victim_page(identifier)
    victim = page.victim
    return render(
        request,
        "memorial/victim_detail.html",
        {
            "page": page,
            "victim": victim,
            "has_demo": page.has_demo,
            "permanent_url": request.build_absolute_uri(victim.get_absolute_url()),
        },
    )


def testimony_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    page = selectors.testimony_page(identifier)
    return render(
        request,
        "memorial/testimony_detail.html",
        {
            "page": page,
            "testimony": page.testimony,
            "has_demo": page.has_demo,
            "permanent_url": request.build_absolute_uri(page.testimony.get_absolute_url()),
        },
    )


def document_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    page = selectors.document_page(identifier)
    return render(
        request,
        "memorial/document_detail.html",
        {
            "page": page,
            "document": page.document,
            "has_demo": page.has_demo,
            "permanent_url": request.build_absolute_uri(page.document.get_absolute_url()),
        },
    )
