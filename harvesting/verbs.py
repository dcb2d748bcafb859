"""What each of OAI-PMH's six verbs answers, one function a verb, read from one table (``ANSWERS``).

Each writes its element into the answer's root or raises ``OaiError``; the view wraps them. Records are only ever
described through ``archive.exchange``'s crosswalk, and only when public (``selectors``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from lxml import etree

from archive.exchange.description import PUBLISHER, describe
from archive.kinds import RECORD_KINDS
from harvesting import selectors, tokens
from harvesting.protocol import GRANULARITY, OaiError, Request, check_range
from harvesting.responses import (
    FORMATS,
    OAI_NAMESPACE,
    XSI_NAMESPACE,
    MetadataFormat,
    add,
    header,
    record,
    resumption,
    utc,
)

# The oai-identifier scheme's repository names: domain names (so never "localhost" or an IP address).
OAI_IDENTIFIER_REPOSITORY = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")
OAI_IDENTIFIER_NAMESPACE = "http://www.openarchives.org/OAI/2.0/oai-identifier"


@dataclass(frozen=True)
class Context:
    base_url: str  # the endpoint's address, e.g. https://yaddas.example/oai
    site_url: str  # the site's root, for links in the metadata
    repository: str  # the repository's part of an OAI identifier, e.g. yaddas.example

    def oai_identifier(self, identifier: str) -> str:
        return f"oai:{self.repository}:{identifier}"

    def record_identifier(self, oai_identifier: str) -> str:
        """The record's identifier (``V-000123``) an OAI identifier names here; empty for another repository's."""
        prefix = f"oai:{self.repository}:"
        return oai_identifier.removeprefix(prefix) if oai_identifier.startswith(prefix) else ""


def _item(context: Context, oai_identifier: str, *, with_record: bool) -> selectors.Item:
    identifier = context.record_identifier(oai_identifier)
    found = selectors.item(identifier, with_record=with_record) if identifier else None
    if found is None:
        raise OaiError("idDoesNotExist", _("No record has the identifier %(id)s.") % {"id": oai_identifier})
    return found


def _format(prefix: str) -> MetadataFormat:
    if prefix not in FORMATS:
        message = _("The metadata format %(prefix)s is not offered.") % {"prefix": prefix}
        raise OaiError("cannotDisseminateFormat", message)
    return FORMATS[prefix]


def identify(root: etree._Element, request: Request, context: Context) -> None:
    element = add(root, "Identify")
    add(element, "repositoryName", PUBLISHER)
    add(element, "baseURL", context.base_url)
    add(element, "protocolVersion", "2.0")
    add(element, "adminEmail", settings.CONTACT_EMAIL)
    earliest = selectors.earliest_datestamp()
    add(element, "earliestDatestamp", utc(earliest) if earliest else "1990-01-20T00:00:00Z")
    add(element, "deletedRecord", "persistent")
    add(element, "granularity", GRANULARITY)
    if OAI_IDENTIFIER_REPOSITORY.fullmatch(context.repository):
        element.append(_identifier_description(context))


def _identifier_description(context: Context) -> etree._Element:
    """How this repository's identifiers are made, in the oai-identifier scheme, so harvesters can read them."""
    description = etree.Element(f"{{{OAI_NAMESPACE}}}description")
    identifier = etree.SubElement(
        description, f"{{{OAI_IDENTIFIER_NAMESPACE}}}oai-identifier", nsmap={None: OAI_IDENTIFIER_NAMESPACE}
    )
    identifier.set(f"{{{XSI_NAMESPACE}}}schemaLocation", f"{OAI_IDENTIFIER_NAMESPACE} {OAI_IDENTIFIER_NAMESPACE}.xsd")
    for name, value in (
        ("scheme", "oai"),
        ("repositoryIdentifier", context.repository),
        ("delimiter", ":"),
        ("sampleIdentifier", context.oai_identifier("V-000123")),
    ):
        etree.SubElement(identifier, f"{{{OAI_IDENTIFIER_NAMESPACE}}}{name}").text = value
    return description


def list_metadata_formats(root: etree._Element, request: Request, context: Context) -> None:
    if request.get("identifier"):
        _item(context, request.get("identifier"), with_record=False)
    element = add(root, "ListMetadataFormats")
    for metadata_format in FORMATS.values():
        entry = add(element, "metadataFormat")
        add(entry, "metadataPrefix", metadata_format.prefix)
        add(entry, "schema", metadata_format.schema)
        add(entry, "metadataNamespace", metadata_format.namespace)


def list_sets(root: etree._Element, request: Request, context: Context) -> None:
    if request.get("resumptionToken"):
        raise OaiError("badResumptionToken", _("The list of sets is never split: no resumption token is valid."))
    element = add(root, "ListSets")
    with translation.override("en"):  # set names are the protocol's vocabulary, in one language for every harvest
        for kind in RECORD_KINDS:
            entry = add(element, "set")
            add(entry, "setSpec", kind.plural)
            add(entry, "setName", str(kind.label))


def get_record(root: etree._Element, request: Request, context: Context) -> None:
    metadata_format = _format(request.get("metadataPrefix"))
    found = _item(context, request.get("identifier"), with_record=True)
    _records(add(root, "GetRecord"), [found], context, metadata_format)


def _records(
    parent: etree._Element, items: list[selectors.Item], context: Context, metadata_format: MetadataFormat
) -> None:
    for found in items:
        metadata = None
        if found.record is not None:
            metadata = metadata_format.write(describe(found.record, base_url=context.site_url))
        record(parent, found, context.oai_identifier(found.identifier), metadata)


def _list(root: etree._Element, request: Request, context: Context, *, with_records: bool) -> None:
    position = None
    if request.get("resumptionToken"):
        position = tokens.read(request.get("resumptionToken"), verb=request.verb)
        request = Request(request.verb, position.arguments)
    metadata_format = _format(request.get("metadataPrefix"))
    start, end = check_range(request)
    kinds = selectors.kinds_of(request.get("set"))
    found = selectors.page(
        kinds,
        start=start.at if start else None,
        end=end.at if end else None,
        after=position.after if position else None,
        size=settings.OAI_PAGE_SIZE,
        with_records=with_records,
    )
    if not found.items:
        raise OaiError("noRecordsMatch", _("No record matches the arguments given."))
    element = add(root, request.verb)
    if with_records:
        _records(element, found.items, context, metadata_format)
    else:
        for item in found.items:
            header(element, item, context.oai_identifier(item.identifier))
    cursor = position.cursor if position else 0
    if found.more:
        last = found.items[-1]
        following = tokens.Position(
            request.verb, request.arguments, (last.stamped_at, last.identifier), cursor + len(found.items)
        )
        resumption(element, tokens.issue(following), total=found.total, cursor=cursor)
    elif position is not None:
        resumption(element, "", total=found.total, cursor=cursor)


def list_identifiers(root: etree._Element, request: Request, context: Context) -> None:
    _list(root, request, context, with_records=False)


def list_records(root: etree._Element, request: Request, context: Context) -> None:
    _list(root, request, context, with_records=True)


ANSWERS: dict[str, Callable[[etree._Element, Request, Context], None]] = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
