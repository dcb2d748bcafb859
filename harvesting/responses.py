"""OAI-PMH 2.0's answers as XML: the envelope every answer shares, headers, records, errors, resumption tokens."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from archive.exchange import dublin_core, mods
from archive.exchange.description import Description
from harvesting.selectors import Item

OAI_NAMESPACE = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
CONTENT_TYPE = "text/xml; charset=utf-8"


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str
    write: Callable[[Description], etree._Element]


# Every record kind is offered in both: ListMetadataFormats has the same answer for every item.
FORMATS = {
    "oai_dc": MetadataFormat(
        "oai_dc", dublin_core.OAI_DC_SCHEMA, dublin_core.OAI_DC_NAMESPACE, dublin_core.oai_dc_from_description
    ),
    "mods": MetadataFormat("mods", mods.MODS_SCHEMA, mods.MODS_NAMESPACE, mods.mods_from_description),
}


# Characters XML 1.0 cannot hold: whatever a request sends is echoed without them rather than failing.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# The request's arguments as OAI-PMH.xsd types them: echoed in an error's request element only when they fit.
_ARGUMENT_PATTERNS = {
    "metadataPrefix": re.compile(r"[A-Za-z0-9\-_.!~*'()]+"),
    "set": re.compile(r"([A-Za-z0-9\-_.!~*'()])+(:[A-Za-z0-9\-_.!~*'()]+)*"),
    "from": re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?"),
    "until": re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?"),
    # A URI (anyURI) of RFC 3986's characters: an identifier made of anything else is not echoed.
    "identifier": re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]*"),
}


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def keep_valid_arguments(request: etree._Element) -> None:
    """After an error, the request element keeps only the arguments its schema type allows."""
    for name, pattern in _ARGUMENT_PATTERNS.items():
        value = request.get(name)
        if value is not None and not pattern.fullmatch(value):
            del request.attrib[name]


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def add(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(
        parent, f"{{{OAI_NAMESPACE}}}{name}", {key: xml_safe(value) for key, value in attributes.items() if value}
    )
    if text is not None:
        element.text = xml_safe(text)
    return element


def envelope(base_url: str, arguments: dict[str, str] | None) -> tuple[etree._Element, etree._Element]:
    """The answer's root and its ``request`` element; ``arguments`` None for badVerb and badArgument, whose
    ``request`` names the base URL alone, as the protocol asks."""
    root = etree.Element(f"{{{OAI_NAMESPACE}}}OAI-PMH", nsmap={None: OAI_NAMESPACE, "xsi": XSI_NAMESPACE})
    root.set(f"{{{XSI_NAMESPACE}}}schemaLocation", f"{OAI_NAMESPACE} {OAI_SCHEMA}")
    add(root, "responseDate", utc(datetime.now(UTC)))
    request = add(root, "request", base_url, **(arguments or {}))
    return root, request


def error(root: etree._Element, code: str, message: str) -> None:
    add(root, "error", message, code=code)


def header(parent: etree._Element, item: Item, oai_identifier: str) -> etree._Element:
    element = add(parent, "header", status="" if item.live else "deleted")
    add(element, "identifier", oai_identifier)
    add(element, "datestamp", item.datestamp)
    add(element, "setSpec", item.kind.plural)
    return element


def record(parent: etree._Element, item: Item, oai_identifier: str, metadata: etree._Element | None) -> None:
    element = add(parent, "record")
    header(element, item, oai_identifier)
    if item.live and metadata is not None:
        add(element, "metadata").append(metadata)


def resumption(parent: etree._Element, token: str, *, total: int, cursor: int) -> None:
    """The token of the next page, or, on a split list's last page, an empty one (still saying size and cursor)."""
    add(parent, "resumptionToken", token, completeListSize=str(total), cursor=str(cursor))


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
