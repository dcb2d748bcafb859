import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from archive.ingest import prepare_upload
from submissions.services import IncomingFile
from tests.submissions_tests import samples


@pytest.fixture(autouse=True)
def in_english():
    """Service tests read messages; they must not depend on whether the catalogues are compiled."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def quick_forms(settings):
    """Tests post at once; the minimum fill time has its own test."""
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(uuid.uuid4())}
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def incoming(name: str, data: bytes, caption: str = "") -> IncomingFile:
    return IncomingFile(prepared=prepare_upload(SimpleUploadedFile(name, data)), caption=caption)


@pytest.fixture
def photo_and_recording():
    return [
        incoming("family.jpg", samples.jpeg_with_gps(), "Rauf in 1989"),
        incoming("voice.wav", samples.wav_bytes(), "My mother remembers"),
    ]
