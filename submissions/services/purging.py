"""Purging: the stored bytes of spam once its retention is over, and files kept for forms that were never sent again.
What is due is a read (``submissions.selectors``); the rows and the log stay, only bytes go.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from archive.stored_files import delete_after_commit
from submissions.models import PendingUpload, Submission, SubmissionEvent
from submissions.selectors import pending_uploads_due, spam_due_for_purge
from submissions.services.base import lock, move, record_event


@transaction.atomic
def submission_purge_files(*, submission: Submission) -> int:
    """Delete the stored bytes of a spam submission (the rows, checksums and log stay). Returns files deleted."""
    submission = lock(submission, None)
    move(submission, Submission.Action.PURGE_FILES)
    count = 0
    now = timezone.now()
    for row in submission.files.filter(purged_at__isnull=True):
        # Before the fields are emptied: the deletion is queued with the names they hold now.
        delete_after_commit([row.file, row.thumbnail])
        row.file = ""
        row.thumbnail = ""
        row.purged_at = now
        row.save()
        count += 1
    record_event(
        submission,
        action=SubmissionEvent.Action.FILES_PURGED,
        actor=SubmissionEvent.Actor.SYSTEM,
        note=gettext("%(count)d file(s) deleted.") % {"count": count},
    )
    return count


@transaction.atomic
def pending_uploads_purge(*, hours: float | None = None) -> int:
    """Delete pending files older than ``SUBMISSION_PENDING_UPLOAD_HOURS`` (their forms were never sent). A form
    sent at the same moment waits for this (the rows are locked) and is then told a kept file is gone."""
    rows = list(pending_uploads_due(hours=hours).select_for_update())
    PendingUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()
    delete_after_commit(stored for row in rows for stored in (row.file, row.thumbnail))
    return len(rows)


def spam_submissions_purge(*, days: int | None = None) -> list[tuple[Submission, int]]:
    """Delete the files of every spam submission whose retention is over (``spam_due_for_purge``), each in its own
    transaction; returns each submission with the number of its files deleted. Run again, it finds nothing to do."""
    return [(submission, submission_purge_files(submission=submission)) for submission in spam_due_for_purge(days=days)]
