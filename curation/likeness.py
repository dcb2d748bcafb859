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

from dataclasses import dataclass, field
from enum import IntEnum

from django.utils.translation import gettext_lazy as _

from curation.person import Keys, Person, Span
from search.folding import similarity

CLOSE = 0.5  # trigram similarity of two keys from which two spellings are "similar" (a typo, a dropped letter)


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
