"""Delete the stored files of submissions marked as spam longer ago than the retention period."""

from django.core.management.base import BaseCommand

from archive.stored_files import discard_uncommitted_files
from submissions.selectors import spam_due_for_purge
from submissions.services import spam_submissions_purge


class Command(BaseCommand):
    help = "Delete the files of spam submissions older than SUBMISSION_SPAM_RETENTION_DAYS (rows and log are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Retention in days (default: the setting).")
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if dry_run:
            due = spam_due_for_purge(days=days)
            for submission in due:
                self.stdout.write(f"{submission.reference}: would delete its files")
            self.stdout.write(self.style.SUCCESS(f"{len(due)} spam submission(s), 0 file(s) deleted."))
            return
        with discard_uncommitted_files():
            purged = spam_submissions_purge(days=days)
        for submission, count in purged:
            self.stdout.write(f"{submission.reference}: {count} file(s) deleted")
        total = sum(count for _submission, count in purged)
        self.stdout.write(self.style.SUCCESS(f"{len(purged)} spam submission(s), {total} file(s) deleted."))
