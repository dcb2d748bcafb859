"""CSV cells that a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``@SUM(…)``, ``+1+cmd|…``) kept as text.

A family types a name; a curator opens the export in a spreadsheet. OWASP's advice for CSV injection: a cell that
starts with one of these characters is written with a leading apostrophe, which spreadsheets read as "text".
``import_victims`` takes the apostrophe off again, so an exported file imports back to the same values.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
TEXT_MARK = "'"


def escape_formula(value: object) -> object:
    """``value`` as a spreadsheet shows it as text, if it is a string a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value


def unescape_formula(value: str) -> str:
    """A cell as the archive wrote it, without the apostrophe ``escape_formula`` added."""
    if value.startswith(TEXT_MARK) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
