"""Records as the API shows them: plain data in the shapes of ``api.schemas``, which validate them on the way out.

A record's own page and the API show the same things: the detail functions take what the page's selectors
(``memorial.selectors.records``) read, so the rules for files, transcripts, narrators and linked records are the
page's rules, written once. Addresses are absolute: the API's own, the site's permanent pages (without a
language prefix) and the site's ``/files/<key>/``, never a storage URL.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation

from archive.models import Document, Event, MediaFile, Place, Source, Testimony, Victim
from memorial import citations
from memorial.selectors.records import DocumentPage, TestimonyPage, VictimPage


class Addresses:
    """Absolute addresses for one request: the API's, the site's permanent pages', the files'."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def api(self, name: str, **kwargs: str) -> str:
        return self.absolute(reverse(f"api:{name}", kwargs=kwargs))

    def page(self, url_name: str, **kwargs: str) -> str:
        """A page of the site in its default language: the permanent address, without a language prefix."""
        with translation.override(settings.LANGUAGE_CODE):
            return self.absolute(reverse(url_name, kwargs=kwargs))

    def record_page(self, record: Victim | Testimony | Document) -> str:
        return self.page(record.RECORD_KIND.url_name, identifier=record.identifier)

    def record(self, record: Victim | Testimony | Document) -> str:
        return self.api(record.RECORD_KIND.key, identifier=record.identifier)


def texts(record: Model, field: str) -> dict[str, str]:
    return {code: getattr(record, f"{field}_{code}") for code in ("az", "en", "ru")}


def partial_date(record: Model, field: str, stem: str) -> dict | None:
    text = getattr(record, field)
    if not text:
        return None
    return {"text": text, "earliest": getattr(record, f"{stem}_earliest"), "latest": getattr(record, f"{stem}_latest")}


def place_ref(place: Place | None, at: Addresses) -> dict | None:
    if place is None:
        return None
    return {"slug": place.slug, "name": texts(place, "name"), "url": at.api("place", slug=place.slug)}


def source_ref(source: Source, at: Addresses) -> dict:
    return {"key": source.key, "citation": source.citation, "url": at.api("source", key=source.key)}


def record_ref(record: Victim | Testimony | Document, at: Addresses) -> dict:
    title = record.full_name if isinstance(record, Victim) else record.title
    return {
        "identifier": record.identifier,
        "title": title,
        "url": at.record(record),
        "page_url": at.record_page(record),
    }


def file(media: MediaFile, at: Addresses) -> dict:
    thumbnail = media.get_thumbnail_url()
    return {
        "kind": media.kind,
        "role": media.role,
        "content_type": media.content_type,
        "size": media.size,
        "sha256": media.sha256,
        "width": media.width,
        "height": media.height,
        "duration": float(media.duration) if media.duration is not None else None,
        "caption": texts(media, "caption"),
        "alt_text": media.alt_text,
        "is_distressing": media.is_distressing,
        "url": at.absolute(media.get_absolute_url()),
        "thumbnail_url": at.absolute(thumbnail) if thumbnail else None,
    }


def _files(media: Iterable[MediaFile], at: Addresses) -> list[dict]:
    return [file(item, at) for item in media]


def citation(record: Victim | Testimony | Document, at: Addresses) -> dict:
    kind = record.RECORD_KIND.key
    with translation.override(settings.LANGUAGE_CODE):
        cited = citations.citation_for(record, url=at.record_page(record), accessed=timezone.localdate())
        text = citations.chicago(cited)
    return {
        "text": text,
        "bibtex_url": at.page(f"memorial:{kind}_bibtex", identifier=record.identifier),
        "csl_json_url": at.page(f"memorial:{kind}_csl", identifier=record.identifier),
    }


def _record(record: Victim | Testimony | Document, at: Addresses, media_open: bool) -> dict:
    return {
        "identifier": record.identifier,
        "url": at.record(record),
        "page_url": at.record_page(record),
        "access": record.access,
        "media_open": media_open,
        "is_demo": record.is_demo,
    }


def _media_open(record: Victim | Testimony | Document) -> bool:
    """From the list's annotation where there is one (no per-row reasoning about dates), else from the record."""
    return bool(getattr(record, "media_open", record.shows_media))


# --- victims ---------------------------------------------------------------------------------------------------


def victim(record: Victim, at: Addresses) -> dict:
    return {
        **_record(record, at, _media_open(record)),
        "name": record.full_name,
        "names": {
            script: dict(zip(("surname", "given_name", "patronymic"), record.name_parts(script), strict=True))
            for script in ("az", "ru", "en")
        },
        "variants": [{"name": item.name, "kind": item.kind, "note": item.note} for item in record.variants.all()],
        "gender": record.gender or None,
        "fate": record.fate,
        "birth_date": partial_date(record, "birth_date", "birth"),
        "death_date": partial_date(record, "death_date", "death"),
        "incident_place": place_ref(record.incident_place, at),
        "burial_place": place_ref(record.burial_place, at),
    }


def victim_detail(page: VictimPage, at: Addresses) -> dict:
    record = page.victim
    files = [page.portrait, *page.photos] if page.portrait else page.photos
    return {
        **victim(record, at),
        "occupation": texts(record, "occupation"),
        "biography": texts(record, "biography"),
        "testimonies": [record_ref(item, at) for item in page.testimonies],
        "documents": [record_ref(item, at) for item in page.documents],
        "sources": [source_ref(item, at) for item in page.sources],
        "files": _files(files, at),
        "citation": citation(record, at),
    }


# --- testimonies -----------------------------------------------------------------------------------------------


def testimony(record: Testimony, at: Addresses) -> dict:
    return {
        **_record(record, at, _media_open(record)),
        "title": record.title,
        "narrator": str(record.narrator_display),
        "interviewer": record.interviewer,
        "recorded_date": partial_date(record, "recorded_date", "recorded"),
        "recorded_place": place_ref(record.recorded_place, at),
        "languages": record.languages if isinstance(record.languages, list) else [],
        "rights": record.rights,
    }


def _transcript(page: TestimonyPage, at: Addresses) -> dict | None:
    record = page.testimony
    if not page.has_transcript:
        return None
    identifier = record.identifier
    return {
        "text": record.transcript if record.shows_media else "",
        "segments": [
            {
                "start": float(segment.start),
                "end": float(segment.end) if segment.end is not None else None,
                "speaker": segment.speaker,
                "text": segment.text,
                "machine_draft": segment.machine_draft,
            }
            for segment in page.segments
        ],
        "text_url": at.page("memorial:testimony_transcript_txt", identifier=identifier),
        "webvtt_url": at.page("memorial:testimony_transcript_vtt", identifier=identifier) if page.segments else None,
        # Each translation is a parallel track on the same segments, as the player's subtitles offer it.
        "translations": [
            {
                "language": code,
                "webvtt_url": at.page("memorial:testimony_translation_vtt", identifier=identifier, language=code),
            }
            for code in page.translations
        ],
    }


def _index(page: TestimonyPage, at: Addresses) -> list[dict]:
    """The index the page shows (only where the full text is open), each point with its moment's address."""
    page_url = at.record_page(page.testimony)
    return [
        {
            "start": float(entry.start),
            "end": float(entry.end) if entry.end is not None else None,
            "title": entry.title,
            "title_language": entry.title_language,
            "partial_transcript": entry.partial_transcript,
            "synopsis": entry.synopsis,
            "keywords": entry.keywords,
            "subjects": entry.subjects,
            "victims": [record_ref(victim, at) for victim in entry.victims],
            "places": [place_ref(place, at) for place in entry.places],
            "page_url": f"{page_url}?t={entry.seconds}#{entry.anchor}",
        }
        for entry in page.index
    ]


def testimony_detail(page: TestimonyPage, at: Addresses) -> dict:
    record = page.testimony
    return {
        **testimony(record, at),
        "narrator_relationship": page.narrator_relationship,
        "summary": texts(record, "summary"),
        "rights_holder": record.rights_holder,
        "provenance": record.provenance,
        "subjects": [{"slug": subject.slug, "name": texts(subject, "name")} for subject in page.subjects],
        "victims": [record_ref(item, at) for item in page.victims],
        "documents": [record_ref(item, at) for item in page.documents],
        "sources": [source_ref(item, at) for item in page.sources],
        "files": _files(page.recordings, at),
        "transcript": _transcript(page, at),
        "index": _index(page, at),
        "ohms_url": at.page("memorial:testimony_ohms", identifier=record.identifier) if record.shows_media else None,
        "citation": citation(record, at),
    }


# --- documents -------------------------------------------------------------------------------------------------


def document(record: Document, at: Addresses) -> dict:
    return {
        **_record(record, at, _media_open(record)),
        "title": record.title,
        "kind": record.kind,
        "date": partial_date(record, "date", "date"),
        "creator": record.creator,
        "holding_institution": record.holding_institution,
        "reference": record.reference,
        "rights": record.rights,
    }


def document_detail(page: DocumentPage, at: Addresses) -> dict:
    record = page.document
    return {
        **document(record, at),
        "description": texts(record, "description"),
        "rights_holder": record.rights_holder,
        "transcription": record.transcription if record.shows_media else None,
        "downloadable": page.downloadable,
        "pages": _files(page.pages, at),
        "attachments": _files(page.attachments, at),
        "victims": [record_ref(item, at) for item in page.victims],
        "testimonies": [record_ref(item, at) for item in page.testimonies],
        "sources": [source_ref(item, at) for item in page.sources],
        "citation": citation(record, at),
    }


# --- places, events, sources -----------------------------------------------------------------------------------


def place(record: Place, at: Addresses) -> dict:
    parent = record.parent
    return {
        "slug": record.slug,
        "url": at.api("place", slug=record.slug),
        "page_url": at.page("memorial:place", slug=record.slug),
        "kind": record.kind,
        "name": texts(record, "name"),
        "historical_names": record.historical_names,
        "within": {"slug": parent.slug, "name": texts(parent, "name")} if parent else None,
        "latitude": float(record.latitude) if record.latitude is not None else None,
        "longitude": float(record.longitude) if record.longitude is not None else None,
        "is_demo": record.is_demo,
    }


def place_detail(record: Place, sources: list[Source], at: Addresses) -> dict:
    lists = {name: f"{at.api(name)}?place={record.slug}" for name in ("victims", "testimonies", "events")}
    return {
        **place(record, at),
        "description": texts(record, "description"),
        "sources": [source_ref(item, at) for item in sources],
        "victims_url": lists["victims"],
        "testimonies_url": lists["testimonies"],
        "events_url": lists["events"],
    }


def event(record: Event, at: Addresses) -> dict:
    return {
        "key": record.key,
        "url": at.api("event", key=record.key) if record.key else None,
        "title": texts(record, "title"),
        "date": partial_date(record, "date", "date"),
        "time": record.time,
        "place": place_ref(record.place, at),
        "description": texts(record, "description"),
        "sources": [source_ref(item, at) for item in record.sources.all()],
        "is_demo": record.is_demo,
    }


def source(record: Source, at: Addresses) -> dict:
    return {
        "key": record.key,
        "url": at.api("source", key=record.key),
        "citation": record.citation,
        "author": record.author,
        "title": record.title,
        "publisher": record.publisher,
        "date": record.date,
        "web_url": record.url,
        "accessed": record.accessed,
        "note": record.note,
    }


def gone(record: Victim | Testimony | Document, at: Addresses) -> dict:
    """What a withdrawn record's address still says: its identifier, title and the public note, nothing else."""
    title = record.full_name if isinstance(record, Victim) else record.title
    return {
        "identifier": record.identifier,
        "status": "withdrawn",
        "title": title,
        "withdrawn_at": record.withdrawn_at,
        "note": record.withdrawal_note,
        "page_url": at.record_page(record),
    }
