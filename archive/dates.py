"""Partial and uncertain dates, kept as written (an EDTF-style string) with derived day bounds.

Accepted forms: ``1965``, ``1990-01``, ``1990-01-20``, a trailing ``~`` (approximate), ``?``
(uncertain) or ``%`` (both), a leading word for "circa" in any of the three languages
(``circa 1948``, ``c. 1948``, ``təxminən 1948``, ``около 1948``), unspecified digits (``196X``,
``19XX``), and intervals of two such dates (``1948/1950``). Nothing is ever invented: a year stays a
year, and its bounds are its first and last possible day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_CIRCA_WORDS = r"(?:circa|ca\.?|c\.|approx\.?|about|təxminən|texminen|около|примерно|ок\.)"
_CIRCA = re.compile(rf"^\s*{_CIRCA_WORDS}\s*", re.IGNORECASE)
_SINGLE = re.compile(
    r"^(?P<year>\d{2}[\dX]{2})(?:-(?P<month>\d{2}|XX)(?:-(?P<day>\d{2}|XX))?)?(?P<qualifier>[~?%])?$",
    re.IGNORECASE,
)
_EARLIEST_YEAR = 1800


class PartialDateError(ValueError):
    """The text is not a date this archive can keep."""


@dataclass(frozen=True)
class PartialDate:
    text: str
    earliest: date
    latest: date
    approximate: bool = False
    uncertain: bool = False

    @property
    def is_exact_day(self) -> bool:
        return self.earliest == self.latest and not (self.approximate or self.uncertain)


def parse_partial_date(text: str) -> PartialDate | None:
    """Normalise ``text`` to the stored form and derive its bounds; ``None`` for an empty date."""
    text = (text or "").strip()
    if not text:
        return None
    if "/" in text:
        start_text, _, end_text = text.partition("/")
        start, end = _parse_single(start_text), _parse_single(end_text)
        if start.earliest > end.latest:
            raise PartialDateError(f"The interval “{text}” ends before it begins.")
        return PartialDate(
            text=f"{start.text}/{end.text}",
            earliest=start.earliest,
            latest=end.latest,
            approximate=start.approximate or end.approximate,
            uncertain=start.uncertain or end.uncertain,
        )
    return _parse_single(text)


def _parse_single(text: str) -> PartialDate:
    raw = text.strip()
    approximate = False
    circa = _CIRCA.match(raw)
    if circa:
        approximate = True
        raw = raw[circa.end() :]
    match = _SINGLE.match(raw.upper())
    if not match:
        raise PartialDateError(
            f"“{text.strip()}” is not a date. Use YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally with ~ (approximate) or ? (uncertain), e.g. 1965, 1990-01, circa 1948."
        )
    qualifier = match["qualifier"] or ""
    approximate = approximate or (qualifier in "~%" and bool(qualifier))
    uncertain = qualifier in ("?", "%")
    year_text, month_text, day_text = match["year"], match["month"], match["day"]

    if "X" in year_text:
        if month_text or day_text:
            raise PartialDateError(f"“{text.strip()}”: a year with unknown digits cannot have a month or day.")
        low_year = int(year_text.replace("X", "0"))
        high_year = int(year_text.replace("X", "9"))
        earliest, latest = date(max(low_year, _EARLIEST_YEAR), 1, 1), date(high_year, 12, 31)
    else:
        year = int(year_text)
        if year < _EARLIEST_YEAR or year > date.today().year:
            raise PartialDateError(f"“{text.strip()}”: the year {year} is outside what this archive records.")
        earliest, latest = _bounds(year, month_text, day_text, text.strip())

    normal = year_text + (f"-{month_text}" if month_text else "") + (f"-{day_text}" if day_text else "")
    normal += "%" if approximate and uncertain else "~" if approximate else "?" if uncertain else ""
    return PartialDate(normal, earliest, latest, approximate, uncertain)


def _bounds(year: int, month_text: str | None, day_text: str | None, original: str) -> tuple[date, date]:
    if not month_text or month_text == "XX":
        if day_text and day_text != "XX":
            raise PartialDateError(f"“{original}”: a day without a month is not a date.")
        return date(year, 1, 1), date(year, 12, 31)
    month = int(month_text)
    if not 1 <= month <= 12:
        raise PartialDateError(f"“{original}”: there is no month {month}.")
    last_day = calendar.monthrange(year, month)[1]
    if not day_text or day_text == "XX":
        return date(year, month, 1), date(year, month, last_day)
    day = int(day_text)
    if not 1 <= day <= last_day:
        raise PartialDateError(f"“{original}”: {year}-{month:02d} has no day {day}.")
    return date(year, month, day), date(year, month, day)


def age_range(birth: PartialDate | None, death: PartialDate | None) -> tuple[int, int] | None:
    """The youngest and oldest a person can have been at death, given what is known."""
    if birth is None or death is None:
        return None
    youngest = _years_between(birth.latest, death.earliest)
    oldest = _years_between(birth.earliest, death.latest)
    if youngest < 0:
        return None
    return youngest, oldest


def _years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))
