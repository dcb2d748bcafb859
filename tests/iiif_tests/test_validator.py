"""The IIIF Consortium's Image API validator (``iiif-validator``, pinned in requirements-dev.txt) against the image
service, served by a live server on this machine: every test of compliance level 0 for version 3.0, and the level 1
tests of what the service does beyond it (CORS, the JSON-LD media type, the base address's redirect).

The validator fetches one image, the conformance image its identifier names (data/README.md): ten by ten squares of
known colours, which its ``id_squares`` test samples. Here that image is a public document's page, taken in as
curators take pages in, its tiles made by the background task, under the identifier the validator's own server uses
(it is a UUID, as the archive's file keys are). It runs through the validator's Python API, which is what its
``iiif-validate.py`` command runs (one ``ImageAPI`` per test), with no network beyond this machine.
"""

from __future__ import annotations

from urllib.parse import urlsplit
from uuid import UUID

import pytest
from iiif_validator.validator import ImageAPI, TestSuite, ValidationInfo

from archive.models import MediaFile, Status
from tests.factories import DocumentFactory
from tests.iiif_tests.conftest import CONFORMANCE_IMAGE

IDENTIFIER = "67352ccc-d1b0-11e1-89ae-279075081939"
BEYOND_LEVEL_0 = ("cors", "jsonld", "baseurl_redirect")


def level_0_tests() -> list[str]:
    tests = TestSuite(ValidationInfo()).list_tests("3.0")
    return sorted(name for name, facts in tests.items() if facts["level"] == 0)


def validate(live_server, name: str) -> ImageAPI:
    server = urlsplit(live_server.url).netloc
    result = ImageAPI(IDENTIFIER, server, prefix="iiif/image", scheme="http", version="3.0", debug=False)
    TestSuite(ValidationInfo()).run_test(name, result)
    return result


@pytest.fixture
def conformance_page(attach_image):
    document = DocumentFactory(status=Status.PUBLISHED)
    page = attach_image(document, CONFORMANCE_IMAGE.read_bytes())
    MediaFile.objects.filter(pk=page.pk).update(key=UUID(IDENTIFIER))
    return page


def test_the_validator_knows_the_level_0_tests_this_runs():
    """If a new release of the validator adds a level 0 test, it runs here too; these are the ones 1.0.5 has."""
    assert {"info_json", "id_basic", "id_squares", "format_jpg", "size_nofull"} <= set(level_0_tests())


@pytest.mark.django_db(transaction=True)
def test_the_image_service_passes_the_iiif_validator_at_level_0(live_server, conformance_page):
    failures = {}
    for name in [*level_0_tests(), *BEYOND_LEVEL_0]:
        result = validate(live_server, name)
        if result.exception is not None:
            failures[name] = f"{result.exception} ({result.urls})"
        else:
            assert result.tests, name  # it checked something
    assert failures == {}


@pytest.mark.django_db(transaction=True)
def test_the_validator_fails_an_image_the_public_may_not_see(live_server, conformance_page):
    """The same run against the page of a document taken back to draft: nothing is served, and the validator says
    so (this test shows that the one above can fail)."""
    type(conformance_page.document).objects.filter(pk=conformance_page.document_id).update(status=Status.DRAFT)
    for name in ("info_json", "id_basic"):
        result = validate(live_server, name)
        assert result.exception is not None, name
        assert result.last_status == 404
