"""A testimony's index and transcript for other archives: ``ohms.xml`` (OHMS 5.4), public as the page's text is."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from archive.exchange import ohms
from archive.exchange.records import ohms_file
from memorial.selectors.exchange import testimony_exchange


@require_safe
def ohms_download(request: HttpRequest, identifier: str) -> HttpResponse:
    data = testimony_exchange(identifier)
    if not data.points and not data.cues:
        raise Http404
    site = request.build_absolute_uri("/").rstrip("/")
    content = ohms_file(
        data.testimony,
        data.points,
        data.cues,
        site=site,
        recording=data.recording,
        narrator=data.testimony.narrator_display,
        translations=data.translations,
    )
    response = HttpResponse(content, content_type=ohms.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{data.testimony.identifier}.ohms.xml"'
    return response
