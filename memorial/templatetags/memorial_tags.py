"""Display of what the archive knows only in part: dates, ages and texts kept in some languages."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from archive.dates import PartialDate, PartialDateError, parse_partial_date

register = template.Library()

# A sentence per language, not "in {language}": Azerbaijani and Russian decline the language name.
_TEXT_IS_IN = {
    "az": _("This text is in Azerbaijani."),
    "en": _("This text is in English."),
    "ru": _("This text is in Russian."),
}


@dataclass(frozen=True)
class TranslatedText:
    text: str
    language: str
    is_fallback: bool

    @property
    def note(self) -> str:
        return str(_TEXT_IS_IN.get(self.language, "")) if self.is_fallback else ""

    def __str__(self) -> str:
        return self.text


@register.simple_tag
def translated(record, field: str) -> TranslatedText:
    """``{% translated victim "biography" as bio %}``: the text in the visitor's language, or a marked fallback."""
    wanted = (get_language() or "az")[:2]
    text, language = record.translated(field, wanted)
    return TranslatedText(text=text, language=language, is_fallback=bool(text) and language != wanted)


@register.filter
def partial_date(value: str) -> str:
    """A stored partial date as a reader says it: "1965", "January 1990", "circa 1948", "1948 ?".

    Shows only what is known: a year stays a year and a month stays a month.
    """
    text = (value or "").strip()
    if not text:
        return ""
    sides = text.split("/")
    try:
        parsed = [parse_partial_date(side) for side in sides]
    except PartialDateError:
        return text  # kept as written by a raw save; show it rather than hide it
    rendered = [_render_single(side) for side in parsed if side is not None]
    if len(rendered) == 2:
        return format_html("{}\N{EN DASH}{}", rendered[0], rendered[1])
    return rendered[0] if rendered else ""


def _render_single(date: PartialDate) -> SafeString:
    core = date.text.rstrip("~?%")
    if "X" in core:
        # Unknown digits: the span of years is all that is known.
        first, last = date.earliest.year, date.latest.year
        shown = str(first) if first == last else f"{first}\N{EN DASH}{last}"
    else:
        parts = core.split("-")
        if len(parts) == 1 or parts[1] == "XX":
            shown = parts[0]
        elif len(parts) == 2 or parts[2] == "XX":
            shown = date_format(date.earliest, "YEAR_MONTH_FORMAT")
        else:
            shown = date_format(date.earliest, "DATE_FORMAT")
    if date.approximate:
        shown = _("circa %(date)s") % {"date": shown}
    if date.uncertain:
        return format_html(
            '{}<abbr class="uncertain" title="{}">?</abbr>',
            shown,
            _("uncertain"),
        )
    return format_html("{}", shown)


@register.filter
def age_range(ages: tuple[int, int] | None) -> str:
    """``(44, 45)`` → "44–45"; ``(44, 44)`` → "44"."""
    if not ages:
        return ""
    youngest, oldest = ages
    return str(youngest) if youngest == oldest else f"{youngest}\N{EN DASH}{oldest}"


@register.filter
def life_dates(victim) -> str:
    """Birth and death as known, joined the way lists of the dead show them."""
    birth, death = partial_date(victim.birth_date), partial_date(victim.death_date)
    if birth and death:
        return format_html("{} \N{EN DASH} {}", birth, death)
    if death:
        return format_html("\N{DAGGER} {}", death)
    if birth:
        # Injured, arrested and missing people may be alive: no open dash that reads as "died on an unknown day".
        return format_html(gettext("born {}"), birth)
    return ""
