"""Delete the stored files of submissions marked as spam longer ago than the retention period."""

from django.core.management.base import BaseCommand

from archive.stored_files import discard_uncommitted_files
from submissions.selectors import spam_due_for_purge
from submissions.services import submission_purge_files


class Command(BaseCommand):
    help = "Delete the files of spam submissions older than SUBMISSION_SPAM_RETENTION_DAYS (rows and log are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Retention in days (default: the setting).")
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted.")

    def handle(self, *args, days=None, dry_run=False, **options):
        due = spam_due_for_purge(days=days)
        total = 0
        with discard_uncommitted_files():
            for submission in due:
                if dry_run:
                    self.stdout.write(f"{submission.reference}: would delete its files")
                    continue
                count = submission_purge_files(submission=submission)
                total += count
                self.stdout.write(f"{submission.reference}: {count} file(s) deleted")
        self.stdout.write(self.style.SUCCESS(f"{len(due)} spam submission(s), {total} file(s) deleted."))
