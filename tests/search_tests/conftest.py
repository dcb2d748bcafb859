import pytest

from search import selectors


@pytest.fixture
def found():
    """Identifiers found for a query, best first (all kinds, one long page)."""

    def run(q: str, **filters) -> list[str]:
        results = selectors.search(q, selectors.Filters(**filters), page_size=1000)
        return [hit.identifier for hit in results.hits]

    return run
