"""The level 0 image service of a public document image: its info.json, the tiles and sizes made, the answers the
Image API gives to anything else, and CORS on all of them."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from iiif.models import ImageTiles
from tests.factories import DocumentFactory
from tests.iiif_tests.conftest import gradient

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(attach_image):
    return attach_image(DocumentFactory(), gradient(1300, 900))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_info_json_names_the_service_and_what_it_made(client, page):
    response = client.get(f"/iiif/image/{page.key}/info.json")

    assert response.status_code == 200
    assert response["Content-Type"] == 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
    assert response["Access-Control-Allow-Origin"] == "*"
    info = json.loads(response.content)
    assert info["id"] == f"http://testserver/iiif/image/{page.key}"
    assert (info["width"], info["height"], info["profile"]) == (1300, 900, "level0")
    assert info["tiles"] == [{"width": 512, "height": 512, "scaleFactors": [1, 2, 4]}]
    assert {"width": 1300, "height": 900} in info["sizes"]


def test_the_service_address_leads_to_its_info_json(client, page):
    response = client.get(f"/iiif/image/{page.key}")
    assert response.status_code == 303
    assert response["Location"] == f"/iiif/image/{page.key}/info.json"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("path", "size"),
    [
        ("full/max/0/default.jpg", (1300, 900)),
        ("full/325,/0/default.jpg", (325, 225)),
        ("0,0,512,512/512,512/0/default.jpg", (512, 512)),
        ("1024,512,276,388/276,388/0/default.jpg", (276, 388)),
        ("0,0,1024,900/512,450/0/default.jpg", (512, 450)),
    ],
)
def test_a_made_tile_or_size_is_sent_as_jpeg_from_private_storage(client, page, path, size):
    response = client.get(f"/iiif/image/{page.key}/{path}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"].startswith("public")
    image = Image.open(io.BytesIO(body(response)))
    assert (image.format, image.size) == ("JPEG", size)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("full/full/0/default.jpg", 400),
        ("0,0,0,0/max/0/default.jpg", 400),
        ("full/max/0/default.exe", 400),
        ("nonsense/max/0/default.jpg", 400),
        ("full/2000,/0/default.jpg", 400),
        ("full/max/90/default.jpg", 404),
        ("full/max/0/gray.jpg", 404),
        ("full/max/0/default.png", 404),
        ("full/^max/0/default.jpg", 404),
        ("full/600,/0/default.jpg", 404),
        ("10,10,100,100/max/0/default.jpg", 404),
    ],
)
def test_what_was_not_made_is_answered_as_the_image_api_says(client, page, path, status):
    response = client.get(f"/iiif/image/{page.key}/{path}")
    assert response.status_code == status
    assert response["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_image_is_not_found_with_cors(client):
    for path in ("/iiif/image/nothing/info.json", "/iiif/image/6f1e0b4e-0000-4000-8000-000000000000/info.json"):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Access-Control-Allow-Origin"] == "*"


def test_a_tile_lost_from_storage_is_not_found_rather_than_an_error(client, page):
    tiles = ImageTiles.objects.get(media=page)
    default_storage.delete(f"{tiles.folder}/0-0-512-512/512-512.jpg")
    assert client.get(f"/iiif/image/{page.key}/0,0,512,512/512,512/0/default.jpg").status_code == 404
