from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations

from archive.models import Victim, parse_identifier
from curation.merge_plan import merge_plan
from curation.merging import victims_merge


def find_victim(typed: str) -> Victim:
    """The victim a typed identifier names (``V-000123``, ``v123``…); CommandError if there is none."""
    identifier = parse_identifier(typed, prefixes="V")
    victim = Victim.objects.select_related("merged_into").filter(identifier=identifier).first() if identifier else None
    if victim is None:
        raise CommandError(f"There is no victim {typed}.")
    return victim


class Command(BaseCommand):
    help = (
        "Merge two records of one person: OTHER's testimonies, documents, media, name variants, name forms and "
        "sources move to KEEP, KEEP's empty fields take OTHER's values, and OTHER becomes 'merged' (its address "
        "answers 301 to KEEP; its identifier is never reused). Undo with undo_merge or from the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("keep", help="The identifier of the record kept, e.g. V-000123.")
        parser.add_argument("other", help="The identifier of the record merged into it.")
        parser.add_argument("--reason", required=True, help="Why: kept in both records' history.")

    @no_translations  # like the other commands, reports in English whatever LANGUAGE_CODE is
    def handle(self, *args, keep: str, other: str, reason: str, **options):
        kept, merged = find_victim(keep), find_victim(other)
        try:
            plan = merge_plan(kept=kept, other=merged)
            for warning in plan.warnings:
                self.stderr.write(self.style.WARNING(warning))
            victims_merge(kept=kept, other=merged, user=None, reason=reason)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        counts = plan.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"{merged.identifier} merged into {kept.identifier}: moved {counts['testimonies']} testimonies, "
                f"{counts['documents']} documents, {counts['media']} media files, {counts['variants']} name "
                f"variants, {counts['sources']} sources; fields filled: {len(plan.fills)}. "
                f"{merged.identifier} now leads to {kept.identifier}."
            )
        )
