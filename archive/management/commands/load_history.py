from django.core.management.base import BaseCommand

from archive.history_data import load_history


class Command(BaseCommand):
    help = "Load or refresh the real sources, places and timeline events of January 1990 (safe to run again)."

    def handle(self, *args, **options):
        result = load_history()
        self.stdout.write(f"Sources: {result.sources}.")
        self.stdout.write(f"Places: {result.places}.")
        self.stdout.write(f"Events: {result.events}.")
