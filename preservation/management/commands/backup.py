"""manage.py backup DIR: the database and every stored file, with a SHA-256 manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from preservation.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write a backup of the database (every row, history and fixity checks included) and of every stored file "
        "into DIR, a new or empty folder, with manifest-sha256.txt listing the SHA-256 of each of its files. "
        "Restore it with manage.py restore DIR. Copy DIR to two places, one of them off-site (README, Preservation)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, verbosity: int = 1, **options) -> None:
        try:
            result = backup_create(directory, progress=self.stdout.write if verbosity > 1 else None)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in result.missing:
            self.stderr.write(f"Not in the storage, though a row refers to it: {name}")
        if verbosity:
            self.stdout.write(f"Backed up {sum(result.rows.values())} rows and {result.files} files to {result.path}.")
