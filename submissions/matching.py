"""Likely victims for a submission: by surname and given name folded across scripts (Məmmədov = Мамедов = Mamedov),
then the dates and the place the family gave, each said in words ("same surname and given name; born in the same
year"). For the review page and the accept form; the reviewer decides with one click.

Whether two descriptions are one person is ``curation.likeness``'s rule, the same the import's duplicates and the
merge page use: the surname and the given name must both agree; a patronymic's given name ("Рашид кызы", "Rəşid
Əli oğlu") or a shared patronymic is never a match, and different dates, patronymics or genders count against it.

Candidates come from the search app's name index (``search.query``), never from a walk over every victim: first
the victims whose names meet every word the family wrote (the patronymic left out), then, while there are fewer
than a page of them, those meeting all words but one, then one word, the rarest first (a misspelt given name must
not hide the right person). Each ranking is capped, so a person costs a bounded number of queries however large the
archive. Only those candidates are scored here. Reviewers may link to records not yet published: only withdrawn and
merged ones are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from archive.models import Victim, VictimStatus
from curation.likeness import Likeness, compare
from curation.person import person_of, person_typed, split_typed, values_of
from search import query as engine
from search.folding import fold
from submissions.models import PersonDescription

MAX_MATCHES = 5
CANDIDATES = 40  # victims scored per person, at most


@dataclass
class Match:
    victim: Victim
    score: float
    reasons: list[str] = field(default_factory=list)  # what agrees and what does not, in the reader's language
    # The same surname and given name and nothing against it (``Likeness.strong``), or the family's own choice.
    strong: bool = False
    chosen: bool = False  # the victim the family chose on the form
    likeness: Likeness | None = None


def _attempts(words: list[engine.QueryWord]) -> list[list[engine.QueryWord]]:
    """Every word; then every word but one; then each word alone, the rarest first. At most 1 + 2 × MAX_QUERY_WORDS."""
    rarest_first = sorted(words, key=lambda word: word.weight)
    attempts = [words]
    if len(words) > 2:
        attempts += [[word for word in words if word is not left_out] for left_out in reversed(rarest_first)]
    if len(words) > 1:
        attempts += [[word] for word in rarest_first]
    return attempts


def _candidates(text: str, visible: QuerySet[Victim], *, wanted: int) -> list[int]:
    """Up to CANDIDATES victims (primary keys) whose names meet the words of ``text``, the closest first."""
    words = [word for word in engine.expand(engine.parse(text)) if word.frequency]  # two queries
    found: dict[int, None] = {}
    for number, attempt in enumerate(_attempts(words) if words else []):
        room = CANDIDATES - len(found)
        if room <= 0 or (number and len(found) >= wanted):
            break
        for item in engine.rank_victims(attempt, visible, cap=room).items:  # a few queries each
            found.setdefault(item.pk, None)
    return list(found)


def _own_words(person: PersonDescription) -> str:
    """The words of the person's own name as the family wrote it, without any patronymic."""
    typed, _patronymic = split_typed(person.person_name)
    return " ".join([*typed, person.new_surname, person.new_given_name])


def likely_victims(person: PersonDescription, *, limit: int = MAX_MATCHES) -> list[Match]:
    """For the first person (the submission itself) or any of the others (a ``SubmissionPerson``): the victims whose
    surname and given name agree, best first, with the victim the family chose, if any, first of all."""
    described = person_typed(
        person.person_name,
        surname=person.new_surname,
        given_name=person.new_given_name,
        patronymic=person.new_patronymic,
        birth=person.new_birth_date,
        death=person.new_death_date,
    )
    if not described.nameable and person.victim is None:
        return []
    visible = Victim.objects.exclude(status__in=[VictimStatus.WITHDRAWN, VictimStatus.MERGED])
    ids = _candidates(_own_words(person), visible, wanted=limit) if described.nameable else []
    if person.victim_id and person.victim_id not in ids:
        ids.append(person.victim_id)
    if not ids:
        return []
    victims = visible.filter(pk__in=engine.id_set(ids)).select_related("incident_place").prefetch_related("variants")
    place_words = set(fold(person.new_place))
    matches = []
    for victim in victims:
        record = person_of(
            values_of(victim),
            [variant.name for variant in victim.variants.all()],
            birth=victim.birth_date,
            death=victim.death_date,
            gender=victim.gender,
        )
        likeness = compare(described, record)
        chosen = person.victim_id == victim.pk
        if not (chosen or likeness.names_agree):
            continue
        place = victim.incident_place
        if place_words and place and place_words & set(fold(str(place))):
            likeness = replace(likeness, extra=(_("same place"),))
        reasons = likeness.reasons() if likeness.names_agree else []
        score = likeness.score
        if chosen:
            score += 10
            reasons.insert(0, _("chosen by the family"))
        matches.append(
            Match(victim, score, reasons, strong=chosen or likeness.strong, chosen=chosen, likeness=likeness)
        )
    matches.sort(key=lambda match: (-match.score, match.victim.sort_key))
    return matches[:limit]


def strong_among(matches: list[Match]) -> Match | None:
    """The one match to choose without asking: the victim the family chose, else the only strong match (the same
    surname and given name and nothing against it). Two strong matches are two people to tell apart: None."""
    chosen = [match for match in matches if match.chosen]
    if chosen:
        return chosen[0]
    strong = [match for match in matches if match.strong]
    return strong[0] if len(strong) == 1 else None


def strong_match(person: PersonDescription) -> Match | None:
    """``strong_among(likely_victims(person))``: the victim to pre-select for a person of a submission, or None."""
    return strong_among(likely_victims(person, limit=MAX_MATCHES))
