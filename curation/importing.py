"""Importing a list of victims, with its likely duplicates: one code path for ``manage.py import_victims`` and the
admin's "Import from CSV" (a preview, then the same import on confirmation).

The file is checked whole first (``archive.importing.victims_check``), then its valid rows against the archive and
each other (``curation.duplicates``). Nothing is saved unless every row is valid (or ``skip_invalid``) and no row is
a likely duplicate (or ``allow_duplicates``); then all rows are written in one transaction
(``archive.importing.victims_write``), each victim's history naming who imported it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import ngettext

from archive.importing import (
    BATCH_SIZE,
    CheckedFile,
    ImportRefused,
    ImportResult,
    Progress,
    RowProblem,
    bad_rows_message,
    victims_check,
    victims_write,
)
from curation.duplicates import Duplicate, import_duplicates


class DuplicatesRefused(ImportRefused):
    """The file was not imported because some rows are likely people already in the archive or in the file."""


@dataclass
class Preview:
    """What an import would do, nothing saved: the valid rows, the bad ones and the likely duplicates."""

    checked: CheckedFile
    duplicates: list[Duplicate]

    @property
    def problems(self) -> list[RowProblem]:
        return self.checked.problems

    @property
    def duplicate_problems(self) -> list[RowProblem]:
        return [duplicate.problem() for duplicate in self.duplicates]

    @property
    def duplicate_lines(self) -> int:
        return len({duplicate.line for duplicate in self.duplicates})

    def refusal(self, *, skip_invalid: bool, allow_duplicates: bool) -> ImportRefused | None:
        """Why the import would be refused with these options (every reason at once), or None."""
        bad = bool(self.checked.problems) and not skip_invalid
        doubtful = bool(self.duplicates) and not allow_duplicates
        if not (bad or doubtful):
            return None
        problems = (self.checked.problems if bad else []) + (self.duplicate_problems if doubtful else [])
        problems.sort(key=lambda problem: problem.line)
        if not bad:
            return DuplicatesRefused(duplicates_message(self.checked.file_name, self.duplicate_lines), problems)
        message = bad_rows_message(self.checked)
        if doubtful:
            message += " " + also_duplicates_message(self.duplicate_lines)
        return ImportRefused(message, problems)


def duplicates_message(file_name: str, count: int) -> str:
    return ngettext(
        "%(file)s was not imported: %(count)d row is likely a person already in the archive or earlier in the file. "
        "Nothing was saved. Check it, or use --allow-duplicates to import it anyway.",
        "%(file)s was not imported: %(count)d rows are likely people already in the archive or earlier in the file. "
        "Nothing was saved. Check them, or use --allow-duplicates to import them anyway.",
        count,
    ) % {"file": file_name, "count": count}


def also_duplicates_message(count: int) -> str:
    return ngettext(
        "Also, %(count)d row is likely a person already in the archive or earlier in the file: check it, or use "
        "--allow-duplicates to import it anyway.",
        "Also, %(count)d rows are likely people already in the archive or earlier in the file: check them, or use "
        "--allow-duplicates to import them anyway.",
        count,
    ) % {"count": count}


def victims_preview(*, data: bytes, file_name: str) -> Preview:
    """Check a file and find its likely duplicates; ImportRefused if it cannot be read at all."""
    checked = victims_check(data=data, file_name=file_name)
    return Preview(checked=checked, duplicates=import_duplicates(checked.rows))


def victims_import(
    *,
    data: bytes,
    file_name: str,
    user: AbstractBaseUser | None = None,
    publish: bool = False,
    skip_invalid: bool = False,
    allow_duplicates: bool = False,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a CSV file of victims as drafts (or published, with ``publish``: the user needs the permission).

    Raises ImportRefused (DuplicatesRefused when likely duplicates alone stop it) with every problem found, and
    saves nothing, unless every row is valid or ``skip_invalid`` (the good rows are imported, the others listed in
    ``skipped``) and no row is a likely duplicate or ``allow_duplicates`` (the duplicates are listed in
    ``warnings``). ``dry_run`` checks and writes everything, then rolls it back.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1.")
    preview = victims_preview(data=data, file_name=file_name)
    refusal = preview.refusal(skip_invalid=skip_invalid, allow_duplicates=allow_duplicates)
    if refusal is not None:
        raise refusal
    result = victims_write(
        rows=preview.checked.rows,
        file_name=file_name,
        user=user,
        publish=publish,
        dry_run=dry_run,
        batch_size=batch_size,
        progress=progress,
    )
    result.skipped = preview.checked.problems
    result.warnings = preview.duplicate_problems
    return result
