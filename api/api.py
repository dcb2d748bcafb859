"""The API object: its description, its routers, and the answers to what a client asks wrongly.

django-ninja: the schemas that validate each answer (``api.schemas``) are the ones the OpenAPI description is made
from, so the description cannot drift from what is answered. No interactive docs page: it would load its script
and styles from a CDN, which the site's Content Security Policy refuses; the description is at ``openapi.json``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from api import records, reference
from api.cursors import BadCursor

DESCRIPTION = """\
The public records of Yaddaş, the oral-history and memorial archive of 19–20 January 1990 in Baku: victims,
testimonies, documents, and the places, timeline events and sources they are tied to. Read-only, without an
account; anything the site does not show (unpublished, private, embargoed records; closed files and transcripts)
is not here either: a record the public may not see answers 404, exactly as one that never existed.

Records keep their permanent identifiers (`V-000123`, `T-000123`, `D-000123`). A record withdrawn after it was
public answers 410 with its identifier and the archive's public note; a victim's record merged into another
answers 301 to the kept one.

Lists are read in pages: follow `next` (the same filters, an opaque cursor) until it is null. Every name is given
as stored, in Azerbaijani, Russian and English; dates as written (`1990-01`, `1948~`) with the earliest and latest
day they can be. Files are given by the site's own addresses, which check the publication rule again.
"""

api = NinjaAPI(
    title="Yaddaş",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)
api.add_router("/", records.router)
api.add_router("/", reference.router)


def _parameter(location: list | tuple) -> str:
    """The parameter's name in the address: the last part of pydantic's location (``query``, schema, field)."""
    names = [str(part) for part in location if part not in ("query", "path") and not str(part).endswith("Query")]
    return names[-1] if names else ""


@api.exception_handler(ValidationError)
def refused_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """400 rather than ninja's 422: a wrong query parameter is a bad request, as a wrong cursor is."""
    errors = [{"parameter": _parameter(error.get("loc", ())), "message": error.get("msg", "")} for error in exc.errors]
    return api.create_response(request, {"detail": "Check the parameters.", "errors": errors}, status=400)


@api.exception_handler(BadCursor)
def refused_cursor(request: HttpRequest, exc: BadCursor) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc), "errors": [{"parameter": "cursor", "message": str(exc)}]}, status=400
    )


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/v1/ answers as the API does, in JSON, not with the site's 404 page."""
    return api.create_response(request, {"detail": "Not Found", "errors": []}, status=404)
