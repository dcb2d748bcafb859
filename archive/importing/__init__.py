"""Importing lists of victims from CSV files: reading, checking and writing (``manage.py import_victims`` and the
admin's import, in ``curation.importing``, which adds the likely duplicates).

A file is read and every row validated before anything is written (``victims_check``: ``reading``,
``validation``), then the rows are written in batches of bulk inserts (``victims_write``: ``writing``) inside one
transaction, so a refused file, or one whose writing fails halfway, leaves the archive as it was. The columns are
those of DESIGN.md, the same ones ``archive.resources`` exports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import ngettext

from archive.importing.reading import COLUMNS, ImportRefused, RowProblem, read_csv
from archive.importing.validation import ImportRow, validate_rows
from archive.importing.writing import PlaceFinder, place_slug, write_batch
from archive.models import Place

__all__ = [
    "BATCH_SIZE",
    "COLUMNS",
    "CheckedFile",
    "ImportRefused",
    "ImportResult",
    "ImportRow",
    "RowProblem",
    "bad_rows_message",
    "place_slug",
    "victims_check",
    "victims_write",
]

# Rows written at once: large enough that statements, not rows, are few; small enough that a batch's objects
# and its progress line come often (a 100,000-row file reports 50 times).
BATCH_SIZE = 2000

Progress = Callable[[int, int], None]  # (victims written so far, victims to write)


@dataclass
class CheckedFile:
    """A file read and its rows checked, nothing written: the valid rows, and why each other row is not."""

    file_name: str
    rows: list[ImportRow]
    problems: list[RowProblem]

    @property
    def bad_lines(self) -> int:
        return len({problem.line for problem in self.problems})


@dataclass
class ImportResult:
    created: int = 0  # victims; a count, not the records: a large file's victims are let go batch by batch
    places_created: list[Place] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    published: bool = False
    dry_run: bool = False


def victims_check(*, data: bytes, file_name: str) -> CheckedFile:
    """Read ``data`` and check every row by the model's rules. Raises ImportRefused when the file cannot be read,
    its header is wrong or it has no rows; bad rows are listed in the result, not raised."""
    header, rows = read_csv(data, file_name)
    valid, problems = validate_rows(header, rows, file_name)
    return CheckedFile(file_name=file_name, rows=valid, problems=problems)


def bad_rows_message(checked: CheckedFile) -> str:
    """Why a file with bad rows was refused, for the command (whose option the message names)."""
    return ngettext(
        "%(file)s was not imported: %(count)d row has problems. Nothing was saved. "
        "Fix it, or use --skip-invalid to import the other rows.",
        "%(file)s was not imported: %(count)d rows have problems. Nothing was saved. "
        "Fix them, or use --skip-invalid to import the other rows.",
        checked.bad_lines,
    ) % {"file": checked.file_name, "count": checked.bad_lines}


def victims_write(
    *,
    rows: Sequence[ImportRow],
    file_name: str,
    user: AbstractBaseUser | None = None,
    publish: bool = False,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportResult:
    """Create a draft (or, with ``publish``, published) victim for every checked row, each with its history entry
    ("imported from FILE", by ``user``: None for a command). With ``dry_run`` everything is saved in a transaction
    that is then rolled back. ``progress`` is called after each batch of ``batch_size`` victims is written."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1.")
    result = ImportResult(published=publish, dry_run=dry_run)
    reason = f"imported from {file_name}"  # kept in the history as data, like the services' reasons
    # One transaction over every batch: a batch that fails (a lost connection, a full disk) takes the earlier
    # ones with it, so the file is imported whole or not at all.
    with transaction.atomic():
        places = PlaceFinder(reason, user=user)
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            result.created += len(write_batch(batch, places=places, reason=reason, publish=publish, user=user))
            if progress is not None:
                progress(result.created, len(rows))
        result.places_created = places.created
        if dry_run:
            transaction.set_rollback(True)
    return result
