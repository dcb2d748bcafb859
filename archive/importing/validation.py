"""Checking an import file's rows before anything is written: each by the model's own rules, then across rows
(a row repeating another word for word). Rows that are likely a person already in the archive, or another row under
another spelling, are ``curation.duplicates``'s to find: that needs names folded across scripts (search)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from archive.dates import PartialDateError, parse_partial_date
from archive.importing.reading import (
    BIOGRAPHY_COLUMNS,
    DATE_COLUMNS,
    NAME_COLUMNS,
    SURNAME_COLUMNS,
    ImportRefused,
    RowProblem,
)
from archive.models import NameVariant, Place, Victim
from archive.names import az_lower

VARIANT_SEPARATOR = ";"
# The model field each column fills, where the names differ, for reporting the model's own errors.
_COLUMN_OF_FIELD = {"incident_place": "place"}
# Fields full_clean cannot judge before the first save: both are filled in by save().
_FILLED_ON_SAVE = ["identifier", "sort_key"]


@dataclass
class ImportRow:
    """One valid row: its victim's fields, the variants of the name and the place as written.

    The fields, not a Victim: every row of a file is held until all are checked, and a model instance weighs
    several times its values (100,000 rows held as victims took about 110 MB more)."""

    line: int
    fields: dict[str, str]
    variants: list[str]
    place_name: str

    def victim(self) -> Victim:
        """The unsaved victim of the row, as checked."""
        return Victim(**self.fields)


def validate_rows(
    header: list[str], rows: Iterator[tuple[int, list[str]]], file_name: str
) -> tuple[list[ImportRow], list[RowProblem]]:
    """The valid rows and the problems of the others (a row repeating an earlier one is a problem too)."""
    valid: list[ImportRow] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, cells in rows:
        reasons = _row_shape_problems(header, cells)
        values = {column: cell.strip() for column, cell in zip(header, cells, strict=False) if column}
        row, row_reasons = _build_row(line, values)
        reasons += row_reasons
        if row is not None and not reasons:
            key = _identity(row.fields)
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


def _build_row(line: int, values: dict[str, str]) -> tuple[ImportRow | None, list[str]]:
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

    fields = {
        **{column: values.get(column, "") for column in (*NAME_COLUMNS, *DATE_COLUMNS, *BIOGRAPHY_COLUMNS)},
        **chosen,
    }
    victim = Victim(**fields)
    try:
        # The model's one constraint (a surname) is judged by its clean() too; validating it again would ask the
        # database once a row, the whole cost of checking a long list.
        victim.full_clean(exclude=_FILLED_ON_SAVE, validate_constraints=False)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            if field_name in reported:
                continue
            column = _COLUMN_OF_FIELD.get(field_name, field_name)
            for message in messages:
                reasons.append(message if field_name == NON_FIELD_ERRORS else f"{column}: {message}")
    if reasons:
        return None, reasons
    return ImportRow(line=line, fields=fields, variants=variants, place_name=place_name), []


def _split_variants(text: str) -> list[str]:
    names: list[str] = []
    for part in text.split(VARIANT_SEPARATOR):
        name = " ".join(part.split())
        if name and name not in names:  # a name given twice is one variant (and the database allows one)
            names.append(name)
    return names


def _identity(fields: dict[str, str]) -> tuple[str, ...]:
    """What makes a row repeat another word for word: all the names and both dates."""
    names = tuple(az_lower(" ".join(fields[column].split())) for column in NAME_COLUMNS)
    dates = tuple(_normal_date(fields[column]) for column in DATE_COLUMNS)
    return names + dates


def _normal_date(text: str) -> str:
    parsed = parse_partial_date(text)
    return parsed.text if parsed else ""
