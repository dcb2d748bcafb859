"""Where a document image's processing completes, its tiles are made next.

The archive must not import this app, so it listens to the archive's saves, as search does: a ``MediaFile`` saved
stored and processed (attached small, or switched to ``ready`` by ``archive.media_processing`` once a large one is
processed) hands its tiles to ``iiif.tasks.build_tiles`` once the save commits. The task decides whether anything is
to be made (``iiif.tiling.tiles_build``), so this asks the database nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from archive.jobs import enqueue
from archive.models import MediaFile
from iiif.models import ImageTiles
from iiif.tiling import delete_folder, is_tiled

# A save that changes none of these (a caption, "withheld") changes nothing the tiles are made from.
_MADE_FROM = frozenset({"file", "sha256", "processing", "kind", "document"})


def _image_saved(sender, instance: MediaFile, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or not is_tiled(instance):
        return
    if update_fields is not None and not _MADE_FROM & set(update_fields):
        return
    from iiif import tasks  # the tasks import the tiling this module imports

    enqueue(tasks.build_tiles, instance.pk)


def _tiles_deleted(sender, instance: ImageTiles, **kwargs) -> None:
    """Only demonstration images are ever deleted (``remove_demo``, whose own list of files knows nothing of
    tiles): their tiles go with them once the deletion commits."""
    if instance.folder:
        storage, folder = MediaFile._meta.get_field("file").storage, instance.folder  # its image's storage
        transaction.on_commit(lambda: delete_folder(storage, folder))


def connect_signals() -> None:
    post_save.connect(_image_saved, sender=MediaFile, dispatch_uid="iiif.image_saved")
    post_delete.connect(_tiles_deleted, sender=ImageTiles, dispatch_uid="iiif.tiles_deleted")
