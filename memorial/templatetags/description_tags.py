"""A page's short description for search engines and link previews (``<meta name="description">``), in the page's
language, made from what the page already has: a record's facts and its own text, a place and what is tied to it.

Labels are the ones the pages show ("Fate", "Narrator"...), so a description is as translated as its page. A record's
own text (biography, summary, description) is added only when it is written in the page's language: a Russian page
is not described in Azerbaijani. Demonstration records say so first, as their pages do.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from archive.models import Document, Place, Testimony, Victim
from memorial.selectors.places import PlacePage
from memorial.templatetags.memorial_tags import life_dates, partial_date

register = template.Library()

DESCRIPTION_CHARS = 200  # about what search engines show; the facts come first, so a cut takes only the text
_SPACE = re.compile(r"\s+")


def _language() -> str:
    return (get_language() or "az")[:2]


def _plain(value: object) -> str:
    """One line of text. Markup the site made (a date with its "uncertain" mark) is read as text; a record's own
    text is text already (pages escape it), so nothing in it is taken away."""
    text = html.unescape(strip_tags(value)) if isinstance(value, SafeString) else str(value)
    return _SPACE.sub(" ", text).strip()


def _own_text(record, field: str) -> str:
    """The record's ``field`` in the page's language, or nothing (no fallback to another language)."""
    text, language = record.translated(field, _language())
    return text if language == _language() else ""


def _labelled(label: str, value: object) -> str:
    value = _plain(value)
    return f"{label}: {value}" if value else ""


def _shortened(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,.;:—–-") + "…"


def _description(record, facts: list[str], text: str = "") -> str:
    sentences = [gettext("DEMO")] if getattr(record, "is_demo", False) else []
    sentences += [_plain(fact).rstrip(".") for fact in facts if _plain(fact)]
    described = ". ".join(sentences) + "." if sentences else ""
    return _shortened(" ".join(part for part in (described, _plain(text)) if part))


def victim_description(victim: Victim) -> str:
    dates = _plain(life_dates(victim))
    return _description(
        victim,
        [
            f"{victim.shown_name} ({dates})" if dates else victim.shown_name,
            _labelled(gettext("Fate"), victim.fate_label),
            _labelled(gettext("Place of the incident"), victim.incident_place or ""),
        ],
        _own_text(victim, "biography"),
    )


def testimony_description(testimony: Testimony) -> str:
    return _description(
        testimony,
        [
            testimony.title,
            _labelled(gettext("Narrator"), testimony.narrator_display),
            _labelled(gettext("Recorded"), partial_date(testimony.recorded_date)),
            _labelled(gettext("Place recorded"), testimony.recorded_place or ""),
        ],
        _own_text(testimony, "summary"),
    )


def document_description(document: Document) -> str:
    return _description(
        document,
        [
            document.title,
            _labelled(gettext("Kind"), document.get_kind_display()),
            _labelled(gettext("Date"), partial_date(document.date)),
            _labelled(gettext("Creator"), document.creator),
        ],
        _own_text(document, "description"),
    )


def place_description(page: PlacePage) -> str:
    place: Place = page.place
    kind = place.get_kind_display() if place.kind != Place.Kind.OTHER else ""
    about = ", ".join(_plain(part) for part in (kind, place.parent or "") if _plain(part))
    counts = [
        (gettext("Killed, wounded or lost here"), len(page.victims)),
        (gettext("Buried here"), len(page.burials)),
        (gettext("Testimonies recorded here"), len(page.testimonies)),
    ]
    text = _own_text(place, "description") or "".join(f"{label}: {count}. " for label, count in counts if count)
    return _description(place, [f"{place} ({about})" if about else str(place)], text)


DESCRIBERS: dict[type, Callable[..., str]] = {
    Victim: victim_description,
    Testimony: testimony_description,
    Document: document_description,
    PlacePage: place_description,
}


@register.simple_tag
def describe(subject) -> str:
    """``{% describe victim %}`` (a victim, testimony or document, or a place's page): its page's description."""
    return DESCRIBERS[type(subject)](subject)
