"""How to cite a public record: Chicago-style text for the page, BibTeX and CSL-JSON for reference managers.

A citation names a testimony's narrator only as the public may see them (``narrator_display``): an
anonymous narrator's real name never reaches a citation or a download.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.dates import MONTHS, MONTHS_ALT
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from archive.dates import PartialDate, PartialDateError, parse_partial_date
from archive.models import Document, Testimony, Victim
from archive.names import az_lower
from memorial.templatetags.memorial_tags import partial_date

ARCHIVE_NAME = "Yaddaş"
BIBTEX_CONTENT_TYPE = "application/x-bibtex; charset=utf-8"
CSL_JSON_CONTENT_TYPE = "application/vnd.citationstyles.csl+json; charset=utf-8"

# BibTeX gives these characters a meaning; in a field's text they must be escaped.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass(frozen=True)
class Citation:
    identifier: str
    title: str
    url: str
    accessed: date
    kind: str  # "victim", "testimony" or "document"
    authors: list[str] = field(default_factory=list)
    interviewer: str = ""
    issued: str = ""  # a partial date as stored: "1990-01", "1948~"
    genre: str = ""
    holding: str = ""
    reference: str = ""
    demo: bool = False  # invented demonstration data: every form of the citation says so

    @property
    def demo_note(self) -> str:
        return _("Invented demonstration data") if self.demo else ""

    @property
    def issued_date(self) -> PartialDate | None:
        try:
            return parse_partial_date(self.issued)
        except PartialDateError:
            return None


def citation_for(record: Victim | Testimony | Document, *, url: str, accessed: date) -> Citation:
    """The facts a citation of ``record`` uses; ``url`` is the permanent address."""
    common = {"identifier": record.identifier, "url": url, "accessed": accessed, "demo": record.is_demo}
    if isinstance(record, Testimony):
        return Citation(
            **common,
            kind="testimony",
            title=record.title,
            authors=[record.narrator_display],
            interviewer=record.interviewer,
            issued=record.recorded_date,
            genre=str(_("Oral history")),
        )
    if isinstance(record, Document):
        return Citation(
            **common,
            kind="document",
            title=record.title,
            authors=[record.creator] if record.creator else [],
            issued=record.date,
            genre=record.get_kind_display(),
            holding=record.holding_institution,
            reference=record.reference,
        )
    return Citation(**common, kind="victim", title=record.shown_name, genre=str(_("Memorial record")))


@dataclass(frozen=True)
class Punctuation:
    """How a language quotes a title and ends a part of a citation.

    English follows the Chicago Manual (American): double curly quotes, single ones inside, the period inside
    the closing quote. Russian and Azerbaijani follow their own typography: «guillemets», „low-high“ quotes
    inside, the period after the closing quote. In all three a title's own ``?`` or ``!`` (or ``…``) ends its
    part, with no period added.
    """

    open: str
    close: str
    inner_open: str
    inner_close: str
    period_inside: bool = False
    lowercase_months: bool = False  # month names are common nouns mid-sentence ("3 noyabr 2025", "февраль 1990")


PUNCTUATION = {
    "en": Punctuation("“", "”", "‘", "’", period_inside=True),
    "ru": Punctuation("«", "»", "„", "“", lowercase_months=True),
    "az": Punctuation("«", "»", "„", "“", lowercase_months=True),
}
_ENDS = (".", "?", "!", "…")  # a part that already ends with one of these gets no period
_OPENING_QUOTES = "«„‘‚"
_CLOSING_QUOTES = "»”’"
_EITHER_QUOTES = '“"'  # “ opens in English and closes „…“; a straight quote does either


def _punctuation() -> Punctuation:
    return PUNCTUATION.get((get_language() or "")[:2], PUNCTUATION["en"])


def _tidy(text: str) -> str:
    """One space between words and none before a comma, period or closing mark (typed "Name , place")."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:?!)»”])", r"\1", text)
    # A period after one that ends an abbreviation ("2 декабря 2026 г." + "."), never an ellipsis.
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)


def _sentence(text: str) -> str:
    text = _tidy(text)
    return text if text.endswith(_ENDS) else f"{text}."


def _inner_quotes(text: str, style: Punctuation) -> str:
    """Quotation marks inside a title become the inner pair, so a quoted title does not close early."""
    out, depth = [], 0
    for index, character in enumerate(text):
        if character in "’'" and text[index - 1 : index].isalnum() and text[index + 1 : index + 2].isalnum():
            out.append(character)  # an apostrophe (People’s, Cəbhə'si), not a quotation mark
            continue
        opening = character in _OPENING_QUOTES or (character in _EITHER_QUOTES and depth == 0)
        closing = character in _CLOSING_QUOTES or (character in _EITHER_QUOTES and depth > 0)
        if opening:
            depth += 1
            out.append(style.inner_open)
        elif closing:
            depth = max(0, depth - 1)
            out.append(style.inner_close)
        else:
            out.append(character)
    return "".join(out)


def _quoted_title(title: str, style: Punctuation) -> str:
    title = _inner_quotes(_tidy(title), style)
    if style.period_inside:
        return f"{style.open}{_sentence(title)}{style.close}"
    if title.endswith(("?", "!", "…", "...")):
        return f"{style.open}{title}{style.close}"
    # The title's own period moves out, after the closing mark: «Приказ». rather than «Приказ.».
    return f"{style.open}{title.removesuffix('.')}{style.close}."


def _running_date(text: str, style: Punctuation) -> str:
    """A date as it is written mid-sentence: Django's month names are capitalised, as a calendar heads them."""
    if not style.lowercase_months:
        return text
    for name in {str(month) for month in (*MONTHS.values(), *MONTHS_ALT.values())}:
        text = re.sub(rf"\b{re.escape(name)}\b", az_lower(name), text)
    return text


def chicago(citation: Citation) -> str:
    """A bibliography entry in the Chicago style, in the visitor's language and its punctuation
    (``PUNCTUATION``): no doubled period, no space before a mark, the language's quotation marks."""
    style = _punctuation()
    parts: list[str] = []
    if citation.authors:
        parts.append(_sentence(", ".join(citation.authors)))
    parts.append(_quoted_title(citation.title, style))
    details = []
    if citation.kind == "testimony":
        details.append(
            _("Interview by %(interviewer)s") % {"interviewer": citation.interviewer}
            if citation.interviewer
            else citation.genre
        )
    elif citation.genre:
        details.append(citation.genre)
    issued = _running_date(strip_tags(partial_date(citation.issued)), style)
    if issued:
        details.append(issued)
    if details:
        parts.append(_sentence(", ".join(details)))
    held = ", ".join(part for part in (citation.holding, citation.reference) if part)
    if held:
        parts.append(_sentence(held))
    parts.append(f"{ARCHIVE_NAME}, {citation.identifier}.")
    accessed = _running_date(date_format(citation.accessed, "DATE_FORMAT"), style)
    parts.append(_sentence(_("Accessed %(date)s.") % {"date": accessed}))
    parts.append(f"{citation.url}.")
    if citation.demo:
        parts.append(f"[{_sentence(citation.demo_note)}]")
    return " ".join(parts)


def _bibtex_text(text: str) -> str:
    return "".join(_BIBTEX_ESCAPES.get(character, character) for character in text)


def bibtex(citation: Citation) -> str:
    """One ``@misc`` entry keyed by the identifier; dates in biblatex's EDTF form, as known."""
    fields: list[tuple[str, str]] = []
    if citation.authors:
        # Double braces: a name such as "S. H." or an institution is kept whole, not split into parts.
        fields.append(("author", " and ".join("{" + _bibtex_text(author) + "}" for author in citation.authors)))
    fields.append(("title", "{" + _bibtex_text(citation.title) + "}"))
    if citation.interviewer:
        fields.append(("editor", "{" + _bibtex_text(citation.interviewer) + "}"))
        fields.append(("editortype", "interviewer"))
    if citation.genre:
        fields.append(("type", _bibtex_text(citation.genre)))
    issued = citation.issued_date
    if issued is not None:
        fields.append(("date", _bibtex_text(issued.text)))
        if not (issued.approximate or issued.uncertain) and issued.earliest.year == issued.latest.year:
            fields.append(("year", str(issued.earliest.year)))
    fields.append(("organization", ARCHIVE_NAME))
    fields.append(("number", citation.identifier))
    held = ", ".join(part for part in (citation.holding, citation.reference) if part)
    note = "; ".join(part for part in (citation.demo_note, held) if part)
    if note:
        fields.append(("note", _bibtex_text(note)))
    fields.append(("url", citation.url.replace("{", "%7B").replace("}", "%7D")))
    fields.append(("urldate", citation.accessed.isoformat()))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation.identifier},\n{body}\n}}\n"


_CSL_TYPES = {"victim": "entry", "testimony": "interview", "document": "manuscript"}


def _csl_date(issued: PartialDate) -> dict:
    """CSL date parts at the precision known: a year stays ``[[1965]]``, a month ``[[1990, 1]]``."""
    text = issued.text.rstrip("~?%")

    def parts(side: str, bound: date) -> list[int]:
        pieces = side.rstrip("~?%").split("-")
        if "X" in pieces[0].upper():
            return [bound.year]
        known = [int(piece) for piece in pieces if piece.upper() != "XX"]
        return known[:3]

    sides = text.split("/")
    if len(sides) == 2:
        value: dict = {"date-parts": [parts(sides[0], issued.earliest), parts(sides[1], issued.latest)]}
    elif "X" in text.upper().split("-")[0]:
        value = {"date-parts": [[issued.earliest.year], [issued.latest.year]]}
    else:
        value = {"date-parts": [parts(text, issued.earliest)]}
    if issued.approximate or issued.uncertain:
        value["circa"] = True
    return value


def csl_item(citation: Citation) -> dict:
    item: dict = {
        "id": citation.identifier,
        "type": _CSL_TYPES[citation.kind],
        "title": citation.title,
        "number": citation.identifier,
        "publisher": ARCHIVE_NAME,
        "URL": citation.url,
        "accessed": {"date-parts": [[citation.accessed.year, citation.accessed.month, citation.accessed.day]]},
    }
    if citation.authors:
        item["author"] = [{"literal": author} for author in citation.authors]
    if citation.interviewer:
        item["interviewer"] = [{"literal": citation.interviewer}]
    if citation.genre:
        item["genre"] = citation.genre
    issued = citation.issued_date
    if issued is not None:
        item["issued"] = _csl_date(issued)
    if citation.holding:
        item["archive"] = citation.holding
    if citation.reference:
        item["archive_location"] = citation.reference
    if citation.demo:
        item["note"] = citation.demo_note
    return item


def csl_json(citation: Citation) -> str:
    """CSL-JSON: a list holding one item, as reference managers import it."""
    return json.dumps([csl_item(citation)], ensure_ascii=False, indent=2) + "\n"
