from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Empty the search index and build it again from every record."

    def handle(self, *args, **options) -> None:
        verbose = options["verbosity"] > 1
        counts = rebuild(progress=self.stdout.write if verbose else None)
        self.stdout.write(
            self.style.SUCCESS(
                "Indexed {victims} victims ({name_words} name words), {testimonies} testimonies, "
                "{documents} documents.".format(**counts)
            )
        )
