"""The public site: thin views over memorial.selectors."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.generic import ListView

from memorial import selectors


def home(request: HttpRequest) -> HttpResponse:
    figures = selectors.archive_figures()
    testimonies = selectors.recent_testimonies()
    return render(
        request,
        "memorial/home.html",
        {
            "figures": figures,
            "testimonies": testimonies,
            "has_demo": figures.includes_demo or selectors.has_demo(testimonies),
        },
    )


class VictimListView(ListView):
    template_name = "memorial/victim_list.html"
    context_object_name = "victims"
    paginate_by = 50

    def get_queryset(self):
        return selectors.victim_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One list for the page, so the demo check and the template share a single query.
        victims = list(context["object_list"])
        context.update(object_list=victims, victims=victims, has_demo=selectors.has_demo(victims))
        return context


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


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        connection.ensure_connection()
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})
