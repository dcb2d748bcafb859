"""Every way a record's thumbnail is written records its SHA-256 with it, so the fixity audit has something to
compare it with from the start: a curator's upload (a small image, thumbnailed in the request), a large image
thumbnailed by the background task, a family's photograph copied into the archive on acceptance, and the
demonstration content. (Imports of victims carry no files; a restore brings the rows back with their digests.)"""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from archive import tasks
from archive.demo import load_demo
from archive.models import MediaFile, Processing
from preservation.models import FixityCheck
from submissions.services import submission_accept, submission_claim
from tests.archive_tests.test_admin import add_upload, admin_url, change_form_data, media_prefix, png_bytes
from tests.factories import VictimFactory
from tests.preservation_tests.helpers import attach_photo, photo, read_stored
from tests.submissions_tests.conftest import incoming

pytestmark = pytest.mark.django_db


def assert_recorded(media: MediaFile) -> None:
    """The row's thumbnail digest is that of the stored thumbnail, and an audit finds it whole."""
    media.refresh_from_db()
    assert media.thumbnail and media.thumbnail_sha256
    assert media.thumbnail_sha256 == hashlib.sha256(read_stored(media.thumbnail.name)).hexdigest()
    call_command("audit_fixity", verbosity=0)
    check = FixityCheck.objects.filter(kind="thumbnail", media_file=media).latest("pk")
    assert (check.outcome, check.expected_sha256) == ("pass", media.thumbnail_sha256)


def test_a_curators_upload_records_its_thumbnails_digest(client, curator):
    victim = VictimFactory()
    client.force_login(curator)
    url = admin_url("victim", "change", victim.pk)
    page = client.get(url)
    upload = SimpleUploadedFile("portrait.png", png_bytes(), content_type="image/png")

    response = client.post(url, add_upload(change_form_data(page), media_prefix(page), upload))

    assert response.status_code == 302
    assert_recorded(MediaFile.objects.get(victim=victim))


def test_a_large_image_thumbnailed_by_the_background_task_records_its_digest(
    settings, django_capture_on_commit_callbacks
):
    settings.ARCHIVE_PROCESS_IMAGES_AFTER_UPLOAD_PIXELS = 0  # every image is processed after the upload
    with django_capture_on_commit_callbacks(execute=False):
        media = attach_photo(VictimFactory(), "navy")
    assert media.processing == Processing.PROCESSING and not media.thumbnail and media.thumbnail_sha256 == ""

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.process_file.apply(args=("archive.MediaFile", media.pk)).result == "ready"

    assert_recorded(media)


def test_a_familys_photograph_accepted_into_the_archive_records_its_thumbnails_digest(make_submission, reviewer):
    submission = make_submission(files=[incoming("ailə.jpg", photo("olive").read())]).submission
    submission_claim(submission=submission, user=reviewer)

    submission_accept(submission=submission, user=reviewer)

    assert_recorded(MediaFile.objects.get(submission_file__submission=submission))


def test_the_demonstration_content_records_every_thumbnails_digest():
    load_demo()

    thumbnailed = MediaFile.objects.filter(is_demo=True).exclude(thumbnail="")
    assert thumbnailed.exists()
    for media in thumbnailed:
        assert media.thumbnail_sha256 == hashlib.sha256(read_stored(media.thumbnail.name)).hexdigest()
