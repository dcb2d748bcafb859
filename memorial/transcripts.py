"""A testimony's transcript as files: plain text and WebVTT captions, from its time-coded segments."""

from __future__ import annotations

from decimal import Decimal

from archive.models import MediaFile, Testimony
from memorial.selectors.records import Segment

TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"
WEBVTT_CONTENT_TYPE = "text/vtt; charset=utf-8"
LAST_CUE_SECONDS = Decimal(5)  # how long the last cue lasts when neither it nor the recording says


def clock(seconds: Decimal | float, *, milliseconds: bool = False) -> str:
    """``HH:MM:SS`` (or ``HH:MM:SS.mmm``, as WebVTT needs) from seconds."""
    total_ms = int((Decimal(seconds) * 1000).to_integral_value())
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, ms = divmod(rest, 1000)
    text = f"{hours:02d}:{minutes:02d}:{whole:02d}"
    return f"{text}.{ms:03d}" if milliseconds else text


def _cue_text(text: str) -> str:
    # In a cue "&", "<" and ">" are markup, and a blank line would end the cue.
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(line for line in escaped.splitlines() if line.strip())


def webvtt(segments: list[Segment], recording: MediaFile | None = None) -> str:
    """WebVTT captions: one cue per segment, ending where it ends, else where the next one starts."""
    lines = ["WEBVTT", ""]
    for index, segment in enumerate(segments):
        end = segment.end
        if end is None:
            following = segments[index + 1].start if index + 1 < len(segments) else None
            duration = recording.duration if recording is not None else None
            fallback = duration if duration and duration > segment.start else segment.start + LAST_CUE_SECONDS
            end = following if following is not None else fallback
        end = max(end, segment.start)
        text = _cue_text(segment.text)
        if segment.speaker:
            text = f"<v {_cue_text(segment.speaker)}>{text}"
        lines += [
            str(index + 1),
            f"{clock(segment.start, milliseconds=True)} --> {clock(end, milliseconds=True)}",
            text,
            "",
        ]
    return "\n".join(lines)


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
