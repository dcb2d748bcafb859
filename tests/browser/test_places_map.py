"""The places map in a real Chromium: the site's own base map and a marker per place, nothing from elsewhere."""

from urllib.parse import urlsplit

import pytest

from tests.factories import PlaceFactory, VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def places(settings):
    settings.MAP_TILE_URL = ""  # the default: no tile server
    located = [
        PlaceFactory(slug="baki", name_en="Baku", latitude=40.4093, longitude=49.8671),
        PlaceFactory(slug="lenkeran", name_en="Lankaran", latitude=38.7529, longitude=48.8475),
        PlaceFactory(slug="moskva", name_en="Moscow", latitude=55.7558, longitude=37.6173),
    ]
    unlocated = PlaceFactory(slug="yasamal", name_en="Yasamal", latitude=None, longitude=None)
    for place in [*located, unlocated]:
        VictimFactory(incident_place=place)
    return located


def test_the_map_draws_the_outline_and_a_marker_per_place_asking_nothing_of_another_site(page, live_server, places):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/en/places/")
    page.wait_for_selector("#tile-map:not([hidden]) .leaflet-overlay-pane svg path")
    page.wait_for_load_state("networkidle")

    outline = page.locator("#tile-map .leaflet-overlay-pane svg path")
    assert outline.count() == 4  # land, districts, coast, borders
    assert min(len(d) for d in outline.evaluate_all("paths => paths.map(path => path.getAttribute('d'))")) > 100
    markers = page.locator("#tile-map .leaflet-marker-icon")
    assert markers.count() == len(places)
    assert sorted(markers.evaluate_all("icons => icons.map(icon => icon.alt)")) == ["Baku", "Lankaran", "Moscow"]
    assert page.locator("#tile-map .leaflet-tile").count() == 0
    assert "Natural Earth" in page.locator("#tile-map .leaflet-control-attribution").inner_text()
    assert not page.locator("[data-map-drawing]").is_visible()  # the map replaced the drawing
    assert page.get_by_role("link", name="Yasamal").is_visible()  # every place is in the list

    site = urlsplit(live_server.url).netloc
    assert any(url.endswith("base-map.geojson") for url in requested)
    assert [url for url in requested if urlsplit(url).netloc != site] == []

    page.get_by_role("button", name="Baku").click()
    page.get_by_role("link", name="Baku").first.wait_for()
    assert page.locator(".leaflet-popup-content a").get_attribute("href") == "/en/places/baki/"


def test_without_javascript_the_page_draws_the_same_outline(browser, live_server, places):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/places/")
    drawing = page.locator("[data-map-drawing]")
    assert drawing.is_visible()
    assert drawing.locator("path.map__land").count() == 1 and drawing.locator("path.map__coast").count() == 1
    assert drawing.locator("circle.map__point").count() == len(places)
    assert not page.locator("#tile-map").is_visible()
    context.close()


def test_the_places_page_has_no_serious_accessibility_violations(page, accessibility_violations, places):
    page.goto("/en/places/")
    page.wait_for_selector("#tile-map .leaflet-marker-icon")
    assert accessibility_violations(page) == []
