from django.core.management.base import BaseCommand, no_translations

from archive.history_data import load_history


class Command(BaseCommand):
    help = "Load or refresh the real sources, places and timeline events of January 1990 (safe to run again)."

    @no_translations  # an operator's summary, in one language rather than a mix of translated model names
    def handle(self, *args, **options):
        result = load_history()
        self.stdout.write(f"Sources: {result.sources}.")
        self.stdout.write(f"Places: {result.places}.")
        self.stdout.write(f"Events: {result.events}.")
