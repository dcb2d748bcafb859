import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def commands_read_in_english():
    """The commands speak the active language (the archive's, Azerbaijani, by default); these tests read English."""
    with translation.override("en"):
        yield
