"""A public record as MODS 3.7, the Library of Congress's richer description: OAI-PMH's second format, a bag's
second metadata file.

``mods_element(record, base_url=…)`` gives the ``<mods:mods>`` element, ``mods_bytes`` the same as a UTF-8 XML
document. It carries what Dublin Core flattens: a victim's name in parts and scripts, the narrator and interviewer
with their roles, partial dates in EDTF, places with coordinates, the holding institution and shelf mark. What goes in
is ``archive.exchange.description``'s: only what the public may see of the record.
"""

from __future__ import annotations

from datetime import UTC

from lxml import etree

from archive.exchange.description import PUBLISHER, Description, Person, describe
from archive.models import Document, Testimony, Victim

MODS_NAMESPACE = "http://www.loc.gov/mods/v3"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
MODS_SCHEMA = "http://www.loc.gov/standards/mods/v3/mods-3-7.xsd"
MODS_VERSION = "3.7"
NAMESPACES = {"mods": MODS_NAMESPACE, "xlink": XLINK_NAMESPACE, "xsi": XSI_NAMESPACE}

# ISO 639-2/B, which MODS's language terms take, for the archive's ISO 639-1 codes.
_ISO639_2B = {"az": "aze", "en": "eng", "ru": "rus"}
_TYPE_OF_RESOURCE = {
    "Text": "text",
    "Sound": "sound recording",
    "MovingImage": "moving image",
    "StillImage": "still image",
}
# A victim's record refers to testimonies and documents about them: it is referenced by them.
_RELATION = {"victim": "isReferencedBy", "testimony": "references", "document": "references"}


def mods_element(record: Victim | Testimony | Document, *, base_url: str) -> etree._Element:
    """``record`` as a ``<mods:mods>`` element, its links absolute on ``base_url``."""
    return mods_from_description(describe(record, base_url=base_url))


def mods_bytes(record: Victim | Testimony | Document, *, base_url: str) -> bytes:
    """``mods_element`` as a standalone UTF-8 XML document."""
    return etree.tostring(mods_element(record, base_url=base_url), xml_declaration=True, encoding="UTF-8")


def _add(parent: etree._Element, name: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{MODS_NAMESPACE}}}{name}")
    if text:
        element.text = text
    for key, value in attributes.items():
        if value:
            element.set(f"{{{XLINK_NAMESPACE}}}href" if key == "href" else key, value)
    return element


def _language(code: str) -> str:
    return _ISO639_2B.get(code, "")


def _person(parent: etree._Element, person: Person) -> etree._Element:
    name = _add(parent, "name", type="personal", lang=_language(person.language))
    _add(name, "namePart", person.family, type="family")
    for given in (person.given, person.patronymic):
        if given:
            _add(name, "namePart", given, type="given")
    if person.dates:
        _add(name, "namePart", person.dates, type="date")
    return name


def _named(parent: etree._Element, full_name: str, relator: str, term: str) -> None:
    name = _add(parent, "name", type="personal")
    _add(name, "namePart", full_name)
    role = _add(name, "role")
    _add(role, "roleTerm", relator, type="code", authority="marcrelator")
    _add(role, "roleTerm", term, type="text", authority="marcrelator")


_RELATORS = {"ive": "Interviewee", "ivr": "Interviewer", "cre": "Creator"}


def mods_from_description(description: Description) -> etree._Element:
    root = etree.Element(f"{{{MODS_NAMESPACE}}}mods", nsmap=NAMESPACES)
    root.set("version", MODS_VERSION)
    root.set(f"{{{XSI_NAMESPACE}}}schemaLocation", f"{MODS_NAMESPACE} {MODS_SCHEMA}")

    for position, title in enumerate(description.titles):
        info = _add(root, "titleInfo", lang=_language(title.language), type="alternative" if position else "")
        _add(info, "title", title.value)
    creator_role = "ive" if description.kind == "testimony" else "cre"
    for creator in description.creators:
        _named(root, creator, creator_role, _RELATORS[creator_role])
    for contributor, relator in description.contributors:
        _named(root, contributor, relator, _RELATORS.get(relator, ""))
    _add(root, "typeOfResource", _TYPE_OF_RESOURCE.get(description.dcmi_type, "text"))
    if description.genre:
        _add(root, "genre", description.genre)

    origin = _add(root, "originInfo")
    _add(origin, "publisher", PUBLISHER)
    if description.date and description.kind != "victim":
        _add(origin, "dateCreated", description.date, encoding="edtf", keyDate="yes")
    if description.kind == "testimony":
        for place in description.places:
            for name in place.names[:1]:
                _add(_add(origin, "place"), "placeTerm", name.value, type="text")

    if description.languages:
        language = _add(root, "language")
        for code in description.languages:
            _add(language, "languageTerm", _language(code), type="code", authority="iso639-2b")
    if description.files:
        physical = _add(root, "physicalDescription")
        for content_type in dict.fromkeys(file.content_type for file in description.files):
            _add(physical, "internetMediaType", content_type)
        _add(physical, "digitalOrigin", "reformatted digital")
    for text in description.descriptions:
        _add(root, "abstract", text.value, lang=_language(text.language))
    for source in description.sources:
        _add(root, "note", source, type="source")

    # A victim's record is about them: their name forms, dates and places are its subject.
    for person in description.person:
        _person(_add(root, "subject"), person)
    if description.kind == "victim" and description.date:
        _add(_add(root, "subject"), "temporal", description.date, encoding="edtf")
    for subject in description.subjects:
        _add(_add(root, "subject", lang=_language(subject.language)), "topic", subject.value)
    for link in description.people:
        name = _add(_add(root, "subject"), "name", type="personal", href=link.url)
        _add(name, "namePart", link.label or link.identifier)
    for place in description.places:
        subject = _add(root, "subject")
        for name in place.names:
            _add(subject, "geographic", name.value, lang=_language(name.language))
        if place.latitude:
            _add(_add(subject, "cartographics"), "coordinates", f"{place.latitude}, {place.longitude}")

    for link in description.related:
        related = _add(root, "relatedItem", type=_RELATION[description.kind], href=link.url)
        _add(related, "identifier", link.identifier, type="local")
    _add(root, "identifier", description.identifier, type="local")
    _add(root, "identifier", description.url, type="uri")

    location = _add(root, "location")
    if description.holding_institution:
        _add(location, "physicalLocation", description.holding_institution)
    if description.shelf_mark:
        _add(location, "shelfLocator", description.shelf_mark)
    _add(location, "url", description.url, usage="primary display", access="object in context")
    for file in description.files:
        _add(location, "url", file.url, access="raw object")

    if description.rights_uri or description.rights_label:
        rights = ". ".join(part for part in (description.rights_label, description.rights_holder) if part)
        _add(root, "accessCondition", rights, type="use and reproduction", href=description.rights_uri)

    record_info = _add(root, "recordInfo")
    _add(record_info, "recordContentSource", PUBLISHER)
    changed = description.updated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    _add(record_info, "recordChangeDate", changed, encoding="iso8601")
    _add(record_info, "recordIdentifier", description.identifier)
    return root
