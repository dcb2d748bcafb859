"""Whether two descriptions of a person are likely one person, and why, in words a curator reads.

One rule for the whole archive: the review page's likely matches for a family's submission
(``submissions.matching``), the duplicates an import reports (``curation.duplicates``) and the merge page.

* **Names decide**: the surname and the given name, each folded across scripts and spellings (Məmmədov = Мамедов
  = Mamedov, ``search.folding``), must both agree, each met by a different word. A surname alone, a given name
  alone, or a patronymic are never a match.
* **A patronymic only tells people apart.** Two people whose fathers share a name are not one person, so a
  patronymic never brings two descriptions together; two different patronymics keep them apart. The given name
  inside a patronymic ("Рашид кызы", "Rəşid Əli oğlu", "Рашидович") is never taken for the person's own.
* **Dates must not contradict**: partial dates (``1965``, ``1990-01``, ``1948~``) agree when the days they may be
  overlap; an approximate or uncertain date may be a year off either way. Both dates unknown is no contradiction.
* A different gender, when both are known, keeps two descriptions apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from archive.dates import PartialDate, PartialDateError, parse_partial_date
from search.folding import PATRONYMIC_MARKERS, fold_bare, fold_word, plain_lower, similarity, words

CLOSE = 0.5  # trigram similarity of two keys from which two spellings are "similar" (a typo, a dropped letter)
# A Russian patronymic is the father's name and a suffix (Алиевич, Рашидовна; Aliyevich as transliterated).
_RUSSIAN_PATRONYMIC = ("ович", "евич", "овна", "евна", "ична", "инична", "ovich", "evich", "ovna", "evna", "ichna")
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


class Dates(IntEnum):
    """How two dates of the same event agree, from worst to best."""

    DIFFERENT = -1
    UNKNOWN = 0
    COMPATIBLE = 1
    SAME_YEAR = 2
    SAME_MONTH = 3
    SAME_DAY = 4


def compare_dates(left: Span | None, right: Span | None) -> Dates:
    if left is None or right is None:
        return Dates.UNKNOWN
    if not left.overlaps(right):
        return Dates.DIFFERENT
    if left.earliest == left.latest == right.earliest == right.latest:
        return Dates.SAME_DAY
    if left.month is not None and left.month == right.month:
        return Dates.SAME_MONTH
    if left.year is not None and left.year == right.year:
        return Dates.SAME_YEAR
    return Dates.COMPATIBLE


_DATE_SCORES = {
    Dates.DIFFERENT: -3.0,
    Dates.UNKNOWN: 0.0,
    Dates.COMPATIBLE: 0.5,
    Dates.SAME_YEAR: 1.0,
    Dates.SAME_MONTH: 1.25,
    Dates.SAME_DAY: 1.5,
}
_BIRTH_WORDS = {
    Dates.DIFFERENT: _("different dates of birth"),
    Dates.COMPATIBLE: _("compatible dates of birth"),
    Dates.SAME_YEAR: _("born in the same year"),
    Dates.SAME_MONTH: _("born in the same month"),
    Dates.SAME_DAY: _("same date of birth"),
}
_DEATH_WORDS = {
    Dates.DIFFERENT: _("different dates of death"),
    Dates.COMPATIBLE: _("compatible dates of death"),
    Dates.SAME_YEAR: _("died in the same year"),
    Dates.SAME_MONTH: _("died in the same month"),
    Dates.SAME_DAY: _("same date of death"),
}


# --- names --------------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def word_keys(word: str) -> Keys:
    """The folded keys of one word: as written, and as typed without ş and ç."""
    return frozenset(key for key in (fold_word(word), fold_bare(word)) if key)


@lru_cache(maxsize=65536)
def _keys_of(text: str) -> Keys:
    return frozenset(key for word in words(text) for key in word_keys(word) if key not in PATRONYMIC_MARKERS)


def _patronymic_root(word: str) -> str | None:
    """The father's name in a Russian patronymic (Алиевич → Али), or None if ``word`` is not one."""
    lowered = plain_lower(word)
    for suffix in _RUSSIAN_PATRONYMIC:
        if lowered.endswith(suffix) and len(lowered) > len(suffix) + 1:
            return lowered[: -len(suffix)]
    return None


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
        root = _patronymic_root(word)
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


class Name(IntEnum):
    NONE = 0
    SIMILAR = 1
    SAME = 2


def compare_keys(left: Keys, right: Keys) -> Name:
    if not left or not right:
        return Name.NONE
    if left & right:
        return Name.SAME
    if any(similarity(a, b) >= CLOSE for a in left for b in right):
        return Name.SIMILAR
    return Name.NONE


def _best_parts(query: Person, record: Person) -> tuple[Name, Name]:
    """The best agreement of surname and given name, each met by a different word of ``query`` (its parts or its
    loose words) — the same typed word never stands for both."""
    surname_sources = [(-1, compare_keys(query.surnames, record.surnames))]
    given_sources = [(-2, compare_keys(query.given, record.given))]
    for index, keys in enumerate(query.loose):
        surname_sources.append((index, compare_keys(keys, record.surnames)))
        given_sources.append((index, compare_keys(keys, record.given)))
    best = (Name.NONE, Name.NONE)
    for surname_source, surname in surname_sources:
        for given_source, given in given_sources:
            if surname_source != given_source and surname + given > sum(best):
                best = (surname, given)
    return best


# --- the comparison -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Likeness:
    """How far two descriptions agree, part by part."""

    surname: Name = Name.NONE
    given: Name = Name.NONE
    patronymic: int = 0  # 1 the same, -1 different, 0 not known on both sides
    birth: Dates = Dates.UNKNOWN
    death: Dates = Dates.UNKNOWN
    gender_differs: bool = False
    extra: tuple[str, ...] = field(default=())  # further agreements the caller knows of ("same place")

    @property
    def names_agree(self) -> bool:
        """Surname and given name both met, if only by a similar spelling."""
        return self.surname > Name.NONE and self.given > Name.NONE

    @property
    def contradicted(self) -> bool:
        return self.patronymic < 0 or self.gender_differs or Dates.DIFFERENT in (self.birth, self.death)

    @property
    def strong(self) -> bool:
        """The same surname and given name, and nothing that says otherwise: likely the same person."""
        return self.surname == Name.SAME and self.given == Name.SAME and not self.contradicted

    @property
    def score(self) -> float:
        score = float(self.surname + self.given)
        score += _DATE_SCORES[self.birth] + _DATE_SCORES[self.death]
        score += {1: 1.0, -1: -2.0}.get(self.patronymic, 0.0)
        score -= 3.0 if self.gender_differs else 0.0
        return score + 0.5 * len(self.extra)

    def reasons(self) -> list[str]:
        """What agrees and what does not, in words: "same surname and given name", "born in the same year"…"""
        reasons = [str(_name_words(self.surname, self.given))] if self.names_agree else []
        if self.patronymic:
            reasons.append(str(_("same patronymic") if self.patronymic > 0 else _("different patronymic")))
        if self.birth != Dates.UNKNOWN:
            reasons.append(str(_BIRTH_WORDS[self.birth]))
        if self.death != Dates.UNKNOWN:
            reasons.append(str(_DEATH_WORDS[self.death]))
        if self.gender_differs:
            reasons.append(str(_("different gender")))
        return reasons + list(self.extra)

    def explained(self) -> str:
        return "; ".join(self.reasons())


def _name_words(surname: Name, given: Name) -> str:
    if surname == given == Name.SAME:
        return _("same surname and given name")
    if surname == Name.SAME:
        return _("same surname, similar given name")
    if given == Name.SAME:
        return _("similar surname, same given name")
    return _("similar surname and given name")


def compare(query: Person, record: Person) -> Likeness:
    """How ``query`` (a person as described, perhaps typed in one line) agrees with ``record`` (in parts)."""
    surname, given = _best_parts(query, record)
    patronymic = 0
    if query.patronymics and record.patronymics:
        patronymic = 1 if compare_keys(query.patronymics, record.patronymics) else -1
    return Likeness(
        surname=surname,
        given=given,
        patronymic=patronymic,
        birth=compare_dates(query.birth, record.birth),
        death=compare_dates(query.death, record.death),
        gender_differs=bool(query.gender and record.gender and query.gender != record.gender),
    )


def likely_same(query: Person, record: Person) -> bool:
    """``compare(query, record).strong``, decided with set operations alone for two people in parts: what finding
    the duplicates of a long list asks millions of times."""
    if query.loose:
        return compare(query, record).strong
    if not (query.surnames & record.surnames and query.given & record.given):
        return False
    if query.gender and record.gender and query.gender != record.gender:
        return False
    for mine, theirs in ((query.birth, record.birth), (query.death, record.death)):
        if mine is not None and theirs is not None and not mine.overlaps(theirs):
            return False
    return not (query.patronymics and record.patronymics and not compare_keys(query.patronymics, record.patronymics))


def pair_keys(person: Person) -> set[tuple[str, str]]:
    """Every (surname key, given-name key) pair of a person in parts: two people can be strong matches only if
    they share one, so an index of these pairs finds the candidates without comparing everyone with everyone."""
    return {(surname, given) for surname in person.surnames for given in person.given}


def values_of(record: object, fields: Sequence[str] = NAME_FIELDS) -> dict[str, str]:
    """The name fields of a victim (or any object that has them), as ``person_of`` takes them."""
    return {name: getattr(record, name, "") or "" for name in fields}
