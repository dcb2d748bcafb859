"""A moment of a testimony's recording named in its page's address: ``?t=754`` or ``?t=12:34``.

"Share this moment" gives such an address; the page then marks the transcript line heard at that moment and
starts the recording there (a media fragment on the player's source, so without JavaScript too).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from memorial.selectors.records import Segment

# Seconds ("754", "754.5") or a clock ("12:34", "1:02:03"); anything else is no moment.
_MOMENT = re.compile(r"^(?:(\d{1,2}):)?(?:(\d{1,3}):)?(\d{1,6}(?:\.\d{1,3})?)$")
LONGEST = Decimal(24 * 3600)  # no recording is a day long: a larger number is a typo or a probe


def parse_moment(value: str | None) -> Decimal | None:
    """The moment in seconds, or None for a value that names none (then the page opens at the start)."""
    match = _MOMENT.match((value or "").strip())
    if not match:
        return None
    hours, minutes, seconds = match.groups()
    if minutes is None and hours is not None:
        hours, minutes = None, hours  # "12:34" is minutes and seconds
    try:
        total = Decimal(seconds) + 60 * int(minutes or 0) + 3600 * int(hours or 0)
    except InvalidOperation:
        return None
    if (minutes or hours) and Decimal(seconds) >= 60:
        return None
    return total if total <= LONGEST else None


def segment_at(segments: list[Segment], seconds: Decimal) -> Segment | None:
    """The transcript line being heard at ``seconds``: the last one to start by then."""
    heard = None
    for segment in segments:
        if segment.start > seconds:
            break
        heard = segment
    return heard


def moment_context(segments: list[Segment], value: str | None) -> dict:
    """What a testimony page shows of the moment in its address: nothing if it names none."""
    seconds = parse_moment(value)
    if seconds is None:
        return {}
    return {
        "moment": f"{seconds.normalize():f}",
        "moment_seconds": seconds,
        "moment_segment": segment_at(segments, seconds),
    }
