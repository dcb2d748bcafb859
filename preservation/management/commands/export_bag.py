"""manage.py export_bag [IDENTIFIER ...] --output DIR [--all]: records as BagIt 1.0 bags."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from preservation.bags import BagExportError, bag_write, records_to_bag


def default_base_url() -> str:
    host = next((host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "")), "localhost")
    return f"https://{host}"


class Command(BaseCommand):
    help = (
        "Write BagIt 1.0 bags (RFC 8493), one per record, into DIR/<identifier>/: the record's metadata as JSON, "
        "MODS and Dublin Core, and its files with their thumbnails, under SHA-256 and SHA-512 manifests. Without "
        "identifiers, every public record. Only public records and the files the public may open, unless --all."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("identifiers", nargs="*", metavar="IDENTIFIER", help="V-000123, T-000123, D-000123")
        parser.add_argument("--output", required=True, type=Path, help="The folder the bags are written into.")
        parser.add_argument(
            "--all",
            action="store_true",
            dest="include_private",
            help=(
                "For staff only: the whole archive, private, draft and withdrawn records, withheld and closed files "
                "and every field included. Such bags hold what the public must never see: keep them as the "
                "backups are kept."
            ),
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address, for the links in the metadata (default: https:// and the first ALLOWED_HOSTS).",
        )

    def handle(
        self,
        *args,
        identifiers: list[str],
        output: Path,
        include_private: bool = False,
        base_url: str = "",
        verbosity: int = 1,
        **options,
    ) -> None:
        output.mkdir(parents=True, exist_ok=True)
        count = 0
        try:
            for record in records_to_bag(identifiers=identifiers, include_private=include_private):
                path = bag_write(
                    record, output=output, base_url=base_url or default_base_url(), include_private=include_private
                )
                count += 1
                if verbosity > 1:
                    self.stdout.write(str(path))
        except BagExportError as error:
            raise CommandError(f"{error} ({count} bags written before it.)") from error
        if verbosity:
            self.stdout.write(f"{count} bags written to {output}.")
