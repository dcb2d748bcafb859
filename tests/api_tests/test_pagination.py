"""Lists in pages: a walk by cursors gives every public record once, in order, at a fixed cost per page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Access, MediaFile, Status
from tests.api_tests.conftest import api
from tests.factories import (
    DocumentFactory,
    EventFactory,
    NameVariantFactory,
    PlaceFactory,
    SourceFactory,
    TestimonyFactory,
    VictimFactory,
)
from tests.memorial_tests.test_records import attach, png_bytes

pytestmark = pytest.mark.django_db


def walk(client, path: str, **params) -> list[dict]:
    """Every row of a list, following ``next`` from the first page to the last."""
    rows, response = [], api(client, path, **params)
    seen_pages = 0
    while True:
        assert response.status_code == 200, response.content
        rows += response.data["results"]
        seen_pages += 1
        assert seen_pages < 100
        if response.data["next"] is None:
            return rows
        assert response.data["count"] == len(rows) or len(rows) < response.data["count"]
        response = client.get(response.data["next"])
        response.data = response.json()


def test_walking_the_victims_by_cursor_gives_the_public_set_in_name_order(client, db):
    for surname in ["Zeynalov", "Əliyev", "Abbasov", "Əliyev", "Əliyev", "Cəfərov", "Çələbi"]:
        VictimFactory(surname_az=surname)  # three share a surname: the identifier breaks the tie
    VictimFactory(status=Status.DRAFT)
    VictimFactory(access=Access.PRIVATE)
    public = list(VictimFactory._meta.model.objects.public().order_by("sort_key", "identifier"))

    rows = walk(client, "victims", limit=2)

    assert [row["identifier"] for row in rows] == [victim.identifier for victim in public]
    assert [row["names"]["az"]["surname"] for row in rows][:4] == ["Abbasov", "Cəfərov", "Çələbi", "Əliyev"]


def test_the_next_link_keeps_the_filters(client, db):
    place = PlaceFactory(slug="baku")
    for _ in range(5):
        VictimFactory(incident_place=place)
    VictimFactory()

    first = api(client, "victims", place="baku", limit=2)
    assert "place=baku" in first.data["next"] and first.data["count"] == 5
    assert len(walk(client, "victims", place="baku", limit=2)) == 5


@pytest.mark.parametrize(
    ("path", "make", "key"),
    [
        ("testimonies", lambda n: TestimonyFactory(), "identifier"),
        ("documents", lambda n: DocumentFactory(), "identifier"),
        ("events", lambda n: EventFactory(key=f"e{n}", date=f"1990-01-{10 + n % 3}"), "key"),
        ("places", lambda n: PlaceFactory(description_en="Described."), "slug"),
        ("sources", lambda n: VictimFactory().sources.add(SourceFactory()), "key"),
    ],
)
def test_every_list_walks_to_its_whole_public_set(client, db, path, make, key):
    for n in range(7):
        make(n)
    everything = [row[key] for row in api(client, path, limit=200).data["results"]]
    assert len(everything) == 7

    walked = [row[key] for row in walk(client, path, limit=3)]

    assert walked == everything


def test_a_record_published_during_a_walk_is_seen_once_and_nothing_repeats(client, db):
    victims = [VictimFactory(surname_az=f"Ad{letter}") for letter in "ABCDEF"]
    first = api(client, "victims", limit=3)
    late = VictimFactory(surname_az="AdB", given_name_az="Sonra")  # sorts inside the first page: behind the cursor
    rest = client.get(first.data["next"]).json()
    seen = [row["identifier"] for row in first.data["results"] + rest["results"]]
    assert sorted(seen) == sorted(victim.identifier for victim in victims)  # no row twice, none skipped
    assert late.identifier not in seen


def test_a_cursor_changed_or_from_another_list_is_refused(client, db):
    for _ in range(3):
        VictimFactory()
        DocumentFactory()
    cursor = api(client, "victims", limit=1).data["next"].split("cursor=")[1]

    assert api(client, "documents", cursor=cursor).status_code == 400
    tampered = api(client, "victims", cursor="x" + cursor[1:])
    assert tampered.status_code == 400 and tampered.data["errors"][0]["parameter"] == "cursor"
    assert api(client, "victims", cursor="not a cursor").status_code == 400


@pytest.mark.parametrize("path", ["victims", "testimonies", "documents", "places", "events", "sources"])
def test_a_list_page_costs_the_same_queries_whatever_its_size(client, db, settings, path):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own cost, not the cache's
    place = PlaceFactory(slug="baku", description_en="Described.")
    source = SourceFactory()
    for n in range(12):
        victim = VictimFactory(incident_place=place, burial_place=place)
        NameVariantFactory(victim=victim)
        victim.sources.add(source)
        attach(victim, png_bytes(), "portrait.png", MediaFile.Role.PORTRAIT)
        testimony = TestimonyFactory(recorded_place=place)
        testimony.victims.add(victim)
        DocumentFactory().victims.add(victim)
        EventFactory(key=f"event-{n}", place=place).sources.add(source)
        PlaceFactory(parent=place, description_en="A street.")
        SourceFactory().places.add(place)

    def cost(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api(client, path, limit=limit)
        assert response.status_code == 200 and len(response.data["results"]) == min(limit, response.data["count"])
        return len(captured)

    assert cost(2) == cost(10) <= 6  # the count, the rows, and one query per kind of related row
