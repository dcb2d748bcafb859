from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import DatabaseError
from django.utils.translation import gettext as _

from archive.importing import BATCH_SIZE, COLUMNS, ImportRefused
from curation.importing import victims_import


class Command(BaseCommand):
    # argparse needs plain strings; like Django's own commands, the command-line help is not translated.
    help = (
        f"Import a list of victims from a UTF-8 CSV file with a header row. Columns: {', '.join(COLUMNS)}. "
        "Only surname_az or surname_ru is required; an empty or absent fate means killed; variants are "
        "separated by “;”; a place not yet in the archive is created. Nothing is saved unless every row is "
        "valid and none is likely a person already in the archive or earlier in the file (same surname and given "
        "name in any script, dates that can be the same). Imported victims are drafts unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=("The CSV file (UTF-8, comma-separated)."))
        parser.add_argument("--publish", action="store_true", help=("Publish the imported victims (default: drafts)."))
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=("Import the valid rows and list the others, instead of refusing the whole file."),
        )
        parser.add_argument(
            "--allow-duplicates",
            action="store_true",
            help=("Import rows that are likely people already in the archive or earlier in the file (listed)."),
        )
        parser.add_argument("--dry-run", action="store_true", help=("Check the file and report, but save nothing."))
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Victims written at once; progress is reported after each batch (default {BATCH_SIZE}).",
        )

    @no_translations  # the other commands report in English too, whatever LANGUAGE_CODE is
    def handle(
        self,
        *args,
        file: Path,
        publish: bool,
        skip_invalid: bool,
        allow_duplicates: bool,
        dry_run: bool,
        batch_size: int,
        **options,
    ):
        if batch_size < 1:
            raise CommandError(_("--batch-size must be at least 1."))
        self._reported = False
        try:
            data = file.read_bytes()
        except FileNotFoundError:
            raise CommandError(_("There is no file %(file)s.") % {"file": file}) from None
        except OSError as error:
            raise CommandError(_("%(file)s cannot be read: %(error)s") % {"file": file, "error": error}) from error
        try:
            result = victims_import(
                data=data,
                file_name=file.name,
                publish=publish,
                skip_invalid=skip_invalid,
                allow_duplicates=allow_duplicates,
                dry_run=dry_run,
                batch_size=batch_size,
                progress=self._progress if options["verbosity"] > 0 else None,
            )
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(refused.message) from refused
        except DatabaseError as error:
            # The batches share one transaction, rolled back by now: say so, not only the database's words.
            raise CommandError(
                _("%(file)s was not imported: the database refused a write (%(error)s). Nothing was saved.")
                % {"file": file.name, "error": error}
            ) from error

        for problem in result.skipped:
            self.stderr.write(_("skipped %(problem)s") % {"problem": problem})
        for warning in result.warnings:  # likely duplicates, imported as --allow-duplicates says
            self.stderr.write(self.style.WARNING(_("%(duplicate)s; imported anyway") % {"duplicate": warning}))
        counts = {
            "victims": result.created,
            "places": len(result.places_created),
            "skipped": len({problem.line for problem in result.skipped}),
            "state": _("published") if publish else _("drafts"),
        }
        if dry_run:
            summary = _(
                "Dry run, nothing was saved. Victims that would be created: %(victims)d (%(state)s); "
                "places: %(places)d; rows skipped: %(skipped)d."
            )
        else:
            summary = _(
                "Victims created: %(victims)d (%(state)s); places created: %(places)d; rows skipped: %(skipped)d."
            )
        self.stdout.write(self.style.SUCCESS(summary % counts))

    def _progress(self, done: int, total: int) -> None:
        if done == total and not self._reported:
            return  # one batch: done as soon as it starts, and the summary says everything
        self._reported = True
        # On stderr, like the problems: stdout keeps the one summary line that scripts read.
        self.stderr.write(_("imported %(done)s / %(total)s") % {"done": f"{done:,}", "total": f"{total:,}"})
        self.stderr.flush()
