"""A public record as simple Dublin Core (``oai_dc``): what OAI-PMH offers every harvester, and a bag's metadata.

``oai_dc_element(record, base_url=…)`` gives the ``<oai_dc:dc>`` element, ``oai_dc_bytes`` the same as a UTF-8 XML
document. What goes in is ``archive.exchange.description``'s: only what the public may see of the record.
"""

from __future__ import annotations

from lxml import etree

from archive.exchange.description import PUBLISHER, Description, describe
from archive.models import Document, Testimony, Victim

OAI_DC_NAMESPACE = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
NAMESPACES = {"oai_dc": OAI_DC_NAMESPACE, "dc": DC_NAMESPACE, "xsi": XSI_NAMESPACE}


def oai_dc_element(record: Victim | Testimony | Document, *, base_url: str) -> etree._Element:
    """``record`` as an ``<oai_dc:dc>`` element, its links absolute on ``base_url``."""
    return oai_dc_from_description(describe(record, base_url=base_url))


def oai_dc_bytes(record: Victim | Testimony | Document, *, base_url: str) -> bytes:
    """``oai_dc_element`` as a standalone UTF-8 XML document."""
    return etree.tostring(oai_dc_element(record, base_url=base_url), xml_declaration=True, encoding="UTF-8")


def oai_dc_from_description(description: Description) -> etree._Element:
    root = etree.Element(f"{{{OAI_DC_NAMESPACE}}}dc", nsmap=NAMESPACES)
    root.set(f"{{{XSI_NAMESPACE}}}schemaLocation", f"{OAI_DC_NAMESPACE} {OAI_DC_SCHEMA}")

    def add(name: str, value: str, language: str = "") -> None:
        if value:
            element = etree.SubElement(root, f"{{{DC_NAMESPACE}}}{name}")
            element.text = value
            if language:
                element.set(XML_LANG, language)

    for title in description.titles:
        add("title", title.value, title.language)
    for creator in description.creators:
        add("creator", creator)
    for name, _role in description.contributors:
        add("contributor", name)
    for subject in description.subjects:
        add("subject", subject.value, subject.language)
    for person in description.people:
        add("subject", person.label)
    for text in description.descriptions:
        add("description", text.value, text.language)
    add("publisher", PUBLISHER)
    add("date", description.date)
    add("type", description.dcmi_type)
    add("type", description.genre)
    for content_type in dict.fromkeys(file.content_type for file in description.files):
        add("format", content_type)
    add("identifier", description.url)
    add("identifier", description.identifier)
    for source in description.sources:
        add("source", source)
    for language in description.languages:
        add("language", language)
    for link in (*description.people, *description.related):
        add("relation", link.url)
    for file in description.files:
        add("relation", file.url)
    for place in description.places:
        for name in place.names:
            add("coverage", name.value, name.language)
    add("rights", description.rights_uri)
    add("rights", description.rights_label)
    add("rights", description.rights_holder)
    return root
