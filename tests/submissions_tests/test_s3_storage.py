"""Families' files in an S3 bucket (a real S3-protocol server, ``tests/s3.py``), configured by the project's own
settings: the public form stores them under generated keys, a bucket that refuses them gives the family a clear
answer and keeps nothing, accepting copies them into the archive with the same bytes, and only staff read them,
through signed URLs. (Kept files of a refused form, and faults while accepting or on the status page, run on both
storages in test_pending_uploads.py and test_storage_faults.py.)"""

import hashlib
import io

import pytest
from PIL import Image

from archive.models import MediaFile
from submissions.models import PendingUpload, Submission
from submissions.services import submission_claim
from tests.s3 import fetch
from tests.submissions_tests import samples
from tests.submissions_tests.conftest import incoming
from tests.submissions_tests.helpers import form_data

pytestmark = pytest.mark.django_db

JPEG = samples.jpeg_with_gps(size=(640, 480))
WAV = samples.wav_bytes()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_files_sent_through_the_public_form_are_stored_in_the_bucket_under_generated_keys(client, s3_bucket):
    files = [("Rauf 1989 Bakı.jpg", JPEG, "Rauf"), ("anam.wav", WAV, "")]

    response = client.post("/en/submit/", form_data(files=files))

    assert response.status_code == 302
    rows = {row.original_name: row for row in Submission.objects.get().files.all()}
    photo, voice = rows["Rauf 1989 Bakı.jpg"], rows["anam.wav"]
    assert s3_bucket.names() == sorted([photo.file.name, photo.thumbnail.name, voice.file.name])
    for row, extension in ((photo, "jpg"), (voice, "wav")):
        assert row.file.name == f"submissions/{row.key.hex[:2]}/{row.key.hex}.{extension}"
        stored = s3_bucket.read(row.file.name)
        assert (sha256(stored), len(stored)) == (row.sha256, row.size)
    assert photo.source_sha256 == sha256(JPEG)
    with Image.open(io.BytesIO(s3_bucket.read(photo.file.name))) as stored_photo:
        assert not stored_photo.getexif()  # re-encoded: the camera and the place it was taken are not kept
    with Image.open(io.BytesIO(s3_bucket.read(photo.thumbnail.name))) as thumbnail:
        assert thumbnail.format == "JPEG"


def test_a_bucket_refusing_the_files_gives_the_family_a_clear_error_and_keeps_nothing(client, s3_bucket):
    written = s3_bucket.refuse_writes_after(1)  # the photograph goes in, its thumbnail is refused

    response = client.post("/en/submit/", form_data(files=[("family.jpg", JPEG, "Rauf"), ("voice.wav", WAV, "")]))

    assert len(written) == 1  # something was half-done
    assert response.status_code == 503
    assert "We could not save what you sent, because of a fault on our side." in response.content.decode()
    assert not Submission.objects.exists()
    assert not PendingUpload.objects.exists()
    assert s3_bucket.names() == []


def test_accepting_copies_the_familys_files_into_the_archive_with_the_same_bytes(
    client, reviewer, make_submission, s3_bucket
):
    submission = make_submission(files=[incoming("family.jpg", JPEG, "Rauf"), incoming("voice.wav", WAV)]).submission
    submission_claim(submission=submission, user=reviewer)
    submission.refresh_from_db()
    sent = s3_bucket.names()
    client.force_login(reviewer)
    keys = [str(row.key) for row in submission.files.all()]

    response = client.post(
        submission.get_review_url(),
        {"action": "accept", "version": submission.version, "person": "new", "title": "", "files": keys, "note": ""},
    )

    assert response.status_code == 302
    media = list(MediaFile.objects.select_related("submission_file"))
    assert len(media) == 2
    for row in media:
        assert row.file.name.startswith("records/")
        assert sha256(s3_bucket.read(row.file.name)) == row.sha256 == row.submission_file.sha256
    archived = [stored.name for row in media for stored in (row.file, row.thumbnail) if stored]
    assert s3_bucket.names() == sorted([*sent, *archived])  # the family's files stay with their submission


def test_only_staff_read_a_submitted_file_and_only_through_a_signed_url(client, reviewer, make_submission, s3_bucket):
    row = make_submission(files=[incoming("voice.wav", WAV)]).submission.files.get()

    assert client.get(row.get_absolute_url()).status_code == 404
    assert fetch(s3_bucket.plain_url(row.file.name))[0] == 403

    client.force_login(reviewer)
    response = client.get(row.get_absolute_url())
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    status, headers, data = fetch(response["Location"])
    assert (status, data) == (200, s3_bucket.read(row.file.name))
    assert headers["Content-Disposition"] == f'inline; filename="{row.submission.reference}-{row.key.hex[:8]}.wav"'
