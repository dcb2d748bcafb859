"""Record pages lead IIIF viewers and their users to the manifest, exactly where there is one to open."""

from __future__ import annotations

import re

import pytest

from archive.services import media_files_withhold
from tests.factories import DocumentFactory, TestimonyFactory
from tests.iiif_tests.conftest import gradient

pytestmark = pytest.mark.django_db


def manifest_links(client, record) -> set[str]:
    """The manifest addresses the record's English page gives: in its head for machines, in its body for people."""
    page = client.get(f"/en{record.get_absolute_url()}").content.decode()
    head, body = page.split("</head>", 1)
    alternate = re.findall(r'<link rel="alternate" type="application/ld\+json;profile=[^"]+" href="([^"]+)"', head)
    shown = re.findall(r'<a href="([^"]+)" type="application/ld\+json">IIIF manifest</a>', body)
    assert alternate == shown
    return set(shown)


def test_a_document_with_page_images_links_its_manifest_which_opens(client, attach_image):
    document = DocumentFactory()
    attach_image(document, gradient(300, 200))
    [link] = manifest_links(client, document)
    assert link == f"/iiif/{document.identifier}/manifest"
    assert client.get(link).status_code == 200


def test_a_testimony_with_a_recording_links_its_manifest_which_opens(client, attach_recording):
    testimony = TestimonyFactory()
    attach_recording(testimony)
    [link] = manifest_links(client, testimony)
    assert client.get(link).status_code == 200


def test_no_link_where_a_viewer_would_have_nothing_to_show(client, attach_recording):
    document, testimony = DocumentFactory(), TestimonyFactory()
    media_files_withhold(files=[attach_recording(testimony)], withheld=True, reason="consent")
    for record in (document, testimony):
        assert manifest_links(client, record) == set()
        assert client.get(f"/iiif/{record.identifier}/manifest").status_code == 404
