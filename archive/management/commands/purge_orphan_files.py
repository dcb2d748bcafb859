"""List, and with --delete remove, stored files that no row refers to; name the files of rows that are empty or cut
short."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandParser

from archive.orphans import StoredFile, orphans_delete, survey_storage


def _orphan(file: StoredFile) -> str:
    return f"{file.name} (empty)" if file.size == 0 else file.name


class Command(BaseCommand):
    help = (
        "List files anywhere in the default storage that no row refers to (records' files and thumbnails, "
        "submitted and pending files), and name the referred-to files that are empty or not the size their row "
        "records. With --delete, remove the orphans older than --min-age-hours, so a file a live request is still "
        "storing is never taken; a file a row refers to is never deleted. Never run automatically."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="Remove the orphan files, not only list them.")
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=1.0,
            help="Leave files younger than this alone: an upload in progress stores its file before its row "
            "is committed (default: 1).",
        )

    def handle(self, *args, delete: bool, min_age_hours: float, **options) -> None:
        survey = survey_storage(default_storage, grace=timedelta(hours=min_age_hours))
        orphans = orphans_delete(default_storage, survey.orphans) if delete else survey.orphans
        for file in orphans:
            self.stdout.write(f"{'deleted' if delete else 'orphan'}: {_orphan(file)}")
        for file in survey.empty:
            recorded = f" (its record says {file.recorded_size} bytes)" if file.recorded_size is not None else ""
            self.stdout.write(self.style.WARNING(f"empty: {file.name}{recorded}"))
        for file in survey.partial:
            self.stdout.write(
                self.style.WARNING(
                    f"partial: {file.name} ({file.size} bytes; its record says {file.recorded_size} bytes)"
                )
            )
        verb = "Deleted" if delete else "Found"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(orphans)} orphan file(s); {len(survey.empty)} empty and {len(survey.partial)} partial "
                "file(s) of records."
            )
        )
