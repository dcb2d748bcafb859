from django.core.management.base import BaseCommand

from archive.demo import load_demo


class Command(BaseCommand):
    help = (
        "Add invented demonstration records (victims, testimonies, documents, generated media), marked as such; "
        "loads the real places and events first. Running it again adds nothing."
    )

    def handle(self, *args, **options):
        summary = load_demo()
        for line in summary.lines():
            self.stdout.write(line)
