"""Media generated for the demonstration records: a chiming WAV, paper pages, a silhouette, an abstract photograph.

Nothing here depicts or voices a real person; every image says it is a demonstration.
"""

from __future__ import annotations

import array
import functools
import io
import math
import sys
import wave
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from archive.demo.marking import DEMO_HEADING

SAMPLE_RATE = 16_000
RECORDING_SECONDS = 12


@functools.lru_cache(maxsize=8)
def demo_wav(notes: tuple[float, ...], *, seconds: int = RECORDING_SECONDS, rate: int = SAMPLE_RATE) -> bytes:
    """A mono 16-bit WAV of soft chimes, one note every ``seconds / len(notes)`` seconds: clearly not speech.

    Cached: the same notes always give the same bytes, and synthesis in pure Python takes a moment.
    """
    per_note = int(seconds * rate / len(notes))
    samples = array.array("h")
    for frequency in notes:
        omega = 2 * math.pi * frequency / rate
        for index in range(per_note):
            local = index / rate
            envelope = min(local * 100.0, 1.0) * math.exp(-2.5 * local)
            value = 0.28 * envelope * (math.sin(omega * index) + 0.3 * math.sin(2 * omega * index))
            samples.append(int(value * 32767))
    if sys.byteorder == "big":
        samples.byteswap()  # WAV samples are little-endian
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(rate)
        output.writeframes(samples.tobytes())
    return buffer.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # DejaVu has ə, ğ, ı and Cyrillic; Pillow's built-in font is the fallback where it is not installed.
    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_page_image(title: str, *, page: int = 1, pages: int = 1, lines: Sequence[str] = ()) -> bytes:
    """A paper-coloured page that says plainly it is a demonstration, with a title and a few lines of text."""
    width, height = 850, 1100
    image = Image.new("RGB", (width, height), (244, 236, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, width - 30, height - 30), outline=(150, 130, 100), width=3)
    heading = _font(46)
    y = 90
    for word in DEMO_HEADING:
        draw.text((width / 2, y), word, font=heading, fill=(160, 40, 40), anchor="mm")
        y += 62
    draw.line((90, y, width - 90, y), fill=(150, 130, 100), width=2)
    y += 50
    body = _font(26)
    for text_line in _wrap(title, 46):
        draw.text((90, y), text_line, font=body, fill=(40, 35, 30))
        y += 38
    y += 30
    small = _font(22)
    for paragraph in lines:
        for text_line in _wrap(paragraph, 60):
            draw.text((90, y), text_line, font=small, fill=(70, 60, 50))
            y += 32
        y += 12
    for row in range(y + 20, height - 140, 36):
        draw.line((90, row, width - 90, row), fill=(215, 205, 180), width=1)
    draw.text((width / 2, height - 80), f"{page} / {pages}", font=small, fill=(90, 80, 70), anchor="mm")
    return _png(image)


def demo_portrait(shade: int) -> bytes:
    """An abstract grey silhouette on a plain ground: a placeholder, never a likeness of anyone."""
    width, height = 480, 600
    ground = (200 - shade // 3, 205 - shade // 4, 210)
    image = Image.new("RGB", (width, height), ground)
    draw = ImageDraw.Draw(image)
    figure = (110 + shade // 2,) * 3
    draw.ellipse((160, 120, 320, 300), fill=figure)
    draw.ellipse((70, 320, 410, 700), fill=figure)
    draw.text((width / 2, 40), DEMO_HEADING[1], font=_font(30), fill=(120, 40, 40), anchor="mm")
    return _png(image)


def demo_photograph() -> bytes:
    """An abstract stand-in for a distressing photograph: dark shapes, no people."""
    width, height = 900, 600
    image = Image.new("RGB", (width, height), (40, 40, 46))
    draw = ImageDraw.Draw(image)
    for index in range(9):
        left = 40 + index * 95
        draw.rectangle((left, 260 - index * 12, left + 70, 560), fill=(70 + index * 6, 70 + index * 5, 80))
    draw.ellipse((640, 60, 760, 180), fill=(120, 60, 60))
    draw.text((width / 2, 40), " / ".join(DEMO_HEADING), font=_font(30), fill=(230, 210, 200), anchor="mm")
    return _png(image)


def _wrap(text: str, width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines
