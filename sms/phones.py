"""Phone numbers as a provider takes them (E.164: ``+`` and up to 15 digits), from what a family typed."""

from __future__ import annotations

import re

from django.conf import settings

_SEPARATORS = re.compile(r"[\s().\-/]")


def phone_number(text: str, *, country_code: str | None = None) -> str:
    """``text`` as an E.164 number, or "" when it is not one. ``+994 50 123-45-67`` and ``00994501234567`` keep
    their country code; a national number with its trunk 0 (``050 123 45 67``) gets ``SMS_DEFAULT_COUNTRY_CODE``
    (994, Azerbaijan) in its place. Two ways of typing one number give the same result, so it is also the key the
    lost-link page compares a typed number with."""
    compact = _SEPARATORS.sub("", text or "")
    country = (country_code if country_code is not None else settings.SMS_DEFAULT_COUNTRY_CODE).lstrip("+")
    if compact.startswith("+"):
        digits = compact[1:]
    elif compact.startswith("00"):
        digits = compact[2:]
    elif compact.startswith("0") and country:
        digits = country + compact[1:]
    elif country and compact.startswith(country):
        digits = compact  # typed with its country code but without the +
    else:
        return ""
    if not digits.isascii() or not digits.isdigit() or not 8 <= len(digits) <= 15 or digits.startswith("0"):
        return ""
    return f"+{digits}"


def masked(number: str) -> str:
    """For logs: enough to tell numbers apart, not enough to call one (``+99450*****67``)."""
    if len(number) <= 6:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 8) + number[-2:]


def phone_key(text: str) -> str:
    """What two numbers typed differently share when they are one number: the international form where there is
    one, else the digits alone (at least six). Empty for anything else, which matches nothing."""
    number = phone_number(text)
    if number:
        return number
    digits = "".join(character for character in text or "" if character.isascii() and character.isdigit())
    return digits if len(digits) >= 6 else ""
