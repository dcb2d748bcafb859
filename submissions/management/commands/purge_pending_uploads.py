"""Delete the files kept from refused posts of the submission form whose forms were never sent again."""

from django.core.management.base import BaseCommand

from archive.stored_files import discard_uncommitted_files
from submissions.selectors import pending_uploads_due_for_purge
from submissions.services import pending_uploads_purge


class Command(BaseCommand):
    help = (
        "Delete files kept from refused posts of the submission form (pending uploads) older than "
        "SUBMISSION_PENDING_UPLOAD_HOURS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=None, help="Age in hours (default: the setting).")
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted.")

    def handle(self, *args, hours=None, dry_run=False, **options):
        if dry_run:
            due = pending_uploads_due_for_purge(hours=hours)
            for row in due:
                self.stdout.write(f"{row.key.hex}: {row.get_kind_display()}, {row.size} bytes, {row.created_at:%c}")
            self.stdout.write(self.style.SUCCESS(f"{len(due)} pending upload(s) would be deleted."))
            return
        with discard_uncommitted_files():
            count = pending_uploads_purge(hours=hours)
        self.stdout.write(self.style.SUCCESS(f"{count} pending upload(s) deleted."))
