"""The script-neutral name key: one spelling for Məmmədov, Мамедов, Mammadov and Mamedov.

Folding happens in Python when a record is saved and when a query arrives, so PostgreSQL and SQLite
index and compare exactly the same keys. Keys are plain ASCII words (``a-z``, digits), because the
database tools each have a trap with Azerbaijani letters (see DESIGN.md "Name matching"):

* ``unidecode`` turns ``ə`` into ``@``; PostgreSQL ``unaccent`` leaves it alone; SQLite FTS5
  ``remove_diacritics`` keeps ``ə`` and ``ı`` — so none of them is used: the table below is explicit.
* ``str.lower``/``casefold`` and ICU turn ``İ`` into ``i`` + U+0307 — so case is lowered the
  Azerbaijani way first (``İ`` → ``i``, ``I`` → ``ı``) and any stray U+0307 is dropped.
* NFKD turns ``й`` into ``и`` + breve — so Cyrillic is transliterated letter by letter *before* any
  decomposition, and only Latin letters outside the table lose their accents.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from archive.names import az_lower

# Cyrillic (Russian and Azerbaijani Cyrillic) to an intermediate Latin spelling, which the Latin rules
# below then fold. я/ю/ё carry their glide "y", which the glide rule drops before a vowel, as it drops
# the "y" of Azerbaijani "-yev" (Ağayev = Агаев).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "ј": "y", "к": "k", "ҝ": "g", "қ": "q", "л": "l", "м": "m", "н": "n",
    "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "ü", "ұ": "u", "ф": "f",
    "х": "x", "һ": "h", "ц": "ts", "ч": "ch", "ҹ": "c", "ш": "sh", "щ": "shch", "ъ": "", "ы": "ı",
    "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "ə", "і": "i",
}  # fmt: skip

# Multi-letter spellings first, longest first, each to one placeholder letter.
_DIGRAPHS = (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "h"), ("ch", "ç"), ("sh", "ş"))

# One letter each, to the key alphabet. The x/h/q/g/k class is one letter ("h"), as the table in
# DESIGN.md says (Hüseynov = Гусейнов = Guseynov); ə/e → a, ı → i, ö → o, ü → u, c/j → j;
# ç and ş become "c" and "w" (unused otherwise) so that "sh" never meets s + h.
_LETTERS = str.maketrans(
    {
        "ə": "a", "ä": "a", "e": "a", "ı": "i", "ö": "o", "ü": "u", "ğ": "h", "g": "h", "x": "h", "q": "h",
        "k": "h", "c": "j", "ç": "c", "ş": "w", "w": "v",
    }
)  # fmt: skip

_VOWELS = frozenset("aeiouıəöü")
# A word: letters and digits, with any combining marks (decomposed input), and apostrophes inside it.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+(?:['’ʼ`](?:[^\W_]|[\u0300-\u036f])+)*")
_APOSTROPHES = re.compile(r"['’ʼ`]")


@lru_cache(maxsize=65536)
def plain_lower(text: str) -> str:
    """The text lowered the Azerbaijani way, with no combining dot: the "exact" form used for ranking."""
    text = unicodedata.normalize("NFC", text)
    return az_lower(text).replace("\u0307", "")


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits; an apostrophe inside a word does not split it)."""
    return _WORD.findall(text or "")


def word_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of each word of ``text``, for marking hits in snippets."""
    return [match.span() for match in _WORD.finditer(text or "")]


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """The script-neutral key of one word (see the module docstring)."""
    text = _APOSTROPHES.sub("", plain_lower(word))
    text = "".join(_CYRILLIC.get(char, char) for char in text)
    for spelling, letter in _DIGRAPHS:
        text = text.replace(spelling, letter)
    # Accents the table does not know (é, ñ, ā…) are dropped; the table's letters are kept.
    kept = []
    for char in text:
        if char in "əıöüğçş" or char.isascii():
            kept.append(char)
        else:
            kept.extend(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    text = "".join(kept).translate(_LETTERS)
    # The glide: y before a vowel goes (ya → a, ye → e → a, yu → u); elsewhere it is the vowel i.
    letters = []
    for index, char in enumerate(text):
        if char == "y":
            following = text[index + 1] if index + 1 < len(text) else ""
            if following in _VOWELS:
                continue
            char = "i"
        letters.append(char)
    # Doubled letters collapse (Məmmədov → mamadov), including those the folding itself made (ии).
    key = []
    for char in letters:
        if not (char.isascii() and char.isalnum()):
            continue
        if key and key[-1] == char:
            continue
        key.append(char)
    return "".join(key)


# What a keyboard without Azerbaijani letters types instead: Sablonov for Şablonov, Cercivali for Çərçivəli.
# Every other letter of the alphabet already folds to the key of its bare form (ə and e, ı and i, ö and o,
# ü and u, ğ and g); ş and ç fold apart from s and c, so that Shirinov meets Şirinov and Chalabiyev Çələbiyev.
_BARE = str.maketrans({"ş": "s", "Ş": "S", "ç": "c", "Ç": "C"})


def fold_bare(word: str) -> str:
    """The key of ``word`` as typed without ş and ç; the same as ``fold_word`` for words without them."""
    return fold_word(word.translate(_BARE))


# The words that mark a patronymic (Kamal oğlu, Kamal qızı; оглы, кызы), folded: half the names hold one, so they
# tell no one apart.
PATRONYMIC_MARKERS = frozenset({"ohlu", "ohli", "hizi"})

# A Russian patronymic is the father's name and a suffix (Расимович, Рашидовна, Алиевич; Rasimovich as
# transliterated), as Soviet papers wrote what Azerbaijani writes "Rasim oğlu", "Rəşid qızı".
RUSSIAN_PATRONYMIC_ENDINGS = (
    "ович", "евич", "овна", "евна", "инична", "ична", "ovich", "evich", "ovna", "evna", "ichna", "ovitch", "evitch",
)  # fmt: skip


def patronymic_root(word: str) -> str | None:
    """The father's name in a Russian patronymic (Расимович → расим, Алиевич → али), or None if ``word`` is not one.
    The ending must leave a name of two letters at least: "Бович" is no patronymic."""
    lowered = plain_lower(word)
    for ending in RUSSIAN_PATRONYMIC_ENDINGS:
        if lowered.endswith(ending) and len(lowered) - len(ending) >= 2:
            return lowered[: -len(ending)]
    return None


def fold(text: str) -> list[str]:
    """The keys of every word of ``text``, in order (words that fold to nothing are left out)."""
    return [key for key in (fold_word(word) for word in words(text)) if key]


def fold_text(text: str) -> str:
    """``text`` as a line of keys separated by spaces, as the full-text indexes store it."""
    return " ".join(fold(text))


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one key (two spaces before, one after), so both engines score alike."""
    padded = f"  {word} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def similarity(left: str, right: str) -> float:
    """pg_trgm ``similarity()`` of two keys: shared trigrams over all trigrams."""
    a, b = trigrams(left), trigrams(right)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
