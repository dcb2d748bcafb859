"""Which requests a level 0 image service answers, and with which of the files made for the image."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iiif.image_api import BadRequest, Derivative, NotMade, TilePlan

PLAN = TilePlan(1300, 900)  # two tiles wide, two high at full size; one tile at a scale of 4


def test_scale_factors_go_down_until_the_whole_image_is_one_tile():
    assert PLAN.scale_factors == [1, 2, 4]
    assert PLAN.sizes == [(325, 225), (650, 450), (1300, 900)]
    assert TilePlan(512, 300).scale_factors == [1]
    assert TilePlan(513, 10).scale_factors == [1, 2]


def test_tiles_cover_the_image_and_are_cut_at_its_edges():
    tiles = list(PLAN.tiles(1))
    assert len(tiles) == 3 * 2
    assert tiles[0] == Derivative(0, 0, 512, 512, 512, 512)
    assert tiles[-1] == Derivative(1024, 512, 276, 388, 276, 388)
    assert sum(tile.w * tile.h for tile in tiles) == 1300 * 900
    assert list(PLAN.tiles(2)) == [
        Derivative(0, 0, 1024, 900, 512, 450),
        Derivative(1024, 0, 276, 900, 138, 450),
    ]


def test_info_json_describes_the_tiles_and_sizes_made():
    info = PLAN.info("https://example.org/iiif/image/abc")
    assert info["id"] == "https://example.org/iiif/image/abc"
    assert info["type"] == "ImageService3" and info["profile"] == "level0"
    assert info["tiles"] == [{"width": 512, "height": 512, "scaleFactors": [1, 2, 4]}]
    assert info["sizes"][-1] == {"width": 1300, "height": 900}


@pytest.mark.parametrize(
    ("region", "size", "expected"),
    [
        ("full", "max", Derivative(0, 0, 1300, 900, 1300, 900)),
        ("0,0,1300,900", "max", Derivative(0, 0, 1300, 900, 1300, 900)),
        ("full", "650,450", Derivative(0, 0, 1300, 900, 650, 450)),
        ("full", "325,", Derivative(0, 0, 1300, 900, 325, 225)),
        ("full", ",225", Derivative(0, 0, 1300, 900, 325, 225)),
        ("512,0,512,512", "512,512", Derivative(512, 0, 512, 512, 512, 512)),
        ("512,0,512,512", "512,", Derivative(512, 0, 512, 512, 512, 512)),
        ("512,0,512,512", "max", Derivative(512, 0, 512, 512, 512, 512)),
        # A client asking for a whole edge tile: the region is cut at the image's edge (§4.2).
        ("1024,512,512,512", "276,388", Derivative(1024, 512, 276, 388, 276, 388)),
        ("1024,0,276,900", "138,450", Derivative(1024, 0, 276, 900, 138, 450)),
    ],
)
def test_each_way_of_writing_a_made_tile_finds_it(region, size, expected):
    assert PLAN.find(region, size, "0", "default.jpg") == expected


@pytest.mark.parametrize(
    ("region", "size", "rotation", "quality"),
    [
        ("full", "full", "0", "default.jpg"),  # 2.x's "full": 3.0 says max
        ("0,0,0,512", "max", "0", "default.jpg"),  # empty region
        ("2000,0,10,10", "max", "0", "default.jpg"),  # outside the image
        ("0,0,512", "max", "0", "default.jpg"),
        ("full", "1400,", "0", "default.jpg"),  # larger than the region without ^
        ("full", "0,", "0", "default.jpg"),
        ("full", ",", "0", "default.jpg"),
        ("full", "max", "400", "default.jpg"),
        ("full", "max", "0", "default"),
        ("full", "max", "0", "native.jpg"),
        ("full", "max", "0", "default.exe"),
        ("pct:", "max", "0", "default.jpg"),
    ],
)
def test_what_is_not_the_apis_syntax_is_a_bad_request(region, size, rotation, quality):
    with pytest.raises(BadRequest):
        PLAN.find(region, size, rotation, quality)


@pytest.mark.parametrize(
    ("region", "size", "rotation", "quality"),
    [
        ("full", "max", "90", "default.jpg"),
        ("full", "max", "!0", "default.jpg"),
        ("full", "max", "0", "gray.jpg"),
        ("full", "max", "0", "default.png"),
        ("full", "^max", "0", "default.jpg"),
        ("full", "pct:50", "0", "default.jpg"),
        ("full", "!600,600", "0", "default.jpg"),
        ("full", "600,", "0", "default.jpg"),  # a size not listed
        ("pct:0,0,50,50", "max", "0", "default.jpg"),
        ("square", "max", "0", "default.jpg"),
        ("100,100,512,512", "512,512", "0", "default.jpg"),  # not on the tile grid
        ("0,0,512,512", "256,256", "0", "default.jpg"),  # a grid region at a scale not made for it
    ],
)
def test_what_was_not_made_is_not_found(region, size, rotation, quality):
    with pytest.raises(NotMade):
        PLAN.find(region, size, rotation, quality)


PARTS = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"\^?!?(\d{0,5}|max|full|pct:\d{1,3}(\.\d+)?),?(\d{0,5})", fullmatch=True),
    st.from_regex(r"(pct:)?\d{1,5}(\.\d+)?,\d{1,5},\d{1,5},\d{1,5}", fullmatch=True),
    st.sampled_from(["full", "square", "max", "0", "!0", "default.jpg", "gray.png", "512,", "0,0,512,512"]),
)


@settings(max_examples=500, deadline=None)
@given(region=PARTS, size=PARTS, rotation=PARTS, quality=PARTS)
def test_any_request_is_a_made_file_or_one_of_the_two_refusals(region, size, rotation, quality):
    """Whatever a client sends, the answer is a file that was made, a 400 or a 404: never a server error."""
    try:
        found = PLAN.find(region, size, rotation, quality)
    except (BadRequest, NotMade):
        return
    assert found in PLAN.derivatives
