"""manage.py audit_fixity [--resume]: read back every stored file (records' originals and thumbnails, submitted
files) and compare it with its SHA-256 recorded when it was written; exits non-zero naming each file that failed or
is missing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from preservation import fixity
from preservation.models import FixityCheck


class Command(BaseCommand):
    help = (
        "Read back every stored file (records' originals and thumbnails, files sent with submissions; on disk or in "
        "S3) and compare it with the SHA-256 recorded when it was written (a thumbnail stored before digests were "
        "recorded has its digest recorded by this first read). Each check is kept; failed and missing files are "
        "mailed to the curators, shown on the staff home, and named here with a non-zero exit."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--resume",
            action="store_true",
            help="Go on with the last audit of this command that did not finish, after the last file it checked "
            "(of the same kind, then the kinds after it).",
        )

    def handle(self, *args, resume: bool = False, verbosity: int = 1, **options) -> None:
        run = fixity.audit_to_resume(agent=fixity.AGENT_COMMAND) if resume else None
        if resume and run is None:
            self.stdout.write("No unfinished audit to resume; starting a new one.")
        if run is None:
            run = fixity.audit_start(agent=fixity.AGENT_COMMAND)
        elif verbosity:
            self.stdout.write(f"Resuming audit {run.pk} {fixity.audit_position(run)}.")

        def report(check: FixityCheck) -> None:
            if check.outcome in (FixityCheck.Outcome.FAIL, FixityCheck.Outcome.MISSING):
                self.stderr.write(f"{check.get_outcome_display()}: {check.named}")

        try:
            fixity.audit_continue(run=run, on_check=report)
        except KeyboardInterrupt:
            raise CommandError(
                f"Interrupted {fixity.audit_position(run)}; `audit_fixity --resume` goes on from there."
            ) from None
        except OSError as error:
            # Not a missing file (that is a check's outcome): the storage itself failed, e.g. a bucket unreachable.
            raise CommandError(
                f"The storage could not be read {fixity.audit_position(run)} ({error}); nothing was recorded for the "
                "file being read. `audit_fixity --resume` goes on from there once it answers."
            ) from error
        problems = fixity.audit_report(run=run)
        if problems:
            names = "\n".join(f"  {check.outcome}: {check.named}" for check in problems)
            raise CommandError(f"{len(problems)} of {run.checked} files failed their fixity check:\n{names}")
        if verbosity:
            recorded = run.checks.filter(outcome=FixityCheck.Outcome.RECORDED).count()
            self.stdout.write(f"All {run.checked} files match their SHA-256 (audit {run.pk}).")
            if recorded:
                self.stdout.write(f"{recorded} thumbnails had no digest yet: recorded from what is stored now.")
