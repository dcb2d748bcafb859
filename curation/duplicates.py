"""Rows of an import file that are likely a person the archive has already, or a person of an earlier row, under
whatever spelling (Məmmədov Əli = Мамедов Али): the same folded surname and given name and nothing that says
otherwise (``curation.likeness``: dates that cannot be the same, different patronymics or genders). An exact repeat
of a row is refused earlier, by the file's own check (``archive.importing``).

Cost: candidates are found by (surname, given name) key pairs in a dict, never by comparing every row with every
other; the archive's victims sharing a surname key with the file are read once, a batch at a time, through the
search index's name words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from archive.importing import ImportRow, RowProblem
from archive.models import NameVariant, Victim, VictimStatus
from curation.likeness import Likeness, compare, likely_same
from curation.person import NAME_FIELDS, Person, pair_keys, person_of, values_of
from search.models import NameWord

# Archive victims named at most per row, and read at once: an IN list both databases take in one statement.
VICTIMS_NAMED = 3
_KEYS_CHUNK = 500
_VICTIMS_CHUNK = 2000


@dataclass(frozen=True)
class Duplicate:
    """A row (``line``) likely the same person as an archive victim, or as an earlier row (``of_line``)."""

    line: int
    likeness: Likeness
    identifier: str = ""
    name: str = ""
    of_line: int | None = None

    def problem(self) -> RowProblem:
        """As the command and the admin report it: "line 9: likely the same person as line 4 — …"."""
        if self.of_line is not None:
            text = _("likely the same person as line %(line)d — %(reasons)s") % {
                "line": self.of_line,
                "reasons": self.likeness.explained(),
            }
        else:
            text = _("likely the same person as %(identifier)s (%(name)s) — %(reasons)s") % {
                "identifier": self.identifier,
                "name": self.name,
                "reasons": self.likeness.explained(),
            }
        return RowProblem(self.line, text)


def row_person(row: ImportRow) -> Person:
    fields = row.fields
    return person_of(
        fields,
        row.variants,
        birth=fields.get("birth_date", ""),
        death=fields.get("death_date", ""),
        gender=fields.get("gender", ""),
    )


# A date of birth spanning more years than this (196X, 1900/1950) is compared with every namesake, like none.
_YEARS_BUCKETED = 12


def _birth_years(person: Person) -> range | None:
    """The years a person may have been born in (widened when approximate), or None when unknown or too wide."""
    birth = person.birth
    if birth is None or birth.high.year - birth.low.year >= _YEARS_BUCKETED:
        return None
    return range(birth.low.year, birth.high.year + 1)


class _Namesakes:
    """People by (surname, given name) key pair, and within a pair by possible year of birth: a person is compared
    only with namesakes who may have been born in one of the same years, or whose birth is unknown. What keeps a
    long list of common names from comparing everyone with everyone."""

    def __init__(self) -> None:
        self._all: dict[tuple[str, str], list[int]] = {}
        self._undated: dict[tuple[str, str], list[int]] = {}
        self._by_year: dict[tuple[str, str, int], list[int]] = {}

    def add(self, position: int, person: Person) -> None:
        years = _birth_years(person)
        for pair in pair_keys(person):
            self._all.setdefault(pair, []).append(position)
            if years is None:
                self._undated.setdefault(pair, []).append(position)
            else:
                for year in years:
                    self._by_year.setdefault((*pair, year), []).append(position)

    def candidates(self, person: Person) -> list[int]:
        """Positions of the namesakes ``person`` may be, in the order they were added."""
        years = _birth_years(person)
        found: set[int] = set()
        for pair in pair_keys(person):
            if years is None:
                found.update(self._all.get(pair, ()))
                continue
            found.update(self._undated.get(pair, ()))
            for year in years:
                found.update(self._by_year.get((*pair, year), ()))
        return sorted(found)

    @property
    def surnames(self) -> set[str]:
        return {surname for surname, _given in self._all}


def duplicates_in_file(rows: Sequence[ImportRow], people: Sequence[Person] | None = None) -> list[Duplicate]:
    """Each row likely the same person as an earlier row, named by the first such row."""
    people = people if people is not None else [row_person(row) for row in rows]
    found = []
    earlier = _Namesakes()
    for position, person in enumerate(people):
        for candidate in earlier.candidates(person):
            if likely_same(person, people[candidate]):
                likeness = compare(person, people[candidate])
                found.append(Duplicate(line=rows[position].line, likeness=likeness, of_line=rows[candidate].line))
                break
        earlier.add(position, person)
    return found


def duplicates_in_archive(rows: Sequence[ImportRow], people: Sequence[Person] | None = None) -> list[Duplicate]:
    """Each row likely the same person as victims already in the archive (up to VICTIMS_NAMED, by identifier).
    Withdrawn and merged records are not counted: neither stands for a person any more."""
    people = people if people is not None else [row_person(row) for row in rows]
    namesakes = _Namesakes()
    for position, person in enumerate(people):
        namesakes.add(position, person)
    surnames = sorted(namesakes.surnames)
    if not surnames:
        return []
    victim_ids: set[int] = set()
    for start in range(0, len(surnames), _KEYS_CHUNK):
        keys = surnames[start : start + _KEYS_CHUNK]
        victim_ids.update(NameWord.objects.filter(key__in=keys).values_list("victim_id", flat=True))
    found: dict[int, list[Duplicate]] = {}
    for victim, record in _archive_people(sorted(victim_ids)):
        for position in namesakes.candidates(record):
            if likely_same(people[position], record):
                likeness = compare(people[position], record)
                duplicate = Duplicate(
                    line=rows[position].line, likeness=likeness, identifier=victim.identifier, name=victim.full_name
                )
                found.setdefault(position, []).append(duplicate)
    result = []
    for position in sorted(found):
        result += sorted(found[position], key=lambda duplicate: duplicate.identifier)[:VICTIMS_NAMED]
    return result


def _archive_people(victim_ids: list[int]) -> Iterator[tuple[Victim, Person]]:
    """The victims (not withdrawn or merged) and what is known of each, read a batch at a time."""
    fields = ("pk", "identifier", *NAME_FIELDS, "birth_date", "death_date", "gender")
    for start in range(0, len(victim_ids), _VICTIMS_CHUNK):
        chunk = victim_ids[start : start + _VICTIMS_CHUNK]
        variants: dict[int, list[str]] = {}
        for victim_id, name in NameVariant.objects.filter(victim_id__in=chunk).values_list("victim_id", "name"):
            variants.setdefault(victim_id, []).append(name)
        victims = (
            Victim.objects.filter(pk__in=chunk)
            .exclude(status__in=[VictimStatus.WITHDRAWN, VictimStatus.MERGED])
            .only(*fields)
            .order_by("pk")
        )
        for victim in victims:
            yield (
                victim,
                person_of(
                    values_of(victim),
                    variants.get(victim.pk, ()),
                    birth=victim.birth_date,
                    death=victim.death_date,
                    gender=victim.gender,
                ),
            )


def import_duplicates(rows: Sequence[ImportRow]) -> list[Duplicate]:
    """The rows likely already in the archive or earlier in the file, in the file's order."""
    people = [row_person(row) for row in rows]
    found = duplicates_in_archive(rows, people) + duplicates_in_file(rows, people)
    return sorted(found, key=lambda duplicate: (duplicate.line, duplicate.of_line is not None, duplicate.identifier))
