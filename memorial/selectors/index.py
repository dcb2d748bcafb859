"""A testimony's index as the public sees it, and the moments of public testimonies that speak of a victim.

Index text is like the transcript: shown only where the testimony's media are open (``shows_media``), since a
point's partial transcript and synopsis tell what the recording says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from archive.models import Document, DocumentIndexPoint, IndexPoint, MediaFile, Place, Testimony, Victim
from memorial.selectors.common import listed


@dataclass(frozen=True)
class IndexEntry:
    """A point of the index with where it ends: the next point, else the recording's end (None if unknown)."""

    pk: int
    start: Decimal
    end: Decimal | None
    title: str
    title_language: str
    partial_transcript: str
    synopsis: str
    keywords: list[str]
    subjects: list[str]
    victims: list[Victim] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    links: list = field(default_factory=list)
    latitude: Decimal | None = None
    longitude: Decimal | None = None

    @property
    def seconds(self) -> str:
        """The time as the page's address names it (``?t=754``)."""
        return f"{self.start.normalize():f}"

    @property
    def anchor(self) -> str:
        return f"point-{self.pk}"


def index_points(testimony: Testimony) -> QuerySet[IndexPoint]:
    """The points with what the page shows of them: public victims, places, links (four queries)."""
    return testimony.index_points.prefetch_related(
        Prefetch("victims", queryset=listed(Victim.objects.public()), to_attr="public_victims"),
        "places",
        "hyperlinks",
    )


def index_entries(points: list[IndexPoint], duration: Decimal | None) -> list[IndexEntry]:
    """Each point ending where the next begins; the last where the recording ends."""
    entries = []
    for position, point in enumerate(points):
        following = points[position + 1].time if position + 1 < len(points) else None
        end = following if following is not None else (duration if duration and duration > point.time else None)
        title, language = point.translated("title")
        entries.append(
            IndexEntry(
                pk=point.pk,
                start=point.time,
                end=end,
                title=title,
                title_language=language,
                partial_transcript=point.translated("partial_transcript")[0],
                synopsis=point.translated("synopsis")[0],
                keywords=point.keyword_list("keywords"),
                subjects=point.keyword_list("subjects"),
                victims=getattr(point, "public_victims", []),
                places=list(point.places.all()),
                links=list(point.hyperlinks.all()),
                latitude=point.latitude,
                longitude=point.longitude,
            )
        )
    return entries


@dataclass(frozen=True)
class Moment:
    """A moment of a public testimony that speaks of a victim: where the testimony's page opens."""

    testimony: Testimony
    start: Decimal
    title: str
    anchor: str

    @property
    def seconds(self) -> str:
        return f"{self.start.normalize():f}"


def victim_moments(victim: Victim) -> list[Moment]:
    """The index points linked to the victim in public testimonies whose media are open: one query."""
    points = (
        IndexPoint.objects.filter(victims=victim, testimony__in=Testimony.objects.with_public_media())
        .select_related("testimony")
        .order_by("testimony__identifier", "time", "pk")
    )
    return [
        Moment(
            testimony=point.testimony, start=point.time, title=point.translated("title")[0], anchor=f"point-{point.pk}"
        )
        for point in points
    ]


# --- a document's index ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageEntry:
    """A point of a document's index as its page shows it: the page's number among the pages shown (None when the
    point is on the whole document, or its page is not shown)."""

    pk: int
    page_number: int | None
    title: str
    title_language: str
    synopsis: str
    keywords: list[str]
    victims: list[Victim] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"index-point-{self.pk}"


def document_index(document: Document, pages: list[MediaFile]) -> list[PageEntry]:
    """The document's index points, in the order of its pages, with their public people (two queries at most).
    ``pages``: the page images the public may see, in the order the page shows them."""
    numbers = {media.pk: number for number, media in enumerate(pages, start=1)}
    points = document.index_points.select_related("page").prefetch_related(
        Prefetch("victims", queryset=listed(Victim.objects.public()), to_attr="public_victims")
    )
    entries = []
    for point in points:
        title, language = point.translated("title")
        entries.append(
            PageEntry(
                pk=point.pk,
                page_number=numbers.get(point.page_id),
                title=title,
                title_language=language,
                synopsis=point.translated("synopsis")[0],
                keywords=point.keyword_list(),
                victims=point.public_victims,
            )
        )
    # Pages in their order, then the points on the whole document (or on a page not shown).
    return sorted(entries, key=lambda entry: (entry.page_number is None, entry.page_number or 0))


@dataclass(frozen=True)
class DocumentMention:
    """A point of a public document's index that speaks of a victim: where the document's page opens."""

    document: Document
    title: str
    anchor: str


def victim_document_mentions(victim: Victim) -> list[DocumentMention]:
    """The index points linked to the victim in public documents whose files are open: one query."""
    points = (
        DocumentIndexPoint.objects.filter(victims=victim, document__in=Document.objects.with_public_media())
        .select_related("document")
        .order_by("document__identifier", "pk")
    )
    return [
        DocumentMention(document=point.document, title=point.translated("title")[0], anchor=f"index-point-{point.pk}")
        for point in points
    ]
