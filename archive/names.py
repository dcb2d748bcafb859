"""Azerbaijani letter case, alphabetical order and Latin letters for Russian Cyrillic, which neither Python nor
the databases know."""

from __future__ import annotations

AZ_ALPHABET = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
# Each Azerbaijani letter becomes "1" + two digits; any other letter (Cyrillic, or w in a foreign
# name) "2" + its code point in six digits, so it sorts after the alphabet and the key stays prefix-free.
_ORDER = {letter: f"1{index:02d}" for index, letter in enumerate(AZ_ALPHABET)}


def az_lower(text: str) -> str:
    """Lowercase by Azerbaijani rules: ``İ`` → ``i`` and ``I`` → ``ı`` (``str.lower`` gets both wrong)."""
    return text.replace("İ", "i").replace("I", "ı").lower()


def az_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def az_sort_key(*parts: str) -> str:
    """A string whose plain code-point order is the Azerbaijani alphabetical order of ``parts``.

    Stored on the record so that PostgreSQL and SQLite sort names alike with an ordinary index.
    """
    words = []
    for part in parts:
        letters = []
        for char in az_lower(part or ""):
            if char in _ORDER:
                letters.append(_ORDER[char])
            elif char.isalpha():
                letters.append(f"2{ord(char):06d}")
        words.append("".join(letters))
    # "0" separates words: it sorts before every letter code in any collation (spaces do not, in some).
    return "0".join(words)


# Russian Cyrillic in Azerbaijani Latin letters, as a name written in a Soviet document is read out in Baku
# (Мамедов → Mamedov; the Azerbaijani form, Məmmədov, cannot be recovered from it).
_LATIN_FOR_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "q", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "x", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "şç", "ъ": "", "ы": "ı", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Azerbaijani Cyrillic, as some families still write
    "ә": "ə", "ғ": "ğ", "ҹ": "c", "ј": "y", "ҝ": "g", "ө": "ö", "ү": "ü", "һ": "h", "ı": "ı",
}  # fmt: skip


def latin_from_cyrillic(text: str) -> str:
    """``text`` with its Cyrillic letters in Azerbaijani Latin ones; any other character kept."""
    letters = []
    for char in text:
        latin = _LATIN_FOR_CYRILLIC.get(char.lower())
        if latin is None:
            letters.append(char)
        elif char.isupper() and latin:
            letters.append(az_upper(latin[0]) + latin[1:])
        else:
            letters.append(latin)
    return "".join(letters)
