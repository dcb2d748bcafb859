"""The archive's background tasks (``archive.jobs``)."""

from __future__ import annotations

from celery import shared_task

from archive.jobs import Job, never_queued_requeue
from archive.media_processing import file_process
from archive.temporaries import upload_temporaries_purge


@shared_task(base=Job, name="archive.purge_upload_temporaries")
def purge_upload_temporaries() -> int:
    """Scheduled (CELERY_BEAT_SCHEDULE): what killed workers left in the upload folder, as
    ``purge_upload_temporaries`` does; returns the number of files deleted."""
    return len(upload_temporaries_purge())


@shared_task(base=Job, name="archive.process_file")
def process_file(model_label: str, pk: int) -> str:
    """The slow part of taking a large recording or image in, after its upload (``archive.media_processing``): keyed
    by the row, so a task run twice processes it once."""
    return file_process(model_label=model_label, pk=pk)


@shared_task(base=Job, name="archive.requeue_never_queued")
def requeue_never_queued() -> int:
    """Scheduled each minute (CELERY_BEAT_SCHEDULE): the tasks that could not be queued while the broker was down,
    sent again now that it answers (it does, since this runs); returns how many."""
    return never_queued_requeue()


@shared_task(base=Job, name="archive.transcribe_draft")
def transcribe_draft(testimony_id: int, media_id: int, replace_human: bool = False) -> str:
    """A machine draft of a testimony's recording by the configured speech recognizer (``archive.transcription``):
    keyed by the testimony, so a task run twice writes one draft."""
    from archive.transcription.services import draft_make  # the services queue this task

    return draft_make(testimony_id=testimony_id, media_id=media_id, replace_human=replace_human)
