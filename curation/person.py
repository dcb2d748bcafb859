"""What is known of a person, made comparable: the folded keys of each part of the name in every script and
variant (``search.folding``), the patronymic told apart from the person's own names, and the days the dates may be.

Made from a victim or a row of an import file (in parts: ``person_of``) or from a family's description (a name typed
in one line, its parts unknown: ``person_typed``); ``curation.likeness`` compares two of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from archive.dates import PartialDate, PartialDateError, parse_partial_date
from search.folding import PATRONYMIC_MARKERS, fold_bare, fold_word, patronymic_root, plain_lower, words

# Surname endings, for telling a surname from a given name in a name written in one line ("Mamedov Ali").
_SURNAME_ENDINGS = ("ov", "ova", "ev", "eva", "zadə", "zade", "ов", "ова", "ев", "ева", "заде", "ский", "ская")
SCRIPTS = ("az", "ru", "en")
NAME_FIELDS = tuple(f"{part}_{script}" for script in SCRIPTS for part in ("surname", "given_name", "patronymic"))

Keys = frozenset[str]


# --- dates --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """The days a partial date may be; ``loose`` widens an approximate or uncertain one by a year each way."""

    earliest: date
    latest: date
    loose: bool = False
    low: date = field(init=False, compare=False, repr=False)  # the bounds compared: widened when loose
    high: date = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        widen = 1 if self.loose else 0
        object.__setattr__(self, "low", _year_off(self.earliest, -widen) if widen else self.earliest)
        object.__setattr__(self, "high", _year_off(self.latest, widen) if widen else self.latest)

    @classmethod
    def of(cls, value: str | PartialDate | None) -> Span | None:
        """The span of a date as written; None for an empty date or one that is not a date."""
        if not isinstance(value, PartialDate):
            try:
                value = parse_partial_date(value or "")
            except PartialDateError:
                return None
        if value is None:
            return None
        return cls(value.earliest, value.latest, value.approximate or value.uncertain)

    def overlaps(self, other: Span) -> bool:
        return self.low <= other.high and other.low <= self.high

    @property
    def year(self) -> int | None:
        """The year, if the date is within one."""
        return self.earliest.year if self.earliest.year == self.latest.year else None

    @property
    def month(self) -> tuple[int, int] | None:
        """The year and month, if the date is within one."""
        if (self.earliest.year, self.earliest.month) != (self.latest.year, self.latest.month):
            return None
        return self.earliest.year, self.earliest.month


def _year_off(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- names --------------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def word_keys(word: str) -> Keys:
    """The folded keys of one word: as written, and as typed without ş and ç."""
    return frozenset(key for key in (fold_word(word), fold_bare(word)) if key)


@lru_cache(maxsize=65536)
def _keys_of(text: str) -> Keys:
    return frozenset(key for word in words(text) for key in word_keys(word) if key not in PATRONYMIC_MARKERS)


@lru_cache(maxsize=65536)
def split_typed(text: str) -> tuple[tuple[str, ...], Keys]:
    """A name written in one line: its own words (surname or given name, in any order), and the keys of its
    patronymic: the word before oğlu/qızı/оглы/кызы, or a Russian patronymic (Алиевич), whose given name is the
    father's, never the person's."""
    found = words(text)
    own: list[str] = []
    patronymic: set[str] = set()
    for index, word in enumerate(found):
        keys = word_keys(word)
        if keys & PATRONYMIC_MARKERS:
            continue
        following = found[index + 1] if index + 1 < len(found) else ""
        if following and word_keys(following) & PATRONYMIC_MARKERS:
            patronymic |= keys
            continue
        root = patronymic_root(word)
        if root is not None:
            patronymic |= word_keys(root)
            continue
        own.append(word)
    return tuple(own), frozenset(patronymic)


@lru_cache(maxsize=65536)
def _patronymic_keys(text: str) -> Keys:
    own, patronymic = split_typed(text)
    # A patronymic field holds the father's name, with or without its marker: every word of it is the father's.
    return patronymic | frozenset(key for word in own for key in word_keys(word))


def _looks_like_surname(word: str) -> bool:
    return plain_lower(word).endswith(_SURNAME_ENDINGS)


@dataclass(frozen=True)
class Person:
    """What is known of a person to compare: the folded keys of each name part in every script and variant, the
    words of a name typed in one line whose part is unknown (``loose``: each word's keys), dates and gender."""

    surnames: Keys = frozenset()
    given: Keys = frozenset()
    patronymics: Keys = frozenset()
    loose: tuple[Keys, ...] = ()
    birth: Span | None = None
    death: Span | None = None
    gender: str = ""

    @property
    def nameable(self) -> bool:
        """Whether there is enough of a name to compare: two words, or a surname and a given name."""
        return len(self.loose) + bool(self.surnames) + bool(self.given) >= 2


def person_of(
    values: Mapping[str, str], variants: Iterable[str] = (), *, birth: str = "", death: str = "", gender: str = ""
) -> Person:
    """A person recorded in parts (a victim, a row of an import file): ``values`` holds the name fields
    (``surname_az``, ``given_name_ru``…, absent ones empty). Each variant (another spelling of the whole name, a
    maiden surname) adds its words to the part they belong to: a word already known as a given name is one, a word
    with a surname's ending or the first of the others is a surname, the rest given names."""
    surnames = set().union(*(_keys_of(values.get(f"surname_{script}", "")) for script in SCRIPTS))
    given = set().union(*(_keys_of(values.get(f"given_name_{script}", "")) for script in SCRIPTS))
    patronymics = set().union(*(_patronymic_keys(values.get(f"patronymic_{script}", "")) for script in SCRIPTS))
    known_given = frozenset(given)
    for variant in variants:
        own, patronymic = split_typed(variant)
        patronymics |= patronymic
        has_surname = False
        for word in own:
            keys = word_keys(word)
            if keys & known_given:
                given |= keys
            elif keys & surnames or _looks_like_surname(word) or not has_surname:
                surnames |= keys
                has_surname = True
            else:
                given |= keys
    return Person(
        surnames=frozenset(surnames),
        given=frozenset(given),
        patronymics=frozenset(patronymics),
        birth=Span.of(birth),
        death=Span.of(death),
        gender=gender or "",
    )


def person_typed(
    text: str = "",
    *,
    surname: str = "",
    given_name: str = "",
    patronymic: str = "",
    birth: str = "",
    death: str = "",
    gender: str = "",
) -> Person:
    """A person as a family describes them: a name typed in one line (``text``, its parts unknown) and/or in parts."""
    own, text_patronymic = split_typed(text)
    return Person(
        surnames=_keys_of(surname),
        given=_keys_of(given_name),
        patronymics=text_patronymic | _patronymic_keys(patronymic),
        loose=tuple(keys for keys in (word_keys(word) for word in own) if keys - PATRONYMIC_MARKERS),
        birth=Span.of(birth),
        death=Span.of(death),
        gender=gender or "",
    )


def pair_keys(person: Person) -> set[tuple[str, str]]:
    """Every (surname key, given-name key) pair of a person in parts: two people can be strong matches only if
    they share one, so an index of these pairs finds the candidates without comparing everyone with everyone."""
    return {(surname, given) for surname in person.surnames for given in person.given}


def values_of(record: object, fields: Sequence[str] = NAME_FIELDS) -> dict[str, str]:
    """The name fields of a victim (or any object that has them), as ``person_of`` takes them."""
    return {name: getattr(record, name, "") or "" for name in fields}
