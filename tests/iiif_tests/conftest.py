"""Document images and testimony recordings as curators attach them, with their background work run (the tiles)."""

from __future__ import annotations

import io
import json
import wave
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from jsonschema import Draft7Validator
from PIL import Image

from archive.ingest import prepare_upload
from archive.models import IndexPoint, MediaFile, TranscriptSegment
from archive.services import media_file_attach

DATA = Path(__file__).parent / "data"
CONFORMANCE_IMAGE = DATA / "67352ccc-d1b0-11e1-89ae-279075081939.png"


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def gradient(width: int, height: int) -> Image.Image:
    """An image whose every region differs from the others, so a tile of the wrong place shows."""
    red = Image.linear_gradient("L").rotate(90).resize((width, height))
    green = Image.linear_gradient("L").resize((width, height))
    blue = Image.radial_gradient("L").resize((width, height))
    return Image.merge("RGB", (red, green, blue))


@pytest.fixture
def attach_image(django_capture_on_commit_callbacks):
    """Attach an image to a record as the admin does, and run what its save starts (the tiles) once it commits."""

    def attach(record, content: bytes | Image.Image, *, role=MediaFile.Role.PAGE, **fields) -> MediaFile:
        data = png(content) if isinstance(content, Image.Image) else content
        with django_capture_on_commit_callbacks(execute=True):
            media = media_file_attach(
                record=record, prepared=prepare_upload(SimpleUploadedFile("scan.png", data)), role=role, **fields
            )
        media.refresh_from_db()
        return media

    return attach


def wav(seconds: float = 2.0) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(bytes(range(256)) * int(seconds * 8000 * 2 / 256))
    return buffer.getvalue()


@pytest.fixture
def attach_recording():
    def attach(testimony, seconds: float = 2.0, **fields) -> MediaFile:
        prepared = prepare_upload(SimpleUploadedFile("interview.wav", wav(seconds)))
        return media_file_attach(record=testimony, prepared=prepared, role=MediaFile.Role.RECORDING, **fields)

    return attach


def index_point(testimony, seconds: str, **titles) -> IndexPoint:
    return IndexPoint.objects.create(testimony=testimony, time=Decimal(seconds), **titles)


def segment(testimony, start: str, end: str, text: str) -> TranscriptSegment:
    return TranscriptSegment.objects.create(
        testimony=testimony, start=Decimal(start), end=Decimal(end), text=text, speaker_role="narrator"
    )


@pytest.fixture(scope="session")
def presentation_schema() -> Draft7Validator:
    """The IIIF Consortium's JSON Schema of Presentation 3.0 (data/README.md)."""
    schema = json.loads((DATA / "iiif_3_0.json").read_text())
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def schema_errors(validator: Draft7Validator, manifest: dict) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(manifest)]
