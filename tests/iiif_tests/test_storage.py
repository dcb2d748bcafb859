"""Where tiles are made and kept: beside their image, in its private storage (a bucket's objects reached only by
signed URLs); and for a large image, once the background task has processed it."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from archive.media_processing import PROCESSED_SUFFIX
from archive.models import Processing
from iiif.image_api import TilePlan
from iiif.models import ImageTiles
from tests.factories import DocumentFactory
from tests.iiif_tests.conftest import gradient
from tests.s3 import fetch

pytestmark = pytest.mark.django_db


def test_tiles_in_a_bucket_are_private_objects_sent_by_signed_urls(client, s3_bucket, attach_image):
    page = attach_image(DocumentFactory(), gradient(700, 500))
    tiles = ImageTiles.objects.get(media=page)

    made = [name for name in s3_bucket.names() if name.startswith(f"{tiles.folder}/")]
    assert len(made) == len(TilePlan(700, 500).derivatives)
    assert all(fetch(s3_bucket.plain_url(name))[0] == 403 for name in made[:3])

    response = client.get(f"/iiif/image/{page.key}/full/max/0/default.jpg")
    assert response.status_code == 302
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "no-store" in response["Cache-Control"]
    status, headers, data = fetch(response["Location"])
    assert (status, headers["Content-Type"]) == (200, "image/jpeg")
    assert Image.open(io.BytesIO(data)).size == (700, 500)


def test_a_large_image_has_its_tiles_made_once_its_processing_completes(settings, attach_image):
    settings.ARCHIVE_PROCESS_IMAGES_AFTER_UPLOAD_PIXELS = 100_000  # so that this one is processed in the background

    page = attach_image(DocumentFactory(), gradient(600, 400))

    # Stored as received, then processed by the background task (run at commit) under its processed name.
    assert page.processing == Processing.READY
    assert page.file.name.rsplit(".", 1)[0].endswith(PROCESSED_SUFFIX)
    tiles = ImageTiles.objects.get(media=page)
    assert (tiles.state, tiles.source_sha256, tiles.width) == (ImageTiles.State.READY, page.sha256, 600)
