"""OHMS XML (version 5.4, the Oral History Metadata Synchronizer's export): a testimony's index and transcript.

Written in the element order of the 5.4 schema (``ROOT/record`` with ``version``, ``date``, ``title``,
``accession`` = the identifier, …, ``index/point`` with ``time`` in whole seconds, ``title``, ``title_alt``,
``partial_transcript``, ``synopsis``, ``keywords``, ``subjects`` and their ``_alt``, ``gpspoints``, ``hyperlinks``;
``transcript``). OHMS keeps two languages: the record's ``language`` and ``transcript_alt_lang`` for the ``_alt``
elements; a point's third language has no place in the format and is not written. The transcript is written as
WebVTT inside ``transcript`` (a string to the schema; OHMS 6 names it ``vtt_transcript``, read too), and its
translation into the second language, if it has one, as WebVTT inside ``transcript_alt`` (``translate`` 1); a
translation into a third language does not travel. The people
and places a point speaks of are its hyperlinks to their pages on this site, so another viewer shows them as links
and an import here links them again; a link to a person or place this archive does not know refuses the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from lxml import etree

from archive.exchange import webvtt
from archive.exchange.errors import ExchangeError, Problem, Problems

NAMESPACE = "https://www.weareavp.com/nunncenter/ohms"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
VERSION = "5.4"
CONTENT_TYPE = "application/xml; charset=utf-8"
LANGUAGES = ("az", "en", "ru")
LANGUAGE_NAMES = {"az": "Azerbaijani", "en": "English", "ru": "Russian"}
TEXT_FIELDS = ("title", "partial_transcript", "synopsis", "keywords", "subjects")
_VICTIM_PATH = re.compile(r"^(?:/[a-z]{2})?/victims/(V-\d{6})/?$")
_PLACE_PATH = re.compile(r"^(?:/[a-z]{2})?/places/([-\w]+)/?$")


@dataclass
class Point:
    """An index point as the file carries it: texts by field and language, the people and places by key."""

    time: Decimal
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # field → language → text
    victims: list[str] = field(default_factory=list)  # identifiers
    places: list[str] = field(default_factory=list)  # slugs
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    map_zoom: int | None = None
    map_description: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (url, text)
    line: int | None = None


@dataclass
class Record:
    """What an OHMS file says of a testimony: its identifier, the index, the transcript's cues (None: none)."""

    accession: str
    title: str = ""
    language: str = "az"
    alt_language: str = ""
    points: list[Point] = field(default_factory=list)
    cues: list[webvtt.Cue] | None = None
    alt_cues: list[webvtt.Cue] | None = None  # the transcript's translation into ``alt_language`` (transcript_alt)


@dataclass
class Person:
    identifier: str
    name: str
    url: str


@dataclass
class PlaceLink:
    slug: str
    name: str
    url: str


# --- writing -------------------------------------------------------------------------------------------------


def _add(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{name}", attributes)
    if text:
        element.text = text
    return element


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def write(
    record: Record,
    *,
    people: dict[str, Person],
    places: dict[str, PlaceLink],
    details: dict[str, str],
    today: date,
) -> bytes:
    """The record as OHMS 5.4 XML. ``people`` and ``places``: the linked ones by key, with the address of their
    page; ``details``: the record's other elements (``record_id``, ``date``, ``duration``, ``interviewee``,
    ``interviewer``, ``repository``, ``media_url``, ``fmt``, ``rights``, ``description``)."""
    root = etree.Element(f"{{{NAMESPACE}}}ROOT", nsmap={None: NAMESPACE, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{NAMESPACE}/ohms.xsd")
    item = _add(root, "record", id=details.get("record_id", "0"), dt=today.isoformat())
    _add(item, "version", VERSION)
    _add(item, "date", value=details.get("date", ""), format="yyyy-mm-dd")
    _add(item, "date_nonpreferred_format", details.get("date_text", ""))
    _add(item, "title", record.title)
    _add(item, "accession", record.accession)
    _add(item, "duration", details.get("duration", ""))
    _add(item, "repository", details.get("repository", ""))
    _add(item, "repository_url", details.get("repository_url", ""))
    if details.get("interviewee"):
        _add(item, "interviewee", details["interviewee"])
    if details.get("interviewer"):
        _add(item, "interviewer", details["interviewer"])
    _add(item, "transcript_alt_lang", record.alt_language)
    _add(item, "translate", "1" if record.alt_language else "0")
    _add(item, "media_url", details.get("media_url", ""))
    fmt = details.get("fmt", "audio")
    media = _add(item, "mediafile")
    _add(media, "host", "Other")
    _add(media, "clip_format", fmt)
    _add(item, "language", record.language)
    index = _add(item, "index")
    for point in record.points:
        _write_point(index, point, record, people, places)
    _add(item, "description", details.get("description", ""))
    transcript = webvtt.write(record.cues) if record.cues else ""
    _add(item, "transcript", transcript)
    if record.alt_cues and record.alt_language:
        _add(item, "transcript_alt", webvtt.write(record.alt_cues))
    _add(item, "rights", details.get("rights", ""))
    _add(item, "fmt", fmt)
    _add(item, "userestrict", "0")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _write_point(
    index: etree._Element, point: Point, record: Record, people: dict[str, Person], places: dict[str, PlaceLink]
) -> None:
    element = _add(index, "point")
    _add(element, "time", str(int(point.time)))  # the schema's xs:int: whole seconds
    for name in TEXT_FIELDS:
        texts = point.texts.get(name, {})
        _add(element, name, texts.get(record.language, ""))
        _add(element, f"{name}_alt", texts.get(record.alt_language, "") if record.alt_language else "")
    if point.latitude is not None and point.longitude is not None:
        gps = _add(element, "gpspoints")
        _add(gps, "gps", f"{_number(point.latitude)},{_number(point.longitude)}")
        _add(gps, "gps_zoom", str(point.map_zoom) if point.map_zoom is not None else "")
        _add(gps, "gps_text", point.map_description)
        _add(gps, "gps_text_alt", "")
    links = [(people[key].url, people[key].name) for key in point.victims if key in people]
    links += [(places[key].url, places[key].name) for key in point.places if key in places]
    for url, text in [*links, *point.links]:
        hyperlinks = _add(element, "hyperlinks")
        _add(hyperlinks, "hyperlink", url)
        _add(hyperlinks, "hyperlink_text", text)
        _add(hyperlinks, "hyperlink_text_alt", "")


# --- reading -------------------------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    # An uploaded file is hostile until read: no entities expanded, no DTD or network fetched, no huge trees.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child) == name]


def _text(element: etree._Element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else ""


def language_code(text: str) -> str:
    """``az``, ``en`` or ``ru`` from a code or an English name (``English``, ``Russian``); "" if neither."""
    value = text.strip().lower()
    for code, name in LANGUAGE_NAMES.items():
        if value in (code, name.lower()):
            return code
    return ""


def read(content: bytes, *, site_host: str) -> Record:
    """The record in an OHMS XML file; ``ExchangeError`` with every problem and its line if it cannot be taken.

    ``site_host``: this site's host, whose person and place pages a hyperlink may name."""
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as error:
        raise ExchangeError([Problem(error.lineno, _("This is not well-formed XML: %s") % error.msg)]) from None
    problems = Problems()
    records = _children(root, "record")
    if _local(root) != "ROOT" or len(records) != 1:
        problems.add(root.sourceline, _("An OHMS file is a ROOT element holding one record."))
        problems.raise_any()
    item = records[0]
    version = _text(item, "version")
    if not version:
        problems.add(item.sourceline, _("The record has no version."))
    language = language_code(_text(item, "language")) if _text(item, "language") else "az"
    alt = language_code(_text(item, "transcript_alt_lang")) if _text(item, "transcript_alt_lang") else ""
    if not language:
        problems.add(
            _children(item, "language")[0].sourceline, _("The language must be Azerbaijani, English or Russian.")
        )
    if _text(item, "transcript_alt_lang") and not alt:
        line = _children(item, "transcript_alt_lang")[0].sourceline
        problems.add(line, _("The second language must be Azerbaijani, English or Russian."))
    record = Record(accession=_text(item, "accession"), title=_text(item, "title"), language=language, alt_language=alt)
    for index in _children(item, "index"):
        for element in _children(index, "point"):
            record.points.append(_read_point(element, record, problems, site_host))
    for previous, point in zip(record.points, record.points[1:], strict=False):
        if point.time < previous.time:
            problems.add(point.line, _("This point's time is before the one above it: points must be in order."))
    record.cues = _read_transcript(item, problems)
    if alt:  # the translation into the second language, on the transcript's times
        record.alt_cues = _read_transcript(item, problems, ("transcript_alt",))
    problems.raise_any()
    return record


def _read_point(element: etree._Element, record: Record, problems: Problems, site_host: str) -> Point:
    time_text = _text(element, "time")
    point = Point(time=Decimal(0), line=element.sourceline)
    try:
        point.time = Decimal(int(time_text))
        if point.time < 0:
            raise ValueError
    except ValueError:
        line = _children(element, "time")[0].sourceline if _children(element, "time") else element.sourceline
        problems.add(line, _("A point's time is a whole number of seconds from the start."))
    for name in TEXT_FIELDS:
        for suffix, code in (("", record.language), ("_alt", record.alt_language)):
            text = _text(element, f"{name}{suffix}")
            if text and code:
                point.texts.setdefault(name, {})[code] = text
    if not any(point.texts.get("title", {}).values()):
        problems.add(element.sourceline, _("The point has no title."))
    for gps in _children(element, "gpspoints"):
        _read_gps(gps, point, problems)
    for hyperlinks in _children(element, "hyperlinks"):
        _read_link(hyperlinks, point, problems, site_host)
    return point


def _read_gps(gps: etree._Element, point: Point, problems: Problems) -> None:
    where = _text(gps, "gps")
    if not where:
        return
    try:
        latitude, longitude = (Decimal(part.strip()) for part in where.split(","))
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError
    except (ValueError, InvalidOperation):
        problems.add(gps.sourceline, _("A map point is latitude,longitude in degrees (40.37,49.84)."))
        return
    point.latitude, point.longitude = latitude.quantize(Decimal("0.000001")), longitude.quantize(Decimal("0.000001"))
    zoom = _text(gps, "gps_zoom")
    if zoom:
        if not zoom.isdigit() or int(zoom) > 20:
            problems.add(gps.sourceline, _("A map zoom is a whole number from 0 to 20."))
        else:
            point.map_zoom = int(zoom)
    point.map_description = _text(gps, "gps_text")[:300]


def _read_link(hyperlinks: etree._Element, point: Point, problems: Problems, site_host: str) -> None:
    url, text = _text(hyperlinks, "hyperlink"), _text(hyperlinks, "hyperlink_text")
    if not url:
        return
    parts = urlsplit(url)
    ours = parts.scheme in ("http", "https") and parts.hostname == site_host
    try:
        if not ours:  # this site's own host may be a name without a domain (localhost)
            URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        problems.add(hyperlinks.sourceline, _("This link is not a web address: %s") % url[:200])
        return
    if ours:
        if person := _VICTIM_PATH.match(parts.path):
            point.victims.append(person.group(1))
            return
        if place := _PLACE_PATH.match(parts.path):
            point.places.append(place.group(1))
            return
    point.links.append((url[:500], text[:300]))


def _read_transcript(
    item: etree._Element, problems: Problems, names: tuple[str, ...] = ("vtt_transcript", "transcript")
) -> list[webvtt.Cue] | None:
    for name in names:
        for element in _children(item, name):
            text = element.text or ""
            if text.strip().startswith("WEBVTT"):
                # Lines are counted in the XML file: the transcript's text starts on its element's line.
                leading = len(text) - len(text.lstrip())
                first_line = element.sourceline + text[:leading].count("\n")
                try:
                    return webvtt.read(text.strip(), first_line=first_line)
                except ExchangeError as error:
                    for problem in error.problems:
                        problems.add(problem.line, problem.message)
                    return None
    return None
