"""A message's words as they are kept: plain text without links.

Links are what spam is made of, and a memorial page is no place to send its readers elsewhere, so every web address
and e-mail address in a message is removed at save time and replaced by ``[…]`` (removed, not neutralised: a
neutralised address such as ``example[.]com`` is still an advertisement). The page shows the text escaped and never
turns anything into a link (no ``urlize``), so even an address this misses stays plain words.
"""

from __future__ import annotations

import re
import unicodedata

REMOVED = "[…]"

# Common top-level domains of bare addresses ("site.ru/page", "spam.xyz"): a bare ``word.word`` alone is no address, or
# "idi.Sonra" (a sentence typed without its space) would lose its words.
_TLDS = (
    "com|net|org|info|biz|edu|gov|io|co|me|tv|cc|xyz|top|site|online|club|shop|store|app|link|click|live|"
    "ru|su|az|ua|by|kz|ge|am|tr|uz|kg|tj|md|ir|de|fr|uk|us|eu|pl|nl|it|es|ly|gl|tk|ml|ga|cf|gq|to|in|рф"
)
_ADDRESS = re.compile(
    r"""
    (?:[a-z][a-z0-9+.\-]*://|www\d{0,3}\.|mailto:)\S+     # anything with a scheme, www. or mailto:
    | [\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+                     # an e-mail address
    | (?<![\w@.])(?:[\w\-]+\.)+(?:"""
    + _TLDS
    + r""")(?![\w\-])(?:[:/?#]\S*)?                       # a bare domain, with a path if any
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Characters that reorder or hide text (bidirectional overrides and isolates), which could make a message read
# differently from what a curator approved; and control characters other than the line break.
_HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]|[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")


def without_links(text: str) -> str:
    """``text`` with every web and e-mail address replaced by ``[…]``."""
    return _ADDRESS.sub(REMOVED, text)


def clean_message(text: str) -> str:
    """The words as they are kept and shown: composed (NFC), without hidden or control characters and without
    links, with at most one blank line between paragraphs and no space around them."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _HIDDEN.sub("", text.replace("\t", " "))
    text = without_links(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def has_words(text: str) -> bool:
    """Whether anything but removed links and punctuation is left."""
    return any(character.isalnum() for character in text.replace(REMOVED, ""))
