"""manage.py audit_fixity [--resume]: read back every stored file and compare it with its SHA-256 recorded at
ingest; exits non-zero naming each file that failed or is missing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from preservation import fixity
from preservation.models import FixityCheck


class Command(BaseCommand):
    help = (
        "Read back every stored file (originals and derivatives with a recorded SHA-256, on disk or in S3) and "
        "compare it with the SHA-256 recorded at ingest. Each check is kept; failed and missing files are mailed to "
        "the curators, shown on the staff home, and named here with a non-zero exit."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--resume",
            action="store_true",
            help="Go on with the last audit of this command that did not finish, after the last file it checked.",
        )

    def handle(self, *args, resume: bool = False, verbosity: int = 1, **options) -> None:
        run = fixity.audit_to_resume(agent=fixity.AGENT_COMMAND) if resume else None
        if resume and run is None:
            self.stdout.write("No unfinished audit to resume; starting a new one.")
        if run is None:
            run = fixity.audit_start(agent=fixity.AGENT_COMMAND)
        elif verbosity:
            self.stdout.write(f"Resuming audit {run.pk} after {run.checked} files checked.")

        def report(check: FixityCheck) -> None:
            if check.outcome != FixityCheck.Outcome.PASS:
                self.stderr.write(f"{check.get_outcome_display()}: {check.named}")

        try:
            fixity.audit_continue(run=run, on_check=report)
        except KeyboardInterrupt:
            raise CommandError(
                f"Interrupted after {run.checked} files; `audit_fixity --resume` goes on from there."
            ) from None
        except OSError as error:
            # Not a missing file (that is a check's outcome): the storage itself failed, e.g. a bucket unreachable.
            raise CommandError(
                f"The storage could not be read after {run.checked} files ({error}); nothing was recorded for the "
                "file being read. `audit_fixity --resume` goes on from there once it answers."
            ) from error
        problems = fixity.audit_report(run=run)
        if problems:
            names = "\n".join(f"  {check.outcome}: {check.named}" for check in problems)
            raise CommandError(f"{len(problems)} of {run.checked} files failed their fixity check:\n{names}")
        if verbosity:
            self.stdout.write(f"All {run.checked} files match their SHA-256 (audit {run.pk}).")
