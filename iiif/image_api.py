"""IIIF Image API 3.0 at level 0: which tiles and sizes are made for an image, and which request asks for which.

A level 0 service answers only for what was made beforehand (https://iiif.io/api/image/3.0/compliance/): the whole
image at the sizes ``info.json`` lists (``sizes``, the largest being ``max``), and tiles of ``TILE_SIZE`` pixels at
each scale factor (``tiles``). Everything here is arithmetic on the image's width and height, so the tiles made at
ingest (``iiif.tiling``) and the requests answered later (``iiif.views``) agree without a list of files.

A request is read as the specification writes it (§4): a parameter that is not its syntax is a 400; a well-formed one
that asks for something not made (another format, a rotation, a size not listed) is a 404, "the value of one or more
of the parameters is not supported for this image" (§7.1). Clients write the same tile in more than one way
(``x,y,w,h`` or ``full`` for a region that is the whole image; ``w,h``, ``w,`` or ``max`` for its size): each is
understood, and answered with the one file made for it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

TILE_SIZE = 512
FORMAT = "jpg"
CONTENT_TYPE = "image/jpeg"
CONTEXT = "http://iiif.io/api/image/3/context.json"
PROTOCOL = "http://iiif.io/api/image"
INFO_CONTENT_TYPE = f'application/ld+json;profile="{CONTEXT}"'

_QUALITIES = ("default", "color", "gray", "bitonal")
_FORMATS = ("jpg", "tif", "png", "gif", "jp2", "pdf", "webp")
_NUMBER = r"\d+(?:\.\d+)?"
_REGION_PIXELS = re.compile(r"(\d+),(\d+),(\d+),(\d+)")
_REGION_PERCENT = re.compile(rf"pct:({_NUMBER}),({_NUMBER}),({_NUMBER}),({_NUMBER})")
_SIZE = re.compile(r"(\^?)(?:(max)|pct:(" + _NUMBER + r")|(!?)(\d*),(\d*))")
_ROTATION = re.compile(rf"(!?)({_NUMBER})")


class BadRequest(ValueError):
    """Not the Image API's syntax (400)."""


class NotMade(LookupError):
    """Well-formed, but nothing of the kind was made for this image (404)."""


@dataclass(frozen=True)
class Derivative:
    """One file made for an image: the region of the full image it shows and the size it shows it at."""

    x: int
    y: int
    w: int
    h: int
    width: int
    height: int

    @property
    def name(self) -> str:
        """Its name under the image's folder in storage: no comma, which would need escaping on its way to nginx."""
        return f"{self.x}-{self.y}-{self.w}-{self.h}/{self.width}-{self.height}.{FORMAT}"


@dataclass(frozen=True)
class TilePlan:
    """What is made for an image of ``width`` × ``height`` pixels."""

    width: int
    height: int
    tile_size: int = TILE_SIZE

    @cached_property
    def scale_factors(self) -> list[int]:
        """1, 2, 4… up to the first at which the whole image fits in one tile."""
        factors = [1]
        while _reduced(self.width, factors[-1]) > self.tile_size or _reduced(self.height, factors[-1]) > self.tile_size:
            factors.append(factors[-1] * 2)
        return factors

    @cached_property
    def sizes(self) -> list[tuple[int, int]]:
        """The whole image at each scale factor, smallest first (``info.json``'s ``sizes``; the last is ``max``)."""
        return [
            (_reduced(self.width, factor), _reduced(self.height, factor)) for factor in reversed(self.scale_factors)
        ]

    def tiles(self, factor: int) -> Iterator[Derivative]:
        """The tiles at ``factor``, row by row: each covers ``tile_size × factor`` full-size pixels (fewer at the
        right and bottom edges) and is that region reduced by ``factor`` (§5.6 of the specification)."""
        step = self.tile_size * factor
        for y in range(0, self.height, step):
            for x in range(0, self.width, step):
                w, h = min(step, self.width - x), min(step, self.height - y)
                yield Derivative(x, y, w, h, _reduced(w, factor), _reduced(h, factor))

    def full(self, factor: int) -> Derivative:
        width, height = _reduced(self.width, factor), _reduced(self.height, factor)
        return Derivative(0, 0, self.width, self.height, width, height)

    @cached_property
    def derivatives(self) -> frozenset[Derivative]:
        """Every file made: the whole image at each size, and the tiles (at the smallest scale the one tile is the
        whole image, the same file)."""
        made = {self.full(factor) for factor in self.scale_factors}
        for factor in self.scale_factors:
            made.update(self.tiles(factor))
        return frozenset(made)

    def info(self, service_id: str) -> dict:
        """The image's ``info.json`` (§5), for the service at ``service_id``."""
        return {
            "@context": CONTEXT,
            "id": service_id,
            "type": "ImageService3",
            "protocol": PROTOCOL,
            "profile": "level0",
            "width": self.width,
            "height": self.height,
            "sizes": [{"width": width, "height": height} for width, height in self.sizes],
            "tiles": [{"width": self.tile_size, "height": self.tile_size, "scaleFactors": self.scale_factors}],
        }

    def find(self, region: str, size: str, rotation: str, quality_format: str) -> Derivative:
        """The file made for this request; ``BadRequest`` or ``NotMade`` otherwise."""
        x, y, w, h = self._region(region)
        width, height = _size(size, w, h)
        _rotation(rotation)
        _quality_format(quality_format)
        for made in _by_region(self).get((x, y, w, h), ()):
            if (width is None or made.width == width) and (height is None or made.height == height):
                return made
        raise NotMade(f"no {size} of region {region} was made")

    def _region(self, region: str) -> tuple[int, int, int, int]:
        if region == "full":
            return 0, 0, self.width, self.height
        if region == "square":
            side = min(self.width, self.height)
            return (self.width - side) // 2, (self.height - side) // 2, side, side
        if _REGION_PERCENT.fullmatch(region):
            raise NotMade("regions in percent are not made at level 0")
        pixels = _REGION_PIXELS.fullmatch(region)
        if pixels is None:
            raise BadRequest(f"region {region!r}")
        x, y, w, h = (int(value) for value in pixels.groups())
        if w == 0 or h == 0 or x >= self.width or y >= self.height:
            raise BadRequest("the region is empty or outside the image")  # §4.2: 400
        return x, y, min(w, self.width - x), min(h, self.height - y)


def _reduced(length: int, factor: int) -> int:
    return math.ceil(length / factor)


@lru_cache(maxsize=256)
def _by_region(plan: TilePlan) -> dict[tuple[int, int, int, int], list[Derivative]]:
    found: dict[tuple[int, int, int, int], list[Derivative]] = {}
    for made in plan.derivatives:
        found.setdefault((made.x, made.y, made.w, made.h), []).append(made)
    return found


def _size(size: str, region_w: int, region_h: int) -> tuple[int | None, int | None]:
    """The width and height asked for (None: whichever keeps the region's shape), the region being ``region_w`` ×
    ``region_h``. Upscaling (``^``), percentages and best fit (``!w,h``) are well-formed but not made."""
    match = _SIZE.fullmatch(size)
    if match is None:
        raise BadRequest(f"size {size!r}")  # "full" among them: 3.0 has "max" instead
    upscale, is_max, percent, best_fit, width, height = match.groups()
    if percent is None and not is_max and not width and not height:
        raise BadRequest(f"size {size!r}")
    if upscale:
        raise NotMade("sizes above the region's are not made")
    if is_max:
        return region_w, region_h
    if percent is not None:
        if float(percent) > 100:
            raise BadRequest("a size above 100% needs ^")
        raise NotMade("sizes in percent are not made at level 0")
    wanted_w, wanted_h = (int(width) if width else None), (int(height) if height else None)
    if wanted_w == 0 or wanted_h == 0:
        raise BadRequest("a size of zero pixels")
    if (wanted_w or 0) > region_w or (wanted_h or 0) > region_h:
        raise BadRequest("a size above the region's needs ^")  # §4.4: 400
    if best_fit:
        if wanted_w is None or wanted_h is None:
            raise BadRequest(f"size {size!r}")
        raise NotMade("best-fit sizes are not made at level 0")
    return wanted_w, wanted_h


def _rotation(rotation: str) -> None:
    match = _ROTATION.fullmatch(rotation)
    if match is None or float(match[2]) > 360:
        raise BadRequest(f"rotation {rotation!r}")
    if match[1] or float(match[2]) != 0:
        raise NotMade("only the image as it is (rotation 0) is made")


def _quality_format(quality_format: str) -> None:
    quality, dot, extension = quality_format.rpartition(".")
    if not dot or quality not in _QUALITIES or extension not in _FORMATS:
        raise BadRequest(f"quality and format {quality_format!r}")
    if quality != "default" or extension != FORMAT:
        raise NotMade(f"only default.{FORMAT} is made")
