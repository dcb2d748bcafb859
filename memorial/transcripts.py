"""A testimony's transcript as files: plain text and WebVTT captions, from its time-coded segments."""

from __future__ import annotations

from decimal import Decimal

from archive.exchange import webvtt as exchange_webvtt
from archive.exchange.records import cues_of
from archive.models import MediaFile, Testimony
from memorial.selectors.records import Segment

TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"
WEBVTT_CONTENT_TYPE = "text/vtt; charset=utf-8"


def clock(seconds: Decimal | float, *, milliseconds: bool = False) -> str:
    """``HH:MM:SS`` (or ``HH:MM:SS.mmm``, as WebVTT needs) from seconds."""
    total_ms = int((Decimal(seconds) * 1000).to_integral_value())
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, ms = divmod(rest, 1000)
    text = f"{hours:02d}:{minutes:02d}:{whole:02d}"
    return f"{text}.{ms:03d}" if milliseconds else text


def webvtt(segments: list[Segment], recording: MediaFile | None = None) -> str:
    """WebVTT captions: one cue per segment, ending where it ends, else where the next one starts; the speaker as
    its voice. Written by the archive's exchange format, which an import reads back. A translation's segments not
    translated are left out, after the times are taken, so every cue keeps the original's times."""
    cues = cues_of(segments, recording.duration if recording is not None else None)
    return exchange_webvtt.write([cue for cue, segment in zip(cues, segments, strict=True) if not segment.untranslated])


def plain_text(testimony: Testimony, segments: list[Segment], *, url: str) -> str:
    """The transcript with a heading that says what it is and where it comes from."""
    lines = [testimony.title, f"{testimony.identifier} · {testimony.narrator_display}", url, ""]
    if segments:
        for segment in segments:
            speaker = f"{segment.speaker}: " if segment.speaker else ""
            lines.append(f"[{clock(segment.start)}] {speaker}{segment.text}")
    else:
        lines.append(testimony.transcript.strip())
    return "\n".join(lines) + "\n"
