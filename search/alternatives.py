"""What to offer when a search finds nothing: other questions made from the archive's own names ("did you mean"),
each said with how many people it finds.

A question of several words finds nothing when one of its words meets no one, or when no one's names meet all of
them: the first is answered by the nearest name the archive holds (by trigram similarity, looser than the typos a
search already takes), the second by the question without one of its words. Only what finds someone is offered.
Asked only on a page that found nothing, so its few queries cost nothing the rest of the time."""

from __future__ import annotations

from dataclasses import dataclass

from archive.models import Victim
from archive.names import az_upper
from search import query as engine
from search.backends import backend
from search.folding import similarity
from search.models import NameWord

MAX_ALTERNATIVES = 3
NEAR = 0.2  # looser than the search's own typos (0.3): a near name is offered, never searched without asking


@dataclass(frozen=True)
class Alternative:
    q: str
    count: int
    complete: bool  # False: "more than" count


def alternatives(q: str) -> list[Alternative]:
    words = engine.parse(q)
    if not words:
        return []
    typed = [word.plain for word in words]
    tried: list[list[str]] = []
    nearest = _nearest_spellings(engine.expand(engine.parse(q)))
    if nearest:
        tried.append([nearest.get(index, plain) for index, plain in enumerate(typed)])
    if len(typed) > 1:
        tried += [typed[:index] + typed[index + 1 :] for index in range(len(typed))]
    found = []
    for candidate in tried:
        text = " ".join(candidate)
        if text == " ".join(typed) or any(item.q == text for item in found):
            continue
        ranking = engine.rank_victims(engine.expand(engine.parse(text)), Victim.objects.public())
        if ranking.items:
            found.append(Alternative(text, len(ranking.items), ranking.complete))
        if len(found) == MAX_ALTERNATIVES:
            break
    return sorted(found, key=lambda item: -item.count)


def _nearest_spellings(words: list[engine.QueryWord]) -> dict[int, str]:
    """For each word no name holds, the spelling of the nearest name key the archive holds, by its position."""
    unknown = {index: word for index, word in enumerate(words) if not word.frequency and len(word.key) >= 3}
    if not unknown:
        return {}
    nearest = {}
    for index, word in unknown.items():
        candidates = backend().near_keys(word.key, NEAR)
        scored = sorted(((similarity(word.key, key), key) for key in candidates), reverse=True)
        if scored and scored[0][0] >= NEAR:
            spelling = _a_spelling(scored[0][1])
            if spelling:
                nearest[index] = spelling
    return nearest


def _a_spelling(key: str) -> str:
    """A spelling of ``key`` as a name holds it, capitalised as names are."""
    spellings = NameWord.objects.filter(key=key).values_list("spellings", flat=True).first() or ""
    first = spellings.split()[0] if spellings.split() else ""
    return az_upper(first[:1]) + first[1:]
