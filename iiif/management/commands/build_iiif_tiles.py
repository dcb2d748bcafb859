"""Make (or make again) the IIIF level 0 tiles of document images already stored."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from archive.models import MediaFile, Processing
from iiif.models import ImageTiles
from iiif.tiling import tiles_build


class Command(BaseCommand):
    help = (
        "Make the IIIF Image API level 0 tiles and sizes of every document image that has none, or none made from "
        "its stored bytes; --force makes them again for all (or for the given documents)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("identifiers", nargs="*", help="Only the images of these documents (D-000123 …).")
        parser.add_argument("--force", action="store_true", help="Make them again even where they are up to date.")

    def handle(self, *args, identifiers: list[str], force: bool, **options) -> None:
        images = MediaFile.objects.filter(
            kind=MediaFile.Kind.IMAGE, document__isnull=False, processing=Processing.READY
        ).order_by("pk")
        if identifiers:
            images = images.filter(document__identifier__in=identifiers)
            found = set(images.values_list("document__identifier", flat=True))
            unknown = sorted(set(identifiers) - found)
            if unknown:
                raise CommandError(f"No document images for: {', '.join(unknown)}")
        counts: dict[str, int] = {}
        for pk in images.values_list("pk", flat=True).iterator():
            outcome = tiles_build(media_pk=pk, force=force)
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome == "failed":
                error = ImageTiles.objects.filter(media_id=pk).values_list("error", flat=True).first()
                self.stderr.write(f"Image {pk}: could not be tiled: {error}")
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items())) or "no document images"
        self.stdout.write(f"IIIF tiles: {summary}.")
        if counts.get("failed"):
            raise CommandError(f"{counts['failed']} image(s) could not be tiled.")
