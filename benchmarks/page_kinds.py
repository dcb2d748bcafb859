"""The page kinds the page benchmarks measure, with real addresses from the archive just built, and how to
change what each shows (for a cold request)."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from benchmarks.served_site import Failure, Site

# --- the pages ------------------------------------------------------------------------------------------------


@dataclass
class Page:
    kind: str
    path: str
    goal: float | None  # warm requests/s as a share of hello world's, or None
    change: Callable[[], None]  # what the cold measurement saves before each request
    changed: str  # ... in words
    status: int | None = None
    error: str = ""
    warm: float | None = None
    hello_warm: float | None = None
    warm_notes: list[str] = field(default_factory=list)
    cold_ms: float | None = None
    hello_cold_ms: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.warm / self.hello_warm if self.warm and self.hello_warm else None

    @property
    def cold_ratio(self) -> float | None:
        return self.hello_cold_ms / self.cold_ms if self.cold_ms and self.hello_cold_ms else None

    @property
    def meets(self) -> bool | None:
        if self.goal is None:
            return None
        return self.ratio is not None and self.ratio >= self.goal


def saver(record, reason: str = "benchmarks/pages.py: cold request") -> Callable[[], None]:
    """Save ``record`` as an edit would: every post_save receiver runs (search's version, history, anything new)."""

    def save() -> None:
        record._change_reason = reason
        record.save()

    return save


def setup_django(site: Site) -> None:
    os.environ.update(site.env)
    import django

    django.setup()


def analyze_postgres() -> None:
    """What autovacuum does soon after a bulk load: statistics, and the visibility map of the new rows."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def pages_to_measure() -> tuple[list[Page], Callable[[], None], dict[str, str]]:
    """The page kinds with real paths from the archive just built, the change before a cold hello, and facts."""
    from django.db.models import Count, Q

    from archive.models import Document, Event, Place, Testimony, Victim
    from archive.names import az_upper
    from memorial.filters import AZ_LETTERS

    imported = Victim.objects.public().filter(is_demo=False)
    total = imported.count()
    if not total:
        raise Failure("no published victims after the import")
    victim = imported.order_by("identifier")[total // 2]
    common = (
        imported.exclude(surname_az="").values("surname_az").annotate(n=Count("pk")).order_by("-n", "surname_az")[0]
    )
    surname = common["surname_az"]
    surname_ru = (
        imported.filter(surname_az=surname).exclude(surname_ru="").values_list("surname_ru", flat=True).first()
        or "Мамедов"
    )
    letter = az_upper(surname[0])
    if letter not in AZ_LETTERS:
        letter = AZ_LETTERS[0]
    # The richest public testimony and document (the most transcript segments, files, named victims).
    testimony = (
        Testimony.objects.public()
        .annotate(parts=Count("segments", distinct=True) + Count("media", distinct=True))
        .order_by("-parts", "identifier")
        .first()
    )
    document = (
        Document.objects.public().annotate(parts=Count("media", distinct=True)).order_by("-parts", "identifier").first()
    )
    public_victims = Q(victims__in=Victim.objects.public())
    place = Place.objects.annotate(n=Count("victims", filter=public_victims)).order_by("-n", "slug").first()
    event = Event.objects.public().order_by("pk").first()

    save_victim = saver(victim)
    changes = {"victim": (save_victim, f"victim {victim.identifier}")}
    if testimony:
        changes["testimony"] = (saver(testimony), f"testimony {testimony.identifier}")
    if document:
        changes["document"] = (saver(document), f"document {document.identifier}")
    if place:
        changes["place"] = (saver(place), f"place {place.slug}")
    if event:
        changes["event"] = (saver(event), f"event #{event.pk}")

    def page(kind: str, path: str, goal: float | None, change: str) -> Page:
        save, words = changes.get(change, changes["victim"])
        return Page(kind, path, goal, save, words)

    q = urllib.parse.quote
    pages = [
        page("home", "/", 0.40, "victim"),
        page("victim list", "/victims/", 0.30, "victim"),
        page("victim list, fate and letter", f"/victims/?fate=killed&letter={q(letter)}", 0.30, "victim"),
        page("victim page", f"/victims/{victim.identifier}/", 0.40, "victim"),
        page("testimony list", "/testimonies/", None, "testimony"),
        page(
            "testimony page",
            f"/testimonies/{testimony.identifier}/" if testimony else "/testimonies/T-missing/",
            0.30,
            "testimony",
        ),
        page("document list", "/documents/", None, "document"),
        page(
            "document page",
            f"/documents/{document.identifier}/" if document else "/documents/D-missing/",
            None,
            "document",
        ),
        page("timeline", "/timeline/", None, "event"),
        page("places", "/places/", None, "place"),
        page("place page", f"/places/{place.slug}/" if place else "/places/missing/", None, "place"),
        page("statistics", "/statistics/", None, "victim"),
        page("search, Latin", f"/search/?q={q(surname)}", 0.12, "victim"),
        page("search, Cyrillic", f"/search/?q={q(surname_ru)}", 0.12, "victim"),
        page("feed", "/feeds/recent/", None, "testimony"),
        page("sitemap index", "/sitemap.xml", None, "victim"),
        page("sitemap, victims", "/sitemap-victims.xml", None, "victim"),
    ]
    facts = {"victims": f"{Victim.objects.public().count():,}", "victims_imported": f"{total:,}"}
    return pages, save_victim, facts
