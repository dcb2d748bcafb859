import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english():
    """Service tests read messages; they must not depend on whether the catalogues are compiled."""
    with translation.override("en"):
        yield
