"""Images: opened with Pillow within the pixel limit, re-encoded without metadata, with a JPEG thumbnail."""

from __future__ import annotations

import contextlib
import hashlib
import io
import struct
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext
from PIL import Image, ImageCms, ImageOps

from archive.ingest.formats import Format, Kind
from archive.ingest.prepared import IngestError, PreparedFile

JPEG_QUALITY = 90
THUMBNAIL_QUALITY = 85


def prepare_image(fmt: Format, data: bytes, *, source_sha256: str, original_name: str, display: str) -> PreparedFile:
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
