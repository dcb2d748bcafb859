"""Preservation's background tasks (``archive.jobs``)."""

from __future__ import annotations

import time

from celery import shared_task
from django.conf import settings

from archive.jobs import Job, enqueue
from preservation import fixity
from preservation.models import AuditRun


def slice_seconds() -> float:
    """A slice of the scheduled audit ends well within a task's soft time limit."""
    return settings.CELERY_TASK_SOFT_TIME_LIMIT / 2


@shared_task(base=Job, name="preservation.audit_fixity")
def audit_fixity(run_id: int | None = None) -> int | None:
    """Scheduled weekly (CELERY_BEAT_SCHEDULE): a fixity audit of every stored file, as ``audit_fixity`` does. It
    checks files for at most ``slice_seconds`` and then queues itself to go on with the same run, so an archive of
    any size is audited without a task reaching its time limit; the last slice mails the curators about failed and
    missing files. Returns the run's id, or None for a run already finished (the task delivered twice)."""
    if run_id is None:
        # A scheduled audit that was interrupted (its worker killed, the storage unreachable: this task retried) is
        # taken up where it stopped rather than begun again.
        run = fixity.audit_to_resume(agent=fixity.AGENT_SCHEDULED) or fixity.audit_start(agent=fixity.AGENT_SCHEDULED)
    else:
        run = AuditRun.objects.filter(pk=run_id, finished_at__isnull=True).first()
        if run is None:
            return None
    if fixity.audit_continue(run=run, deadline=time.monotonic() + slice_seconds()):
        fixity.audit_report(run=run)
    else:
        enqueue(audit_fixity, run.pk)
    return run.pk
