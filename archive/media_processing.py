"""Processing after upload: the slow part of taking a large recording in (ffprobe, the copy without metadata), done
by a background task once the file is stored, for a ``MediaFile`` or a submission's file alike.

The upload's request decides the type from the bytes, checks the size and the structure and refuses a wrong file
at once (``archive.ingest.prepare_upload``); a recording larger than ``ARCHIVE_PROCESS_AFTER_UPLOAD_BYTES`` is then
stored as received with ``processing="processing"``, never public (``MediaFile.objects.not_withheld``), and
``process_after_commit`` hands it to ``archive.tasks.process_file``.

The task is idempotent, keyed by the row: a row no longer processing is left alone, and the copy without metadata
is written under one name made from the stored file's (``processed_name``), replacing what a run killed half-way
left there, so a task run again after its worker died leaves one file, never two. The row is switched to the
copy in one locked update; the file as received is deleted once that commits.
"""

from __future__ import annotations

import logging
import shutil

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models, transaction
from django.utils.translation import gettext

from archive.ingest.formats import CHUNK_SIZE, HEAD_SIZE, sniff
from archive.ingest.metadata.copies import TemporaryCopy
from archive.ingest.prepare import finish_recording
from archive.ingest.prepared import IngestError
from archive.ingest.recordings import inspect_recording
from archive.jobs import enqueue
from archive.models import Processing

logger = logging.getLogger(__name__)
PROCESSED_SUFFIX = "-clean"


def processed_name(name: str) -> str:
    """Where the copy without metadata of stored file ``name`` goes: always the same name for the same file."""
    stem, dot, extension = name.rpartition(".")
    return f"{stem}{PROCESSED_SUFFIX}.{extension}" if dot else f"{name}{PROCESSED_SUFFIX}"


def process_after_commit(row: models.Model) -> None:
    """Hand a stored row that still needs processing to the background, once its transaction commits."""
    if getattr(row, "processing", Processing.READY) == Processing.PROCESSING:
        from archive import tasks  # the tasks use this module

        enqueue(tasks.process_file, row._meta.label, row.pk)


def file_process(*, model_label: str, pk: int) -> str:
    """Finish a stored recording of ``model_label`` (a MediaFile, a SubmissionFile): returns what became of it,
    "ready", "failed" (the reason kept on the row) or "unchanged" (not processing, or gone)."""
    model = apps.get_model(model_label)
    row = model.objects.filter(pk=pk).first()
    if row is None or row.processing != Processing.PROCESSING or not row.file:
        return "unchanged"
    storage, original = row.file.storage, row.file.name
    display = row.original_name or gettext("unnamed file")
    copy = _local_copy(storage, original)
    try:
        fmt = sniff(copy.read(HEAD_SIZE), copy)
        if fmt is None:  # stored by a request that knew its type: the storage returned other bytes
            raise OSError(f"{original} no longer reads as the recording it was")
        recording = inspect_recording(fmt, copy, row.size, display)
        content, sha256, size, recording = finish_recording(fmt, copy, row.size, recording, display, row.sha256)
    except IngestError as refused:
        copy.close()
        model.objects.filter(pk=pk, processing=Processing.PROCESSING).update(
            processing=Processing.FAILED, processing_error=refused.message
        )
        return "failed"
    target = original
    try:
        if content is not copy:
            target = processed_name(original)
            if storage.exists(target):  # left by a run killed after writing it
                storage.delete(target)
            content.seek(0)
            stored = storage.save(target, content)
            if stored != target:
                storage.delete(stored)
                raise OSError(f"{target} could not be written under its own name")
    finally:
        content.close()
        copy.close()
    facts = {"sha256": sha256, "size": size, "duration": recording.duration, "codec": recording.codec}
    return _switch(model, pk, original=original, target=target, storage=storage, facts=facts)


def _switch(model, pk: int, *, original: str, target: str, storage: Storage, facts: dict) -> str:
    with transaction.atomic():
        row = model.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.processing != Processing.PROCESSING or row.file.name != original:
            # Purged, or processed by another run meanwhile: this copy is not wanted.
            if target != original:
                transaction.on_commit(lambda: storage.delete(target))
            return "unchanged"
        for name, value in facts.items():
            setattr(row, name, value)
        row.file.name = target
        row.processing = Processing.READY
        row.processing_error = ""
        row.save()
        if target != original:
            transaction.on_commit(lambda: storage.delete(original))
    return "ready"


def _local_copy(storage: Storage, name: str) -> TemporaryCopy:
    """The stored bytes in a temporary file of this machine, where ffprobe can read them (storage may be S3)."""
    extension = name.rsplit(".", 1)[-1]
    copy = TemporaryCopy(extension)
    with storage.open(name, "rb") as stored:
        shutil.copyfileobj(stored, copy, CHUNK_SIZE)
    copy.flush()
    copy.seek(0)
    return copy
