"""Candidate retrieval and ranking, on PostgreSQL and SQLite alike.

Names: the query is folded like the stored names; each query word is expanded to candidate keys from
the vocabulary (the exact key, longer keys it begins, and keys within trigram similarity for typos),
then victims are ranked by how closely each query word met one of their name words:

    exact spelling (unfolded) > same folded key > prefix > typo (by similarity)

A broad key joins different names (Xəlilov/Halilov both fold to ``halilov``), so the exact spelling
must outrank the folded one. Every query word must meet some name word (a surname, given name or
patronymic alone is enough).

Text: folded words of title/summary/description (``meta``) and transcript/transcription (``body``)
through the engine's full-text index, every query word required (as a prefix, which also catches
Azerbaijani suffixes: Məmmədovun). ``body`` counts only for records whose media the public may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from archive.models import Document, Testimony, Victim
from search.folding import fold_word, plain_lower, similarity, words
from search.models import NameKey, NameWord

MAX_QUERY_WORDS = 6
PREFIX_MIN = 2  # a one-letter prefix would match a tenth of the vocabulary
PREFIX_PER_WORD = 40
TYPO_MIN = 4  # shorter keys have too few trigrams for a useful similarity
TYPO_THRESHOLD = 0.3  # pg_trgm's default similarity_threshold
TYPO_PER_WORD = 15
TEXT_PREFIX_MIN = 3
RANK_CAP = 5000  # candidates ranked for a page of a one-word query: a common surname has tens of thousands

SCORE_EXACT = 1000
SCORE_FOLDED = 600
SCORE_PREFIX = 300
SCORE_TYPO = 100  # plus up to 100 by similarity


@dataclass
class QueryWord:
    plain: str
    key: str
    prefixes: list[str] = field(default_factory=list)
    typos: dict[str, float] = field(default_factory=dict)

    @property
    def keys(self) -> set[str]:
        return {self.key, *self.prefixes, *self.typos}


def parse(text: str) -> list[QueryWord]:
    """The query's words, folded; at most MAX_QUERY_WORDS, duplicates dropped."""
    seen: set[str] = set()
    result = []
    for word in words(text):
        key = fold_word(word)
        if key and key not in seen:
            seen.add(key)
            result.append(QueryWord(plain=plain_lower(word), key=key))
    return result[:MAX_QUERY_WORDS]


def _next_prefix(prefix: str) -> str:
    # Keys are ASCII [a-z0-9], so [prefix, prefix with its last letter + 1) is exactly "starts with", and a
    # plain range is indexable on both engines whatever the collation (LIKE is not, on PostgreSQL's C.UTF-8).
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _prefix_candidates(query: list[QueryWord]) -> None:
    ranges = Q()
    wanted = [word for word in query if len(word.key) >= PREFIX_MIN]
    for word in wanted:
        ranges |= Q(key__gt=word.key, key__lt=_next_prefix(word.key))
    if not wanted:
        return
    # One query for every word: the shortest completions first (closest to what was typed).
    limit = PREFIX_PER_WORD * len(wanted)
    for key in NameKey.objects.filter(ranges).order_by(Length("key"), "key").values_list("key", flat=True)[:limit]:
        for word in wanted:
            if key.startswith(word.key) and len(word.prefixes) < PREFIX_PER_WORD:
                word.prefixes.append(key)


def _typo_candidate_keys(query: list[QueryWord]) -> set[str]:
    """Keys that may be within TYPO_THRESHOLD of a query word (a superset; similarity decides in Python)."""
    wanted = [word.key for word in query if len(word.key) >= TYPO_MIN]
    if not wanted:
        return set()
    if connection.vendor == "postgresql":
        condition = " OR ".join(["key %% %s"] * len(wanted))
        with connection.cursor() as cursor:
            # pg_trgm's % uses the GIN trigram index with the default threshold 0.3 (= TYPO_THRESHOLD).
            cursor.execute(f"SELECT key FROM search_namekey WHERE {condition}", wanted)
            return {row[0] for row in cursor.fetchall()}
    # SQLite: keys sharing an inner trigram (FTS5 trigram index, best first), plus keys with the same first
    # two letters (pg_trgm's padded "  a", " ab" trigrams, which FTS5 does not index).
    grams = sorted({key[index : index + 3] for key in wanted for index in range(len(key) - 2)})
    match = " OR ".join(f'"{gram}"' for gram in grams)
    starts = Q()
    for key in wanted:
        starts |= Q(key__gte=key[:2], key__lt=_next_prefix(key[:2]))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT key FROM search_namekey_fts WHERE search_namekey_fts MATCH %s ORDER BY rank LIMIT 500", [match]
        )
        found = {row[0] for row in cursor.fetchall()}
    found.update(NameKey.objects.filter(starts).values_list("key", flat=True)[:500])
    return found


def expand(query: list[QueryWord]) -> list[QueryWord]:
    """Fill each query word's prefix and typo candidates from the vocabulary (two queries in all)."""
    _prefix_candidates(query)
    candidates = _typo_candidate_keys(query)
    for word in query:
        if len(word.key) < TYPO_MIN:
            continue
        scored = [
            (similarity(word.key, key), key)
            for key in candidates
            if key != word.key and key not in word.prefixes and abs(len(key) - len(word.key)) <= 3
        ]
        best = sorted((pair for pair in scored if pair[0] >= TYPO_THRESHOLD), key=lambda pair: (-pair[0], pair[1]))
        word.typos = {key: sim for sim, key in best[:TYPO_PER_WORD]}
    return query


def _word_score(word: QueryWord) -> Max:
    whens = [
        When(key=word.key, spellings__contains=f" {word.plain} ", then=Value(SCORE_EXACT)),
        When(key=word.key, then=Value(SCORE_FOLDED)),
    ]
    if word.prefixes:
        whens.append(When(key__in=word.prefixes, then=Value(SCORE_PREFIX)))
    for key, sim in word.typos.items():
        whens.append(When(key=key, then=Value(SCORE_TYPO + round(sim * 100))))
    return Max(Case(*whens, default=Value(0), output_field=IntegerField()))


def victims_matching(query: list[QueryWord], cap: int | None = None) -> QuerySet[Victim]:
    """Public victims whose names meet every query word, annotated with ``score`` (higher is closer).

    ``cap`` bounds how many candidates a one-word query ranks (for a page of results, not for counts).
    """
    if not query:
        return Victim.objects.none()
    all_keys = set().union(*(word.keys for word in query))
    queryset = Victim.objects.public()
    # Candidates come from the key index first, one IN subquery per query word, so neither engine scans
    # the victims and only those meeting every word are ranked.
    for index, word in enumerate(query):
        candidates = NameWord.objects.filter(key__in=word.keys).values("victim_id")
        if cap and index == 0 and len(query) == 1:
            # A very common surname alone: rank a capped set, exact keys first (the count stays exact).
            exact_first = Case(When(key=word.key, then=Value(0)), default=Value(1), output_field=IntegerField())
            candidates = candidates.order_by(exact_first, "victim_id")[:cap]
        queryset = queryset.filter(pk__in=candidates)
    # The score of each candidate: a small subquery over its own few name words (the (victim, key) index),
    # rather than a GROUP BY over every victim column, which SQLite would otherwise sort.
    per_word = {f"score_{index}": _word_score(word) for index, word in enumerate(query)}
    total = F("score_0")
    for name in list(per_word)[1:]:
        total = total + F(name)
    scores = (
        NameWord.objects.filter(victim_id=OuterRef("pk"), key__in=all_keys)
        .order_by()
        .values("victim_id")
        .annotate(**per_word)
        .annotate(total=total)
        .values("total")
    )
    return queryset.annotate(score=Subquery(scores, output_field=IntegerField()))


def _text_match_sql(column: str, query: list[QueryWord]) -> tuple[str, list[str]]:
    """SQL selecting the ids of text entries whose ``column`` ('meta' or 'body') holds every query word."""
    terms = [(word.key, len(word.key) >= TEXT_PREFIX_MIN) for word in query]
    if connection.vendor == "postgresql":
        expression = " & ".join(f"{key}:*" if prefix else key for key, prefix in terms)
        return (
            f"SELECT id FROM search_textentry WHERE to_tsvector('simple', {column}) @@ to_tsquery('simple', %s)",
            [expression],
        )
    expression = " AND ".join(f'"{key}"*' if prefix else f'"{key}"' for key, prefix in terms)
    return (
        "SELECT rowid FROM search_textentry_fts WHERE search_textentry_fts MATCH %s",
        [f"{column} : ({expression})"],
    )


def texts_matching(model: type[Testimony] | type[Document], query: list[QueryWord]) -> QuerySet:
    """Public testimonies or documents holding every query word, with ``score`` 2 (title/summary) or 1 (text).

    The transcript/transcription counts only through ``with_public_media()``: a metadata-only record is
    found by its description alone.
    """
    if not query:
        return model.objects.none()
    meta_sql, meta_params = _text_match_sql("meta", query)
    body_sql, body_params = _text_match_sql("body", query)
    in_meta = Q(search_entry__id__in=RawSQL(meta_sql, meta_params))
    in_body = Q(search_entry__id__in=RawSQL(body_sql, body_params)) & Q(
        pk__in=model.objects.with_public_media().values("pk")
    )
    return (
        model.objects.public()
        .filter(in_meta | in_body)
        .annotate(score=Case(When(in_meta, then=Value(2)), default=Value(1), output_field=IntegerField()))
    )
