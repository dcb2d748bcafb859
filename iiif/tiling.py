"""Making a document image's level 0 tiles and sizes (``iiif.image_api.TilePlan``), in the background once the image
is stored and processed, and by ``manage.py build_iiif_tiles`` for files stored before.

Each run writes into a folder of its own (``iiif/<key>/<run>/``), in the storage the image itself is in (private:
local disk or S3), and switches the image's ``ImageTiles`` row to it in one transaction; the previous run's folder is
deleted once that commits. So a run killed half-way leaves a folder no row names (``purge_orphan_files`` takes it)
and never a half-made set that is served. A run holds the image's work lock (``archive.work_locks``): a task
delivered twice while the first still runs leaves the work to it. An image whose tiles were made from the same stored
bytes (its SHA-256) is left alone unless ``force``.
"""

from __future__ import annotations

import io
import logging
import secrets
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from archive.models import MediaFile, Processing
from archive.orphans import stored_names
from archive.work_locks import work_lock
from iiif.image_api import Derivative, TilePlan
from iiif.models import ImageTiles

logger = logging.getLogger(__name__)
JPEG_QUALITY = 85
# What a stored image that no longer decodes raises: it will not decode on a retry either.
UNREADABLE = (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, SyntaxError)


def is_tiled(media: MediaFile) -> bool:
    """Whether ``media`` is an image tiles are made for: a document's image, stored and processed."""
    return media.kind == MediaFile.Kind.IMAGE and media.document_id is not None and media.processing == Processing.READY


def tiles_build(*, media_pk: int, force: bool = False) -> str:
    """Make the tiles of document image ``media_pk``: returns "ready", "failed" (the image does not decode: kept on
    its row), "unchanged" (not a document image, or tiles already made from these bytes) or "busy"."""
    with work_lock(f"iiif.build_tiles:{media_pk}") as mine:
        if not mine:
            return "busy"
        media = MediaFile.objects.filter(pk=media_pk).first()
        if media is None or not is_tiled(media):
            return "unchanged"
        made = ImageTiles.objects.filter(media=media).first()
        if (
            made is not None
            and not force
            and made.source_sha256 == media.sha256
            and made.state == ImageTiles.State.READY
        ):
            return "unchanged"
        storage = media.file.storage
        folder = f"iiif/{media.key.hex[:2]}/{media.key.hex}/{secrets.token_hex(6)}"
        try:
            plan = _write_all(storage, media.file.name, folder)
        except UNREADABLE as error:
            delete_folder(storage, folder)
            _switch(media, folder="", plan=None, error=f"{type(error).__name__}: {error}")
            return "failed"
        except BaseException:
            delete_folder(storage, folder)  # a storage fault: retried by the task, from the start
            raise
        return _switch(media, folder=folder, plan=plan)


def _write_all(storage: Storage, name: str, folder: str) -> TilePlan:
    with storage.open(name, "rb") as stored:
        data = stored.read()
    previous_limit = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = settings.ARCHIVE_MAX_IMAGE_PIXELS
            opened = Image.open(io.BytesIO(data))
            opened.load()
    finally:
        Image.MAX_IMAGE_PIXELS = previous_limit
    del data  # decoded: the bytes are no longer needed, and the image is the run's largest allocation
    level = _rgb(opened)
    del opened
    plan = TilePlan(level.width, level.height)
    for factor in plan.scale_factors:
        if factor > 1:
            level = level.reduce(2)  # from the level before: each pixel the mean of 2 × 2, as reduce(factor) would
        # The whole image at this scale, and its tiles (where it fits in one tile, that one is the same file).
        for made in {plan.full(factor), *plan.tiles(factor)}:
            left, top = made.x // factor, made.y // factor
            _write(storage, folder, made, level.crop((left, top, left + made.width, top + made.height)))
    return plan


def _rgb(opened: Image.Image) -> Image.Image:
    """The image as 8-bit RGB, what JPEG holds (itself if it is: no copy); a transparent one on white, as a page is."""
    if opened.mode == "RGB":
        return opened
    if opened.mode in ("RGBA", "LA", "P", "PA") or "transparency" in opened.info:
        rgba = opened.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if opened.mode.startswith("I;16") or opened.mode in ("I", "F"):
        # 16-bit greyscale scans: scaled to 8 bits rather than clipped.
        return opened.point(lambda value: value / 256).convert("L").convert("RGB")
    return opened.convert("RGB")


def _write(storage: Storage, folder: str, made: Derivative, image: Image.Image) -> None:
    if image.size != (made.width, made.height):  # the plan and the pixels must agree, or a tile would lie
        raise ValueError(f"{made.name}: made {image.size}, planned {(made.width, made.height)}")
    content = io.BytesIO()
    image.save(content, "JPEG", quality=JPEG_QUALITY, optimize=True)
    target = f"{folder}/{made.name}"
    stored = storage.save(target, ContentFile(content.getvalue()))
    if stored != target:
        raise OSError(f"{target} could not be written under its own name")


def _switch(media: MediaFile, *, folder: str, plan: TilePlan | None, error: str = "") -> str:
    """Point the image's row at the new folder, if the image is still the one the tiles were made from."""
    storage = media.file.storage
    with transaction.atomic():
        current = MediaFile.objects.select_for_update().filter(pk=media.pk).first()
        if current is None or current.sha256 != media.sha256 or not is_tiled(current):
            if folder:
                transaction.on_commit(lambda: delete_folder(storage, folder))
            return "unchanged"
        previous = ImageTiles.objects.filter(media=current).values_list("folder", flat=True).first()
        ImageTiles.objects.update_or_create(
            media=current,
            defaults={
                "source_sha256": current.sha256,
                "folder": folder,
                "width": plan.width if plan else 0,
                "height": plan.height if plan else 0,
                "tile_size": plan.tile_size if plan else 0,
                "scale_factors": plan.scale_factors if plan else [],
                "state": ImageTiles.State.READY if plan else ImageTiles.State.FAILED,
                "error": error,
            },
        )
        if previous and previous != folder:
            transaction.on_commit(lambda: delete_folder(storage, previous))
    return "ready" if plan else "failed"


def delete_folder(storage: Storage, folder: str) -> None:
    """Delete a folder of tiles; if the storage fails, log it and go on: ``purge_orphan_files`` finds what is left."""
    try:
        for name in list(stored_names(storage, folder)):
            storage.delete(name)
    except Exception:
        logger.exception("Could not delete the IIIF tiles in %s", folder)
