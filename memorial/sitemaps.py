"""The sitemap: every public record and the fixed pages, each in the three languages with hreflang alternates.

``/sitemap.xml`` is an index of sections (``/sitemap-victims.xml?p=2``...), each page at most ``URLS_A_PAGE``
``<url>`` entries (three for each record, one a language): crawlers read it a page at a time, and a page costs
a bounded time to make however large the archive grows.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from archive.kinds import RECORD_KINDS
from archive.models import Document, Testimony, Victim


class _InAllLanguages(Sitemap):
    i18n = True  # one <url> per language…
    alternates = True  # …each naming its translations (hreflang)…
    x_default = True  # …and the unprefixed Azerbaijani page as the default


URLS_A_PAGE = 6000


class RecordSitemap(_InAllLanguages):
    """Public records of one model: ``objects.public()`` decides, as everywhere else."""

    model: type[Victim | Testimony | Document]
    limit = URLS_A_PAGE

    def __init__(self, model: type[Victim | Testimony | Document]) -> None:
        self.model = model

    def items(self) -> QuerySet:
        return self.model.objects.public().only("identifier", "updated_at").order_by("identifier")

    def lastmod(self, record) -> datetime:
        return record.updated_at


# The list and about pages. Some list pages arrive with other parts of the site; a name that does not
# route yet is left out rather than breaking the whole sitemap.
FIXED_PAGES = (
    "home",
    *(kind.plural for kind in RECORD_KINDS),  # each kind's list page is named by its plural
    "timeline",
    "places",
    "about",
    "methodology",
    "terms",
    "privacy",
)


class FixedPageSitemap(_InAllLanguages):
    def items(self) -> list[str]:
        return [name for name in FIXED_PAGES if _routes(f"memorial:{name}")]

    def location(self, name: str) -> str:
        return reverse(f"memorial:{name}")


def _routes(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


SITEMAPS = {
    "pages": FixedPageSitemap(),
    **{kind.plural: RecordSitemap(kind.model) for kind in RECORD_KINDS},
}
