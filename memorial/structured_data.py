"""schema.org JSON-LD for the record pages, serialised so no text can close its script element.

Dates are given only at the precision known ("1965", "1990-01"); an approximate or uncertain date is
left out rather than stated as certain. A testimony names its narrator only as ``narrator_display``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from archive.dates import PartialDateError, parse_partial_date
from archive.models import MediaFile
from archive.models.records import RIGHTS_URIS
from memorial.selectors.records import DocumentPage, TestimonyPage, VictimPage

# The escapes of django.utils.html.json_script: "<", ">" and "&" can never end the script element early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


Absolute = Callable[[str], str]  # turns a path into an absolute URL


def json_ld_script(data: dict) -> SafeString:
    """``<script type="application/ld+json">`` with the same escaping as Django's ``json_script``."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text)
    )  # escaped above, as json_script does


def known_date(value: str) -> str:
    """An ISO 8601 date at the precision known, or "" when the date is approximate, uncertain or a span."""
    try:
        parsed = parse_partial_date(value)
    except PartialDateError:
        return ""
    if parsed is None or parsed.approximate or parsed.uncertain or "/" in parsed.text or "X" in parsed.text:
        return ""
    return parsed.text


def _duration(seconds: Decimal | None) -> str:
    return f"PT{seconds.normalize():f}S" if seconds is not None else ""


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def _image(media: MediaFile | None, absolute: Absolute) -> dict | None:
    if media is None or media.is_distressing:
        return None
    return _compact(
        {
            "@type": "ImageObject",
            "contentUrl": absolute(media.get_absolute_url()),
            "thumbnailUrl": absolute(media.get_thumbnail_url()) if media.thumbnail else "",
            "encodingFormat": media.content_type,
            "width": media.width,
            "height": media.height,
            "description": media.alt_text,
        }
    )


def _person_ref(victim, absolute: Absolute) -> dict:
    return {"@type": "Person", "name": victim.shown_name, "url": absolute(victim.get_absolute_url())}


def victim_data(page: VictimPage, *, url: str, absolute: Absolute, description: str) -> dict:
    victim = page.victim
    given, family = victim.given_name_az or victim.given_name_ru, victim.surname_az or victim.surname_ru
    others = [form.text for form in page.name_forms if form.text != victim.shown_name]
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "@id": url,
            "url": url,
            "identifier": victim.identifier,
            "name": victim.shown_name,
            "givenName": given,
            "familyName": family,
            "alternateName": others + [variant.name for variant in page.variants],
            "gender": {"m": "https://schema.org/Male", "f": "https://schema.org/Female"}.get(victim.gender, ""),
            "birthDate": known_date(victim.birth_date),
            "deathDate": known_date(victim.death_date),
            "deathPlace": {"@type": "Place", "name": str(victim.incident_place)} if victim.incident_place else None,
            "description": description,
            "image": _image(page.portrait, absolute),
            "subjectOf": [
                {"@type": "CreativeWork", "name": record.title, "url": absolute(record.get_absolute_url())}
                for record in [*page.testimonies, *page.documents]
            ],
        }
    )


def testimony_data(page: TestimonyPage, *, url: str, absolute: Absolute, description: str) -> dict:
    testimony = page.testimony
    media = [
        _compact(
            {
                "@type": "VideoObject" if recording.kind == MediaFile.Kind.VIDEO else "AudioObject",
                "contentUrl": absolute(recording.get_absolute_url()),
                "encodingFormat": recording.content_type,
                "duration": _duration(recording.duration),
                "name": testimony.title,
            }
        )
        for recording in page.recordings
    ]
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "@id": url,
            "url": url,
            "identifier": testimony.identifier,
            "name": testimony.title,
            "genre": "oral history",
            "author": {"@type": "Person", "name": testimony.narrator_display},
            "contributor": {"@type": "Person", "name": testimony.interviewer} if testimony.interviewer else None,
            "dateCreated": known_date(testimony.recorded_date),
            "locationCreated": {"@type": "Place", "name": str(testimony.recorded_place)}
            if testimony.recorded_place
            else None,
            "inLanguage": [code for code in testimony.languages if code != "other"],
            "description": description,
            "about": [_person_ref(victim, absolute) for victim in page.victims],
            "keywords": [str(subject) for subject in page.subjects],
            "license": RIGHTS_URIS.get(testimony.rights, ""),
            "copyrightHolder": {"@type": "Organization", "name": testimony.rights_holder}
            if testimony.rights_holder
            else None,
            "associatedMedia": media,
            "publisher": {"@type": "Organization", "name": "Yaddaş"},
        }
    )


def document_data(page: DocumentPage, *, url: str, absolute: Absolute, description: str) -> dict:
    document = page.document
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "ArchiveComponent",
            "@id": url,
            "url": url,
            "identifier": [value for value in (document.identifier, document.reference) if value],
            "name": document.title,
            "genre": document.get_kind_display(),
            "dateCreated": known_date(document.date),
            "creator": {"@type": "Thing", "name": document.creator} if document.creator else None,
            "holdingArchive": {"@type": "ArchiveOrganization", "name": document.holding_institution}
            if document.holding_institution
            else None,
            "description": description,
            "about": [_person_ref(victim, absolute) for victim in page.victims],
            "license": RIGHTS_URIS.get(document.rights, ""),
            "associatedMedia": [image for image in (_image(media, absolute) for media in page.pages) if image],
            "publisher": {"@type": "Organization", "name": "Yaddaş"},
        }
    )
