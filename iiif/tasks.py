"""The IIIF app's background task (``archive.jobs``)."""

from __future__ import annotations

from celery import shared_task

from archive.jobs import Job
from iiif.tiling import tiles_build


@shared_task(base=Job, name="iiif.build_tiles")
def build_tiles(media_pk: int) -> str:
    """A document image's level 0 tiles and sizes, once it is stored and processed (``iiif.tiling``): keyed by the
    image and the bytes its tiles are made from, so a task run twice makes them once."""
    return tiles_build(media_pk=media_pk)
