"""Importing lists of victims from CSV files (``manage.py import_victims``).

A file is read and every row validated before anything is written, so a refused file leaves the
archive as it was. The columns are those of DESIGN.md, the same ones ``archive.resources`` exports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from archive.dates import PartialDateError, parse_partial_date
from archive.models import NameVariant, Place, Victim
from archive.names import az_lower
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
VARIANT_SEPARATOR = ";"

# The model field each column fills, where the names differ, for reporting the model's own errors.
_COLUMN_OF_FIELD = {"incident_place": "place"}
# Fields full_clean cannot judge before the first save: both are filled in by save().
_FILLED_ON_SAVE = ["identifier", "sort_key"]
_SLUG_LETTERS = str.maketrans("əıöüğçş", "eiougcs")


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


@dataclass
class _Row:
    line: int
    victim: Victim
    variants: list[str]
    place_name: str


@dataclass
class ImportResult:
    victims: list[Victim] = field(default_factory=list)
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
) -> ImportResult:
    """Create a draft (or, with ``publish``, published) victim for every row of a CSV file.

    Raises ImportRefused when the file cannot be read, its header is wrong, or any row is bad (unless
    ``skip_invalid``, which imports the good rows and reports the rest in ``skipped``). With
    ``dry_run`` everything is checked and saved in a transaction that is then rolled back.
    """
    header, rows = _read_csv(data, file_name)
    valid, problems = _validate_rows(header, rows, file_name)
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
    result.warnings = _lookalikes_in_archive(valid)
    reason = f"imported from {file_name}"  # kept in the history as data, like the services' reasons
    with transaction.atomic():
        places = _PlaceFinder(reason)
        for row in valid:
            victim = row.victim
            if row.place_name:
                victim.incident_place = places.find_or_create(row.place_name)
            if publish:
                victim.publish()
            victim._change_reason = reason  # simple_history keeps it with the change
            victim.save()
            for name in row.variants:
                variant = NameVariant(victim=victim, name=name)
                variant._change_reason = reason
                variant.save()
            result.victims.append(victim)
        result.places_created = places.created
        if dry_run:
            transaction.set_rollback(True)
    return result


# Reading the file


def _read_csv(data: bytes, file_name: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
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


# Validating rows


def _validate_rows(
    header: list[str], rows: Iterator[tuple[int, list[str]]], file_name: str
) -> tuple[list[_Row], list[RowProblem]]:
    valid: list[_Row] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, cells in rows:
        reasons = _row_shape_problems(header, cells)
        values = {column: cell.strip() for column, cell in zip(header, cells, strict=False) if column}
        row, row_reasons = _build_row(line, values)
        reasons += row_reasons
        if row is not None and not reasons:
            key = _identity(row.victim)
            if key in seen:
                reasons.append(
                    _(
                        "repeats line %(line)d (same names and dates); if these are two people, "
                        "tell them apart, e.g. by patronymic or date of birth"
                    )
                    % {"line": seen[key]}
                )
            else:
                seen[key] = line
        if reasons:
            problems.extend(RowProblem(line, reason) for reason in reasons)
        else:
            valid.append(row)
    if not valid and not problems:
        raise ImportRefused(_("%(file)s has a header but no rows.") % {"file": file_name})
    return valid, problems


def _row_shape_problems(header: list[str], cells: list[str]) -> list[str]:
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
        return [
            _("%(count)d values, but the header names only %(columns)d columns")
            % {"count": len(cells), "columns": len(header)}
        ]
    unnamed = [index + 1 for index, column in enumerate(header[: len(cells)]) if not column and cells[index].strip()]
    if unnamed:
        return [
            _("a value in column %(columns)s, which has no name in the header")
            % {"columns": ", ".join(map(str, unnamed))}
        ]
    return []


def _build_row(line: int, values: dict[str, str]) -> tuple[_Row | None, list[str]]:
    """An unsaved victim from one row, checked by the same rules as the admin (the model's full_clean)."""
    reasons: list[str] = []
    reported: set[str] = set()

    if not any(values.get(column) for column in SURNAME_COLUMNS):
        reasons.append(_("give surname_az or surname_ru"))
        reported.add(NON_FIELD_ERRORS)

    choices = {"gender": Victim.Gender.values, "fate": Victim.Fate.values}
    chosen: dict[str, str] = {}
    for column, allowed in choices.items():
        value = values.get(column, "").lower()
        if value and value not in allowed:
            reasons.append(
                _("%(column)s “%(value)s” is not one of %(allowed)s")
                % {"column": column, "value": values[column], "allowed": ", ".join(allowed)}
            )
            reported.add(column)
        elif value:
            chosen[column] = value

    for column in DATE_COLUMNS:
        try:
            parse_partial_date(values.get(column, ""))
        except PartialDateError as error:
            message = str(error)
            # The date messages mostly begin with the date in quotes: "death_date “1990-13-01”: there is no month 13."
            separator = " " if message.startswith("“") else ": "
            reasons.append(f"{column}{separator}{message}")
            reported.add(column)

    place_name = " ".join(values.get("place", "").split())
    place_max = Place._meta.get_field("name_az").max_length
    if len(place_name) > place_max:
        reasons.append(
            _("place is longer than %(max)d characters") % {"max": place_max},
        )

    variants = _split_variants(values.get("variants", ""))
    variant_max = NameVariant._meta.get_field("name").max_length
    too_long = [name for name in variants if len(name) > variant_max]
    if too_long:
        reasons.append(_("a variant is longer than %(max)d characters") % {"max": variant_max})

    victim = Victim(
        **{column: values.get(column, "") for column in (*NAME_COLUMNS, *DATE_COLUMNS, *BIOGRAPHY_COLUMNS)},
        **chosen,
        is_demo=False,
    )
    try:
        victim.full_clean(exclude=_FILLED_ON_SAVE)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            if field_name in reported:
                continue
            column = _COLUMN_OF_FIELD.get(field_name, field_name)
            for message in messages:
                reasons.append(message if field_name == NON_FIELD_ERRORS else f"{column}: {message}")
    if reasons:
        return None, reasons
    return _Row(line=line, victim=victim, variants=variants, place_name=place_name), []


def _split_variants(text: str) -> list[str]:
    names: list[str] = []
    for part in text.split(VARIANT_SEPARATOR):
        name = " ".join(part.split())
        if name and name not in names:  # a name given twice is one variant (and the database allows one)
            names.append(name)
    return names


def _identity(victim: Victim) -> tuple[str, ...]:
    """What makes two rows the same person for duplicate detection: all the names and both dates."""
    names = tuple(az_lower(" ".join(getattr(victim, column).split())) for column in NAME_COLUMNS)
    dates = tuple(_normal_date(getattr(victim, column)) for column in DATE_COLUMNS)
    return names + dates


def _normal_date(text: str) -> str:
    parsed = parse_partial_date(text)
    return parsed.text if parsed else ""


def _lookalikes_in_archive(rows: list[_Row]) -> list[RowProblem]:
    """Rows whose victim may be in the archive already, e.g. when a file is imported twice.

    Only a warning: two people of the same name who died the same day are not rare in these lists.
    """
    warnings = []
    for row in rows:
        victim = row.victim
        same = Victim.objects.filter(
            **{column: getattr(victim, column) for column in NAME_COLUMNS},
            birth_date=_normal_date(victim.birth_date),
            death_date=_normal_date(victim.death_date),
        ).values_list("identifier", flat=True)
        identifiers = list(same[:3])
        if identifiers:
            warnings.append(
                RowProblem(
                    row.line,
                    _(
                        "the archive already has a victim with the same names and dates (%(identifiers)s); "
                        "imported anyway"
                    )
                    % {"identifiers": ", ".join(identifiers)},
                )
            )
    return warnings


# Places


class _PlaceFinder:
    """Finds a place by any of its names, ignoring case (by Azerbaijani rules too), or creates it."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.created: list[Place] = []
        self._by_key: dict[str, Place] = {}
        places = list(Place.objects.order_by("pk"))
        # Azerbaijani names first, so they win over another place's English or Russian name.
        for language in ("az", "en", "ru"):
            for place in places:
                self._remember(getattr(place, f"name_{language}"), place)

    def find_or_create(self, name: str) -> Place:
        for key in _place_keys(name):
            if key in self._by_key:
                return self._by_key[key]
        place = Place(name_az=name, slug=_unique_place_slug(name))
        place.full_clean()
        place._change_reason = self.reason
        place.save()
        self.created.append(place)
        self._remember(name, place)
        return place

    def _remember(self, name: str, place: Place) -> None:
        for key in _place_keys(name):
            self._by_key.setdefault(key, place)


def _place_keys(name: str) -> set[str]:
    # SQLite's case-insensitive lookups know only ASCII, and str.lower() does not know Azerbaijani
    # (I → ı), so both lowercasings are compared in Python.
    normal = " ".join(name.split())
    return {key for key in (az_lower(normal), normal.lower()) if key}


def place_slug(name: str) -> str:
    """A slug for a place name: Azerbaijani letters made ASCII (ə → e, ş → s …), anything else dropped."""
    return slugify(az_lower(name).translate(_SLUG_LETTERS)) or "place"


def _unique_place_slug(name: str) -> str:
    max_length = Place._meta.get_field("slug").max_length
    base = place_slug(name)[:max_length].strip("-")
    taken = set(Place.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
    return slug
