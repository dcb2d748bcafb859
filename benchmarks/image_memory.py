"""Peak memory of taking in the largest image of each kind the archive accepts, and of refusing a larger one.

``ARCHIVE_MAX_IMAGE_DECODE_BYTES`` bounds what one image may take while it is decoded, turned upright, converted and
re-encoded, estimated from its header before decoding (``archive/ingest/image_memory.py``). For each format and
mode that costs the most memory a pixel, this builds the largest image whose estimate is within the budget (flat
colour, so that the file stays under the upload size limit), runs ``prepare_upload`` on it in a fresh process and
prints that process's peak resident memory above what it held before, next to the estimate and the budget. Last, the
audit's case: a 0.3 MB PNG of 9,990 × 10,000 pixels, refused before it is decoded.

    .venv/bin/python benchmarks/image_memory.py                 # the budget in settings (512 MB by default)
    .venv/bin/python benchmarks/image_memory.py --budget-mb 96  # faster; tests/archive_tests run it so
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorial.settings")
os.environ.setdefault("DEBUG", "true")

MB = 1024 * 1024
ORIENTATION = 0x0112
# key: label, Pillow format, mode, save options, extension. The most memory a pixel each format can ask for.
CASES = {
    "png": ("PNG, RGB (the audit's kind)", "PNG", "RGB", {}, "png"),
    "png16": ("PNG, 16-bit grey", "PNG", "I;16", {}, "png"),
    "jpeg-turned": ("JPEG, turned by its EXIF", "JPEG", "RGB", {"exif": {ORIENTATION: 6}}, "jpg"),
    "jpeg-progressive": ("JPEG, progressive 4:4:4", "JPEG", "RGB", {"progressive": True, "subsampling": 0}, "jpg"),
    "jpeg-cmyk": ("JPEG, progressive CMYK", "JPEG", "CMYK", {"progressive": True}, "jpg"),
    "webp": ("WebP, lossy", "WEBP", "RGB", {"quality": 90}, "webp"),
    "webp-lossless": ("WebP, lossless with alpha", "WEBP", "RGBA", {"lossless": True}, "webp"),
    "tiff": ("TIFF, RGB in one LZW strip", "TIFF", "RGB", {"compression": "tiff_lzw", "strip_size": 2**31}, "tif"),
}
AUDIT_SIZE = (9990, 10000)


def status_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    raise LookupError(key)


def child(path: Path, budget: int) -> None:
    """Run in a fresh process: take the file in as an upload and print what it cost, as JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.files import File

    from archive.ingest import IngestError, prepare_upload

    settings.ARCHIVE_MAX_IMAGE_DECODE_BYTES = budget
    # Decoded here, as the background task decodes a large image after its upload (the same prepare_image).
    settings.ARCHIVE_PROCESS_IMAGES_AFTER_UPLOAD_PIXELS = 10**12
    upload = File(path.open("rb"), name=path.name)
    before = status_mb("VmRSS:")
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) counts from here
    started = time.perf_counter()
    try:
        prepared = prepare_upload(upload)
        outcome = {"accepted": True, "stored_size": prepared.size}
    except IngestError as error:
        outcome = {"accepted": False, "message": error.message}
    seconds = time.perf_counter() - started
    growth = status_mb("VmHWM:") - before
    print(json.dumps({**outcome, "seconds": seconds, "peak_growth_mb": growth, "baseline_mb": before}))


def build(fmt: str, mode: str, options: dict, size: tuple[int, int]) -> bytes:
    from PIL import Image

    options = dict(options)
    if "exif" in options:
        exif = Image.Exif()
        exif.update(options["exif"])
        options["exif"] = exif
    colour = 300 if mode == "I;16" else (40, 90, 160, 200)[: len(Image.new(mode, (1, 1)).getbands())]
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, fmt, **options)
    return buffer.getvalue()


def estimate(data: bytes) -> int:
    """What ingest estimates the image in ``data`` needs, the same way it decides whether to take it."""
    from PIL import Image

    from archive.ingest import images
    from archive.ingest.image_memory import memory_needed

    Image.MAX_IMAGE_PIXELS = None  # the pixel limit is the child's to apply, as ingest does
    with Image.open(io.BytesIO(data)) as opened:
        stored_format = "PNG" if opened.format == "TIFF" else opened.format
        return memory_needed(
            opened,
            data,
            stored_format=stored_format,
            stored_mode=images._stored_mode(opened.mode, images._has_alpha(opened), stored_format),
            lossless=stored_format == "WEBP" and images._is_lossless_webp(data),
        )


def largest_accepted(fmt: str, mode: str, options: dict, budget: int) -> tuple[tuple[int, int], bytes, int]:
    """The largest image of this kind (near square) whose estimate is within ``budget`` and the pixel limit."""
    from django.conf import settings

    from archive.ingest.image_memory import WORKING_SPACE

    sample = build(fmt, mode, options, (500, 500))
    per_pixel = (estimate(sample) - WORKING_SPACE - len(sample)) / 250_000
    pixels = min((budget - WORKING_SPACE) / per_pixel, settings.ARCHIVE_MAX_IMAGE_PIXELS)
    while True:
        side = min(int(math.sqrt(pixels)), 16383 if fmt == "WEBP" else 1 << 30)
        size = (side, min(int(pixels // side), 16383 if fmt == "WEBP" else 1 << 30))
        data = build(fmt, mode, options, size)
        needed = estimate(data)
        if needed <= budget:
            return size, data, needed
        pixels *= 0.995 * budget / needed


def measure(path: Path, budget: int) -> dict:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", str(path), "--budget", str(budget)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budget-mb", type=float, help="ARCHIVE_MAX_IMAGE_DECODE_BYTES in MB (default: settings)")
    parser.add_argument("--only", help=f"comma-separated cases, of: {', '.join(CASES)}")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON list")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--budget", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child, arguments.budget)
        return

    import django

    django.setup()
    from django.conf import settings

    from tests.submissions_tests.samples import zero_png

    budget = int(arguments.budget_mb * MB) if arguments.budget_mb else settings.ARCHIVE_MAX_IMAGE_DECODE_BYTES
    keys = arguments.only.split(",") if arguments.only else list(CASES)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for label, fmt, mode, options, extension in (CASES[key] for key in keys):
            size, data, needed = largest_accepted(fmt, mode, options, budget)
            path = Path(folder) / f"largest.{extension}"
            path.write_bytes(data)
            rows.append(
                {"case": label, "size": size, "file_bytes": len(data), "estimate": needed, **measure(path, budget)}
            )
        path = Path(folder) / "audit.png"
        path.write_bytes(zero_png(*AUDIT_SIZE))
        rows.append(
            {"case": "the audit's PNG", "size": AUDIT_SIZE, "file_bytes": path.stat().st_size, "estimate": None}
        )
        rows[-1].update(measure(path, budget))

    if arguments.json:
        print(json.dumps({"budget": budget, "rows": rows}, ensure_ascii=False))
        return
    print(f"ARCHIVE_MAX_IMAGE_DECODE_BYTES = {budget / MB:,.0f} MB; peak = growth of a fresh process's peak RSS")
    print(f"{'image':30} {'pixels':>15} {'file':>8} {'estimate':>9} {'peak':>8} {'time':>6}  outcome")
    for row in rows:
        width, height = row["size"]
        estimated = f"{row['estimate'] / MB:,.0f} MB" if row["estimate"] else "-"
        outcome = "stored" if row["accepted"] else "refused"
        print(
            f"{row['case']:30} {f'{width:,} × {height:,}':>15} {row['file_bytes'] / MB:6.1f} MB {estimated:>9} "
            f"{row['peak_growth_mb']:5.0f} MB {row['seconds']:5.1f} s  {outcome}"
        )
    worst = max(row["peak_growth_mb"] for row in rows)
    print(f"worst peak growth: {worst:,.0f} MB, within the budget of {budget / MB:,.0f} MB: {worst <= budget / MB}")


if __name__ == "__main__":
    main()
