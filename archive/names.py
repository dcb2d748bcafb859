"""Azerbaijani letter case and alphabetical order, which neither Python nor the databases know."""

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
