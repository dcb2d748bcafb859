"""Media ingest: decide what an uploaded file really is, refuse what the archive does not keep, and prepare
the bytes to store (images re-encoded without metadata, checksums, size, dimensions, duration).

Nothing here touches storage or the database; ``archive.services.media_file_attach`` stores the result.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import struct
import warnings
from dataclasses import dataclass
from decimal import Decimal

import filetype
import mutagen
import mutagen.aac
import mutagen.flac
import mutagen.mp3
import mutagen.mp4
import mutagen.oggflac
import mutagen.oggopus
import mutagen.oggvorbis
import mutagen.wave
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

from archive.models.media import MediaFile

Kind = MediaFile.Kind

HEAD_SIZE = 8192
CHUNK_SIZE = 1024 * 1024
PDF_EOF_WINDOW = 1024
JPEG_QUALITY = 90
THUMBNAIL_QUALITY = 85
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


class IngestError(ValueError):
    """Message is user-facing and names the file and the reason, e.g. «“photo.jpg” is not a JPEG image: its
    contents are a PNG image.»"""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class PreparedFile:
    content: File  # bytes to store (images re-encoded without metadata); seekable
    extension: str  # from the sniffed type, e.g. "jpg", "png", "mp3", "wav", "pdf"
    kind: str  # MediaFile.Kind value: image/audio/video/pdf
    content_type: str
    size: int
    sha256: str  # of `content`
    source_sha256: str  # of the bytes as received
    original_name: str
    width: int | None = None
    height: int | None = None
    duration: Decimal | None = None
    thumbnail: ContentFile | None = None  # JPEG, for images (and nothing else for now)


@dataclass(frozen=True)
class _Format:
    key: str
    label: Promise  # "a JPEG image": what the contents are, for messages
    kind: str  # provisional for containers that hold audio or video (decided when parsed)
    content_type: str
    extension: str
    extensions: frozenset[str]  # names a file of this format may honestly carry
    pil_format: str = ""


def _fmt(key, label, kind, content_type, extension, extensions, pil_format=""):
    return _Format(key, label, kind, content_type, extension, frozenset(extensions), pil_format)


FORMATS: dict[str, _Format] = {
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


def prepare_upload(upload: File, *, name: str | None = None) -> PreparedFile:
    """Inspect ``upload`` and return what to store, or raise IngestError saying why the file is refused."""
    if not isinstance(upload, File):
        upload = File(upload)
    if not upload.seekable():
        raise TypeError("prepare_upload needs a seekable file")
    original_name = _clean_name(name if name is not None else upload.name or "")
    display = original_name or gettext("unnamed file")

    upload.seek(0)
    head = upload.read(HEAD_SIZE)
    if not head:
        raise IngestError(gettext("“%(name)s” is empty.") % {"name": display}, code="empty")

    fmt = _sniff(head, upload)
    claimed = _claimed_type(original_name)
    if claimed is not None and (claimed[0] not in fmt.extensions if fmt else claimed[0] in ACCEPTED_EXTENSIONS):
        raise IngestError(
            gettext("“%(name)s” is not %(claimed)s: its contents are %(actual)s.")
            % {"name": display, "claimed": claimed[1], "actual": fmt.label if fmt else _describe(head)},
            code="wrong_extension",
        )
    if fmt is None:
        raise IngestError(
            gettext("“%(name)s” cannot be kept: its contents are %(actual)s. %(accepted)s")
            % {"name": display, "actual": _describe(head), "accepted": ACCEPTED},
            code="unsupported",
        )

    limit = _limit(fmt.kind)
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise _too_large(display, fmt.kind, limit)
    keep = fmt.kind == Kind.IMAGE  # images are capped small enough to re-encode in memory
    source_sha256, size, data = _scan(upload, limit, keep=keep, display=display, kind=fmt.kind)

    if fmt.kind == Kind.IMAGE:
        return _prepare_image(fmt, data, source_sha256=source_sha256, original_name=original_name, display=display)
    if fmt.kind == Kind.PDF:
        _check_pdf(upload, size, display)
        kind, content_type, extension, duration = Kind.PDF, fmt.content_type, fmt.extension, None
    else:
        kind, content_type, extension, duration = _inspect_recording(fmt, upload, size, display)
        if size > _limit(kind):
            raise _too_large(display, kind, _limit(kind))
    upload.seek(0)
    return PreparedFile(
        content=upload,
        extension=extension,
        kind=kind,
        content_type=content_type,
        size=size,
        sha256=source_sha256,
        source_sha256=source_sha256,
        original_name=original_name,
        duration=duration,
    )


# --- names and limits ---------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable()).strip()[:255]


def _claimed_type(name: str) -> tuple[str, Promise] | None:
    """The type a file name claims by its extension, if it names one we know. ``scan 19.01.1990`` claims none."""
    _stem, dot, extension = name.rpartition(".")
    if not dot:
        return None
    extension = extension.lower()
    if extension in EXTENSION_CLAIMS:
        return extension, EXTENSION_CLAIMS[extension]
    return None


def _limit(kind: str) -> int:
    return settings.ARCHIVE_MAX_UPLOAD_SIZE[LIMIT_KEYS[kind]]


def size_limit_for(kind: str) -> int:
    """The largest file of this ``MediaFile.Kind`` the archive takes (``settings.ARCHIVE_MAX_UPLOAD_SIZE``)."""
    return _limit(kind)


def sniff_kind(head: bytes) -> str | None:
    """The ``MediaFile.Kind`` the first bytes of a file say it is, by the same magic numbers ``prepare_upload``
    uses, or None for contents the archive does not take. For containers that may hold audio or video the kind is
    provisional (the larger limit), as in ``prepare_upload`` before the file is parsed. For checking a file while
    it streams in, before the whole of it has arrived."""
    fmt = _sniff(head[:HEAD_SIZE], File(io.BytesIO(head)))
    return fmt.kind if fmt is not None else None


def _too_large(display: str, kind: str, limit: int) -> IngestError:
    return IngestError(
        gettext("“%(name)s” is too large: the limit for %(kinds)s is %(limit)s.")
        % {"name": display, "kinds": KIND_PLURALS[kind], "limit": filesizeformat(limit)},
        code="too_large",
    )


def _scan(upload: File, limit: int, *, keep: bool, display: str, kind: str) -> tuple[str, int, bytes]:
    """Hash the whole file in chunks, stopping as soon as it passes ``limit``; keep the bytes only if asked."""
    digest = hashlib.sha256()
    size = 0
    kept = io.BytesIO() if keep else None
    upload.seek(0)
    while chunk := upload.read(CHUNK_SIZE):
        size += len(chunk)
        if size > limit:
            raise _too_large(display, kind, limit)
        digest.update(chunk)
        if kept is not None:
            kept.write(chunk)
    return digest.hexdigest(), size, kept.getvalue() if kept is not None else b""


# --- sniffing -----------------------------------------------------------------------------------------


def _sniff(head: bytes, stream: File) -> _Format | None:
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
        tag_size = 10 + _syncsafe(head[6:10]) + (10 if head[5] & 0x10 else 0)
        stream.seek(tag_size)
        after = stream.read(4)
        if after.startswith(b"fLaC"):
            return FORMATS["flac"]
        return FORMATS["aac"] if _is_adts(after) else FORMATS["mp3"]
    if _is_adts(head):
        return FORMATS["aac"]
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 == 0x02:
        return FORMATS["mp3"]  # MPEG audio layer III frame sync
    return None


def _sniff_iso(head: bytes) -> _Format | None:
    if head[8:12] in ISO_IMAGE_BRANDS:
        return None  # HEIC and AVIF photos share the container but are not video
    box_size = int.from_bytes(head[:4], "big")
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
    if head[8:12] in ISO_AUDIO_BRANDS or brands & ISO_VIDEO_BRANDS:
        return FORMATS["mp4"]
    return None


def _syncsafe(data: bytes) -> int:
    return (data[0] & 0x7F) << 21 | (data[1] & 0x7F) << 14 | (data[2] & 0x7F) << 7 | (data[3] & 0x7F)


def _is_adts(data: bytes) -> bool:
    return len(data) >= 2 and data[0] == 0xFF and data[1] & 0xF6 == 0xF0


def _describe(head: bytes) -> Promise | str:
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


# --- images -------------------------------------------------------------------------------------------


def _prepare_image(fmt: _Format, data: bytes, *, source_sha256: str, original_name: str, display: str) -> PreparedFile:
    damaged = IngestError(
        gettext("“%(name)s” is a damaged or incomplete image and cannot be read.") % {"name": display},
        code="damaged",
    )
    previous_limit = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = settings.ARCHIVE_MAX_IMAGE_PIXELS
            with Image.open(io.BytesIO(data), formats=[fmt.pil_format]) as opened:
                if getattr(opened, "n_frames", 1) > 1:
                    raise IngestError(
                        gettext(
                            "“%(name)s” holds %(count)d frames or pages. Upload each page as its own image, "
                            "or all of them as one PDF."
                        )
                        % {"name": display, "count": opened.n_frames},
                        code="multi_frame",
                    )
                opened.load()
                image = _without_metadata(opened)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise IngestError(
            gettext("“%(name)s” is too large an image: at most %(pixels)s million pixels are accepted.")
            % {"name": display, "pixels": f"{settings.ARCHIVE_MAX_IMAGE_PIXELS / 1_000_000:g}"},
            code="too_many_pixels",
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError, TypeError) as error:
        if isinstance(error, IngestError):
            raise
        raise damaged from error
    finally:
        Image.MAX_IMAGE_PIXELS = previous_limit

    stored_format = "PNG" if fmt.pil_format == "TIFF" else fmt.pil_format
    buffer = io.BytesIO()
    try:
        image = _mode_for(image, stored_format)
        if stored_format == "JPEG":
            image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
        elif stored_format == "WEBP":
            image.save(buffer, "WEBP", quality=JPEG_QUALITY, lossless=_is_lossless_webp(data), method=4)
        else:
            image.save(buffer, "PNG", compress_level=6)
        thumbnail = _thumbnail(image)
    except (OSError, ValueError) as error:
        raise damaged from error
    stored = buffer.getvalue()
    return PreparedFile(
        content=ContentFile(stored, name=f"file.{fmt.extension}"),
        extension=fmt.extension,
        kind=Kind.IMAGE,
        content_type=fmt.content_type,
        size=len(stored),
        sha256=hashlib.sha256(stored).hexdigest(),
        source_sha256=source_sha256,
        original_name=original_name,
        width=image.width,
        height=image.height,
        thumbnail=ContentFile(thumbnail, name="thumbnail.jpg"),
    )


def _without_metadata(opened: Image.Image) -> Image.Image:
    """The pixels upright, in sRGB where a colour profile said otherwise, and nothing else.

    EXIF (with GPS), XMP, IPTC, comments and the ICC profile live in ``info``; Pillow writes some of them back
    on save if they are left there, so the copy keeps only transparency.
    """
    ImageOps.exif_transpose(opened, in_place=True)  # in place: a 100-megapixel scan is costly to copy
    image = opened
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        # A broken profile: keep the pixels as they are rather than refuse the scan.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            image = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGBA" if image.mode == "RGBA" else "RGB",
            )
    clean = image.copy()
    clean.info = {"transparency": image.info["transparency"]} if "transparency" in image.info else {}
    return clean


def _mode_for(image: Image.Image, stored_format: str) -> Image.Image:
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    if stored_format == "JPEG":
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
    if stored_format == "WEBP":
        return image if image.mode in ("RGB", "RGBA") else image.convert("RGBA" if has_alpha else "RGB")
    if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
        return image
    if image.mode.startswith("I") or image.mode == "F":
        return image.convert("I")
    return image.convert("RGBA" if has_alpha else "RGB")


def _thumbnail(image: Image.Image) -> bytes:
    if image.mode in ("I", "I;16", "F"):
        thumb = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif "A" in image.getbands() or "transparency" in image.info:
        rgba = image.convert("RGBA")
        thumb = Image.new("RGB", rgba.size, "white")
        thumb.paste(rgba, mask=rgba.getchannel("A"))
    else:
        thumb = image.convert("RGB")
    thumb.thumbnail(settings.ARCHIVE_THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    thumb.save(buffer, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    return buffer.getvalue()


def _is_lossless_webp(data: bytes) -> bool:
    return data[12:16] == b"VP8L" or (data[12:16] == b"VP8X" and b"VP8L" in data[:65536])


# --- PDF ----------------------------------------------------------------------------------------------


def _check_pdf(upload: File, size: int, display: str) -> None:
    upload.seek(max(0, size - PDF_EOF_WINDOW))
    if b"%%EOF" not in upload.read(PDF_EOF_WINDOW):
        raise IngestError(
            gettext("“%(name)s” is not a complete PDF document: its end is missing.") % {"name": display},
            code="damaged",
        )


# --- audio and video ----------------------------------------------------------------------------------

_PARSE_ERRORS = (mutagen.MutagenError, OSError, EOFError, ValueError, IndexError, KeyError, struct.error)


def _inspect_recording(fmt: _Format, upload: File, size: int, display: str) -> tuple[str, str, str, Decimal | None]:
    """Kind, content type, extension and duration of a recording; IngestError if it cannot be parsed."""
    damaged = IngestError(
        gettext("“%(name)s” looks like %(type)s but is damaged or incomplete and cannot be played.")
        % {"name": display, "type": fmt.label},
        code="damaged",
    )
    stream = upload.file if upload.file is not None else upload
    try:
        stream.seek(0)
        if fmt.key == "webm":
            track_types, duration = _webm_tracks(stream, size)
            kind = Kind.VIDEO if 1 in track_types else Kind.AUDIO if 2 in track_types else None
            if kind is None:
                raise damaged
            content_type = "video/webm" if kind == Kind.VIDEO else "audio/webm"
            return kind, content_type, "webm", duration
        if fmt.key == "mp4":
            info = mutagen.mp4.MP4(stream).info
            stream.seek(0)
            handlers = _mp4_handlers(stream)
            stream.seek(0)
            quicktime = stream.read(12)[8:12] == b"qt  "
            if b"vide" in handlers:
                if quicktime:
                    return Kind.VIDEO, "video/quicktime", "mov", _seconds(info.length)
                return Kind.VIDEO, "video/mp4", "mp4", _seconds(info.length)
            if b"soun" in handlers:
                return Kind.AUDIO, "audio/mp4", "m4a", _seconds(info.length)
            raise damaged
        if fmt.key == "wav":
            _check_riff_complete(stream, size, damaged)
            stream.seek(0)
            info = mutagen.wave.WAVE(stream).info
        elif fmt.key == "ogg":
            parsed = mutagen.File(
                stream, options=[mutagen.oggopus.OggOpus, mutagen.oggvorbis.OggVorbis, mutagen.oggflac.OggFLAC]
            )
            if parsed is None:
                raise damaged
            info = parsed.info
        else:
            parser = {"mp3": mutagen.mp3.MP3, "aac": mutagen.aac.AAC, "flac": mutagen.flac.FLAC}[fmt.key]
            info = parser(stream).info
    except IngestError:
        raise
    except _PARSE_ERRORS as error:
        raise damaged from error
    finally:
        stream.seek(0)
    return Kind.AUDIO, fmt.content_type, fmt.extension, _seconds(info.length)


def _seconds(length: float | None) -> Decimal | None:
    if not length or length != length or length <= 0:  # missing, NaN or nothing
        return None
    return Decimal(str(round(length, 3)))


def _check_riff_complete(stream, size: int, damaged: IngestError) -> None:
    """A WAV whose data chunk runs past the end of the file was cut off (or never finished recording)."""
    stream.seek(12)
    offset = 12
    while offset + 8 <= size:
        chunk_id, chunk_size = struct.unpack("<4sI", stream.read(8))
        if chunk_id == b"data":
            if offset + 8 + chunk_size > size:
                raise damaged
            return
        offset += 8 + chunk_size + (chunk_size & 1)
        stream.seek(offset)
    raise damaged


def _mp4_handlers(stream) -> set[bytes]:
    """Handler types of the tracks ('vide', 'soun', ...): whether an MP4 holds a video or only sound."""
    atoms = mutagen.mp4.Atoms(stream)
    handlers = set()
    moov = atoms[b"moov"]
    for trak in moov.findall(b"trak"):
        for hdlr in trak[(b"mdia",)].findall(b"hdlr"):
            _complete, data = hdlr.read(stream)
            handlers.add(data[8:12])
    return handlers


# WebM (EBML) element IDs, with their length markers as the specification writes them.
EBML_SEGMENT = 0x18538067
EBML_INFO = 0x1549A966
EBML_TRACKS = 0x1654AE6B
EBML_CLUSTER = 0x1F43B675
EBML_TRACK_ENTRY = 0xAE
EBML_TRACK_TYPE = 0x83
EBML_TIMESTAMP_SCALE = 0x2AD7B1
EBML_DURATION = 0x4489
EBML_MAX_HEADER_ELEMENT = 4 * 1024 * 1024


def _webm_tracks(stream, size: int) -> tuple[set[int], Decimal | None]:
    """Track types (1 video, 2 audio) and duration from a WebM's Info and Tracks, which precede its clusters."""
    element_id, length = _ebml_element(stream)
    stream.seek(stream.tell() + length)
    element_id, length = _ebml_element(stream)
    if element_id != EBML_SEGMENT:
        raise ValueError("no segment")
    end = size if length is None else min(size, stream.tell() + length)
    track_types: set[int] = set()
    scale, duration = 1_000_000, None
    for _step in range(10_000):
        if stream.tell() >= end:
            break
        element_id, length = _ebml_element(stream)
        if element_id == EBML_CLUSTER or length is None:
            break
        if element_id in (EBML_INFO, EBML_TRACKS):
            if length > EBML_MAX_HEADER_ELEMENT:
                raise ValueError("header element too large")
            body = stream.read(length)
            if len(body) < length:
                raise EOFError
            for child_id, child in _ebml_children(body):
                if child_id == EBML_TIMESTAMP_SCALE:
                    scale = int.from_bytes(child, "big")
                elif child_id == EBML_DURATION and len(child) in (4, 8):
                    duration = struct.unpack(">f" if len(child) == 4 else ">d", child)[0]
                elif child_id == EBML_TRACK_ENTRY:
                    track_types |= {int.from_bytes(v, "big") for i, v in _ebml_children(child) if i == EBML_TRACK_TYPE}
        else:
            stream.seek(stream.tell() + length)
    seconds = _seconds(duration * scale / 1e9) if duration is not None else None
    return track_types, seconds


def _ebml_element(stream) -> tuple[int, int | None]:
    """Read one element header: its ID (marker kept) and data length (None when unknown)."""
    element_id, _unknown = _ebml_vint(stream, keep_marker=True)
    length, unknown = _ebml_vint(stream, keep_marker=False)
    return element_id, None if unknown else length


def _ebml_vint(stream, *, keep_marker: bool) -> tuple[int, bool]:
    first = stream.read(1)
    if not first or first[0] == 0:
        raise ValueError("bad EBML number")
    width = 9 - first[0].bit_length()
    rest = stream.read(width - 1)
    if len(rest) < width - 1:
        raise EOFError
    value = first[0] if keep_marker else first[0] & ((1 << (8 - width)) - 1)
    for byte in rest:
        value = value << 8 | byte
    return value, not keep_marker and value == (1 << (7 * width)) - 1


def _ebml_children(body: bytes):
    stream = io.BytesIO(body)
    while stream.tell() < len(body):
        element_id, length = _ebml_element(stream)
        if length is None:
            raise ValueError("unknown length inside a header element")
        data = stream.read(length)
        if len(data) < length:
            raise EOFError
        yield element_id, data


__all__ = ["IngestError", "PreparedFile", "prepare_upload"]
