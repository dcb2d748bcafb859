"""manage.py restore DIR: a backup made by manage.py backup, checked against its manifest, into an empty database
and storage."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from preservation.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by manage.py backup: every file of DIR is first checked against its SHA-256 "
        "manifest, then the rows are loaded in one transaction and the files written back and read again against "
        "the manifest. Refuses a database or storage that already holds data: run manage.py migrate on a new, "
        "empty database first. Then run manage.py audit_fixity."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Empty the database (every row is deleted) and overwrite stored files of the same names first.",
        )

    def handle(self, *args, directory: Path, replace: bool = False, verbosity: int = 1, **options) -> None:
        try:
            info = backup_restore(directory, replace=replace, progress=self.stdout.write if verbosity > 1 else None)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if verbosity:
            self.stdout.write(
                f"Restored {sum(info['rows'].values())} rows and {info['files']} files from the backup of "
                f"{info['created_at']}. Run manage.py audit_fixity to check every file."
            )
