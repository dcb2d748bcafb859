from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations

from curation.management.commands.merge_victims import find_victim
from curation.merging import merge_undo
from curation.models import MergeRecord


class Command(BaseCommand):
    help = "Undo the merge of OTHER into the record kept in its place: what moved goes back, as the merge recorded it."

    def add_arguments(self, parser):
        parser.add_argument("other", help="The identifier of the merged record, e.g. V-000124.")
        parser.add_argument("--reason", required=True, help="Why: kept in both records' history.")

    @no_translations
    def handle(self, *args, other: str, reason: str, **options):
        merged = find_victim(other)
        merge = MergeRecord.objects.filter(other=merged, undone_at__isnull=True).select_related("kept").first()
        if merge is None:
            raise CommandError(f"{merged.identifier} is not merged into another record.")
        try:
            merge_undo(merge=merge, user=None, reason=reason)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(f"The merge of {merged.identifier} into {merge.kept.identifier} is undone.")
        )
