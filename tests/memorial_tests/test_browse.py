"""The pages that list, filter and count: home, names, testimonies, documents, timeline, places, statistics."""

import hashlib
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from archive.models import Access, Event, MediaFile, Place, Status, Testimony
from tests.factories import (
    DocumentFactory,
    EventFactory,
    PlaceFactory,
    SourceFactory,
    TestimonyFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db

DEMO_WARNING_EN = "This page shows invented demonstration data — not real people"
PAGES = ["/", "/victims/", "/testimonies/", "/documents/", "/timeline/", "/places/", "/statistics/"]


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def names_on(page: str) -> list[str]:
    return re.findall(r'class="record__name" href="[^"]+">([^<]+)</a>', page)


def option(page: str, name: str, value: str) -> str:
    """The text of one <option> of the filter ``name``, e.g. "Killed (3)"."""
    select = re.search(rf'<select id="filter-{name}" name="{name}">(.*?)</select>', page, re.S)
    assert select, name
    found = re.search(rf'<option value="{re.escape(value)}"[^>]*>([^<]*)</option>', select.group(1))
    return found.group(1) if found else ""


def attach(record, *, role: str, kind: str = MediaFile.Kind.IMAGE) -> MediaFile:
    content = b"stored bytes " + role.encode()
    digest = hashlib.sha256(content).hexdigest()
    media = MediaFile(
        role=role,
        kind=kind,
        content_type="image/jpeg" if kind == MediaFile.Kind.IMAGE else "audio/mpeg",
        size=len(content),
        sha256=digest,
        source_sha256=digest,
        **{record._meta.model_name: record},
    )
    media.file.save("upload.bin", ContentFile(content), save=False)
    media.save()
    return media


def hidden_testimonies() -> dict[str, Testimony]:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return {
        "draft": TestimonyFactory(title="Qaralama ifadə", status=Status.DRAFT, languages=["ru"]),
        "private": TestimonyFactory(title="Gizli ifadə", access=Access.PRIVATE, languages=["ru"]),
        "embargoed": TestimonyFactory(title="Möhlətli ifadə", embargo_until=tomorrow, languages=["ru"]),
        "withdrawn": TestimonyFactory(title="Geri çəkilmiş ifadə", status=Status.WITHDRAWN, languages=["ru"]),
        "archive_only": TestimonyFactory(
            title="Arxiv ifadəsi", narrator_consent=Testimony.Consent.ARCHIVE_ONLY, languages=["ru"]
        ),
    }


def hidden_victims(**fields) -> list:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return [
        VictimFactory(surname_az="Qaralamov", status=Status.DRAFT, **fields),
        VictimFactory(surname_az="Gizliyev", access=Access.PRIVATE, **fields),
        VictimFactory(surname_az="Möhlətov", embargo_until=tomorrow, **fields),
        VictimFactory(surname_az="Geriçəkilmiş", status=Status.WITHDRAWN, **fields),
    ]


def select_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(1 for query in queries if query["sql"].lstrip().upper().startswith("SELECT"))


def some_records(count: int) -> None:
    """``count`` of each kind of record, each victim with its own place and all of them tied to "common"."""
    common = Place.objects.get_or_create(slug="common", defaults={"name_az": "Ümumi yer"})[0]
    for index in range(count):
        place = PlaceFactory(latitude=40 + index / 100, longitude=49 + index / 100)
        victim = VictimFactory(incident_place=place, burial_place=common, birth_date="1960", gender="m")
        attach(victim, role=MediaFile.Role.PORTRAIT)
        testimony = TestimonyFactory(recorded_place=common, recorded_date="2020")
        testimony.victims.add(victim)
        attach(testimony, role=MediaFile.Role.RECORDING, kind=MediaFile.Kind.AUDIO)
        DocumentFactory(date="1990-01")
        EventFactory(place=common).sources.add(SourceFactory())


# Every page


@pytest.mark.parametrize("language", ["", "/en", "/ru"])
@pytest.mark.parametrize("path", [*PAGES, "/victims/?print=1"])
def test_every_page_loads_in_each_language(client, language, path):
    some_records(2)
    page = html(client.get(language + path))
    assert 'id="main"' in page
    assert f'<html lang="{language.strip("/") or "az"}">' in page


# The queries each page makes when it is computed (the page cache in front turned off), whatever the records.
QUERIES = {
    "/": 3,  # figures by fate, recent testimonies, the events the home cites (none here, so no sources)
    "/victims/": 5,  # fate × gender × place groups, the places named, the letters, the page, its portraits
    "/testimonies/": 2,  # the groups of every filter, the page
    "/documents/": 2,
    "/timeline/": 2,  # the events, their sources
    "/places/": 2,  # victims grouped by place, the places with their testimonies and events
    "/statistics/": 3,  # fate × gender × place groups, the places named, the ages
    "/victims/?fate=killed&age_min=20&died_to=1990-12-31": 5,
    "/victims/?print=1": 5,
    "/testimonies/?language=az&kind=audio&year=2020&media=true": 2,
    "/documents/?kind=letter&year=1990&media=false": 2,
    "/places/common/": 5,  # the place, its victims and burials, testimonies, events, sources
}


@pytest.mark.parametrize(("path", "expected"), QUERIES.items())
def test_each_page_makes_the_same_few_queries_for_3_and_60_records(client, settings, path, expected):
    settings.PAGE_CACHE_SECONDS = 0
    some_records(3)
    few = select_count(client, path)
    some_records(57)
    many = select_count(client, path)
    assert (few, many) == (expected, expected), path


def test_navigation_links_to_every_list(client):
    page = html(client.get("/en/"))
    for path in [
        "/en/victims/",
        "/en/testimonies/",
        "/en/documents/",
        "/en/timeline/",
        "/en/places/",
        "/en/statistics/",
    ]:
        assert f'href="{path}"' in page


# Home


def test_home_cites_the_toll_from_the_timeline_with_its_sources(client):
    call_command("load_history", stdout=None)
    toll = Event.objects.get(key="1990-01-toll")
    page = html(client.get("/en/"))
    assert "The toll: official and other counts" in page
    sources = list(toll.sources.all())
    assert sources
    for source in sources:
        assert escape(source.title) in page
        if source.url:
            assert f'href="{source.url}"' in page
    assert "/en/timeline/" in page


def test_home_shows_figures_computed_from_public_records_only(client):
    VictimFactory.create_batch(2, fate="missing")
    hidden_victims(fate="missing")
    page = html(client.get("/en/"))
    assert "<dt>Missing</dt><dd>2</dd>" in page


def test_home_offers_search_and_sharing_in_the_visitors_language(client):
    page = html(client.get("/en/"))
    assert 'action="/en/search/"' in page and 'name="q"' in page
    assert 'href="/en/submit/"' in page
    assert 'action="/search/"' in html(client.get("/"))


# The names: filters and facets


def test_fate_place_and_gender_filters_combine(client):
    baku, ganja = PlaceFactory(slug="baki", name_en="Baku"), PlaceFactory(slug="gence", name_en="Ganja")
    VictimFactory(surname_az="Birinci", fate="killed", incident_place=baku, gender="m")
    VictimFactory(surname_az="İkinci", fate="killed", incident_place=baku, gender="f")
    VictimFactory(surname_az="Üçüncü", fate="injured", incident_place=baku, gender="m")
    VictimFactory(surname_az="Dördüncü", fate="killed", incident_place=ganja, gender="m")
    page = html(client.get("/en/victims/", {"fate": "killed", "place": "baki"}))
    assert [name.split()[0] for name in names_on(page)] == ["Birinci", "İkinci"]
    page = html(client.get("/en/victims/", {"fate": "killed", "place": "baki", "gender": "f"}))
    assert [name.split()[0] for name in names_on(page)] == ["İkinci"]


def test_facet_counts_respect_the_other_filters_but_not_their_own(client):
    baku, ganja = PlaceFactory(slug="baki", name_en="Baku"), PlaceFactory(slug="gence", name_en="Ganja")
    VictimFactory.create_batch(3, fate="killed", incident_place=baku)
    VictimFactory.create_batch(2, fate="injured", incident_place=baku)
    VictimFactory(fate="killed", incident_place=ganja)
    hidden_victims(fate="killed", incident_place=baku)
    page = html(client.get("/en/victims/", {"place": "baki"}))
    assert option(page, "fate", "killed") == "Killed (3)"
    assert option(page, "fate", "injured") == "Injured (2)"
    assert option(page, "place", "gence") == "Ganja (1)"  # the place facet ignores the place filter itself
    page = html(client.get("/en/victims/", {"place": "baki", "fate": "killed"}))
    assert option(page, "place", "baki") == "Baku (3)"
    assert option(page, "place", "gence") == "Ganja (1)"
    assert option(page, "fate", "injured") == "Injured (2)"


def test_a_place_with_only_hidden_victims_is_not_a_filter_choice(client):
    secret = PlaceFactory(slug="gizli-yer", name_en="Secret place")
    hidden_victims(incident_place=secret)
    VictimFactory()
    assert "Secret place" not in html(client.get("/en/victims/"))


def test_age_filter_includes_an_uncertain_age_that_can_fall_in_the_range(client):
    VictimFactory(surname_az="Dəqiqov", birth_date="1960-02-01", death_date="1990-01-20")  # 29
    VictimFactory(surname_az="Təxminov", birth_date="1960", death_date="1990-01-20")  # 29 or 30
    VictimFactory(surname_az="Gəncov", birth_date="1970-06-01", death_date="1990-01-20")  # 19
    VictimFactory(surname_az="Naməlumov", birth_date="", death_date="1990-01-20")  # age unknown
    page = html(client.get("/en/victims/", {"age_min": 30, "age_max": 40}))
    assert [name.split()[0] for name in names_on(page)] == ["Təxminov"]
    page = html(client.get("/en/victims/", {"age_min": 25, "age_max": 29}))
    assert [name.split()[0] for name in names_on(page)] == ["Dəqiqov", "Təxminov"]
    page = html(client.get("/en/victims/", {"age_max": 20}))
    assert [name.split()[0] for name in names_on(page)] == ["Gəncov"]


def test_date_of_death_filter_keeps_a_partial_date_that_can_fall_in_it(client):
    VictimFactory(surname_az="Yanvarov", death_date="1990-01-20")
    VictimFactory(surname_az="Ayov", death_date="1990-01")
    VictimFactory(surname_az="Martov", death_date="1990-03-02")
    page = html(client.get("/en/victims/", {"died_from": "1990-01-25", "died_to": "1990-02-28"}))
    assert [name.split()[0] for name in names_on(page)] == ["Ayov"]
    page = html(client.get("/en/victims/", {"died_to": "1990-01-20"}))
    assert [name.split()[0] for name in names_on(page)] == ["Ayov", "Yanvarov"]


def test_a_filter_value_that_makes_no_sense_is_reported_not_applied(client):
    VictimFactory(surname_az="Qalanov")
    page = html(client.get("/en/victims/", {"age_min": "many", "fate": "killed"}))
    assert "Qalanov" in page
    assert 'role="alert"' in page


@pytest.mark.parametrize(
    ("letter", "expected"),
    [("Ç", "Çələbiyev"), ("C", "Cəfərov"), ("Ə", "Əliyev"), ("I", "Işıqlı"), ("İ", "İsmayılov"), ("Ö", "Özbəyov"),
     ("Ş", "Şirinov"), ("Ü", "Ümidov"), ("O", "Orucov"), ("S", "Səmədov"), ("U", "Uğurlu"), ("E", "Eldarov")],
)  # fmt: skip
def test_letter_jump_finds_surnames_by_their_azerbaijani_first_letter(client, letter, expected):
    surnames = ["Çələbiyev", "Cəfərov", "Əliyev", "Eldarov", "Işıqlı", "İsmayılov", "Özbəyov", "Orucov", "Şirinov",
                "Səmədov", "Ümidov", "Uğurlu"]  # fmt: skip
    for surname in surnames:
        VictimFactory(surname_az=surname, given_name_az="Ad")
    page = html(client.get("/en/victims/", {"letter": letter}))
    assert [name.split()[0] for name in names_on(page)] == [expected]


def test_letters_without_names_are_disabled_and_links_keep_the_filters(client):
    VictimFactory(surname_az="Çələbiyev", fate="injured")
    VictimFactory(surname_az="Əliyev", fate="killed")
    page = html(client.get("/en/victims/", {"fate": "killed"}))
    letters = page[page.index('class="letters"') : page.index("</nav>", page.index('class="letters"'))]
    assert '<a role="link" aria-disabled="true" class="letters__empty">Ç</a>' in letters  # none killed under Ç
    assert re.search(r'href="\?fate=killed&amp;letter=%C6%8F"[^>]*>Ə</a>', letters)
    assert '<a role="link" aria-disabled="true" class="letters__empty">Z</a>' in letters
    assert len(re.findall(r"<li>", letters)) == 33  # "All" and the 32 letters of the Azerbaijani alphabet


def test_paging_keeps_the_filters(client):
    VictimFactory.create_batch(51, fate="killed")
    VictimFactory.create_batch(3, fate="injured")
    first = html(client.get("/en/victims/", {"fate": "killed"}))
    assert first.count('class="record"') == 50
    assert 'href="?fate=killed&amp;page=2"' in first
    second = html(client.get("/en/victims/", {"fate": "killed", "page": 2}))
    assert second.count('class="record"') == 1
    assert 'href="?fate=killed&amp;page=1"' in second


def test_printable_list_has_every_matching_name_on_one_page(client):
    VictimFactory.create_batch(55, fate="killed")
    VictimFactory(fate="injured", surname_az="Yaralıyev")
    page = html(client.get("/en/victims/", {"fate": "killed", "print": "1"}))
    assert page.count('class="record"') == 55
    assert "Yaralıyev" not in page
    assert 'class="pagination"' not in page
    assert '<form class="filters"' not in page
    stylesheet = Path(__file__).parents[2] / "memorial/static/memorial/site.css"
    assert "@media print" in stylesheet.read_text()  # and the site around the names is left off paper


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's limit on a statement's parameters")
def test_printable_list_of_more_names_than_sqlite_takes_parameters(client):
    """SQLite takes at most 32,766 parameters in a statement: the names of every victim of a large archive, with
    their portraits, must not be sent as one list of keys. The limit is lowered here to say so with 40 names."""
    import sqlite3

    victims = VictimFactory.create_batch(40, fate="killed")
    portrait = attach(victims[-1], role=MediaFile.Role.PORTRAIT)
    connection.ensure_connection()
    before = connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 30)
    try:
        page = html(client.get("/en/victims/", {"print": "1"}))
    finally:
        connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)
    assert page.count('class="record"') == 40
    assert portrait.get_absolute_url() in page


def test_portrait_thumbnail_only_for_victims_whose_media_are_public(client):
    shown = VictimFactory(surname_az="Açıqov")
    closed = VictimFactory(surname_az="Bağlıyev", access=Access.METADATA)
    portrait = attach(shown, role=MediaFile.Role.PORTRAIT)
    closed_portrait = attach(closed, role=MediaFile.Role.PORTRAIT)
    page = html(client.get("/en/victims/"))
    assert "Bağlıyev" in page
    assert portrait.get_absolute_url() in page
    assert closed_portrait.get_absolute_url() not in page
    assert str(closed_portrait.key) not in page


# Testimonies and documents


def test_testimony_filters_combine_with_counts(client):
    audio = TestimonyFactory(title="Səsli ifadə", languages=["az"], recorded_date="1990-02")
    attach(audio, role=MediaFile.Role.RECORDING, kind=MediaFile.Kind.AUDIO)
    TestimonyFactory(title="Yazılı ifadə", languages=["az", "ru"], recorded_date="2005")
    TestimonyFactory(title="Rusca ifadə", languages=["ru"], recorded_date="1990")
    hidden_testimonies()
    page = html(client.get("/en/testimonies/", {"language": "az"}))
    assert names_on(page) == ["Yazılı ifadə", "Səsli ifadə"]
    assert option(page, "language", "ru") == "Russian (2)"  # hidden ones, all in Russian, are not counted
    assert option(page, "kind", "audio") == "Audio recording (1)"
    page = html(client.get("/en/testimonies/", {"language": "az", "kind": "written"}))
    assert names_on(page) == ["Yazılı ifadə"]
    page = html(client.get("/en/testimonies/", {"year": 1990}))
    assert sorted(names_on(page)) == ["Rusca ifadə", "Səsli ifadə"]
    assert option(page, "year", "2005") == "2005 (1)"
    page = html(client.get("/en/testimonies/", {"media": "true"}))
    assert names_on(page) == ["Səsli ifadə"]


def test_metadata_only_testimony_is_listed_without_media(client):
    closed = TestimonyFactory(title="Qapalı ifadə", access=Access.METADATA)
    recording = attach(closed, role=MediaFile.Role.RECORDING, kind=MediaFile.Kind.AUDIO)
    page = html(client.get("/en/testimonies/"))
    assert "Qapalı ifadə" in page
    assert "Description only" in page
    assert "/files/" not in page and str(recording.key) not in page
    assert option(page, "media", "true") == "Yes (0)"
    assert names_on(html(client.get("/en/testimonies/", {"media": "true"}))) == []


@pytest.mark.parametrize("state", ["draft", "private", "embargoed", "withdrawn", "archive_only"])
def test_hidden_testimony_is_in_no_list_count_or_facet(client, state):
    place = PlaceFactory(slug="yer", name_en="The place")
    victim = VictimFactory(incident_place=place)
    TestimonyFactory(title="Görünən ifadə", languages=["az"])
    testimony = hidden_testimonies()[state]
    testimony.recorded_place = place
    testimony.save()
    testimony.victims.add(victim)
    listing = html(client.get("/en/testimonies/"))
    assert testimony.title not in listing and testimony.identifier not in listing
    assert "1 testimony." in listing
    assert option(listing, "language", "ru") == "Russian (0)"
    for url in ["/en/", "/en/places/", "/en/places/yer/", "/en/statistics/"]:
        page = html(client.get(url))
        assert testimony.title not in page, url
        assert "testimony recorded" not in page and "testimonies recorded" not in page, url


def test_document_filters_combine_with_counts(client):
    letter = DocumentFactory(title="Məktub", kind="letter", date="1990-01-25")
    attach(letter, role=MediaFile.Role.PAGE)
    DocumentFactory(title="Qəzet", kind="newspaper", date="1990-01-21")
    DocumentFactory(title="Arayış", kind="certificate", date="1992")
    DocumentFactory(title="Gizli sənəd", kind="letter", date="1990", status=Status.DRAFT)
    DocumentFactory(title="Qapalı məktub", kind="letter", date="1990", access=Access.METADATA)
    page = html(client.get("/en/documents/", {"year": 1990}))
    assert names_on(page) == ["Qapalı məktub", "Qəzet", "Məktub"]
    assert option(page, "kind", "letter") == "Letter (2)"
    assert option(page, "year", "1992") == "1992 (1)"
    page = html(client.get("/en/documents/", {"year": 1990, "kind": "letter", "media": "true"}))
    assert names_on(page) == ["Məktub"]
    assert "Gizli sənəd" not in html(client.get("/en/documents/"))


# Timeline and places


def test_timeline_lists_public_events_in_order_with_place_and_sources(client):
    baku = PlaceFactory(slug="baki", name_en="Baku")
    later = EventFactory(title_en="Funerals", date="1990-01-22", place=baku)
    EventFactory(title_en="Troops enter", date="1990-01-19/1990-01-20")
    EventFactory(title_en="The month", date="1990-01")
    EventFactory(title_en="Unpublished event", status=Status.DRAFT)
    later.sources.add(SourceFactory(title="A report", url="https://example.org/report"))
    page = html(client.get("/en/timeline/"))
    # By the earliest possible day: "January 1990" begins before the night of 19 to 20 January.
    assert page.index("The month") < page.index("Troops enter") < page.index("Funerals")
    assert "Unpublished event" not in page
    assert "January 1990" in page  # the month stays a month
    assert 'href="/en/places/baki/"' in page
    assert "A report" in page and 'href="https://example.org/report"' in page


def test_places_list_and_page_show_public_records_only(client):
    baku = PlaceFactory(slug="baki", name_en="Baku", latitude=40.4, longitude=49.87)
    VictimFactory(surname_az="Görünənov", incident_place=baku)
    VictimFactory(surname_az="Dəfnov", burial_place=baku)
    hidden_victims(incident_place=baku)
    EventFactory(title_en="An event", place=baku)
    listing = html(client.get("/en/places/"))
    assert "1 person killed or wounded here" in listing and "1 burial" in listing and "1 event" in listing
    page = html(client.get("/en/places/baki/"))
    assert "Görünənov" in page and "Dəfnov" in page and "An event" in page
    for hidden in ["Qaralamov", "Gizliyev", "Möhlətov", "Geriçəkilmiş"]:
        assert hidden not in page and hidden not in listing


def test_a_place_tied_only_to_hidden_records_is_not_found(client):
    secret = PlaceFactory(slug="gizli", name_en="Secret place")
    hidden_victims(incident_place=secret)
    assert "Secret place" not in html(client.get("/en/places/"))
    assert client.get("/en/places/gizli/").status_code == 404


def test_map_is_drawn_without_any_remote_service_by_default(client, settings):
    settings.MAP_TILE_URL = ""
    baku = PlaceFactory(slug="baki", name_en="Baku", latitude=40.4, longitude=49.87)
    PlaceFactory(slug="lenkeran", name_en="Lankaran", latitude=38.75, longitude=48.85, description_en="A city.")
    VictimFactory(incident_place=baku)
    page = html(client.get("/en/places/"))
    assert '<svg class="map__svg"' in page and 'role="img"' in page
    assert '<path class="map__land" d="M' in page and '<path class="map__coast" d="M' in page  # the base map
    assert "Base map: Natural Earth (public domain)" in page
    assert 'href="/en/places/baki/"' in page and 'href="/en/places/lenkeran/"' in page  # the list is always there
    # Leaflet draws the site's own base map; no tile server is named.
    assert "memorial/map/base-map.geojson" in page and "data-tile-url" not in page
    # Absolute addresses only of this site (its canonical and language links for search engines).
    assert re.findall(r'(?:src|href)="(https?://(?!testserver/)[^"]+)"', page) == []
    assert "https://" not in page and page.count("http://") == page.count("http://testserver/")


def test_map_tiles_are_drawn_under_the_outline_only_when_a_tile_server_is_set(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    VictimFactory(incident_place=PlaceFactory(latitude=40.4, longitude=49.87))
    page = html(client.get("/en/places/"))
    assert "memorial/vendor/leaflet/leaflet.js" in page and "memorial/js/map.js" in page
    assert 'data-tile-url="https://tiles.example/{z}/{x}/{y}.png"' in page
    assert '<svg class="map__svg"' in page  # still there if the tiles fail


def test_no_map_script_without_a_place_to_plot(client):
    VictimFactory(incident_place=PlaceFactory(latitude=None, longitude=None))
    page = html(client.get("/en/places/"))
    assert "leaflet" not in page.lower() and "map__svg" not in page


# Statistics


def test_statistics_count_public_victims_as_charts_and_tables(client):
    baku = PlaceFactory(name_en="Baku")
    VictimFactory.create_batch(2, fate="killed", gender="m", incident_place=baku, birth_date="1970-05-01")
    VictimFactory(fate="injured", gender="f", birth_date="1960", death_date="1990-01-20")  # 29 or 30
    hidden_victims(fate="arrested", gender="f", incident_place=baku)
    page = html(client.get("/en/statistics/"))
    assert '<tr><th scope="row">Killed</th><td>2</td></tr>' in page
    assert "Arrested" not in page
    assert '<tr><th scope="row">Baku</th><td>2</td></tr>' in page
    assert '<tr><th scope="row">Place not recorded</th><td>1</td></tr>' in page
    assert '<tr><th scope="row">Female</th><td>1</td></tr>' in page
    assert '<tr><th scope="row">18–29</th><td>2</td></tr>' in page
    assert '<tr><th scope="row">Age uncertain, spanning two groups</th><td>1</td></tr>' in page
    assert page.count('<svg class="chart__svg"') == 4
    assert 'aria-label="By fate: Killed 2; Injured 1"' in page


def test_statistics_figures_are_plain_numbers_in_every_language(client):
    VictimFactory.create_batch(3)
    VictimFactory()
    for language in ["", "/en", "/ru"]:
        page = html(client.get(f"{language}/statistics/"))
        widths = re.findall(r'<rect class="chart__bar" x="0" y="\d+" width="([^"]+)"', page)
        assert widths and all(re.fullmatch(r"\d+(\.\d+)?", width) for width in widths), widths


# Demonstration data


@pytest.mark.parametrize("path", PAGES)
def test_demo_banner_wherever_demo_records_are_shown(client, path):
    place = PlaceFactory(is_demo=True)
    VictimFactory(is_demo=True, incident_place=place)
    TestimonyFactory(is_demo=True, recorded_place=place)
    DocumentFactory(is_demo=True)
    EventFactory(is_demo=True, place=place)
    assert DEMO_WARNING_EN in html(client.get(f"/en{path}"))


@pytest.mark.parametrize("path", PAGES)
def test_no_demo_banner_without_demo_records(client, path):
    some_records(1)
    assert DEMO_WARNING_EN not in html(client.get(f"/en{path}"))


def test_places_list_warns_when_it_counts_demo_records_at_real_places(client):
    real = PlaceFactory()  # a real place (from load_history), demonstration victims counted at it
    VictimFactory(is_demo=True, incident_place=real)
    assert DEMO_WARNING_EN in html(client.get("/en/places/"))
