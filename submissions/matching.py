"""Likely victims for a submission: the name folded across scripts (Məmmədov = Мамедов = Mamedov), then the
dates and the place the family gave. For the review page; the reviewer decides with one click."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.models import Status, Victim
from submissions.models import PersonDescription

try:  # the search app's folding, when it is installed (it is the one the public search uses)
    from search.folding import fold, similarity
except ImportError:  # pragma: no cover - a plain fallback keeps the review page working without it
    from archive.names import az_lower

    def fold(text: str) -> list[str]:
        return [word for word in az_lower(text).split() if word]

    def similarity(left: str, right: str) -> float:
        return 1.0 if left == right else 0.0


MAX_MATCHES = 5
CLOSE = 0.5


@dataclass
class Match:
    victim: Victim
    score: float
    reasons: list[str] = field(default_factory=list)


def _victim_keys(victim: Victim) -> set[str]:
    forms = [*victim.all_name_forms, *(variant.name for variant in victim.variants.all())]
    return {key for form in forms for key in fold(form)}


def likely_victims(submission: PersonDescription, *, limit: int = MAX_MATCHES) -> list[Match]:
    """For the first person (the submission itself) or any of the others (a ``SubmissionPerson``)."""
    wanted = fold(" ".join(filter(None, [submission.person_name, submission.new_person_name])))
    if not wanted and submission.victim is None:
        return []
    matches = []
    victims = (
        Victim.objects.exclude(status=Status.WITHDRAWN).select_related("incident_place").prefetch_related("variants")
    )
    for victim in victims:
        score, reasons = 0.0, []
        if submission.victim_id == victim.pk:
            score, reasons = 10.0, ["chosen by the family"]
        keys = _victim_keys(victim)
        for word in wanted:
            best = max((similarity(word, key) for key in keys), default=0.0)
            if best == 1.0:
                score += 2
            elif best >= CLOSE:
                score += best
        if score and wanted:
            reasons.append("name")
        if score and submission.new_death_date and victim.death_date.startswith(submission.new_death_date[:7]):
            score += 1
            reasons.append("date of death")
        if score and submission.new_birth_date and victim.birth_date.startswith(submission.new_birth_date[:4]):
            score += 1
            reasons.append("date of birth")
        place = victim.incident_place
        if score and place and submission.new_place and set(fold(submission.new_place)) & set(fold(str(place))):
            score += 0.5
            reasons.append("place")
        if score >= 2:
            matches.append(Match(victim=victim, score=score, reasons=reasons))
    matches.sort(key=lambda match: (-match.score, match.victim.sort_key))
    return matches[:limit]
