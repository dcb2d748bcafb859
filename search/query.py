"""Candidate retrieval and ranking, on PostgreSQL and SQLite alike.

Names: the query is folded like the stored names; each query word is expanded to candidate keys from
the vocabulary (the exact key, longer keys it begins, and keys within trigram similarity for typos),
then victims are ranked by how closely each query word met one of their name words:

    exact spelling (unfolded) > same folded key > prefix > typo (by similarity)

A broad key joins different names (Xəlilov/Halilov both fold to ``halilov``), so the exact spelling
must outrank the folded one. Every query word must meet some name word (a surname, given name or
patronymic alone is enough), except the words of a patronymic typed beside other words ("Эльдар Расимович",
"Eldar Rasim oğlu"): records often lack it, or write it the other way (a Russian patronymic is searched by the
father's name in it, ``patronymic_root``). Such a word only adds to a victim's score, and at most a quarter of
what a surname or given name gives, so it never outweighs them.

Cost: the vocabulary counts the victims holding each key (``NameKey.frequency``). The query word whose
keys are held by the fewest victims leads: its name rows are walked from the index, closest keys first,
and each candidate is checked (and scored) against the other words and ``objects.public()`` by index
probes, until RANK_CAP candidates are found. So a page costs about RANK_CAP candidates, however common
the name; a larger result set is counted as "more than" what was ranked (``search.selectors``).

Text: folded words of title/summary/description (``meta``) and transcript/transcription (``body``)
through the engine's full-text index, every query word required (as a prefix, which also catches
Azerbaijani suffixes: Məmmədovun). ``body`` counts only for records whose media the public may see.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from archive.kinds import VICTIM, by_model
from archive.models import Document, Testimony, Victim
from search.backends import backend, prefix_end
from search.folding import PATRONYMIC_MARKERS, fold_word, patronymic_root, plain_lower, similarity, words
from search.models import NameKey, NameWord

MAX_QUERY_WORDS = 6
PREFIX_MIN = 2  # a one-letter prefix would match a tenth of the vocabulary
PREFIX_PER_WORD = 40
TYPO_MIN = 4  # shorter keys have too few trigrams for a useful similarity
TYPO_THRESHOLD = 0.3  # pg_trgm's default similarity_threshold
TYPO_PER_WORD = 15
TEXT_PREFIX_MIN = 3
# Candidates ranked for one request: a common surname alone has tens of thousands of holders, and
# ranking (and faceting) all of them cost more than the rest of the page. A deeper
# page ranks as many as it needs to reach (``selectors.search``), up to RANK_CAP_MAX.
RANK_CAP = 200
RANK_CAP_MAX = 20_000

SCORE_EXACT = 1000
SCORE_FOLDED = 600
SCORE_PREFIX = 300
SCORE_TYPO = 100  # plus up to 100 by similarity
PATRONYMIC_SHARE = 4  # a patronymic word typed beside others scores a quarter of what it would alone


@dataclass
class QueryWord:
    plain: str
    key: str
    prefixes: list[str] = field(default_factory=list)
    typos: dict[str, float] = field(default_factory=dict)
    # Victims holding each vocabulary key this word was expanded to (``NameKey.frequency``).
    frequency: dict[str, int] = field(default_factory=dict)
    optional: bool = False  # part of a patronymic typed beside other words: met or not, it only adds

    @property
    def keys(self) -> set[str]:
        return {self.key, *self.prefixes, *self.typos}

    @property
    def weight(self) -> int:
        """At most how many victims this word can meet: the query starts from its lightest word."""
        return sum(self.frequency.get(key, 0) for key in self.keys)

    def tiers(self) -> list[list[str]]:
        """The word's keys from closest to loosest (same key; prefixes; typos), known keys only."""
        tiers = [[self.key] if self.key in self.frequency else [], self.prefixes, list(self.typos)]
        return [tier for tier in tiers if tier]

    def score(self, key: str, spellings: str, is_patronymic: bool = False) -> int:
        """How closely one name word (its key and its stored spellings) meets this query word. A patronymic, on
        either side, counts for a quarter: it tells people of one name apart, never makes one name another."""
        return self._closeness(key, spellings) // (PATRONYMIC_SHARE if self.optional or is_patronymic else 1)

    def _closeness(self, key: str, spellings: str) -> int:
        if key == self.key:
            return SCORE_EXACT if f" {self.plain} " in spellings else SCORE_FOLDED
        if key in self.typos:
            return SCORE_TYPO + round(self.typos[key] * 100)
        if key in self.prefixes:
            return SCORE_PREFIX
        return 0


def parse(text: str) -> list[QueryWord]:
    """The query's words, folded; at most MAX_QUERY_WORDS, duplicates dropped. The words of a patronymic (a
    Russian one, searched by the father's name in it; a marker oğlu/qızı/оглы/кызы and the name before it) are
    ``optional`` when other words stand beside them."""
    seen: set[str] = set()
    result = []
    typed = words(text)
    for index, word in enumerate(typed):
        root = patronymic_root(word)
        plain = root if root else plain_lower(word)
        key = fold_word(plain)
        following = fold_word(typed[index + 1]) if index + 1 < len(typed) else ""
        patronymic = bool(root) or key in PATRONYMIC_MARKERS or following in PATRONYMIC_MARKERS
        if key and key not in seen:
            seen.add(key)
            result.append(QueryWord(plain=plain, key=key, optional=patronymic))
    result = result[:MAX_QUERY_WORDS]
    if all(word.optional for word in result):  # a patronymic typed alone is what is searched for
        for word in result:
            word.optional = False
    return result


def required(query: list[QueryWord]) -> list[QueryWord]:
    """The words every victim found must meet."""
    return [word for word in query if not word.optional]


def _vocabulary(query: list[QueryWord]) -> dict[str, int]:
    """The query's own keys and their completions (the shortest first), with their frequencies: one query."""
    wanted = [word for word in query if len(word.key) >= PREFIX_MIN]
    condition = Q(key__in=[word.key for word in query])
    for word in wanted:
        condition |= Q(key__gt=word.key, key__lt=prefix_end(word.key))
    exact_first = Case(When(key__in=[word.key for word in query], then=Value(0)), default=Value(1))
    limit = len(query) + PREFIX_PER_WORD * len(wanted)
    rows = (
        NameKey.objects.filter(condition)
        .order_by(exact_first, Length("key"), "key")
        .values_list("key", "frequency")[:limit]
    )
    found = dict(rows)
    for key in found:
        for word in wanted:
            if key != word.key and key.startswith(word.key) and len(word.prefixes) < PREFIX_PER_WORD:
                word.prefixes.append(key)
    return found


def _typo_candidate_keys(query: list[QueryWord]) -> dict[str, int]:
    """Keys that may be within TYPO_THRESHOLD of a query word (a superset; similarity decides in Python)."""
    wanted = [word.key for word in query if len(word.key) >= TYPO_MIN]
    if not wanted:
        return {}
    return backend().typo_candidate_keys(wanted)


def expand(query: list[QueryWord]) -> list[QueryWord]:
    """Fill each query word's prefix and typo candidates from the vocabulary (two queries in all)."""
    if not query:
        return query
    frequency = _vocabulary(query)
    candidates = _typo_candidate_keys(query)
    frequency.update(candidates)
    for word in query:
        if len(word.key) >= TYPO_MIN:
            scored = [
                (similarity(word.key, key), key)
                for key in candidates
                if key != word.key and key not in word.prefixes and abs(len(key) - len(word.key)) <= 3
            ]
            best = sorted((pair for pair in scored if pair[0] >= TYPO_THRESHOLD), key=lambda pair: (-pair[0], pair[1]))
            word.typos = {key: sim for sim, key in best[:TYPO_PER_WORD]}
        word.frequency = {key: frequency[key] for key in word.keys if key in frequency}
    return query


# --- victims --------------------------------------------------------------------------------------------


class Ranked(NamedTuple):
    """One match with what the page needs to order, facet and count it, without loading the record.

    A named tuple: a ranking builds up to RANK_CAP of them per request, and a frozen dataclass costs
    several times more to make.
    """

    pk: int
    score: int
    name: str  # what "sort by name" orders by: the victim's sort key, the record's title
    identifier: str
    date: datetime.date | None  # what "sort by date" and the year facet use
    place_id: int | None
    access: str
    fate: str = ""
    languages: tuple[str, ...] = ()


@dataclass
class Ranking:
    """The best candidates of one kind, ranked, at most ``cap`` of them; ``complete`` if that is all there are."""

    items: list[Ranked]
    complete: bool


def id_set(ids: Collection[int]) -> RawSQL:
    """Up to RANK_CAP primary keys as one SQL parameter, for ``__in`` (see ``SearchBackend.id_set``)."""
    return backend().id_set(ids)


def _driving(query: list[QueryWord]) -> tuple[QueryWord, list[QueryWord]]:
    """The lightest required word leads (fewest victims to walk); the others are checked or scored per candidate."""
    driver = min(required(query), key=lambda word: (word.weight, -len(word.key)))
    return driver, [word for word in query if word is not driver]


def _candidates(query: list[QueryWord], visible: QuerySet[Victim], keys: list[str]) -> QuerySet[NameWord]:
    """Name rows of the leading word (among ``keys``) whose victim meets every other required word and is
    visible."""
    _driver, others = _driving(query)
    others = required(others)
    rows = NameWord.objects.filter(key__in=keys) if len(keys) > 1 else NameWord.objects.filter(key=keys[0])
    for word in others:
        # An index probe each. The other words come before visibility, whose probe reads the victim's
        # row: SQLite tests the conditions in the order written.
        rows = rows.filter(Exists(NameWord.objects.filter(victim_id=OuterRef("victim_id"), key__in=word.keys)))
    # Visibility per candidate through the caller's queryset (objects.public() and the facets chosen).
    return rows.filter(Exists(visible.filter(pk=OuterRef("victim_id")))).order_by()


_SCORED_FIELDS = (
    "victim_id",
    "key",
    "spellings",
    "is_patronymic",
    "victim__sort_key",
    "victim__identifier",
    f"victim__{VICTIM.earliest_field}",
    f"victim__{VICTIM.place_field}_id",
    "victim__access",
    "victim__fate",
)


def rank_victims(query: list[QueryWord], visible: QuerySet[Victim], cap: int = RANK_CAP) -> Ranking:
    """The visible victims whose names meet every query word, best first, at most ``cap`` of them.

    Candidates are walked from the leading word's closest keys first (same key, then prefixes, then
    typos), one query per tier, stopping once ``cap`` victims are found; so when more than ``cap``
    match, those ranked are the closest the index finds first. A victim's score for the leading word
    is that of its best row among the tiers walked (a looser tier can only add rows that score less);
    the other words are scored in Python over the candidates' name rows, fetched in one more query.
    """
    if not query or any(not word.frequency for word in required(query)):
        return Ranking([], complete=True)
    driver, others = _driving(query)
    # One walk over all the leading word's keys when they cannot hold more than the cap; else tier by tier.
    tiers = [sorted(driver.frequency)] if driver.weight <= cap else driver.tiers()
    found: dict[int, tuple] = {}
    lead: dict[int, int] = {}
    complete = True
    for keys in tiers:
        room = cap - len(found)
        if room <= 0:
            complete = False
            break
        rows = list(_candidates(query, visible, keys).values_list(*_SCORED_FIELDS)[: room + 1])
        if len(rows) > room:
            # More to find than there is room for (a victim met by two keys comes twice: close enough).
            complete = False
            rows = rows[:room]
        for victim_id, key, spellings, is_patronymic, *fields in rows:
            found.setdefault(victim_id, tuple(fields))
            lead[victim_id] = max(lead.get(victim_id, 0), driver.score(key, spellings, is_patronymic))
    if not found:
        return Ranking([], complete=True)
    scores = {pk: [0] * len(others) for pk in found}
    if others:
        keys = set().union(*(word.keys for word in others))
        rows = NameWord.objects.filter(victim_id__in=id_set(found), key__in=keys).values_list(
            "victim_id", "key", "spellings", "is_patronymic"
        )
        for victim_id, key, spellings, is_patronymic in rows:
            best = scores[victim_id]
            for index, word in enumerate(others):
                best[index] = max(best[index], word.score(key, spellings, is_patronymic))
    ranked = [
        Ranked(pk, lead[pk] + sum(scores[pk]), sort_key, identifier, date, place_id, access, fate)
        for pk, (sort_key, identifier, date, place_id, access, fate) in found.items()
    ]
    ranked.sort(key=lambda item: (-item.score, item.name, item.identifier))
    return Ranking(ranked, complete=complete)


def victims_matching(query: list[QueryWord]) -> QuerySet[Victim]:
    """Public victims whose names meet every query word, all of them (for orderings other than relevance)."""
    if not query or any(not word.frequency for word in required(query)):
        return Victim.objects.none()
    driver, _others = _driving(query)
    visible = Victim.objects.public()
    return visible.filter(pk__in=_candidates(query, visible, sorted(driver.frequency)).values("victim_id"))


# --- testimonies and documents ---------------------------------------------------------------------


def _text_match_sql(column: str, query: list[QueryWord]) -> tuple[str, list[str]]:
    """SQL selecting the ids of text entries whose ``column`` ('meta' or 'body') holds every query word."""
    return backend().text_match_sql(column, [(word.key, len(word.key) >= TEXT_PREFIX_MIN) for word in query])


def texts_matching(
    model: type[Testimony] | type[Document], query: list[QueryWord], visible: QuerySet | None = None
) -> QuerySet:
    """Public testimonies or documents holding every query word, with ``score`` 2 (title/summary) or 1 (text).

    ``visible`` narrows ``objects.public()`` further (the facets chosen). The transcript/transcription
    counts only through ``with_public_media()``: a metadata-only record is found by its description alone.
    """
    if not query:
        return model.objects.none()
    meta_sql, meta_params = _text_match_sql("meta", query)
    body_sql, body_params = _text_match_sql("body", query)
    in_meta = Q(search_entry__id__in=RawSQL(meta_sql, meta_params))
    # Per record (a primary-key probe), not an IN over every public record with media.
    shows_text = Exists(model.objects.with_public_media().filter(pk=OuterRef("pk")))
    in_body = Q(search_entry__id__in=RawSQL(body_sql, body_params)) & Q(shows_text)
    return (
        (model.objects.public() if visible is None else visible)
        .filter(in_meta | in_body)
        .annotate(score=Case(When(in_meta, then=Value(2)), default=Value(1), output_field=IntegerField()))
    )


def rank_texts(
    model: type[Testimony] | type[Document], query: list[QueryWord], visible: QuerySet, cap: int = RANK_CAP
) -> Ranking:
    """The matching records best first (title/summary hits, then by title), at most ``cap`` of them."""
    if not query:
        return Ranking([], complete=True)
    kind = by_model(model)
    date_field = kind.earliest_field
    place_field = f"{kind.place_field}_id" if kind.place_field else None
    languages_field = "languages" if model is Testimony else None  # the one kind told in languages
    fields = ["pk", "score", "title", "identifier", date_field, "access"]
    fields += [name for name in (place_field, languages_field) if name]
    rows = list(
        texts_matching(model, query, visible).order_by("-score", "title", "identifier").values(*fields)[: cap + 1]
    )
    items = [
        Ranked(
            row["pk"],
            row["score"],
            row["title"],
            row["identifier"],
            row[date_field],
            row[place_field] if place_field else None,
            row["access"],
            languages=tuple(row[languages_field] or ()) if languages_field else (),
        )
        for row in rows[:cap]
    ]
    return Ranking(items, complete=len(rows) <= cap)
