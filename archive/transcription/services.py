"""Asking for a machine draft of a testimony's transcript, and writing it once the recognizer has answered.

A draft never replaces what people wrote unless the curator said so when asking: the request carries that answer,
and the job checks again when it writes (people may have typed segments while it ran). Earlier machine drafts are
replaced by the new one. Every row written is marked ``machine_draft`` and its history says it came from the
recognizer.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from archive.jobs import enqueue
from archive.models import MediaFile, Testimony, TranscriptSegment
from archive.signals import records_changed_in_bulk
from archive.transcription import DraftSegment, backend
from archive.work_locks import work_lock

CHUNK = 1024 * 1024


class DraftRefused(Exception):
    """The draft cannot be asked for: no recording, or people's segments the curator did not agree to replace."""


def recording_of(testimony: Testimony) -> MediaFile | None:
    """The recording a draft is made from: the testimony's first audio or video file."""
    return (
        testimony.media.filter(role=MediaFile.Role.RECORDING, kind__in=(MediaFile.Kind.AUDIO, MediaFile.Kind.VIDEO))
        .order_by("order", "pk")
        .first()
    )


def human_segment_count(testimony: Testimony) -> int:
    return testimony.segments.filter(machine_draft=False).count()


def draft_request(*, testimony: Testimony, replace_human: bool = False) -> MediaFile:
    """Queue the machine draft of the testimony's recording (after the caller's transaction commits)."""
    from archive import tasks  # the tasks import this module

    recording = recording_of(testimony)
    if recording is None:
        raise DraftRefused(_("The testimony has no recording to transcribe."))
    if human_segment_count(testimony) and not replace_human:
        raise DraftRefused(_("The transcript has segments written by people; say whether to replace them."))
    enqueue(tasks.transcribe_draft, testimony.pk, recording.pk, replace_human)
    return recording


def draft_make(*, testimony_id: int, media_id: int, replace_human: bool) -> str:
    """The job: transcribe the recording and write the draft. Returns what became of it: "written", "kept" (people's
    segments there and not to be replaced), "gone" (the testimony or file no longer there) or "busy"."""
    with work_lock(f"archive.transcribe_draft:{testimony_id}") as mine:
        if not mine:
            return "busy"
        recording = MediaFile.objects.filter(pk=media_id, testimony_id=testimony_id).select_related("testimony").first()
        if recording is None or not recording.file:
            return "gone"
        testimony = recording.testimony
        if human_segment_count(testimony) and not replace_human:
            return "kept"
        language = next(iter(testimony.languages or []), None) if isinstance(testimony.languages, list) else None
        with _local_copy(recording) as path:
            drafts = backend().transcribe(path, language=language)
        return "written" if drafts_write(testimony=testimony, drafts=drafts, replace_human=replace_human) else "kept"


class _local_copy:  # a context manager read as a phrase: with _local_copy(recording) as path
    """The stored recording as a file of this machine, where a recognizer can read it (storage may be S3)."""

    def __init__(self, recording: MediaFile) -> None:
        self.recording = recording
        self.folder = ""

    def __enter__(self) -> Path:
        self.folder = tempfile.mkdtemp(prefix="yaddas-transcribe-")
        extension = self.recording.file.name.rsplit(".", 1)[-1][:8]
        path = Path(self.folder) / f"recording.{extension}"
        with self.recording.file.storage.open(self.recording.file.name, "rb") as stored, path.open("wb") as copy:
            shutil.copyfileobj(stored, copy, CHUNK)
        return path

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


@transaction.atomic
def drafts_write(*, testimony: Testimony, drafts: list[DraftSegment], replace_human: bool) -> bool:
    """Replace the testimony's machine drafts (and people's segments, if ``replace_human``) with ``drafts``. False,
    writing nothing, if people's segments are there and are not to be replaced."""
    Testimony.objects.select_for_update().filter(pk=testimony.pk).first()  # one writer of the transcript at a time
    if not replace_human and human_segment_count(testimony):
        return False
    reason = _("Machine draft from the speech recognizer")
    old = testimony.segments.all() if replace_human else testimony.segments.filter(machine_draft=True)
    for row in old:
        row._change_reason = reason
        row.delete()
    rows = []
    for draft in drafts:
        row = TranscriptSegment(
            testimony=testimony, start=draft.start, end=draft.end, text=draft.text, machine_draft=True
        )
        row._change_reason = reason
        rows.append(row)
    bulk_create_with_history(rows, TranscriptSegment, default_change_reason=reason)
    # A bulk insert sends no post_save: the search index and the content version follow this signal instead.
    records_changed_in_bulk.send(sender=TranscriptSegment, pks=list(testimony.segments.values_list("pk", flat=True)))
    return True
