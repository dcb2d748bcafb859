"""Fixity audits (NDSA level 3): every stored file read back and its SHA-256 compared with the one recorded at
ingest, each comparison kept as a ``FixityCheck`` event, failures and missing files told to the curators.

An audit is an ``AuditRun`` that walks the files in the order of their rows (keyset: after the last one checked,
never an offset), so an interrupted audit goes on where it stopped (``audit_fixity --resume``, and the scheduled
job in slices shorter than a task's time limit). Each file is read a chunk at a time (``preservation.reading``):
a 2 GB recording takes no more memory than a photograph.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation

from archive.models import MediaFile
from archive.models.media import Processing
from archive.roles import CURATORS
from preservation.models import AuditRun, FixityCheck
from preservation.reading import stored_sha256
from preservation.software import software

logger = logging.getLogger(__name__)

AGENT_COMMAND = "audit_fixity command"
AGENT_SCHEDULED = "scheduled job"
BATCH = 200  # rows read at a time: each batch is one query


def files_to_audit() -> QuerySet[MediaFile]:
    """Every stored file with a SHA-256 recorded at ingest. A file still being processed is left for the next
    audit: its stored copy and checksum are about to be replaced."""
    return (
        MediaFile.objects.exclude(file="")
        .exclude(sha256="")
        .exclude(processing=Processing.PROCESSING)
        .annotate(identifier=Coalesce("victim__identifier", "testimony__identifier", "document__identifier"))
        .only("pk", "key", "file", "sha256")
        .order_by("pk")
    )


def audit_start(*, agent: str) -> AuditRun:
    return AuditRun.objects.create(agent=agent)


def audit_to_resume(*, agent: str) -> AuditRun | None:
    """The latest audit by ``agent`` that did not finish (stopped, or its process killed)."""
    return AuditRun.objects.filter(agent=agent, finished_at__isnull=True).order_by("-pk").first()


def file_check(media: MediaFile, *, run: AuditRun | None, agent: str) -> FixityCheck:
    """Read ``media``'s stored file and record what was found. A storage that cannot be reached (not a missing
    file) raises ``OSError``: nothing is recorded, and the audit stops where it can go on from."""
    storage, name = media.file.storage, media.file.name
    try:
        computed = stored_sha256(storage, name)
    except FileNotFoundError:
        computed, outcome = "", FixityCheck.Outcome.MISSING
    else:
        outcome = FixityCheck.Outcome.PASS if computed == media.sha256 else FixityCheck.Outcome.FAIL
    return FixityCheck.objects.create(
        run=run,
        media_file=media,
        media_key=media.key,
        record_identifier=getattr(media, "identifier", None) or "",
        path=name,
        expected_sha256=media.sha256,
        computed_sha256=computed,
        outcome=outcome,
        agent=agent,
        software=software("preservation.fixity"),
    )


def audit_continue(
    *, run: AuditRun, deadline: float | None = None, on_check: Callable[[FixityCheck], None] | None = None
) -> bool:
    """Check the files after ``run``'s last one, in row order, until all are checked (the run is then finished:
    True) or ``time.monotonic()`` passes ``deadline`` (False: call again to go on). Progress is saved after each
    file, so a run killed at any point loses at most the file it was reading."""
    files = files_to_audit()
    while True:
        batch = list(files.filter(pk__gt=run.last_media_file_id or 0)[:BATCH])
        if not batch:
            run.finished_at = timezone.now()
            run.save(update_fields=["finished_at"])
            return True
        for media in batch:
            check = file_check(media, run=run, agent=run.agent)
            problem = int(check.outcome != FixityCheck.Outcome.PASS)
            AuditRun.objects.filter(pk=run.pk).update(
                last_media_file_id=media.pk, checked=F("checked") + 1, problems=F("problems") + problem
            )
            run.last_media_file_id, run.checked, run.problems = media.pk, run.checked + 1, run.problems + problem
            if on_check is not None:
                on_check(check)
            if deadline is not None and time.monotonic() >= deadline:
                return False


def curator_emails() -> list[str]:
    users = get_user_model().objects.filter(groups__name=CURATORS, is_active=True).exclude(email="")
    return sorted({user.email for user in users})


def audit_report(*, run: AuditRun) -> list[FixityCheck]:
    """The run's failed and missing files; if there are any, a mail to the curators naming each (a mail server
    that fails is logged: the staff home shows them all the same)."""
    problems = list(run.checks.problems().order_by("pk"))
    recipients = curator_emails()
    if problems and recipients:
        context = {"run": run, "problems": problems}
        with translation.override(settings.LANGUAGE_CODE):
            subject = " ".join(render_to_string("preservation/email/fixity_problems.subject.txt", context).split())
            body = render_to_string("preservation/email/fixity_problems.txt", context)
        try:
            send_mail(subject, body, None, recipients)
        except Exception:
            logger.exception("The fixity audit's report could not be mailed")
    for check in problems:
        logger.error("Fixity audit %s: %s %s", run.pk, check.outcome, check.named)
    return problems
