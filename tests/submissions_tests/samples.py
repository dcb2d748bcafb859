"""Files built in the tests: good ones, and a corpus of hostile ones the form must refuse."""

from __future__ import annotations

import io
import wave
import zipfile

from PIL import Image

GPS_IFD = 0x8825


def jpeg_with_gps(size=(64, 48), color="red") -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (40.0, 22.0, 30.0)
    gps[3] = "E"
    gps[4] = (49.0, 50.0, 10.0)
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)
    return data


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, "PNG")
    return buffer.getvalue()


def wav_bytes(seconds: float = 1.0, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x01" * int(seconds * rate))
    return buffer.getvalue()


def bomb_png() -> bytes:
    """A small file that claims an enormous canvas (decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    return buffer.getvalue()


def hostile_corpus() -> dict[str, tuple[str, bytes]]:
    """name → (uploaded file name, bytes). Every one must be refused."""
    jpeg = jpeg_with_gps()
    return {
        "png named jpg": ("photo.jpg", png_bytes()),
        "html named mp3": ("song.mp3", b"<!doctype html><html><script>alert(1)</script></html>"),
        "html": ("page.html", b"<html><body onload=alert(1)></body></html>"),
        "svg": ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        "svg named png": ("drawing.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
        "polyglot html behind nothing": ("scan.pdf", b"<html>%PDF-1.4\n%%EOF"),
        "zip named jpg": ("photo.jpg", zip_bytes()),
        "jpeg with zip appended named zip": ("bundle.zip", jpeg + zip_bytes()),
        "jpeg named html": ("page.html", jpeg),
        "executable": ("tool.exe", b"MZ\x90\x00" + b"\x00" * 200),
        "elf named wav": ("voice.wav", b"\x7fELF" + b"\x00" * 200),
        "decompression bomb": ("huge.png", bomb_png()),
        "truncated jpeg": ("cut.jpg", jpeg[: len(jpeg) // 2]),
        "truncated wav": ("cut.wav", wav_bytes()[:2000] + b""),
        "empty": ("nothing.jpg", b""),
    }
