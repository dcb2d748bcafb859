"""Importing lists of victims from CSV files (``manage.py import_victims``).

A file is read and every row validated before anything is written (``reading``, ``validation``), then the
rows are written in batches of bulk inserts (``writing``) inside one transaction, so a refused file, or one
whose writing fails halfway, leaves the archive as it was. The columns are those of DESIGN.md, the same ones
``archive.resources`` exports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import ngettext

from archive.importing.reading import COLUMNS, ImportRefused, RowProblem, read_csv
from archive.importing.validation import lookalikes_in_archive, validate_rows
from archive.importing.writing import PlaceFinder, place_slug, write_batch
from archive.models import Place

__all__ = ["BATCH_SIZE", "COLUMNS", "ImportRefused", "ImportResult", "RowProblem", "place_slug", "victims_import"]

# Rows written at once: large enough that statements, not rows, are few; small enough that a batch's objects
# and its progress line come often (a 100,000-row file reports 50 times).
BATCH_SIZE = 2000

Progress = Callable[[int, int], None]  # (victims written so far, victims to write)


@dataclass
class ImportResult:
    created: int = 0  # victims; a count, not the records: a large file's victims are let go batch by batch
    places_created: list[Place] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    published: bool = False
    dry_run: bool = False


def victims_import(
    *,
    data: bytes,
    file_name: str,
    publish: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportResult:
    """Create a draft (or, with ``publish``, published) victim for every row of a CSV file.

    Raises ImportRefused when the file cannot be read, its header is wrong, or any row is bad (unless
    ``skip_invalid``, which imports the good rows and reports the rest in ``skipped``). With
    ``dry_run`` everything is checked and saved in a transaction that is then rolled back.
    ``progress`` is called after each batch of ``batch_size`` victims is written.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1.")
    header, rows = read_csv(data, file_name)
    valid, problems = validate_rows(header, rows, file_name)
    if problems and not skip_invalid:
        bad_lines = len({problem.line for problem in problems})
        raise ImportRefused(
            ngettext(
                "%(file)s was not imported: %(count)d row has problems. Nothing was saved. "
                "Fix it, or use --skip-invalid to import the other rows.",
                "%(file)s was not imported: %(count)d rows have problems. Nothing was saved. "
                "Fix them, or use --skip-invalid to import the other rows.",
                bad_lines,
            )
            % {"file": file_name, "count": bad_lines},
            problems,
        )
    result = ImportResult(skipped=problems, published=publish, dry_run=dry_run)
    result.warnings = lookalikes_in_archive(valid)
    reason = f"imported from {file_name}"  # kept in the history as data, like the services' reasons
    # One transaction over every batch: a batch that fails (a lost connection, a full disk) takes the earlier
    # ones with it, so the file is imported whole or not at all.
    with transaction.atomic():
        places = PlaceFinder(reason)
        for start in range(0, len(valid), batch_size):
            batch = valid[start : start + batch_size]
            result.created += len(write_batch(batch, places=places, reason=reason, publish=publish))
            if progress is not None:
                progress(result.created, len(valid))
        result.places_created = places.created
        if dry_run:
            transaction.set_rollback(True)
    return result
