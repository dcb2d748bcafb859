"""The pages of single records (a victim, a testimony, a document) and their downloads.

Record pages answer conditional GETs: the ETag and Last-Modified come from the record's ``updated_at``
(with the language, the query string and the day, since the page shows today's access date); the ETag also
from the archive's content version, which every change of a row the page shows replaces (a transcript's lines
and their translations have no dates of their own). The
lookup that computes them applies the publication rule, so a hidden record is 404 before any 304; it is
the page's own read of its record (``selectors.public_record``), so a page computed costs no extra query.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, time
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.views.decorators.http import condition, require_safe

from archive.kinds import by_key
from memorial import citations, moments, page_cache, structured_data, transcripts
from memorial.selectors import records as selectors

DESCRIPTION_WORDS = 50


# --- conditional GET ----------------------------------------------------------------------------------


def _read(request: HttpRequest, kind: str, identifier: str):
    """The public record and its page's version, or 404: read once per request, by the conditional check (ETag
    and Last-Modified both need it), then given to the view, which goes on to load the rest of the page."""
    read = request.__dict__.setdefault("_public_record", {})
    if (kind, identifier) not in read:
        record = selectors.public_record(kind, identifier)
        read[(kind, identifier)] = (record, selectors.version_of(record))
    return read[(kind, identifier)]


def _version(request: HttpRequest, kind: str, identifier: str) -> selectors.RecordVersion:
    return _read(request, kind, identifier)[1]


def _record(request: HttpRequest, kind: str, identifier: str):
    return _read(request, kind, identifier)[0]


def _etag(kind: str) -> Callable[..., str]:
    def etag(request: HttpRequest, identifier: str) -> str:
        version = _version(request, kind, identifier)
        parts = [kind, identifier, version.fingerprint, translation.get_language() or "", request.GET.urlencode()]
        parts.append(page_cache.version_for(request) or "")
        parts.append(timezone.localdate().isoformat())  # the citation's access date changes every day
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    return etag


def _last_modified(kind: str) -> Callable[..., datetime]:
    def last_modified(request: HttpRequest, identifier: str) -> datetime:
        start_of_today = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
        return max(_version(request, kind, identifier).updated_at, start_of_today)

    return last_modified


def _conditional(kind: str):
    return condition(etag_func=_etag(kind), last_modified_func=_last_modified(kind))


# --- shared page context ------------------------------------------------------------------------------


def _absolute(request: HttpRequest) -> Callable[[str], str]:
    return lambda path: request.build_absolute_uri(path) if path else ""


def _record_urls(request: HttpRequest, kind: str, identifier: str) -> dict[str, str]:
    """The record's address in every language; the Azerbaijani one (no prefix) is the permanent one."""
    urls = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = request.build_absolute_uri(reverse(by_key(kind).url_name, kwargs={"identifier": identifier}))
    return urls


def _permanent_url(request: HttpRequest, kind: str, identifier: str) -> str:
    return _record_urls(request, kind, identifier)[settings.LANGUAGE_CODE]


def _render_record(
    request: HttpRequest,
    template: str,
    kind: str,
    page,
    *,
    data_builder: Callable[..., dict],
    extra: dict | None = None,
) -> HttpResponse:
    record = page.record
    urls = _record_urls(request, kind, record.identifier)
    permanent_url = urls[settings.LANGUAGE_CODE]
    absolute = _absolute(request)
    description = Truncator(record.translated(by_key(kind).description_field)[0]).words(DESCRIPTION_WORDS)
    citation = citations.citation_for(record, url=permanent_url, accessed=timezone.localdate())
    image = getattr(page, "portrait", None) or next(iter(getattr(page, "pages", [])), None)
    return render(
        request,
        template,
        {
            "page": page,
            kind: record,
            "record": record,
            "has_demo": page.has_demo,
            "permanent_url": permanent_url,
            "alternate_urls": [(code, url) for code, url in urls.items()],
            "citation": citation,
            "citation_text": citations.chicago(citation),
            "bibtex_url": reverse(f"memorial:{kind}_bibtex", kwargs={"identifier": record.identifier}),
            "csl_url": reverse(f"memorial:{kind}_csl", kwargs={"identifier": record.identifier}),
            "description": description,
            "og_image": "" if image is None or image.is_distressing else absolute(image.get_absolute_url()),
            "json_ld": structured_data.json_ld_script(
                data_builder(page, url=permanent_url, absolute=absolute, description=description)
            ),
            # Distressing images shown on request without JavaScript: ?reveal=<media key>.
            "revealed": frozenset(request.GET.getlist("reveal")),
            **(extra or {}),
        },
    )


def _merged_leads_to_kept(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A victim merged into the record of the same person answers 301 to that record, in the page's language.
    Asked only when the identifier is no public record: a page found costs nothing more."""

    @wraps(view)
    def page(request: HttpRequest, identifier: str) -> HttpResponse:
        try:
            return view(request, identifier)
        except Http404:
            kept = selectors.kept_in_place_of(identifier)
            if kept is None:
                raise
            return HttpResponsePermanentRedirect(reverse("memorial:victim", kwargs={"identifier": kept}))

    return page


def _withdrawn_is_gone(kind: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A record withdrawn after the public could see it keeps its address: 410 Gone, with its identifier, title,
    citation, when it was withdrawn and the public note, and nothing else of it. Asked only when no public record
    has the identifier: a page found costs nothing more."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def page(request: HttpRequest, identifier: str) -> HttpResponse:
            try:
                return view(request, identifier)
            except Http404:
                record = selectors.withdrawn_record(kind, identifier)
                if record is None:
                    raise
                return _gone(request, kind, record)

        return page

    return decorator


def _gone(request: HttpRequest, kind: str, record) -> HttpResponse:
    permanent_url = _permanent_url(request, kind, record.identifier)
    citation = citations.citation_for(record, url=permanent_url, accessed=timezone.localdate())
    context = {
        "record": record,
        "kind": by_key(kind),
        "title": citation.title,
        "permanent_url": permanent_url,
        "citation": citation,
        "citation_text": citations.chicago(citation),
        "note": record.withdrawal_note,
    }
    return render(request, "memorial/gone.html", context, status=410)


# --- pages --------------------------------------------------------------------------------------------


@require_safe
@_withdrawn_is_gone("victim")
@_merged_leads_to_kept
@_conditional("victim")
def victim_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    page = selectors.victim_page(_record(request, "victim", identifier))
    return _render_record(
        request,
        "memorial/victim_detail.html",
        "victim",
        page,
        data_builder=structured_data.victim_data,
    )


@require_safe
@_withdrawn_is_gone("testimony")
@_conditional("testimony")
def testimony_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    # The transcript's translation the reader chose (?transcript=ru); the transcript as spoken stays the default.
    language = request.GET.get("transcript", "")
    page = selectors.testimony_page(_record(request, "testimony", identifier), transcript_language=language)
    return _render_record(
        request,
        "memorial/testimony_detail.html",
        "testimony",
        page,
        data_builder=structured_data.testimony_data,
        # A shared moment (?t=754): its line marked, the recording starting there.
        extra=moments.moment_context(page.segments, request.GET.get("t")) if page.recording else None,
    )


@require_safe
@_withdrawn_is_gone("document")
@_conditional("document")
def document_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    page = selectors.document_page(_record(request, "document", identifier))
    return _render_record(
        request,
        "memorial/document_detail.html",
        "document",
        page,
        data_builder=structured_data.document_data,
    )


# --- downloads ----------------------------------------------------------------------------------------


def _attachment(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def citation_download(request: HttpRequest, identifier: str, kind: str, style: str) -> HttpResponse:
    """``cite.bib`` (BibTeX) or ``cite.json`` (CSL-JSON) for a public record."""
    record = selectors.citable_record(kind, identifier)
    citation = citations.citation_for(
        record, url=_permanent_url(request, kind, record.identifier), accessed=timezone.localdate()
    )
    if style == "bib":
        return _attachment(citations.bibtex(citation), citations.BIBTEX_CONTENT_TYPE, f"{record.identifier}.bib")
    return _attachment(citations.csl_json(citation), citations.CSL_JSON_CONTENT_TYPE, f"{record.identifier}.json")


@require_safe
def transcript_download(request: HttpRequest, identifier: str, style: str, language: str = "") -> HttpResponse:
    """The transcript as ``transcript.txt`` or ``transcript.vtt``, or its translation as ``transcript.<language>.vtt``;
    404 unless the testimony's full text is public (and, for a translation, there is one in that language)."""
    if language and language not in selectors.TRANSCRIPT_LANGUAGE_NAMES:
        raise Http404
    testimony, segments, recording = selectors.testimony_transcript(identifier, language)
    if style == "vtt":
        if not segments:
            raise Http404
        suffix = f".{language}" if language else ""
        return _attachment(
            transcripts.webvtt(segments, recording),
            transcripts.WEBVTT_CONTENT_TYPE,
            f"{testimony.identifier}{suffix}.vtt",
        )
    url = _permanent_url(request, "testimony", testimony.identifier)
    return _attachment(
        transcripts.plain_text(testimony, segments, url=url),
        transcripts.TEXT_CONTENT_TYPE,
        f"{testimony.identifier}.txt",
    )
