"""Checks of an OHMS XML file against the 5.4 structure, written from the format's schema (ohms.xsd, version 5.4,
as the OHMS application publishes it at https://www.weareavp.com/nunncenter/ohms/ohms.xsd): the elements a record
holds and their order, which are required, and the types the schema gives them. Returns the problems found."""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

NS = "https://www.weareavp.com/nunncenter/ohms"
UNBOUNDED = None

# (element, minOccurs, maxOccurs) in the record's xs:sequence.
RECORD = [
    ("version", 1, 1),
    ("date", 1, 1),
    ("date_nonpreferred_format", 0, 1),
    ("cms_record_id", 0, 1),
    ("title", 1, 1),
    ("accession", 0, 1),
    ("duration", 0, 1),
    ("collection_id", 0, 1),
    ("collection_name", 0, 1),
    ("series_id", 0, 1),
    ("series_name", 0, 1),
    ("repository", 0, 1),
    ("funding", 0, 1),
    ("repository_url", 0, 1),
    ("subject", 0, UNBOUNDED),
    ("keyword", 0, UNBOUNDED),
    ("interviewee", 0, UNBOUNDED),
    ("interviewer", 0, UNBOUNDED),
    ("format", 0, UNBOUNDED),
    ("file_name", 0, 1),
    ("sync", 0, 1),
    ("sync_alt", 0, 1),
    ("transcript_alt_lang", 0, 1),
    ("translate", 0, 1),
    ("media_id", 0, 1),
    ("media_url", 0, 1),
    ("mediafile", 0, 1),
    ("kembed", 0, 1),
    ("language", 0, 1),
    ("user_notes", 0, 1),
    ("index", 0, 1),
    ("type", 0, 1),
    ("description", 0, 1),
    ("rel", 0, 1),
    ("transcript", 0, 1),
    ("transcript_alt", 0, 1),
    ("rights", 0, 1),
    ("fmt", 0, 1),
    ("usage", 0, 1),
    ("userestrict", 0, 1),
    ("xmllocation", 0, 1),
    ("xmlfilename", 0, 1),
    ("collection_link", 0, 1),
    ("series_link", 0, 1),
]
POINT = [
    ("time", 0, 1),
    *[
        (name, 0, 1)
        for base in ("title", "partial_transcript", "synopsis", "keywords", "subjects")
        for name in (base, f"{base}_alt")
    ],
    ("gpspoints", 0, UNBOUNDED),
    ("hyperlinks", 0, UNBOUNDED),
]
GPS = [("gps", 0, 1), ("gps_zoom", 1, 1), ("gps_text", 0, 1), ("gps_text_alt", 0, 1)]
HYPERLINKS = [("hyperlink", 0, 1), ("hyperlink_text", 0, 1), ("hyperlink_text_alt", 0, 1)]
MEDIAFILE = {"host", "avalon_target_domain", "host_account_id", "host_player_id", "host_clip_id", "clip_format"}
HOSTS = {"Avalon", "Aviary", "Brightcove", "Kaltura", "SoundCloud", "Vimeo", "YouTube", "Other"}


def _name(element) -> str:
    return etree.QName(element).localname


def _sequence(parent, sequence, problems: list[str]) -> None:
    """The children follow the sequence: known names, in order, each within its bounds."""
    position = 0
    counts: dict[str, int] = {}
    order = [name for name, _low, _high in sequence]
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        if etree.QName(child).namespace != NS:
            problems.append(f"line {child.sourceline}: {child.tag} is not in the OHMS namespace")
        name = _name(child)
        if name not in order:
            problems.append(f"line {child.sourceline}: {name} is no element of {_name(parent)}")
            continue
        if order.index(name) < position:
            problems.append(f"line {child.sourceline}: {name} is out of the sequence's order")
        position = order.index(name)
        counts[name] = counts.get(name, 0) + 1
    for name, low, high in sequence:
        if counts.get(name, 0) < low:
            problems.append(f"{_name(parent)} (line {parent.sourceline}) lacks {name}")
        if high is not None and counts.get(name, 0) > high:
            problems.append(f"{_name(parent)} (line {parent.sourceline}) has {name} more than {high} times")


def _integer(text: str | None) -> bool:
    return bool(re.fullmatch(r"[+-]?\d+", (text or "").strip()))


def problems(content: bytes) -> list[str]:
    found: list[str] = []
    root = etree.fromstring(content)
    if root.tag != f"{{{NS}}}ROOT":
        return [f"the root is {root.tag}, not ROOT in the OHMS namespace"]
    records = [child for child in root if isinstance(child.tag, str)]
    if not records or any(_name(record) != "record" for record in records):
        return ["ROOT holds one or more record elements and nothing else"]
    for record in records:
        if not _integer(record.get("id")):
            found.append("record's id is not an integer (xs:int)")
        try:
            date.fromisoformat(record.get("dt") or "")
        except ValueError:
            found.append("record's dt is not a date (xs:date)")
        _sequence(record, RECORD, found)
        for child in record:
            name = _name(child)
            if name == "version" and not re.fullmatch(r"\d+(\.\d+)?", (child.text or "").strip()):
                found.append("version is not a decimal")
            if name in ("translate", "userestrict") and (child.text or "").strip() not in ("0", "1"):
                found.append(f"{name} is neither 0 nor 1")
            if name == "fmt" and (child.text or "").strip() not in ("audio", "video"):
                found.append("fmt is neither audio nor video")
            if name == "mediafile":
                for part in child:
                    if _name(part) not in MEDIAFILE:
                        found.append(f"{_name(part)} is no element of mediafile")
                    if _name(part) == "host" and (part.text or "").strip() not in HOSTS:
                        found.append("mediafile's host is not one of the schema's")
                    if _name(part) == "clip_format" and (part.text or "").strip() not in ("audio", "video"):
                        found.append("clip_format is neither audio nor video")
            if name == "index":
                for point in child:
                    if _name(point) != "point":
                        found.append(f"line {point.sourceline}: index holds only points")
                        continue
                    _sequence(point, POINT, found)
                    for part in point:
                        if _name(part) == "time" and not _integer(part.text):
                            found.append(f"line {part.sourceline}: a point's time is not an integer (xs:int)")
                        if _name(part) == "gpspoints":
                            _sequence(part, GPS, found)
                            zoom = [z for z in part if _name(z) == "gps_zoom"]
                            if zoom and (zoom[0].text or "").strip() and not _integer(zoom[0].text):
                                found.append("gps_zoom is neither empty nor an integer")
                        if _name(part) == "hyperlinks":
                            _sequence(part, HYPERLINKS, found)
    return found
