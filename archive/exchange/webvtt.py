"""WebVTT: a transcript's segments as cues with voices (``<v Narrator>…``), written and read strictly.

Read strictly because an import replaces a transcript: cues in order, each ending after it starts, none
overlapping the one before; any problem is reported with its line and nothing is taken.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from archive.exchange.errors import Problems
from archive.exchange.timecodes import clock

CONTENT_TYPE = "text/vtt; charset=utf-8"
_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t].*)?$")
_VOICE = re.compile(r"^<v((?:\.[^ \t>.]+)*)[ \t]+([^>]+)>")
_ROLES = ("narrator", "interviewer", "person", "other")
_PERSON = re.compile(r"^V(\d{6})$")
_TAG = re.compile(r"</?[^>]*>")


@dataclass(frozen=True)
class Cue:
    start: Decimal
    end: Decimal
    speaker: str
    text: str
    role: str = ""  # narrator, interviewer, person, other: the voice's first class
    person: str = ""  # a person of the archive speaking (V-000123): the voice's class V000123
    line: int | None = None  # where the cue is in the file read


def _escape(text: str) -> str:
    # In a cue "&", "<" and ">" are markup, and a blank line would end the cue.
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(line for line in escaped.splitlines() if line.strip())


def write(cues: list[Cue]) -> str:
    """The cues as a WebVTT file, the speaker of each as its voice."""
    lines = ["WEBVTT", ""]
    for number, cue in enumerate(cues, start=1):
        text = _escape(cue.text)
        if cue.speaker:
            # Who speaks travels as the voice's classes (<v.person.V000123 Name>): a class is a word, no hyphen.
            classes = "".join(f".{name}" for name in (cue.role, cue.person.replace("-", "")) if name)
            text = f"<v{classes} {_escape(cue.speaker)}>{text}"
        lines += [
            str(number),
            f"{clock(cue.start, milliseconds=True)} --> {clock(cue.end, milliseconds=True)}",
            text,
            "",
        ]
    return "\n".join(lines)


def _seconds(hours: str | None, minutes: str, seconds: str, ms: str) -> Decimal:
    return Decimal(int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)) + Decimal(ms) / 1000


def _payload(lines: list[str]) -> tuple[str, str, str, str]:
    """The voice (speaker, role and person from its classes) and the plain text of a cue's lines."""
    text = "\n".join(lines)
    speaker = role = person = ""
    if voice := _VOICE.match(text):
        speaker = html.unescape(voice.group(2).strip())
        for name in voice.group(1).split(".")[1:]:
            if name in _ROLES:
                role = name
            elif found := _PERSON.match(name):
                person = f"V-{found.group(1)}"
        text = text[voice.end() :]
    return speaker, html.unescape(_TAG.sub("", text)).strip(), role, person


def read(content: str, *, first_line: int = 1) -> list[Cue]:
    """The cues of a WebVTT file; ``ExchangeError`` with every problem and its line if it is not strict.

    ``first_line``: the line the text starts on in its file (a transcript inside an OHMS XML file)."""
    problems = Problems()
    lines = content.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        problems.add(first_line, _("A WebVTT file starts with the line WEBVTT."))
        problems.raise_any()
    cues: list[Cue] = []
    index = 1
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        block_start = index
        block = []
        while index < len(lines) and lines[index].strip():
            block.append(lines[index])
            index += 1
        line_number = first_line + block_start
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in block[0]:
            continue
        timing_at = 0 if "-->" in block[0] else 1
        if timing_at >= len(block) or not (timing := _TIMING.match(block[timing_at].strip())):
            problems.add(
                line_number + min(timing_at, len(block) - 1),
                _("This is not a cue's timing (00:01:02.500 --> 00:01:09.000)."),
            )
            continue
        start = _seconds(*timing.groups()[:4])
        end = _seconds(*timing.groups()[4:])
        at = line_number + timing_at
        speaker, text, role, person = _payload(block[timing_at + 1 :])
        if end <= start:
            problems.add(at, _("The cue ends before it starts or as it starts."))
        if cues and start < cues[-1].start:
            problems.add(at, _("The cue starts before the one above it: cues must be in order."))
        elif cues and start < cues[-1].end:
            problems.add(at, _("The cue starts before the one above it ends: cues must not overlap."))
        if not text:
            problems.add(at, _("The cue has no text."))
        cues.append(Cue(start, end, speaker[:100], text, role=role, person=person, line=at))
    problems.raise_any()
    return cues
