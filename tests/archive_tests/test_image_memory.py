"""An image is refused, before it is decoded, when taking it in would need more memory than the archive allows; an
accepted one stays within that memory, measured in a process of its own."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from archive.ingest import IngestError, prepare_upload
from tests.submissions_tests.samples import zero_png

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "image_memory.py"


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def decoded_in_the_request(settings):
    """Large images are decoded by the background task, with the same code (``prepare_image``): here in the call."""
    settings.ARCHIVE_PROCESS_IMAGES_AFTER_UPLOAD_PIXELS = 10**12


def test_the_audits_small_png_of_a_hundred_million_pixels_is_refused_saying_why():
    data = zero_png(9990, 10000)
    assert len(data) < 400_000  # a 0.3 MB file under the pixel limit, decoding to 400 MB

    with pytest.raises(IngestError) as caught:
        prepare_upload(SimpleUploadedFile("scan.png", data))

    message = str(caught.value)
    assert caught.value.code == "too_much_memory"
    assert "“scan.png” is too large an image to process: its 9,990 × 10,000 pixels" in message
    assert "the archive processes images of up to 512.0\xa0MB" in message


def test_a_600_dpi_a3_greyscale_scan_is_accepted():
    prepared = prepare_upload(SimpleUploadedFile("a3.png", zero_png(7016, 9921, channels=1)))

    assert (prepared.width, prepared.height) == (7016, 9921)
    assert Image.open(prepared.thumbnail).size == (339, 480)


def test_the_memory_limit_is_a_setting(settings):
    data = zero_png(1000, 1000)
    settings.ARCHIVE_MAX_IMAGE_DECODE_BYTES = 20 * 1024**2  # 1 megapixel of RGB is 4 MB a copy, with 16 MB to work
    with pytest.raises(IngestError, match=r"up to 20\.0\sMB"):
        prepare_upload(SimpleUploadedFile("photo.png", data))
    settings.ARCHIVE_MAX_IMAGE_DECODE_BYTES = 32 * 1024**2
    assert prepare_upload(SimpleUploadedFile("photo.png", data)).width == 1000


def test_a_progressive_jpeg_needs_more_memory_than_a_baseline_one_of_its_size(settings):
    """A progressive JPEG is decoded from every block's coefficients, held at once: that counts too."""
    picture = Image.new("RGB", (1500, 1500), "white")
    baseline, progressive = io.BytesIO(), io.BytesIO()
    picture.save(baseline, "JPEG", subsampling=0)
    picture.save(progressive, "JPEG", subsampling=0, progressive=True)
    settings.ARCHIVE_MAX_IMAGE_DECODE_BYTES = 35 * 1024**2  # baseline: 33 MB; progressive: 38 MB

    assert prepare_upload(SimpleUploadedFile("plain.jpg", baseline.getvalue())).width == 1500
    with pytest.raises(IngestError, match="too large an image to process"):
        prepare_upload(SimpleUploadedFile("layers.jpg", progressive.getvalue()))


def test_the_largest_accepted_image_of_each_kind_stays_within_the_memory_limit():
    """The benchmark builds, for a 64 MB limit, the largest image the archive accepts of the formats and modes that
    cost most a pixel, and measures the peak memory of taking each in, in a fresh process."""
    limit_mb = 64
    completed = subprocess.run(
        [
            sys.executable,
            BENCHMARK,
            "--budget-mb",
            str(limit_mb),
            "--only",
            "png,jpeg-cmyk,webp-lossless,tiff",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    figures = json.loads(completed.stdout)["rows"]
    largest, audit = figures[:-1], figures[-1]
    assert [row["accepted"] for row in largest] == [True] * 4
    for row in largest:
        assert row["peak_growth_mb"] <= limit_mb, row
    assert not audit["accepted"] and audit["peak_growth_mb"] < 5  # refused from its header, nothing decoded
