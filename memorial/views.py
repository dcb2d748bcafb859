from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.generic import ListView

from archive.models import Document, Testimony, Victim


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "memorial/home.html", {})


class VictimListView(ListView):
    template_name = "memorial/victim_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Victim.objects.public().select_related("incident_place")


def _public_or_404(queryset, identifier: str):
    record = queryset.public().filter(identifier=identifier).first()
    if record is None:
        raise Http404
    return record


def victim_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    victim = _public_or_404(Victim.objects, identifier)
    return render(request, "memorial/victim_detail.html", {"victim": victim})


def testimony_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    testimony = _public_or_404(Testimony.objects, identifier)
    return render(request, "memorial/testimony_detail.html", {"testimony": testimony})


def document_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    document = _public_or_404(Document.objects, identifier)
    return render(request, "memorial/document_detail.html", {"document": document})


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        connection.ensure_connection()
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})
