from django.core.management.base import BaseCommand, no_translations

from archive.demo import load_demo


class Command(BaseCommand):
    help = (
        "Add invented demonstration records (victims, testimonies, documents, generated media), marked as such; "
        "loads the real places and events first. Running it again adds nothing."
    )

    @no_translations  # an operator's summary, in one language rather than a mix of translated model names
    def handle(self, *args, **options):
        summary = load_demo()
        for line in summary.lines():
            self.stdout.write(line)
