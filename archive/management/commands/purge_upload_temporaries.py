"""Delete temporary files of uploads left behind by workers that were killed or crashed mid-request."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from archive.temporaries import upload_temporaries_due, upload_temporaries_purge


class Command(BaseCommand):
    help = (
        "Delete files in the folder for upload temporaries (UPLOAD_TEMP_DIR) not written to for "
        "UPLOAD_TEMPORARY_HOURS: what a worker killed mid-upload left. An upload in progress keeps writing its file, "
        "so it is never taken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=float, default=None, help="Age in hours (default: the setting).")
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted.")

    def handle(self, *args, hours: float | None = None, dry_run: bool = False, **options) -> None:
        found = upload_temporaries_due(hours=hours) if dry_run else upload_temporaries_purge(hours=hours)
        for temporary in found:
            self.stdout.write(f"{temporary.path.name}: {temporary.size} bytes, last written {temporary.modified:%c}")
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(
            self.style.SUCCESS(f"{len(found)} temporary file(s) {verb} in {settings.FILE_UPLOAD_TEMP_DIR}.")
        )
