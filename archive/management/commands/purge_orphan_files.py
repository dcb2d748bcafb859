"""List, and with --delete remove, stored files that no media file row points to."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.core.files.storage import Storage, default_storage
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from archive.models import MediaFile

FOLDERS = ("records", "thumbnails")


def stored_names(storage: Storage, folder: str) -> Iterator[str]:
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from stored_names(storage, f"{folder}/{directory}")


class Command(BaseCommand):
    help = (
        "List files under records/ and thumbnails/ in the default storage that no media file refers to. "
        "With --delete, remove them. Never run automatically."
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
        referenced = set(MediaFile.objects.values_list("file", flat=True))
        referenced |= set(MediaFile.objects.exclude(thumbnail="").values_list("thumbnail", flat=True))
        cutoff = timezone.now() - timedelta(hours=min_age_hours)
        orphans = [
            name
            for folder in FOLDERS
            for name in stored_names(default_storage, folder)
            if name not in referenced and default_storage.get_modified_time(name) <= cutoff
        ]
        for name in orphans:
            if delete:
                default_storage.delete(name)
            self.stdout.write(("deleted " if delete else "") + name)
        verb = "Deleted" if delete else "Found"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(orphans)} orphan file(s)."))
