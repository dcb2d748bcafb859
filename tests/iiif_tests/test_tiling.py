"""A document image's tiles are made once it is stored, from its pixels, kept in private storage with their row, and
made again when the image changes or by the command; other files get none."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image, ImageChops

from archive.models import MediaFile, Processing
from archive.orphans import stored_names
from iiif.image_api import TilePlan
from iiif.models import ImageTiles
from iiif.tiling import tiles_build
from tests.factories import DocumentFactory, VictimFactory
from tests.iiif_tests.conftest import gradient

pytestmark = pytest.mark.django_db


def stored_image(name: str) -> Image.Image:
    with default_storage.open(name, "rb") as stored:
        return Image.open(io.BytesIO(stored.read())).convert("RGB")


def difference(first: Image.Image, second: Image.Image) -> float:
    """The mean absolute difference of two images' pixels (JPEG changes a few levels, never the picture)."""
    histogram = ImageChops.difference(first, second).convert("L").histogram()
    return sum(level * count for level, count in enumerate(histogram)) / (first.width * first.height)


def test_a_document_image_has_its_tiles_made_once_it_is_stored(attach_image, private_media_root):
    original = gradient(1300, 900)
    page = attach_image(DocumentFactory(), original)

    tiles = ImageTiles.objects.get(media=page)
    assert tiles.state == ImageTiles.State.READY
    assert (tiles.width, tiles.height, tiles.tile_size, tiles.scale_factors) == (1300, 900, 512, [1, 2, 4])
    assert tiles.source_sha256 == page.sha256
    plan = TilePlan(1300, 900)
    made = sorted(stored_names(default_storage, tiles.folder))
    assert made == sorted(f"{tiles.folder}/{derivative.name}" for derivative in plan.derivatives)
    # Private storage, beside the records' files: never under a public folder.
    assert (private_media_root / tiles.folder).is_dir()
    # Each tile shows its region of the image, reduced by its scale.
    for derivative in plan.derivatives:
        tile = stored_image(f"{tiles.folder}/{derivative.name}")
        assert tile.size == (derivative.width, derivative.height)
        expected = original.crop((derivative.x, derivative.y, derivative.x + derivative.w, derivative.y + derivative.h))
        expected = expected.resize(tile.size, Image.Resampling.BOX)
        assert difference(tile, expected) < 4, derivative


def test_portraits_recordings_and_unprocessed_files_get_no_tiles(attach_image):
    attach_image(VictimFactory(), gradient(40, 30), role=MediaFile.Role.PORTRAIT)
    page = attach_image(DocumentFactory(), gradient(40, 30))
    MediaFile.objects.filter(pk=page.pk).update(processing=Processing.PROCESSING)
    ImageTiles.objects.all().delete()

    assert tiles_build(media_pk=page.pk) == "unchanged"
    assert not ImageTiles.objects.exists()


def test_a_second_run_on_the_same_bytes_makes_nothing(attach_image):
    page = attach_image(DocumentFactory(), gradient(600, 400))
    folder = ImageTiles.objects.get(media=page).folder

    assert tiles_build(media_pk=page.pk) == "unchanged"
    assert ImageTiles.objects.get(media=page).folder == folder


def test_a_caption_change_does_not_start_the_work_again(attach_image, django_capture_on_commit_callbacks):
    page = attach_image(DocumentFactory(), gradient(600, 400))
    with django_capture_on_commit_callbacks() as started:
        page.caption_en = "The first page"
        page.save(update_fields=["caption_en"])
    assert started == []


def test_the_command_makes_them_again_and_lets_go_of_the_old_ones(attach_image, django_capture_on_commit_callbacks):
    page = attach_image(DocumentFactory(), gradient(600, 400))
    old = ImageTiles.objects.get(media=page).folder

    with django_capture_on_commit_callbacks(execute=True):
        call_command("build_iiif_tiles", "--force", stdout=StringIO())

    new = ImageTiles.objects.get(media=page).folder
    assert new != old
    assert list(stored_names(default_storage, old)) == []
    assert list(stored_names(default_storage, new))


def test_the_command_makes_what_is_missing_and_names_what_it_cannot(attach_image):
    page = attach_image(DocumentFactory(identifier="D-000777"), gradient(300, 200))
    ImageTiles.objects.all().delete()
    out = StringIO()

    call_command("build_iiif_tiles", "D-000777", stdout=out)
    assert "1 ready" in out.getvalue()
    assert ImageTiles.objects.get(media=page).state == ImageTiles.State.READY

    with pytest.raises(CommandError, match="D-999999"):
        call_command("build_iiif_tiles", "D-999999", stdout=StringIO())


def test_an_image_that_no_longer_decodes_is_kept_as_failed_with_why(attach_image):
    page = attach_image(DocumentFactory(), gradient(300, 200))
    with default_storage.open(page.file.name, "wb") as stored:
        stored.write(b"not an image any more")
    MediaFile.objects.filter(pk=page.pk).update(sha256="0" * 64)

    assert tiles_build(media_pk=page.pk) == "failed"
    tiles = ImageTiles.objects.get(media=page)
    assert tiles.state == ImageTiles.State.FAILED
    assert "UnidentifiedImageError" in tiles.error
    assert tiles.folder == ""


def test_purging_orphans_keeps_the_tiles_and_takes_a_killed_runs_leftovers(attach_image):
    page = attach_image(DocumentFactory(), gradient(600, 400))
    folder = ImageTiles.objects.get(media=page).folder
    leftover = default_storage.save(
        f"iiif/{page.key.hex[:2]}/{page.key.hex}/killedrun/0-0-1-1/1-1.jpg", ContentFile(b"x")
    )
    out = StringIO()

    call_command("purge_orphan_files", "--delete", "--min-age-hours", "0", stdout=out)

    assert f"deleted: {leftover}" in out.getvalue()
    assert folder not in out.getvalue()
    assert len(list(stored_names(default_storage, folder))) == len(TilePlan(600, 400).derivatives)


def test_a_deleted_image_takes_its_tiles(attach_image, django_capture_on_commit_callbacks):
    """Only demonstration images are ever deleted: remove_demo deletes their rows as this does, its list of files
    knowing nothing of tiles."""
    page = attach_image(DocumentFactory(is_demo=True), gradient(600, 400))
    kept = attach_image(DocumentFactory(), gradient(600, 400))
    folders = {tiles.media_id: tiles.folder for tiles in ImageTiles.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):
        MediaFile.objects.filter(is_demo=False, document__is_demo=True).delete()

    assert list(stored_names(default_storage, folders[page.pk])) == []
    assert list(stored_names(default_storage, folders[kept.pk]))
    assert list(ImageTiles.objects.values_list("media_id", flat=True)) == [kept.pk]
