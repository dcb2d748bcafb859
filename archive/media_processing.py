"""Processing after upload: the slow part of taking a file in, done by a background task once the file is stored, for
a ``MediaFile`` or a submission's file alike. For a large recording, ffprobe and the copy without metadata; for a
large image, decoding, the copy re-encoded without metadata (the one the site shows) and the thumbnail.

The upload's request decides the type from the bytes, checks what must refuse a file at once (size, structure, an
image's pixels, frames and the memory it needs: ``archive.ingest.prepare_upload``) and stores a large file as
received with ``processing="processing"``, never public (``MediaFile.objects.not_withheld``);
``process_after_commit`` then hands it to ``archive.tasks.process_file``.

The task is idempotent, keyed by the row. A row no longer processing is left alone. What it writes goes under names
made from the row alone (``processed_name``, and the thumbnail's own generated name), replacing what a run killed
half-way left there, so however often it runs there is one processed file and one thumbnail, never two. A run holds
the row's work lock (``archive.work_locks``) throughout: a second delivery of the task while the first still runs
leaves the work to it. The row is switched to the new files in one locked update; the file as received is deleted
once that commits.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import shutil
from typing import Any

from django.apps import apps
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models, transaction
from django.utils.translation import gettext

from archive.ingest.formats import CHUNK_SIZE, HEAD_SIZE, Kind, sniff
from archive.ingest.images import prepare_image
from archive.ingest.metadata.copies import TemporaryCopy
from archive.ingest.prepare import finish_recording
from archive.ingest.prepared import IngestError
from archive.ingest.recordings import inspect_recording
from archive.jobs import enqueue
from archive.models import Processing
from archive.stored_files import content_sha256
from archive.work_locks import work_lock

logger = logging.getLogger(__name__)
PROCESSED_SUFFIX = "-clean"


def processed_name(name: str) -> str:
    """Where the processed copy of stored file ``name`` goes: always the same name for the same file."""
    stem, dot, extension = name.rpartition(".")
    return f"{stem}{PROCESSED_SUFFIX}.{extension}" if dot else f"{name}{PROCESSED_SUFFIX}"


def process_after_commit(row: models.Model) -> None:
    """Hand a stored row that still needs processing to the background, once its transaction commits."""
    if getattr(row, "processing", Processing.READY) == Processing.PROCESSING:
        from archive import tasks  # the tasks use this module

        enqueue(tasks.process_file, row._meta.label, row.pk)


@dataclasses.dataclass
class Finished:
    """What processing made of a stored file: the copy to store in its place (None: keep the file as it is), the
    thumbnail, and the facts the row takes."""

    content: File | None
    thumbnail: ContentFile | None
    facts: dict[str, Any]
    opened: list[File] = dataclasses.field(default_factory=list)  # closed once stored

    def close(self) -> None:
        for handle in self.opened:
            handle.close()


def file_process(*, model_label: str, pk: int) -> str:
    """Finish a stored file of ``model_label`` (a MediaFile, a SubmissionFile): returns what became of it, "ready",
    "failed" (the reason kept on the row), "unchanged" (not processing, or gone) or "busy" (another run, still
    alive, is processing it and will finish it)."""
    model = apps.get_model(model_label)
    with work_lock(f"archive.process_file:{model_label}:{pk}") as mine:
        if not mine:
            return "busy"
        row = model.objects.filter(pk=pk).first()
        if row is None or row.processing != Processing.PROCESSING or not row.file:
            return "unchanged"
        finish = _finish_image if row.kind == Kind.IMAGE else _finish_recording
        try:
            finished = finish(row)
        except IngestError as refused:
            model.objects.filter(pk=pk, processing=Processing.PROCESSING, file=row.file.name).update(
                processing=Processing.FAILED, processing_error=refused.message
            )
            return "failed"
        return _store_and_switch(model, row, finished)


def _display(row: models.Model) -> str:
    return row.original_name or gettext("unnamed file")


def _finish_recording(row: models.Model) -> Finished:
    copy = _local_copy(row.file.storage, row.file.name)
    try:
        fmt = sniff(copy.read(HEAD_SIZE), copy)
        if fmt is None:  # stored by a request that knew its type: the storage returned other bytes
            raise OSError(f"{row.file.name} no longer reads as the recording it was")
        recording = inspect_recording(fmt, copy, row.size, _display(row))
        content, sha256, size, recording = finish_recording(fmt, copy, row.size, recording, _display(row), row.sha256)
    except BaseException:
        copy.close()
        raise
    facts = {"sha256": sha256, "size": size, "duration": recording.duration, "codec": recording.codec}
    return Finished(content=None if content is copy else content, thumbnail=None, facts=facts, opened=[content, copy])


def _finish_image(row: models.Model) -> Finished:
    # Images are at most ARCHIVE_MAX_IMAGE_BYTES (30 MB): read whole, as the upload's request reads small ones.
    with row.file.storage.open(row.file.name, "rb") as stored:
        data = stored.read()
    fmt = sniff(data[:HEAD_SIZE], File(io.BytesIO(data)))
    if fmt is None or fmt.kind != Kind.IMAGE:
        raise OSError(f"{row.file.name} no longer reads as the image it was")
    prepared = prepare_image(
        fmt, data, source_sha256=row.source_sha256, original_name=row.original_name, display=_display(row)
    )
    facts = {"sha256": prepared.sha256, "size": prepared.size, "width": prepared.width, "height": prepared.height}
    return Finished(content=prepared.content, thumbnail=prepared.thumbnail, facts=facts, opened=[prepared.content])


def _store_and_switch(model: type[models.Model], row: models.Model, finished: Finished) -> str:
    original = row.file.name
    written: dict[str, tuple[Storage, str]] = {}
    try:
        if finished.content is not None:
            written["file"] = _write(row.file.storage, processed_name(original), finished.content)
        if finished.thumbnail is not None:
            if hasattr(row, "thumbnail_sha256"):  # a MediaFile's, for the fixity audits (as store_prepared records it)
                finished.facts["thumbnail_sha256"] = content_sha256(finished.thumbnail)
            thumbnail = row.thumbnail.field.generate_filename(row, "thumbnail.jpg")
            written["thumbnail"] = _write(row.thumbnail.storage, thumbnail, finished.thumbnail)
    except BaseException:
        for storage, name in written.values():  # the row still holds the file as received: these are not wanted
            _delete_quietly(storage, name)
        raise
    finally:
        finished.close()
    return _switch(model, row.pk, original=original, written=written, facts=finished.facts)


def _write(storage: Storage, target: str, content: File) -> tuple[Storage, str]:
    """Write ``content`` under ``target`` exactly, replacing what a run killed after writing it left there."""
    if storage.exists(target):
        storage.delete(target)
    content.seek(0)
    try:
        stored = storage.save(target, content)
    except BaseException:
        _delete_quietly(storage, target)  # a write cut short
        raise
    if stored != target:
        storage.delete(stored)
        raise OSError(f"{target} could not be written under its own name")
    return storage, target


def _switch(model, pk: int, *, original: str, written: dict[str, tuple[Storage, str]], facts: dict) -> str:
    with transaction.atomic():
        row = model.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.processing != Processing.PROCESSING or row.file.name != original:
            # Purged, or finished by another run meanwhile: what this run wrote is not wanted, unless the row now
            # holds it under the same name (then it is the row's file, and stays).
            for field, (storage, name) in written.items():
                if row is None or getattr(row, field).name != name:
                    transaction.on_commit(lambda storage=storage, name=name: _delete_quietly(storage, name))
            return "unchanged"
        for name, value in facts.items():
            setattr(row, name, value)
        for field, (_storage, name) in written.items():
            getattr(row, field).name = name
        row.processing = Processing.READY
        row.processing_error = ""
        row.save()
        if "file" in written:
            storage = row.file.storage
            transaction.on_commit(lambda: _delete_quietly(storage, original))
    return "ready"


def _delete_quietly(storage: Storage, name: str) -> None:
    """Delete, and if the storage fails, log it and go on: purge_orphan_files finds what is left."""
    try:
        storage.delete(name)
    except Exception:
        logger.exception("Could not delete %s", name)


def _local_copy(storage: Storage, name: str) -> TemporaryCopy:
    """The stored bytes in a temporary file of this machine, where ffprobe can read them (storage may be S3)."""
    extension = name.rsplit(".", 1)[-1]
    copy = TemporaryCopy(extension)
    with storage.open(name, "rb") as stored:
        shutil.copyfileobj(stored, copy, CHUNK_SIZE)
    copy.flush()
    copy.seek(0)
    return copy
