"""What a file is, by its first bytes (magic numbers only), and what the archive says about formats and limits."""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.ingest.prepared import IngestError
from archive.models.media import MediaFile

Kind = MediaFile.Kind

HEAD_SIZE = 8192  # read to decide what a file is
CHUNK_SIZE = 1024 * 1024  # read at a time: a 2 GB video is never held in memory
# MediaFile.Kind → key of settings.ARCHIVE_MAX_UPLOAD_SIZE
LIMIT_KEYS = {Kind.IMAGE: "image", Kind.AUDIO: "audio", Kind.VIDEO: "video", Kind.PDF: "document"}
KIND_PLURALS = {
    Kind.IMAGE: _("images"),
    Kind.AUDIO: _("audio recordings"),
    Kind.VIDEO: _("video recordings"),
    Kind.PDF: _("PDF documents"),
}
ACCEPTED = _(
    "The archive accepts JPEG, PNG, WebP and TIFF images; PDF documents; MP3, M4A, AAC, Ogg, WAV, FLAC and WebM "
    "audio; MP4, MOV and WebM video."
)


@dataclass(frozen=True)
class Format:
    key: str
    label: Promise  # "a JPEG image": what the contents are, for messages
    kind: str  # provisional for containers that hold audio or video (decided when parsed)
    content_type: str
    extension: str
    extensions: frozenset[str]  # names a file of this format may honestly carry
    pil_format: str = ""


def _fmt(key, label, kind, content_type, extension, extensions, pil_format=""):
    return Format(key, label, kind, content_type, extension, frozenset(extensions), pil_format)


FORMATS: dict[str, Format] = {
    f.key: f
    for f in [
        _fmt("jpeg", _("a JPEG image"), Kind.IMAGE, "image/jpeg", "jpg", ["jpg", "jpeg", "jpe", "jfif"], "JPEG"),
        _fmt("png", _("a PNG image"), Kind.IMAGE, "image/png", "png", ["png"], "PNG"),
        _fmt("webp", _("a WebP image"), Kind.IMAGE, "image/webp", "webp", ["webp"], "WEBP"),
        # Browsers do not show TIFF, so TIFF scans are stored as PNG (lossless).
        _fmt("tiff", _("a TIFF image"), Kind.IMAGE, "image/png", "png", ["tif", "tiff"], "TIFF"),
        _fmt("pdf", _("a PDF document"), Kind.PDF, "application/pdf", "pdf", ["pdf"]),
        _fmt("mp3", _("an MP3 audio file"), Kind.AUDIO, "audio/mpeg", "mp3", ["mp3"]),
        _fmt("aac", _("an AAC audio file"), Kind.AUDIO, "audio/aac", "aac", ["aac"]),
        _fmt("ogg", _("an Ogg audio file"), Kind.AUDIO, "audio/ogg", "ogg", ["ogg", "oga", "opus"]),
        _fmt("wav", _("a WAV audio file"), Kind.AUDIO, "audio/wav", "wav", ["wav", "wave"]),
        _fmt("flac", _("a FLAC audio file"), Kind.AUDIO, "audio/flac", "flac", ["flac"]),
        _fmt("mp4", _("an MP4 file"), Kind.VIDEO, "video/mp4", "mp4", ["mp4", "m4a", "m4v", "m4b", "mov", "qt"]),
        _fmt("webm", _("a WebM file"), Kind.VIDEO, "video/webm", "webm", ["webm", "weba"]),
    ]
}

ACCEPTED_EXTENSIONS = frozenset(ext for f in FORMATS.values() for ext in f.extensions)

# What a file name claims, for the message when the contents say otherwise.
EXTENSION_CLAIMS: dict[str, Promise] = {
    **{ext: f.label for f in FORMATS.values() for ext in f.extensions},
    "m4a": _("an M4A audio file"),
    "mov": _("a QuickTime video"),
    "html": _("an HTML page"),
    "htm": _("an HTML page"),
    "xhtml": _("an HTML page"),
    "svg": _("an SVG image"),
    "xml": _("an XML document"),
    "txt": _("a text file"),
    "gif": _("a GIF image"),
    "bmp": _("a BMP image"),
    "heic": _("a HEIC image"),
    "avif": _("an AVIF image"),
    "zip": _("a ZIP archive"),
    "exe": _("a program"),
    "js": _("a script"),
    "doc": _("a Word document"),
    "docx": _("a Word document"),
}

# Contents the archive refuses, by filetype's name for them.
REFUSED_LABELS: dict[str, Promise] = {
    "zip": _("a ZIP archive"),
    "epub": _("a ZIP archive"),
    "rar": _("a compressed archive"),
    "7z": _("a compressed archive"),
    "gz": _("a compressed archive"),
    "bz2": _("a compressed archive"),
    "xz": _("a compressed archive"),
    "tar": _("a compressed archive"),
    "zst": _("a compressed archive"),
    "exe": _("a program"),
    "elf": _("a program"),
    "wasm": _("a program"),
    "crx": _("a program"),
    "deb": _("a program"),
    "rpm": _("a program"),
    "gif": _("a GIF image"),
    "bmp": _("a BMP image"),
    "heic": _("a HEIC image"),
    "avif": _("an AVIF image"),
    "psd": _("a Photoshop file"),
    "doc": _("a Word document"),
    "docx": _("a Word document"),
    "odt": _("a text document"),
    "rtf": _("a text document"),
    "mkv": _("a Matroska video"),
    "avi": _("an AVI video"),
    "3gp": _("a 3GP video"),
}

ISO_VIDEO_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"qt  "}
ISO_AUDIO_BRANDS = {b"M4A ", b"M4B "}
ISO_IMAGE_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"avis"}


# --- limits -------------------------------------------------------------------------------------------


def size_limit_for(kind: str) -> int:
    """The largest file of this ``MediaFile.Kind`` the archive takes (``settings.ARCHIVE_MAX_UPLOAD_SIZE``)."""
    return settings.ARCHIVE_MAX_UPLOAD_SIZE[LIMIT_KEYS[kind]]


def sniff_kind(head: bytes) -> str | None:
    """The ``MediaFile.Kind`` the first bytes of a file say it is, by the same magic numbers ``prepare_upload``
    uses, or None for contents the archive does not take. For containers that may hold audio or video the kind is
    provisional (the larger limit), as in ``prepare_upload`` before the file is parsed. For checking a file while
    it streams in, before the whole of it has arrived."""
    fmt = sniff(head[:HEAD_SIZE], File(io.BytesIO(head)))
    return fmt.kind if fmt is not None else None


def too_large(display: str, kind: str, limit: int) -> IngestError:
    return IngestError(
        gettext("“%(name)s” is too large: the limit for %(kinds)s is %(limit)s.")
        % {"name": display, "kinds": KIND_PLURALS[kind], "limit": filesizeformat(limit)},
        code="too_large",
    )


# --- sniffing -----------------------------------------------------------------------------------------


def sniff(head: bytes, stream: File) -> Format | None:
    """The accepted format the contents are, or None. Decided by magic numbers only."""
    if head.startswith(b"\xff\xd8\xff"):
        return FORMATS["jpeg"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FORMATS["png"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FORMATS["webp"]
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return FORMATS["wav"]
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return FORMATS["tiff"]
    if head.startswith(b"%PDF-"):
        return FORMATS["pdf"]
    if head.startswith(b"fLaC"):
        return FORMATS["flac"]
    if head.startswith(b"OggS"):
        return FORMATS["ogg"] if any(tag in head[:512] for tag in (b"OpusHead", b"\x01vorbis", b"\x7fFLAC")) else None
    if head[4:8] == b"ftyp":
        return _sniff_iso(head)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return FORMATS["webm"] if b"\x42\x82\x84webm" in head[:64] else None
    if head.startswith(b"ID3") and len(head) >= 10:
        # An ID3 tag can sit in front of MP3, AAC or even FLAC: look at what follows it.
        stream.seek(id3v2_size(head))
        after = stream.read(4)
        if after.startswith(b"fLaC"):
            return FORMATS["flac"]
        return FORMATS["aac"] if _is_adts(after) else FORMATS["mp3"]
    if _is_adts(head):
        return FORMATS["aac"]
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 == 0x02:
        return FORMATS["mp3"]  # MPEG audio layer III frame sync
    return None


def _sniff_iso(head: bytes) -> Format | None:
    if head[8:12] in ISO_IMAGE_BRANDS:
        return None  # HEIC and AVIF photos share the container but are not video
    box_size = int.from_bytes(head[:4], "big")
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
    if head[8:12] in ISO_AUDIO_BRANDS or brands & ISO_VIDEO_BRANDS:
        return FORMATS["mp4"]
    return None


def syncsafe(data: bytes) -> int:
    """An ID3v2 size: four bytes of seven bits each."""
    return (data[0] & 0x7F) << 21 | (data[1] & 0x7F) << 14 | (data[2] & 0x7F) << 7 | (data[3] & 0x7F)


def id3v2_size(header: bytes) -> int:
    """The whole size of the ID3v2 tag whose 10-byte header this is (its footer included, if it has one)."""
    return 10 + syncsafe(header[6:10]) + (10 if header[5] & 0x10 else 0)


def _is_adts(data: bytes) -> bool:
    return len(data) >= 2 and data[0] == 0xFF and data[1] & 0xF6 == 0xF0


def describe(head: bytes) -> Promise | str:
    """What refused contents are, in words, for the message."""
    guess = filetype.guess(head)
    if guess is not None:
        if guess.extension in REFUSED_LABELS:
            return REFUSED_LABELS[guess.extension]
        return gettext("a file of type %(type)s") % {"type": guess.mime}
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")) or b"<html" in text:
        return _("an HTML page")
    if b"<svg" in head.lower():
        return _("an SVG image")
    if text.startswith(b"<?xml"):
        return _("an XML document")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return _("a file of a type the archive does not recognise")
    if b"\x00" in head:
        return _("a file of a type the archive does not recognise")
    return _("a text file")
