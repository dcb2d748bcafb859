from django.core.management.base import BaseCommand, no_translations

from archive.demo import remove_demo


class Command(BaseCommand):
    help = "Remove every demonstration row, its stored files and its history; real records are left as they are."

    @no_translations  # an operator's summary, in one language rather than a mix of translated model names
    def handle(self, *args, **options):
        summary = remove_demo()
        for line in summary.lines():
            self.stdout.write(line)
