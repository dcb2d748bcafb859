"""What an image will take in memory while it is taken in, read from its header before a pixel is decoded.

A small file can claim a huge canvas: a 300 KB PNG of 10,000 × 10,000 pixels decodes to 400 MB. Pillow keeps a
pixel in 1, 2 or 4 bytes whatever the file's bit depth (RGB in 4), and ingest holds at most two full-size images at
once (the decoded one beside its turned, colour-converted or storage-mode copy), plus what the decoder and encoder
keep for themselves. ``memory_needed`` adds this up from the header; ``prepare_image`` refuses an image whose sum
passes ``settings.ARCHIVE_MAX_IMAGE_DECODE_BYTES`` (benchmarks/image_memory.py measures how close the sum is).
"""

from __future__ import annotations

import math

from PIL import Image

# Every mode not listed takes 4 bytes a pixel (RGB, RGBA, LA, CMYK, YCbCr, I, F, ...).
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2}
# Bytes a pixel measured with noise (benchmarks/image_memory.py). libwebp's animation decoder, which Pillow reads
# every WebP with, keeps two RGBA canvases and hands Pillow a third copy as bytes; its encoder keeps work planes
# of several times the image and returns the whole file as bytes.
_WEBP_DECODER = 12
_WEBP_ENCODER = {False: 30, True: 40}  # lossy, lossless
# Pillow's JPEG encoder with ``optimize`` buffers one byte a pixel, and libjpeg the whole image's coefficients.
_JPEG_OUTPUT_BUFFER = 1
_TIFF_SAMPLE_BYTES = 4  # libtiff's strip or tile buffer, at most RGBA (what it reads YCbCr and old JPEG into)
# Rows in decoders and encoders, the thumbnail's tiles, Pillow's and Python's own: a few megabytes, measured.
WORKING_SPACE = 16 * 1024**2


def bytes_per_pixel(mode: str) -> int:
    return _BYTES_PER_PIXEL.get(mode, 4)


def memory_needed(opened: Image.Image, data: bytes, *, stored_format: str, stored_mode: str, lossless: bool) -> int:
    """Bytes an opened (not yet decoded) image of the file ``data`` will take at its peak while it is decoded,
    turned upright, converted and encoded for storage in ``stored_format`` and ``stored_mode``."""
    width, height = opened.size
    pixels = width * height
    decoded = bytes_per_pixel(opened.mode) * pixels
    stored = bytes_per_pixel(stored_mode) * pixels
    decoding = decoded + _decoder_memory(opened, data)
    working = 2 * max(decoded, stored, 4 * pixels if opened.mode == "CMYK" else 0)
    encoding = stored + _encoder_memory(stored_format, stored_mode, pixels, lossless=lossless)
    return WORKING_SPACE + len(data) + max(decoding, working, encoding)  # the file's bytes are held throughout


def _decoder_memory(opened: Image.Image, data: bytes) -> int:
    width, height = opened.size
    if opened.format == "WEBP":
        return _WEBP_DECODER * width * height
    if opened.format == "JPEG" and (opened.info.get("progressive") or _jpeg_scans(data) > 1):
        return _jpeg_coefficients(opened)
    if opened.format == "TIFF" and any(tile.codec_name == "libtiff" for tile in opened.tile):
        tags = opened.tag_v2
        if 322 in tags and 323 in tags:  # TileWidth, TileLength
            return int(tags[322]) * int(tags[323]) * _TIFF_SAMPLE_BYTES
        rows = min(int(tags.get(278, height)), height)  # RowsPerStrip
        return rows * width * _TIFF_SAMPLE_BYTES
    return 0


def _encoder_memory(stored_format: str, stored_mode: str, pixels: int, *, lossless: bool) -> int:
    if stored_format == "WEBP":
        return _WEBP_ENCODER[lossless] * pixels
    if stored_format == "JPEG":
        # Coefficients of 4:2:0 YCbCr (Pillow's default below quality 95) or of grey, two bytes each.
        coefficients = 2 if stored_mode == "L" else 3
        return (coefficients + _JPEG_OUTPUT_BUFFER) * pixels
    return 0


def _jpeg_coefficients(opened: Image.Image) -> int:
    """A multi-scan JPEG (progressive, or one component a scan) is decoded from a buffer of every 8 × 8 block's
    coefficients, two bytes each, of each component at its own sampling."""
    width, height = opened.size
    layers = getattr(opened, "layer", None) or [("", 1, 1, 0)] * len(opened.getbands())
    most_h = max(layer[1] for layer in layers) or 1
    most_v = max(layer[2] for layer in layers) or 1
    total = 0
    for _id, h, v, _table in layers:
        columns = math.ceil(width * h / most_h / 8) * 8
        rows = math.ceil(height * v / most_v / 8) * 8
        total += 2 * columns * rows
    return total


def _jpeg_scans(data: bytes) -> int:
    """How many scans (SOS markers) a JPEG has. Markers are walked by their lengths up to the first scan, so that a
    thumbnail inside EXIF is not counted; after it, entropy-coded data cannot hold a marker's bytes."""
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            break
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
        elif marker == 0xDA:
            return 1 + data.count(b"\xff\xda", position + 2)
        elif 0xD0 <= marker <= 0xD8 or marker == 0x01:
            position += 2
        else:
            position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return max(1, data.count(b"\xff\xda"))  # not walkable: count every one, the cautious answer
