from __future__ import annotations

import pytest
from django.utils import timezone
from lxml import etree

from tests.harvesting_tests.schemas import assert_valid

OAI = {"oai": "http://www.openarchives.org/OAI/2.0/"}
REPOSITORY = "yaddas.example"


@pytest.fixture(autouse=True)
def oai_settings(settings):
    """Pages of two records, so a few records make a list of several pages; a repository name of our own."""
    settings.OAI_PAGE_SIZE = 2
    settings.OAI_REPOSITORY_IDENTIFIER = REPOSITORY


def published(factory, **values):
    """A record published as curators publish one (``published_at`` set), so that it is known once withdrawn."""
    return factory(published_at=timezone.now(), **values)


def oai_id(record) -> str:
    return f"oai:{REPOSITORY}:{record.identifier}"


def validate_answer(content: bytes) -> etree._Element:
    """An OAI-PMH answer valid against OAI-PMH.xsd with its records' formats (the wildcard of ``<metadata>`` is
    strict), and each record's metadata against its own format's schema alone, as a harvester would check it."""
    root = assert_valid(content, "oai-pmh-with-formats.xsd")
    for metadata in root.iterfind(".//oai:metadata", OAI):
        (described,) = metadata
        assert_valid(described, "mods-3-7.xsd" if described.tag.endswith("}mods") else "oai_dc.xsd")
    return root


def ask(client, method: str = "get", **arguments) -> etree._Element:
    """``/oai`` with ``arguments`` (a list value repeats the argument); the valid answer's root."""
    response = getattr(client, method)("/oai", arguments)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return validate_answer(response.content)


def error_code(root: etree._Element) -> str | None:
    found = root.find("oai:error", OAI)
    return None if found is None else found.get("code")


def headers(root: etree._Element) -> list[tuple[str, str | None]]:
    """(identifier, status) of each header in the answer."""
    return [
        (header.findtext("oai:identifier", namespaces=OAI), header.get("status"))
        for header in root.iterfind(".//oai:header", OAI)
    ]
