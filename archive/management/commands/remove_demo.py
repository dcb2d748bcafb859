from django.core.management.base import BaseCommand

from archive.demo import remove_demo


class Command(BaseCommand):
    help = "Remove every demonstration row, its stored files and its history; real records are left as they are."

    def handle(self, *args, **options):
        summary = remove_demo()
        for line in summary.lines():
            self.stdout.write(line)
