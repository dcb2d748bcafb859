"""Likely victims for a submission: the name folded across scripts (Məmmədov = Мамедов = Mamedov), then the
dates and the place the family gave. For the review page; the reviewer decides with one click.

Candidates come from the search app's name index (``search.query``), never from a walk over every victim: first
the victims whose names meet every word the family wrote, then, while there are fewer than a page of them, those
meeting all words but one, then one word, the rarest first (a patronymic the archive lacks, or a misspelt given
name, must not hide the right person). Each ranking is capped, so a person costs a bounded number of queries
however large the archive. Only those candidates are scored here, by name, dates and place. Reviewers may link
to records not yet published: only withdrawn ones are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from archive.models import Status, Victim
from search import query as engine
from search.folding import PATRONYMIC_MARKERS, fold, similarity
from submissions.models import PersonDescription

MAX_MATCHES = 5
CLOSE = 0.5
CANDIDATES = 40  # victims scored per person, at most


@dataclass
class Match:
    victim: Victim
    score: float
    reasons: list[str] = field(default_factory=list)  # what agrees, in the reader's language


def _victim_keys(victim: Victim) -> set[str]:
    forms = [*victim.all_name_forms, *(variant.name for variant in victim.variants.all())]
    return {key for form in forms for key in fold(form)}


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
    parsed = [word for word in engine.parse(text) if word.key not in PATRONYMIC_MARKERS]
    words = [word for word in engine.expand(parsed) if word.frequency]  # two queries
    found: dict[int, None] = {}
    for number, attempt in enumerate(_attempts(words) if words else []):
        room = CANDIDATES - len(found)
        if room <= 0 or (number and len(found) >= wanted):
            break
        for item in engine.rank_victims(attempt, visible, cap=room).items:  # a few queries each
            found.setdefault(item.pk, None)
    return list(found)


def likely_victims(submission: PersonDescription, *, limit: int = MAX_MATCHES) -> list[Match]:
    """For the first person (the submission itself) or any of the others (a ``SubmissionPerson``)."""
    text = " ".join(filter(None, [submission.person_name, submission.new_person_name]))
    wanted = [key for key in fold(text) if key not in PATRONYMIC_MARKERS]
    if not wanted and submission.victim is None:
        return []
    visible = Victim.objects.exclude(status=Status.WITHDRAWN)
    ids = _candidates(text, visible, wanted=limit) if wanted else []
    if submission.victim_id and submission.victim_id not in ids:
        ids.append(submission.victim_id)
    if not ids:
        return []
    victims = visible.filter(pk__in=engine.id_set(ids)).select_related("incident_place").prefetch_related("variants")
    matches = []
    for victim in victims:
        score, reasons = 0.0, []
        if submission.victim_id == victim.pk:
            score, reasons = 10.0, [_("chosen by the family")]
        keys = _victim_keys(victim)
        for word in wanted:
            best = max((similarity(word, key) for key in keys), default=0.0)
            if best == 1.0:
                score += 2
            elif best >= CLOSE:
                score += best
        if score and wanted:
            reasons.append(_("name"))
        if score and submission.new_death_date and victim.death_date.startswith(submission.new_death_date[:7]):
            score += 1
            reasons.append(_("date of death"))
        if score and submission.new_birth_date and victim.birth_date.startswith(submission.new_birth_date[:4]):
            score += 1
            reasons.append(_("date of birth"))
        place = victim.incident_place
        if score and place and submission.new_place and set(fold(submission.new_place)) & set(fold(str(place))):
            score += 0.5
            reasons.append(_("place"))
        if score >= 2:
            matches.append(Match(victim=victim, score=score, reasons=reasons))
    matches.sort(key=lambda match: (-match.score, match.victim.sort_key))
    return matches[:limit]
