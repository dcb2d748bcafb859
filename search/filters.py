"""What a search asks for besides its words: the kind, the facets chosen, the sort, as they live in the URL.

Read by the search page's selectors and facets alike (a leaf of ``search``: it imports neither).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from archive.kinds import PLURALS, RECORD_KINDS
from archive.models import Victim
from archive.models.records import LANGUAGE_CHOICES

KINDS = PLURALS  # the ``kind`` parameter's values, in links and the API: the kinds' plurals
SORTS = {"relevance": _("Relevance"), "name": _("Name"), "date": _("Date")}
# Which kinds a facet applies to. A facet that does not apply to a kind leaves that kind out.
FACET_KINDS = {
    "fate": {"victims"},
    "place": {kind.plural for kind in RECORD_KINDS if kind.place_field},
    "language": {"testimonies"},
    "year": set(KINDS),
    "media": set(KINDS),
}


@dataclass(frozen=True)
class Filters:
    """The facets, sort and page, as they live in the URL."""

    kind: str = ""
    fate: str = ""
    place: str = ""
    language: str = ""
    year: int | None = None
    media: bool = False
    sort: str = "relevance"

    @classmethod
    def from_params(cls, params) -> Filters:
        """Unknown values are ignored rather than refused: a mistyped link still shows results."""
        year = params.get("year", "")
        return cls(
            kind=params.get("kind", "") if params.get("kind") in KINDS else "",
            fate=params.get("fate", "") if params.get("fate") in Victim.Fate.values else "",
            place=params.get("place", "")[:100],
            language=params.get("language", "") if params.get("language") in dict(LANGUAGE_CHOICES) else "",
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            media=params.get("media") == "1",
            sort=params.get("sort") if params.get("sort") in SORTS else "relevance",
        )

    def active(self) -> dict[str, str]:
        values = {
            "kind": self.kind,
            "fate": self.fate,
            "place": self.place,
            "language": self.language,
            "year": str(self.year) if self.year else "",
            "media": "1" if self.media else "",
            "sort": "" if self.sort == "relevance" else self.sort,
        }
        return {name: value for name, value in values.items() if value}

    def kinds(self) -> list[str]:
        """The kinds this search covers: the chosen one, less any a chosen facet does not apply to."""
        kinds = [self.kind] if self.kind else list(KINDS)
        for facet, applies in FACET_KINDS.items():
            if self.active().get(facet):
                kinds = [kind for kind in kinds if kind in applies]
        return kinds

    def url(self, q: str, **changes) -> str:
        params = {"q": q, **replace(self, **changes).active()} if changes else {"q": q, **self.active()}
        return "?" + urlencode(params)
