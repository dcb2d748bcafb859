"""Times in a recording as people type them (``754``, ``12:34``, ``1:02:03.5``) and as files write them."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_CLOCK = re.compile(r"^(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d{1,3})?)$")


def parse_time(text: str) -> Decimal | None:
    """Seconds from ``754``, ``754.5``, ``12:34``, ``01:02:03`` or ``01:02:03.500``; None if it is no time."""
    match = _CLOCK.match((text or "").strip())
    if not match:
        return None
    first, second, seconds = match.groups()
    hours, minutes = (first, second) if second is not None else (None, first)
    try:
        value = Decimal(seconds)
    except InvalidOperation:
        return None
    if (minutes is not None and value >= 60) or (hours is not None and int(minutes) >= 60):
        return None
    return value + 60 * int(minutes or 0) + 3600 * int(hours or 0)


def clock(seconds: Decimal | float, *, milliseconds: bool = False) -> str:
    """``HH:MM:SS`` (or ``HH:MM:SS.mmm``, as WebVTT needs) from seconds."""
    total_ms = int((Decimal(seconds) * 1000).to_integral_value())
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, ms = divmod(rest, 1000)
    text = f"{hours:02d}:{minutes:02d}:{whole:02d}"
    return f"{text}.{ms:03d}" if milliseconds else text
