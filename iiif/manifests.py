"""IIIF Presentation API 3.0 manifests (https://iiif.io/api/presentation/3.0/) of public documents and testimonies.

A document is one Canvas per image, painted by the image served from its level 0 image service
(``/iiif/image/<key>/``, ``iiif.image_api``), or by the stored file itself while its tiles are still being made. A
testimony is one audio or video Canvas with its ``duration``, painted by the recording; its WebVTT transcript is a
``supplementing`` annotation and its interview index is ``structures``: a Range per index point over
``canvas#t=start,end``, each point running to the next one or to the recording's end.

Every text a viewer shows is a language map in Azerbaijani, English and Russian: the record's own translations where
it has them, and the archive's words (labels of metadata, "Page 3", the citation) in each language. A record's title
and names are written in one language the archive does not record, so they are ``none`` (§4.3 of the specification).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext, pgettext

from archive.models import Document, MediaFile, Testimony
from archive.models.oralhistory import TRANSLATION_LANGUAGES
from archive.models.records import LANGUAGE_CHOICES, RIGHTS_URIS
from iiif import image_api
from iiif.selectors import DocumentImages, TestimonyRecording
from memorial.citations import chicago, citation_for
from memorial.templatetags.memorial_tags import partial_date

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
CONTENT_TYPE = f'application/ld+json;profile="{CONTEXT}"'
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)  # az, en, ru
LanguageMap = dict[str, list[str]]


def iiif_rights(uri: str) -> str:
    """A rights URI as the specification lists Creative Commons' (§3.3, its schema's pattern): over http."""
    return uri.replace("https://creativecommons.org/", "http://creativecommons.org/")


def in_languages(text: Callable[[], str]) -> LanguageMap:
    """``text()`` said in each language of the site (its gettext strings translated), leaving out empty ones."""
    said = {}
    for code in LANGUAGES:
        with translation.override(code):
            value = str(text()).strip()
        if value:
            said[code] = [value]
    return said


def translated(record, stem: str) -> LanguageMap:
    """A field kept in three languages (``summary_az`` …) as a language map of those written."""
    return {code: [value] for code in LANGUAGES if (value := getattr(record, f"{stem}_{code}", "").strip())}


def as_written(value: str) -> LanguageMap:
    return {"none": [value]}


def entry(label: Callable[[], str], value: LanguageMap) -> dict:
    return {"label": in_languages(label), "value": value}


class Site:
    """Absolute addresses on the site a request came to (``https://yaddas.az``)."""

    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")

    def url(self, path: str) -> str:
        return self.origin + path

    def manifest(self, identifier: str) -> str:
        return self.url(reverse("iiif:manifest", kwargs={"identifier": identifier}))

    def image_service(self, media: MediaFile) -> str:
        return self.url(reverse("iiif:image_base", kwargs={"key": media.key}))

    def record_pages(self, record: Document | Testimony) -> dict[str, str]:
        pages = {}
        for code in LANGUAGES:
            with translation.override(code):
                pages[code] = self.url(record.get_absolute_url())
        return pages


# --- common to both ---------------------------------------------------------------------------------------------


def _manifest(site: Site, record: Document | Testimony, *, summary: LanguageMap, metadata: list[dict]) -> dict:
    manifest_id = site.manifest(record.identifier)
    pages = site.record_pages(record)
    today = timezone.localdate()
    manifest = {
        "@context": CONTEXT,
        "id": manifest_id,
        "type": "Manifest",
        "label": as_written(f"{record.identifier} {record.title}"),
        "metadata": metadata,
        "requiredStatement": {
            "label": in_languages(lambda: gettext("Citation")),
            "value": in_languages(lambda: _statement(record, pages[settings.LANGUAGE_CODE], today)),
        },
        "homepage": [
            {
                "id": pages[code],
                "type": "Text",
                "label": as_written(f"{record.identifier} {record.title}"),
                "format": "text/html",
                "language": [code],
            }
            for code in LANGUAGES
        ],
    }
    if summary:
        manifest["summary"] = summary
    if record.rights in RIGHTS_URIS:
        manifest["rights"] = iiif_rights(RIGHTS_URIS[record.rights])
    return manifest


def _statement(record: Document | Testimony, url: str, accessed: date) -> str:
    """The citation, then the rights and their holder: what a viewer must show with the record (§3.3)."""
    rights = record.get_rights_display()
    if record.rights_holder:
        rights = gettext("%(rights)s, %(holder)s") % {"rights": rights, "holder": record.rights_holder}
    return f"{chicago(citation_for(record, url=url, accessed=accessed))} {rights}."


def _identifier(record: Document | Testimony) -> dict:
    return entry(lambda: gettext("Identifier"), as_written(record.identifier))


def _first_rows(record: Document | Testimony) -> list[dict]:
    """The identifier, after a warning on invented records: demonstration data is labelled wherever it is shown."""
    rows = [_identifier(record)]
    if record.is_demo:
        rows.insert(
            0, entry(lambda: gettext("Demonstration"), in_languages(lambda: gettext("Invented demonstration data")))
        )
    return rows


def _about(record: Document | Testimony, victims: list) -> list[dict]:
    """The people the record is about, and its rights: the last rows of its metadata."""
    rows = []
    if victims:
        rows.append(
            entry(
                lambda: pgettext("people a record is about", "Victims"),
                in_languages(lambda: "; ".join(victim.name_in(translation.get_language()) for victim in victims)),
            )
        )
    rows.append(entry(lambda: gettext("Rights"), in_languages(record.get_rights_display)))
    if record.rights_holder:
        rows.append(entry(lambda: gettext("Rights holder"), as_written(record.rights_holder)))
    return rows


def _date(value: str) -> Callable[[], str]:
    return lambda: strip_tags(partial_date(value))


def _page(owner_id: str, annotations: list[dict], suffix: str) -> dict:
    return {"id": f"{owner_id}/{suffix}", "type": "AnnotationPage", "items": annotations}


def _seconds(value: float) -> str:
    """Seconds as a media fragment writes them (``754``, ``754.5``), to the millisecond the archive keeps."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _annotation(annotation_id: str, motivation: str, body: dict, target: str) -> dict:
    return {"id": annotation_id, "type": "Annotation", "motivation": motivation, "body": body, "target": target}


# --- documents --------------------------------------------------------------------------------------------------


def document_manifest(site: Site, shown: DocumentImages) -> dict:
    document = shown.document
    metadata = [
        *_first_rows(document),
        entry(lambda: gettext("Kind"), in_languages(document.get_kind_display)),
    ]
    if document.date:
        metadata.append(entry(lambda: gettext("Date"), in_languages(_date(document.date))))
    for label, value in (
        (lambda: gettext("Creator"), document.creator),
        (lambda: gettext("Held by"), document.holding_institution),
        (lambda: gettext("Reference or call number"), document.reference),
    ):
        if value:
            metadata.append(entry(label, as_written(value)))
    metadata += _about(document, shown.victims)
    manifest = _manifest(site, document, summary=translated(document, "description"), metadata=metadata)
    manifest["items"] = [
        _image_canvas(site, manifest["id"], image, number) for number, image in enumerate(shown.images, 1)
    ]
    first = next((image for image in shown.images if image.thumbnail and not image.is_distressing), None)
    if first is not None:
        manifest["thumbnail"] = [_thumbnail(site, first)]
    return manifest


def _image_canvas(site: Site, manifest_id: str, image: MediaFile, number: int) -> dict:
    canvas_id = f"{manifest_id.removesuffix('/manifest')}/canvas/{image.key.hex}"
    tiles = image.tiles
    width, height = (tiles.width, tiles.height) if tiles else (image.width, image.height)
    if tiles:
        service = site.image_service(image)
        body = {
            "id": f"{service}/full/max/0/default.{image_api.FORMAT}",
            "type": "Image",
            "format": image_api.CONTENT_TYPE,
            "width": width,
            "height": height,
            "service": [{"id": service, "type": "ImageService3", "profile": "level0"}],
        }
    else:  # its tiles are still being made: the stored file itself, which the public may fetch
        body = {
            "id": site.url(image.get_absolute_url()),
            "type": "Image",
            "format": image.content_type,
            "width": width,
            "height": height,
        }
    caption = translated(image, "caption")
    canvas = {
        "id": canvas_id,
        "type": "Canvas",
        "label": caption or in_languages(lambda: gettext("Page %(number)d") % {"number": number}),
        "width": width,
        "height": height,
        "items": [_page(canvas_id, [_annotation(f"{canvas_id}/image", "painting", body, canvas_id)], "page")],
    }
    if image.is_distressing:
        # The site shows such an image behind a warning until asked; a viewer cannot, so it says so first.
        canvas["summary"] = in_languages(lambda: gettext("Distressing content"))
    elif image.thumbnail:
        canvas["thumbnail"] = [_thumbnail(site, image)]
    return canvas


def _thumbnail(site: Site, image: MediaFile) -> dict:
    return {"id": site.url(image.get_thumbnail_url()), "type": "Image", "format": "image/jpeg"}


# --- testimonies ------------------------------------------------------------------------------------------------


def testimony_manifest(site: Site, shown: TestimonyRecording) -> dict:
    testimony, recording = shown.testimony, shown.recording
    language_names = dict(LANGUAGE_CHOICES)
    metadata = [
        *_first_rows(testimony),
        entry(lambda: gettext("Narrator"), in_languages(lambda: testimony.narrator_display)),
    ]
    if testimony.interviewer:
        metadata.append(entry(lambda: gettext("Interviewer"), as_written(testimony.interviewer)))
    if testimony.recorded_date:
        metadata.append(entry(lambda: gettext("Date recorded"), in_languages(_date(testimony.recorded_date))))
    place = testimony.recorded_place
    if place is not None:
        metadata.append(entry(lambda: gettext("Place recorded"), translated(place, "name")))
    languages = [code for code in testimony.languages or [] if code in language_names]
    if languages:
        metadata.append(
            entry(
                lambda: gettext("Languages"),
                in_languages(lambda: ", ".join(str(language_names[code]) for code in languages)),
            )
        )
    metadata += _about(testimony, shown.victims)
    manifest = _manifest(site, testimony, summary=translated(testimony, "summary"), metadata=metadata)
    canvas_id = f"{manifest['id'].removesuffix('/manifest')}/canvas/{recording.key.hex}"
    duration = float(recording.duration)
    body = {
        "id": site.url(recording.get_absolute_url()),
        "type": "Video" if recording.kind == MediaFile.Kind.VIDEO else "Sound",
        "format": recording.content_type,
        "duration": duration,
    }
    canvas = {
        "id": canvas_id,
        "type": "Canvas",
        "label": as_written(f"{testimony.identifier} {testimony.title}"),
        "duration": duration,
        "items": [_page(canvas_id, [_annotation(f"{canvas_id}/recording", "painting", body, canvas_id)], "page")],
    }
    if recording.kind == MediaFile.Kind.VIDEO and recording.width and recording.height:
        canvas["width"] = body["width"] = recording.width
        canvas["height"] = body["height"] = recording.height
    if shown.has_transcript:
        canvas["annotations"] = [_transcript_page(site, shown, canvas_id, languages)]
    manifest["items"] = [canvas]
    ranges = _index_ranges(manifest["id"], canvas_id, shown.points, duration)
    if ranges:
        manifest["structures"] = [
            {
                "id": f"{manifest['id'].removesuffix('/manifest')}/range/index",
                "type": "Range",
                "label": in_languages(lambda: gettext("Index of the interview")),
                "items": ranges,
            }
        ]
    return manifest


def _transcript_page(site: Site, shown: TestimonyRecording, canvas_id: str, languages: list[str]) -> dict:
    """The transcript as spoken and each of its translations (the page's captions and subtitles tracks), a
    ``supplementing`` WebVTT annotation each with its language, so a viewer offers them as the site's player does.
    A transcript with lines of a speech recognizer's not yet checked says so in its label, as its page does."""
    testimony, translations = shown.testimony, shown.translations
    if shown.has_machine_draft:
        label = in_languages(lambda: gettext("Transcript (partly a machine draft, not yet checked by a person)"))
    else:
        label = in_languages(lambda: gettext("Transcript"))
    body = {
        "id": site.url(reverse("memorial:testimony_transcript_vtt", kwargs={"identifier": testimony.identifier})),
        "type": "Text",
        "format": "text/vtt",
        "label": label,
    }
    # The language the captions are in: the recording's first, as the page's <track> says.
    spoken = next((code for code in languages if code in LANGUAGES), "")
    if spoken:
        body["language"] = spoken
    annotations = [_annotation(f"{canvas_id}/transcript", "supplementing", body, canvas_id)]
    names = dict(TRANSLATION_LANGUAGES)
    for code in translations:
        url = reverse(
            "memorial:testimony_translation_vtt", kwargs={"identifier": testimony.identifier, "language": code}
        )
        label = in_languages(lambda code=code: gettext("Translation (%(language)s)") % {"language": names[code]})
        translation_body = {"id": site.url(url), "type": "Text", "format": "text/vtt", "label": label, "language": code}
        annotations.append(_annotation(f"{canvas_id}/transcript/{code}", "supplementing", translation_body, canvas_id))
    return _page(canvas_id, annotations, "transcript")


def _index_ranges(manifest_id: str, canvas_id: str, points: list, duration: float) -> list[dict]:
    """A Range per index point, from its time to the next point's (or the recording's end); points at or past the
    end of the recording, which a viewer could not play, are left out."""
    base = manifest_id.removesuffix("/manifest")
    ranges = []
    for position, point in enumerate(points):
        start = float(point.time)
        end = float(points[position + 1].time) if position + 1 < len(points) else duration
        end = min(end, duration)
        if start >= end:
            continue
        label = translated(point, "title")
        ranges.append(
            {
                "id": f"{base}/range/{point.pk}",
                "type": "Range",
                "label": label or as_written(_seconds(start)),
                "items": [{"id": f"{canvas_id}#t={_seconds(start)},{_seconds(end)}", "type": "Canvas"}],
            }
        )
        synopsis = translated(point, "synopsis")
        if synopsis:
            ranges[-1]["summary"] = synopsis
    return ranges
