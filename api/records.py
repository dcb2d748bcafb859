"""Victims, testimonies and documents: lists with filters and cursors, and each record by its permanent identifier.

A record's answer is its page's: read by the page's own selectors (``memorial.selectors.records``), so what the
API shows of a record is what its page shows. A record the public may not see is 404 whatever the reason; one
withdrawn after it was public is 410 with its identifier and note; a merged victim is 301 to the kept record.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Field, Query, Router, Status

from api import representations, schemas, selectors
from api.cursors import Order, PageQuery, answer, reading
from api.representations import Addresses
from memorial.selectors import records as record_pages

router = Router(tags=["records"])

VICTIMS = Order("victims", ("sort_key", "identifier"))  # the names' order: by surname in the Azerbaijani alphabet
TESTIMONIES = Order("testimonies", ("identifier",))
DOCUMENTS = Order("documents", ("identifier",))

DETAIL_ANSWERS = {404: schemas.Error, 410: schemas.Gone}


class VictimQuery(PageQuery):
    q: str | None = Field(
        None,
        max_length=200,
        description="Name words, in any script or spelling (Məmmədov, Мамедов, Mamedov): every word must be met.",
    )
    fate: schemas.Fate | None = None  # type: ignore[valid-type]
    gender: schemas.Gender | None = None  # type: ignore[valid-type]
    place: str | None = Field(None, max_length=80, description="The place of the incident, by its slug.")
    died_from: schemas.Day | None = Field(
        None, description="Died on or after this day (can have: dates may be partial)."
    )
    died_to: schemas.Day | None = Field(None, description="Died on or before this day (can have).")
    age_min: int | None = Field(None, ge=0, le=150, description="Can have been at least this old at death.")
    age_max: int | None = Field(None, ge=0, le=150, description="Can have been at most this old at death.")


class TestimonyQuery(PageQuery):
    language: schemas.Language | None = None  # type: ignore[valid-type]
    victim: str | None = Field(None, max_length=16, description="Testimonies about this victim (an identifier).")
    place: str | None = Field(None, max_length=80, description="Recorded at this place, by its slug.")
    recorded_from: schemas.Day | None = None
    recorded_to: schemas.Day | None = None
    media: bool | None = Field(None, description="true: with a recording or files to open; false: without.")


class DocumentQuery(PageQuery):
    kind: schemas.DocumentKind | None = None  # type: ignore[valid-type]
    victim: str | None = Field(None, max_length=16, description="Documents about this victim (an identifier).")
    testimony: str | None = Field(None, max_length=16, description="Documents tied to this testimony.")
    date_from: schemas.Day | None = None
    date_to: schemas.Day | None = None
    media: bool | None = Field(None, description="true: with scans or files to open; false: without.")


def _record_or_gone(request: HttpRequest, kind: str, identifier: str):
    """The public record, else the answer its address keeps: 410 for one withdrawn after it was public, 301 for a
    victim merged into another, 404 for anything else."""
    try:
        return record_pages.public_record(kind, identifier)
    except Http404:
        if kind == "victim" and (kept := record_pages.kept_in_place_of(identifier)) is not None:
            return HttpResponsePermanentRedirect(reverse("api:victim", kwargs={"identifier": kept}))
        if (withdrawn := record_pages.withdrawn_record(kind, identifier)) is not None:
            return Status(410, representations.gone(withdrawn, Addresses(request)))
        raise


@reading(
    router,
    "/victims",
    response={200: schemas.VictimList, 400: schemas.Error},
    url_name="victims",
    summary="Victims",
    description="Public victims, by surname in the Azerbaijani alphabet.",
)
def victim_list(request: HttpRequest, query: Query[VictimQuery]):
    queryset = selectors.victims(
        q=query.q if query.q else None,
        fate=query.fate,
        gender=query.gender,
        place=query.place,
        died=selectors.DateRange(query.died_from, query.died_to),
        age_min=query.age_min,
        age_max=query.age_max,
    )
    return answer(request, queryset, VICTIMS, query, representations.victim)


@reading(
    router,
    "/victims/{identifier}",
    response={200: schemas.VictimDetail, 301: None, **DETAIL_ANSWERS},
    url_name="victim",
    summary="A victim",
)
def victim_detail(request: HttpRequest, identifier: str) -> HttpResponse | Status | dict:
    found = _record_or_gone(request, "victim", identifier)
    if isinstance(found, HttpResponse | Status):
        return found
    return representations.victim_detail(record_pages.victim_page(found), Addresses(request))


@reading(
    router,
    "/testimonies",
    response={200: schemas.TestimonyList, 400: schemas.Error},
    url_name="testimonies",
    summary="Testimonies",
    description="Public testimonies, by identifier.",
)
def testimony_list(request: HttpRequest, query: Query[TestimonyQuery]):
    queryset = selectors.testimonies(
        language=query.language,
        victim=query.victim,
        place=query.place,
        recorded=selectors.DateRange(query.recorded_from, query.recorded_to),
        media=query.media,
    )
    return answer(request, queryset, TESTIMONIES, query, representations.testimony)


@reading(
    router,
    "/testimonies/{identifier}",
    response={200: schemas.TestimonyDetail, **DETAIL_ANSWERS},
    url_name="testimony",
    summary="A testimony",
)
def testimony_detail(request: HttpRequest, identifier: str) -> HttpResponse | Status | dict:
    found = _record_or_gone(request, "testimony", identifier)
    if isinstance(found, HttpResponse | Status):
        return found
    return representations.testimony_detail(record_pages.testimony_page(found), Addresses(request))


@reading(
    router,
    "/documents",
    response={200: schemas.DocumentList, 400: schemas.Error},
    url_name="documents",
    summary="Documents",
    description="Public documents, by identifier.",
)
def document_list(request: HttpRequest, query: Query[DocumentQuery]):
    queryset = selectors.documents(
        kind=query.kind,
        victim=query.victim,
        testimony=query.testimony,
        dated=selectors.DateRange(query.date_from, query.date_to),
        media=query.media,
    )
    return answer(request, queryset, DOCUMENTS, query, representations.document)


@reading(
    router,
    "/documents/{identifier}",
    response={200: schemas.DocumentDetail, **DETAIL_ANSWERS},
    url_name="document",
    summary="A document",
)
def document_detail(request: HttpRequest, identifier: str) -> HttpResponse | Status | dict:
    found = _record_or_gone(request, "document", identifier)
    if isinstance(found, HttpResponse | Status):
        return found
    return representations.document_detail(record_pages.document_page(found), Addresses(request))
