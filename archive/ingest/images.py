"""Images: opened with Pillow within the pixel and memory limits, re-encoded without metadata, with a JPEG
thumbnail. The full-size pixels are held at most twice at a time (see ``image_memory``)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import struct
import tempfile
import warnings
from collections.abc import Iterator

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from PIL import ExifTags, Image, ImageCms, ImageOps

from archive.ingest.formats import Format, Kind
from archive.ingest.image_memory import memory_needed
from archive.ingest.prepared import IngestError, PreparedFile
from archive.temporaries import upload_temp_dir

JPEG_QUALITY = 90
THUMBNAIL_QUALITY = 85
THUMBNAIL_TILE = 1024  # source pixels a side: the thumbnail is drawn from tiles of at most this size
TURNED_SIDEWAYS = {5, 6, 7, 8}  # EXIF orientations that swap width and height


def prepare_image(fmt: Format, data: bytes, *, source_sha256: str, original_name: str, display: str) -> PreparedFile:
    damaged = _damaged(display)
    stored_format = "PNG" if fmt.pil_format == "TIFF" else fmt.pil_format
    image = _decoded(fmt, data, stored_format=stored_format, display=display, damaged=damaged)
    # On disk, not in memory: the stored copy of a large scan can be as large as its pixels.
    stored = tempfile.TemporaryFile(dir=upload_temp_dir())  # noqa: SIM115 - handed on open, as the content to store
    try:
        image = _mode_for(image, stored_format)
        if stored_format == "JPEG":
            image.save(stored, "JPEG", quality=JPEG_QUALITY, optimize=True)
        elif stored_format == "WEBP":
            image.save(stored, "WEBP", quality=JPEG_QUALITY, lossless=_is_lossless_webp(data), method=4)
        else:
            image.save(stored, "PNG", compress_level=6)
        thumbnail = _thumbnail(image)
    except (OSError, ValueError) as error:
        stored.close()
        raise damaged from error
    size = stored.seek(0, io.SEEK_END)
    stored.seek(0)
    digest = hashlib.file_digest(stored, "sha256")
    stored.seek(0)
    return PreparedFile(
        content=File(stored, name=f"file.{fmt.extension}"),
        extension=fmt.extension,
        kind=Kind.IMAGE,
        content_type=fmt.content_type,
        size=size,
        sha256=digest.hexdigest(),
        source_sha256=source_sha256,
        original_name=original_name,
        width=image.width,
        height=image.height,
        thumbnail=ContentFile(thumbnail, name="thumbnail.jpg"),
    )


def check_image(fmt: Format, data: bytes, *, display: str) -> tuple[int, int]:
    """What refuses an image in the upload's request, read from its header without decoding a pixel: a type Pillow
    cannot open, too many pixels, more than one frame, more memory than ``ARCHIVE_MAX_IMAGE_DECODE_BYTES``. Returns
    its width and height as it will be shown (turned upright by its EXIF orientation). The pixels are decoded,
    re-encoded and thumbnailed later (``prepare_image``, in ``archive.media_processing``), where a file damaged
    beyond its header is found."""
    stored_format = "PNG" if fmt.pil_format == "TIFF" else fmt.pil_format
    damaged = _damaged(display)
    with _opened(fmt, data, stored_format=stored_format, display=display, damaged=damaged) as opened:
        width, height = opened.size
        if opened.getexif().get(ExifTags.Base.Orientation) in TURNED_SIDEWAYS:
            width, height = height, width
    return width, height


def _damaged(display: str) -> IngestError:
    return IngestError(
        gettext("“%(name)s” is a damaged or incomplete image and cannot be read.") % {"name": display},
        code="damaged",
    )


def _decoded(fmt: Format, data: bytes, *, stored_format: str, display: str, damaged: IngestError) -> Image.Image:
    """The pixels, checked against the limits before they are decoded. The file's own image object stays in here,
    so that what its decoder kept (a WebP's canvases, a copy of its pixels) is let go on return."""
    with _opened(fmt, data, stored_format=stored_format, display=display, damaged=damaged) as opened:
        opened.load()
        return _without_metadata(opened)


@contextlib.contextmanager
def _opened(
    fmt: Format, data: bytes, *, stored_format: str, display: str, damaged: IngestError
) -> Iterator[Image.Image]:
    """The image opened (its header read) and checked against the limits; whatever goes wrong inside the block is
    an ``IngestError`` that says why."""
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
                _check_memory(opened, data, stored_format=stored_format, display=display)
                yield opened
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


def _check_memory(opened: Image.Image, data: bytes, *, stored_format: str, display: str) -> None:
    limit = settings.ARCHIVE_MAX_IMAGE_DECODE_BYTES
    needed = memory_needed(
        opened,
        data,
        stored_format=stored_format,
        stored_mode=_stored_mode(opened.mode, _has_alpha(opened), stored_format),
        lossless=stored_format == "WEBP" and _is_lossless_webp(data),
    )
    if needed > limit:
        raise IngestError(
            gettext(
                "“%(name)s” is too large an image to process: its %(width)s × %(height)s pixels would take "
                "%(needed)s of memory, and the archive processes images of up to %(limit)s. "
                "Save a copy with fewer pixels (or scan it at a lower resolution) and upload that."
            )
            % {
                "name": display,
                "width": f"{opened.width:,}",
                "height": f"{opened.height:,}",
                "needed": filesizeformat(needed),
                "limit": filesizeformat(limit),
            },
            code="too_much_memory",
        )


def _without_metadata(opened: Image.Image) -> Image.Image:
    """The pixels upright, in sRGB where a colour profile said otherwise, and nothing else.

    EXIF (with GPS), XMP, IPTC, comments and the ICC profile live in ``info`` and in attributes of the file's own
    image object; Pillow writes some of them back on save if they are left there, so the result is a plain image
    that keeps only transparency. It shares the decoded pixels rather than copying them: each full-size copy of a
    scan is hundreds of megabytes.
    """
    ImageOps.exif_transpose(opened, in_place=True)
    image = opened
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        # A broken profile: keep the pixels as they are rather than refuse the scan.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            converted = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB" if image.mode == "CMYK" else image.mode,
                inPlace=image.mode != "CMYK",
            )
            image = converted or image
    clean = image._new(image.im)
    clean.info = {"transparency": image.info["transparency"]} if "transparency" in image.info else {}
    return clean


def _has_alpha(image: Image.Image) -> bool:
    return "A" in image.getbands() or "transparency" in image.info


def _stored_mode(mode: str, has_alpha: bool, stored_format: str) -> str:
    """The mode an image of ``mode`` is stored in as ``stored_format``."""
    if stored_format == "JPEG":
        return mode if mode in ("L", "RGB") else "RGB"
    if stored_format == "WEBP":
        return mode if mode in ("RGB", "RGBA") else ("RGBA" if has_alpha else "RGB")
    if mode in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
        return mode
    if mode.startswith("I") or mode == "F":
        return "I"
    return "RGBA" if has_alpha else "RGB"


def _mode_for(image: Image.Image, stored_format: str) -> Image.Image:
    mode = _stored_mode(image.mode, _has_alpha(image), stored_format)
    return image if mode == image.mode else image.convert(mode)


def _thumbnail(image: Image.Image) -> bytes:
    """A JPEG of at most ``ARCHIVE_THUMBNAIL_SIZE``. The image is first reduced by whole factors (a box filter, as
    ``Image.thumbnail`` does) a tile at a time, so no full-size copy or conversion is made; LANCZOS finishes it."""
    box_width, box_height = settings.ARCHIVE_THUMBNAIL_SIZE
    scale = min(box_width / image.width, box_height / image.height)
    factor_x = max(1, int(image.width / max(1.0, image.width * scale) / 2))
    factor_y = max(1, int(image.height / max(1.0, image.height * scale) / 2))
    step_x = factor_x * max(1, THUMBNAIL_TILE // factor_x)
    step_y = factor_y * max(1, THUMBNAIL_TILE // factor_y)
    mode = "L" if image.mode in ("I", "I;16", "F") else "RGB"
    reduced = Image.new(mode, (-(-image.width // factor_x), -(-image.height // factor_y)))
    for top in range(0, image.height, step_y):
        for left in range(0, image.width, step_x):
            tile = _viewable(image.crop((left, top, min(left + step_x, image.width), min(top + step_y, image.height))))
            if (factor_x, factor_y) != (1, 1):
                tile = tile.reduce((factor_x, factor_y))
            reduced.paste(tile, (left // factor_x, top // factor_y))
    reduced.thumbnail(settings.ARCHIVE_THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    reduced.save(buffer, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    return buffer.getvalue()


def _viewable(tile: Image.Image) -> Image.Image:
    """A piece of the image as a thumbnail shows it: 8-bit grey or RGB, transparency on white."""
    if tile.mode in ("I", "I;16", "F"):
        return tile.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if _has_alpha(tile):
        rgba = tile.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return tile.convert("RGB")


def _is_lossless_webp(data: bytes) -> bool:
    return data[12:16] == b"VP8L" or (data[12:16] == b"VP8X" and b"VP8L" in data[:65536])
