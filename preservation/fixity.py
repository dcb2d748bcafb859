"""Fixity audits (NDSA level 3): every stored file read back and its SHA-256 compared with the one recorded when
it was written, each comparison kept as a ``FixityCheck`` event, failures and missing files told to the curators.
Every stored file: records' originals and their thumbnails, and the files families sent with submissions. IIIF
tiles are not audited: they are derivatives of an audited original, remade from it by ``build_iiif_tiles --force``.

An audit is an ``AuditRun`` that walks the files kind after kind (``KINDS``), each in the order of its rows (keyset:
after the last one checked, never an offset), so an interrupted audit goes on where it stopped (``audit_fixity
--resume``, and the scheduled job in slices shorter than a task's time limit). Each file is read a chunk at a time
(``preservation.reading``): a 2 GB recording takes no more memory than a photograph.
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
from preservation.models import AuditRun, FixityCheck, StoredKind
from preservation.reading import stored_sha256
from preservation.software import software
from submissions.models import SubmissionFile

logger = logging.getLogger(__name__)

AGENT_COMMAND = "audit_fixity command"
AGENT_SCHEDULED = "scheduled job"
BATCH = 200  # rows read at a time: each batch is one query


# The order an audit walks the kinds of stored file in: a run's progress is a kind and a row of it.
KINDS = [StoredKind.ORIGINAL, StoredKind.THUMBNAIL, StoredKind.SUBMITTED]


def files_to_audit(kind: str = StoredKind.ORIGINAL) -> QuerySet:
    """The rows holding stored files of ``kind``, in row order, annotated with the ``identifier`` a report names:
    a record's originals with a SHA-256 recorded at ingest, its thumbnails (those without a digest yet too: the
    audit records it), the files families sent with submissions (kept after acceptance as well: they are what the
    family sent). A file still being processed is left for the next audit: its stored copy, thumbnail and checksum
    are about to be replaced."""
    if kind == StoredKind.SUBMITTED:
        rows = (
            SubmissionFile.objects.exclude(file="")
            .exclude(sha256="")
            .annotate(identifier=F("submission__reference"))
            .only("pk", "key", "file", "sha256")
        )
    else:
        rows = MediaFile.objects.annotate(
            identifier=Coalesce("victim__identifier", "testimony__identifier", "document__identifier")
        )
        if kind == StoredKind.THUMBNAIL:
            rows = rows.exclude(thumbnail="").only("pk", "key", "thumbnail", "thumbnail_sha256")
        else:
            rows = rows.exclude(file="").exclude(sha256="").only("pk", "key", "file", "sha256")
    return rows.exclude(processing=Processing.PROCESSING).order_by("pk")


def audit_start(*, agent: str) -> AuditRun:
    return AuditRun.objects.create(agent=agent)


def audit_to_resume(*, agent: str) -> AuditRun | None:
    """The latest audit by ``agent`` that did not finish (stopped, or its process killed)."""
    return AuditRun.objects.filter(agent=agent, finished_at__isnull=True).order_by("-pk").first()


def file_check(
    row: MediaFile | SubmissionFile, *, kind: str = StoredKind.ORIGINAL, run: AuditRun | None, agent: str
) -> FixityCheck:
    """Read ``row``'s stored file of ``kind`` and record what was found. A thumbnail without a recorded digest (one
    written before digests were) has it recorded from what is read now: that first read trusts the stored bytes,
    later audits compare with them. A storage that cannot be reached (not a missing file) raises ``OSError``:
    nothing is recorded, and the audit stops where it can go on from."""
    stored = row.thumbnail if kind == StoredKind.THUMBNAIL else row.file
    expected = row.thumbnail_sha256 if kind == StoredKind.THUMBNAIL else row.sha256
    storage, name = stored.storage, stored.name
    try:
        computed = stored_sha256(storage, name)
    except FileNotFoundError:
        computed, outcome = "", FixityCheck.Outcome.MISSING
    else:
        if not expected:
            outcome = FixityCheck.Outcome.RECORDED
            # Only if the row still holds this thumbnail with no digest: one written meanwhile has its own.
            MediaFile.objects.filter(pk=row.pk, thumbnail=name, thumbnail_sha256="").update(thumbnail_sha256=computed)
        else:
            outcome = FixityCheck.Outcome.PASS if computed == expected else FixityCheck.Outcome.FAIL
    submitted = kind == StoredKind.SUBMITTED
    return FixityCheck.objects.create(
        run=run,
        kind=kind,
        media_file=None if submitted else row,
        submission_file=row if submitted else None,
        media_key=row.key,
        record_identifier=getattr(row, "identifier", None) or "",
        path=name,
        expected_sha256=expected,
        computed_sha256=computed,
        outcome=outcome,
        agent=agent,
        software=software("preservation.fixity"),
    )


def audit_continue(
    *, run: AuditRun, deadline: float | None = None, on_check: Callable[[FixityCheck], None] | None = None
) -> bool:
    """Check the files after ``run``'s last one (its kind, then the kinds after it, each in row order) until all
    are checked (the run is then finished: True) or ``time.monotonic()`` passes ``deadline`` (False: call again to
    go on). Progress is saved after each file, so a run killed at any point loses at most the file it was
    reading."""
    for kind in KINDS[KINDS.index(run.last_kind) :]:
        after = (run.last_pk or 0) if kind == run.last_kind else 0
        files = files_to_audit(kind)
        while batch := list(files.filter(pk__gt=after)[:BATCH]):
            for row in batch:
                check = file_check(row, kind=kind, run=run, agent=run.agent)
                problem = int(check.outcome in (FixityCheck.Outcome.FAIL, FixityCheck.Outcome.MISSING))
                AuditRun.objects.filter(pk=run.pk).update(
                    last_kind=kind, last_pk=row.pk, checked=F("checked") + 1, problems=F("problems") + problem
                )
                run.last_kind, run.last_pk = kind, row.pk
                run.checked, run.problems = run.checked + 1, run.problems + problem
                after = row.pk
                if on_check is not None:
                    on_check(check)
                if deadline is not None and time.monotonic() >= deadline:
                    return False
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    return True


def audit_position(run: AuditRun) -> str:
    """Where ``run`` stopped, for an operator: "after 12 files (thumbnail, row 40)"."""
    if run.last_pk is None:
        return f"after {run.checked} files"
    return f"after {run.checked} files ({run.last_kind}, row {run.last_pk})"


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
