"""Reading an import file: its text, its header and its rows, each with the line it starts on."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from archive.spreadsheet_cells import unescape_formula

NAME_COLUMNS = (
    "surname_az",
    "given_name_az",
    "patronymic_az",
    "surname_ru",
    "given_name_ru",
    "patronymic_ru",
    "surname_en",
    "given_name_en",
)
DATE_COLUMNS = ("birth_date", "death_date")
BIOGRAPHY_COLUMNS = ("biography_az", "biography_en", "biography_ru")
COLUMNS = (*NAME_COLUMNS, "variants", "gender", *DATE_COLUMNS, "fate", "place", *BIOGRAPHY_COLUMNS)
SURNAME_COLUMNS = ("surname_az", "surname_ru")


@dataclass(frozen=True)
class RowProblem:
    """Why one row of the file cannot be imported. ``line`` is the physical line, the header being line 1."""

    line: int
    reason: str

    def __str__(self) -> str:
        return _("line %(line)d: %(reason)s") % {"line": self.line, "reason": self.reason}


class ImportRefused(Exception):
    """The file was not imported; nothing of it was saved."""

    def __init__(self, message: str, problems: Sequence[RowProblem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


def read_csv(data: bytes, file_name: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (lowercased column names) and the non-blank rows with their first line; ImportRefused if the
    file is not UTF-8 CSV or its header is wrong."""
    text = _decode(data, file_name)
    lines = _CountedLines(text)
    reader = csv.reader(lines)
    rows = _records(reader, lines, file_name)
    try:
        _line, header = next(rows)
    except StopIteration:
        raise ImportRefused(_("%(file)s is empty.") % {"file": file_name}) from None
    header = [cell.strip().lower() for cell in header]
    _check_header(header, file_name)
    return header, rows


def _decode(data: bytes, file_name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused(
            _("%(file)s is UTF-16 text, not UTF-8. Save it as “CSV UTF-8” and import it again.") % {"file": file_name}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportRefused(
            _(
                "%(file)s is not UTF-8 text: line %(line)d has the byte 0x%(byte)02X, which UTF-8 does not allow. "
                "The file is probably in another encoding, such as Windows-1251; "
                "save it as “CSV UTF-8” and import it again."
            )
            % {"file": file_name, "line": line, "byte": data[error.start]}
        ) from error
    if "\x00" in text:
        raise ImportRefused(
            _(
                "%(file)s is not a CSV file: it holds binary data (a spreadsheet workbook?). "
                "Save the list as “CSV UTF-8” and import it again."
            )
            % {"file": file_name}
        )
    if not text.strip():
        raise ImportRefused(_("%(file)s is empty.") % {"file": file_name})
    return text


class _CountedLines:
    """The file's lines, counting how many the csv reader has taken, to name the line a row starts on."""

    def __init__(self, text: str) -> None:
        # newline="" splits on \n, \r and \r\n only, as the csv module expects (str.splitlines splits on more).
        self._lines = iter(io.StringIO(text, newline=""))
        self.count = 0

    def __iter__(self) -> _CountedLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        return line


def _records(reader: Iterator[list[str]], lines: _CountedLines, file_name: str) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows, each with the line it starts on (a quoted value may span several lines)."""
    while True:
        start = lines.count + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportRefused(
                _("%(file)s is not a readable CSV file: line %(line)d: %(error)s")
                % {"file": file_name, "line": lines.count, "error": error}
            ) from error
        if any(cell.strip() for cell in row):
            yield start, [unescape_formula(cell) for cell in row]


def _check_header(header: list[str], file_name: str) -> None:
    accepted = ", ".join(COLUMNS)
    named = [column for column in header if column]
    unknown = [column for column in named if column not in COLUMNS]
    if unknown:
        message = _(
            "%(file)s was not imported: unknown columns in the header: %(unknown)s. "
            "The accepted columns are: %(accepted)s."
        ) % {
            "file": file_name,
            "unknown": ", ".join(unknown),
            "accepted": accepted,
        }
        if len(header) == 1 and any(separator in header[0] for separator in ";\t"):
            message += " " + _("Columns must be separated by commas.")
        raise ImportRefused(message)
    repeated = sorted({column for column in named if named.count(column) > 1})
    if repeated:
        raise ImportRefused(
            _("%(file)s was not imported: the header names these columns more than once: %(columns)s.")
            % {"file": file_name, "columns": ", ".join(repeated)}
        )
    if not any(column in header for column in SURNAME_COLUMNS):
        raise ImportRefused(
            _(
                "%(file)s was not imported: the header has neither surname_az nor surname_ru. "
                "The accepted columns are: %(accepted)s."
            )
            % {"file": file_name, "accepted": accepted}
        )
