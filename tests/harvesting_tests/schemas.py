"""The XML schemas every OAI-PMH answer and metadata record is checked against, read from local copies (README.md
here names where each comes from): the tests use no network."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

FOLDER = Path(__file__).parent / "schemas"


@cache
def schema(name: str) -> etree.XMLSchema:
    """``OAI-PMH.xsd``, ``oai_dc.xsd`` or ``mods-3-7.xsd``, with the schemas they import."""
    return etree.XMLSchema(etree.parse(str(FOLDER / name)))


def assert_valid(element: etree._Element | bytes, name: str) -> etree._Element:
    """``element`` (or a document's bytes) valid against schema ``name``; the parsed element, for further checks."""
    if isinstance(element, bytes):
        element = etree.fromstring(element)
    checker = schema(name)
    if not checker.validate(element):
        raise AssertionError(f"not valid against {name}: {checker.error_log}")
    return element
