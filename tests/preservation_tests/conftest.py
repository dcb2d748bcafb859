import pytest
from django.utils import translation

from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory
from tests.preservation_tests.helpers import attach_photo


@pytest.fixture(autouse=True)
def commands_read_in_english():
    """The commands speak the active language (the archive's, Azerbaijani, by default); these tests read English."""
    with translation.override("en"):
        yield


@pytest.fixture
def files():
    """A photograph stored for a victim, a document and a testimony, each with its thumbnail."""
    return [
        attach_photo(VictimFactory(), "navy"),
        attach_photo(DocumentFactory(), "olive"),
        attach_photo(TestimonyFactory(), "maroon"),
    ]
