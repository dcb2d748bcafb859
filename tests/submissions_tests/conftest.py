import itertools
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from archive.ingest import prepare_upload
from submissions.models import Submission
from submissions.services import IncomingFile, SubmissionDetails, submission_create
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


_SUBMISSIONS = itertools.count(1)


@pytest.fixture
def make_submission(db):
    def make(*, files=(), consent=Submission.Consent.NAMED, media_consent=True, **details):
        values = {
            "submitter_name": "Leyla Məmmədova",
            "submitter_email": "leyla@example.org",
            "relationship": "sister",
            # Each call a testimony of its own: the same words from the same address within a day are one.
            "testimony_text": f"My brother went out on the night of 19 January. ({next(_SUBMISSIONS)})",
            "new_surname": "Məmmədov",
            "new_given_name": "Rauf",
            "new_death_date": "1990-01-20",
            "new_fate": "killed",
            **details,
        }
        receipt = submission_create(
            details=SubmissionDetails(consent=consent, media_consent=media_consent, rights_confirmed=True, **values),
            files=list(files),
            form_token=uuid.uuid4().hex,
            status_url=lambda token: f"http://testserver/submissions/{token}/",
        )
        return receipt

    return make


@pytest.fixture
def photo_and_recording():
    return [
        incoming("family.jpg", samples.jpeg_with_gps(), "Rauf in 1989"),
        incoming("voice.wav", samples.wav_bytes(), "My mother remembers"),
    ]
