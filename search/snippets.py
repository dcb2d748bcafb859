"""Snippets with the hits marked: text is escaped first, then the hit words wrapped in <mark>."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.folding import fold_bare, fold_word, word_spans
from search.query import TEXT_PREFIX_MIN, QueryWord

WINDOW_BEFORE = 12
WINDOW_AFTER = 28

Matcher = Callable[[str], bool]


def text_matcher(query: list[QueryWord]) -> Matcher:
    """A word hits when its key is a query key, or begins with one (as the full-text search matched)."""
    keys = [word.key for word in query]

    def hits(word: str) -> bool:
        key = fold_word(word)
        return any(key == k or (len(k) >= TEXT_PREFIX_MIN and key.startswith(k)) for k in keys)

    return hits


def name_matcher(query: list[QueryWord]) -> Matcher:
    """A name word hits when its key is one the query word was expanded to (exact, prefix or typo)."""
    keys = set().union(*(word.keys for word in query)) if query else set()
    return lambda word: fold_word(word) in keys or fold_bare(word) in keys


def mark(text: str, hits: Matcher) -> SafeString:
    """All of ``text``, escaped, with hit words in <mark>."""
    return _render(text, word_spans(text), hits, 0, len(text))


def excerpt(text: str, hits: Matcher) -> tuple[SafeString, int] | None:
    """A window of words around the first hit (with ellipses where cut), and the hit's offset; None if no hit."""
    spans = word_spans(text)
    first = next((index for index, (start, end) in enumerate(spans) if hits(text[start:end])), None)
    if first is None:
        return None
    start_index = max(0, first - WINDOW_BEFORE)
    end_index = min(len(spans), first + WINDOW_AFTER)
    start = 0 if start_index == 0 else spans[start_index][0]
    end = len(text) if end_index == len(spans) else spans[end_index - 1][1]
    html = _render(text, spans[start_index:end_index], hits, start, end)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}"), spans[first][0]  # built from escaped pieces


def beginning(text: str, words: int = WINDOW_AFTER) -> SafeString:
    spans = word_spans(text)
    if len(spans) <= words:
        return mark_safe(escape(text.strip()))
    return mark_safe(escape(text[: spans[words - 1][1]]) + " …")


def _render(text: str, spans: list[tuple[int, int]], hits: Matcher, start: int, end: int) -> SafeString:
    pieces = []
    position = start
    for span_start, span_end in spans:
        word = text[span_start:span_end]
        if hits(word):
            pieces.append(escape(text[position:span_start]))
            pieces.append(f"<mark>{escape(word)}</mark>")
            position = span_end
    pieces.append(escape(text[position:end]))
    return mark_safe("".join(pieces).strip())  # every piece of text is escaped
