"""Large images are checked from their header in the upload's request (a bad one refused at once, saying why) and
decoded, re-encoded without metadata and thumbnailed afterwards by the background task (archive.media_processing):
"processing" until then, never served or listed publicly, processed once however often the task runs."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from archive import services, tasks
from archive.ingest import IngestError, prepare_upload
from archive.media_processing import processed_name
from archive.models import MediaFile, Processing
from submissions.models import SubmissionFile
from tests.celery_worker import wait_until
from tests.factories import VictimFactory
from tests.submissions_tests import samples
from tests.submissions_tests.conftest import incoming
from tests.submissions_tests.helpers import form_data, open_status_link, status_link

pytestmark = pytest.mark.django_db
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def every_image_is_large(settings):
    settings.ARCHIVE_PROCESS_IMAGES_AFTER_UPLOAD_PIXELS = 0
    settings.SUBMISSION_MIN_FILL_SECONDS = 0  # the form is posted at once


def stored(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def turned_photo() -> bytes:
    """A JPEG with GPS, camera and an orientation that turns it upright to 48 × 64."""
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    exif[0x0112] = 6  # turned a quarter: shown 48 wide, 64 high
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (40.0, 22.0, 30.0), 3: "E", 4: (49.0, 50.0, 10.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def attach(data: bytes, victim=None) -> MediaFile:
    prepared = prepare_upload(SimpleUploadedFile("family photo.jpg", data))
    return services.media_file_attach(record=victim or VictimFactory(), prepared=prepared, role=MediaFile.Role.PORTRAIT)


def test_a_large_photo_is_stored_as_received_unseen_then_processed_by_the_task(
    client, private_media_root, django_capture_on_commit_callbacks
):
    data = turned_photo()
    prepared = prepare_upload(SimpleUploadedFile("family photo.jpg", data))
    assert prepared.processing == Processing.PROCESSING and prepared.thumbnail is None
    assert (prepared.width, prepared.height) == (48, 64)  # upright, read from the header alone

    victim = VictimFactory()
    with django_capture_on_commit_callbacks(execute=False) as later:
        media = services.media_file_attach(record=victim, prepared=prepared, role=MediaFile.Role.PORTRAIT)
    assert media.file.read() == data  # as received, GPS and all: never served to the public
    assert not MediaFile.objects.public().filter(pk=media.pk).exists()
    assert client.get(media.get_absolute_url()).status_code == 404
    assert media.get_thumbnail_url() == ""
    before = client.get(victim.get_absolute_url())
    assert media.key.hex not in before.content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the task, after the response
        for callback in later:
            callback()
    media.refresh_from_db()
    assert media.processing == Processing.READY
    assert media.file.name == processed_name(f"records/{media.key.hex[:2]}/{media.key.hex}.jpg")
    shown = Image.open(io.BytesIO(media.file.read()))
    assert shown.size == (48, 64) and not shown.getexif()
    assert b"SecretCam" not in media.file.read()
    assert media.sha256 != media.source_sha256 and (media.width, media.height) == (48, 64)
    assert stored(private_media_root) == sorted([media.file.name, media.thumbnail.name])
    assert client.get(media.get_absolute_url()).status_code == 200
    assert client.get(media.get_thumbnail_url())["Content-Type"] == "image/jpeg"
    after = client.get(victim.get_absolute_url(), headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and media.key.hex in after.content.decode()  # not a 304 of the page without it


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("notes.jpg", b"these are words, not a photograph", "wrong_extension"),
        ("bomb.png", samples.bomb_png(), "too_many_pixels"),
        ("huge.png", samples.zero_png(9990, 10000), "too_much_memory"),
    ],
    ids=["not-an-image", "too-many-pixels", "too-much-memory"],
)
def test_a_bad_large_image_is_still_refused_in_the_request_saying_why(name, data, code):
    with pytest.raises(IngestError) as refused:
        prepare_upload(SimpleUploadedFile(name, data))
    assert refused.value.code == code and name in refused.value.message


def test_a_multi_page_tiff_is_refused_in_the_request():
    buffer = io.BytesIO()
    pages = [Image.new("RGB", (30, 20), colour) for colour in ("red", "blue")]
    pages[0].save(buffer, "TIFF", save_all=True, append_images=pages[1:])
    with pytest.raises(IngestError, match="holds 2 frames or pages"):
        prepare_upload(SimpleUploadedFile("letter.tif", buffer.getvalue()))


def test_processing_run_again_leaves_one_copy_and_one_thumbnail(private_media_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        media = attach(turned_photo())
    original = media.file.name
    # A run killed after writing the copy and the thumbnail, before switching the row: both are there.
    thumbnail = media.thumbnail.field.generate_filename(media, "thumbnail.jpg")
    for leftover in (processed_name(media.file.name), thumbnail):
        media.file.storage.save(leftover, SimpleUploadedFile("x", b"half written"))

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = [tasks.process_file.apply(args=("archive.MediaFile", media.pk)).result for _ in range(2)]
    assert outcomes == ["ready", "unchanged"]
    media.refresh_from_db()
    assert stored(private_media_root) == sorted([processed_name(original), thumbnail])
    assert media.thumbnail.name == thumbnail and Image.open(media.thumbnail).format == "JPEG"
    assert Image.open(media.file).format == "JPEG"


def test_a_photo_damaged_past_its_header_is_marked_failed_and_the_family_told(
    make_submission, client, django_capture_on_commit_callbacks
):
    whole = samples.jpeg_with_gps(size=(640, 480))
    with django_capture_on_commit_callbacks(execute=True):
        receipt = make_submission(files=[incoming("cut.jpg", whole[: len(whole) // 2])])  # the request takes it
    row = SubmissionFile.objects.get()
    assert row.processing == Processing.FAILED
    assert row.processing_error == "“cut.jpg” is a damaged or incomplete image and cannot be read."
    page = client.get(open_status_link(client, status_link(receipt.token))).content.decode()
    assert "we could not process this file" in page


def test_the_family_sees_processing_until_their_photo_is_ready(
    make_submission, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as later:
        receipt = make_submission(files=[incoming("family.jpg", samples.jpeg_with_gps())])
    row = SubmissionFile.objects.get()
    assert row.processing == Processing.PROCESSING and not row.thumbnail
    page = client.get(open_status_link(client, status_link(receipt.token))).content.decode()
    assert "processing: it will be ready in a few minutes" in page

    for callback in later:
        callback()
    row.refresh_from_db()
    assert row.processing == Processing.READY and row.thumbnail
    assert not Image.open(row.file).getexif().get_ifd(GPS_IFD)
    page = client.get(open_status_link(client, status_link(receipt.token))).content.decode()
    assert "processing: it will be ready" not in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_photo_sent_through_the_form_is_processed_by_the_worker(background_worker, client):
    response = client.post("/en/submit/", form_data(files=[("family.jpg", samples.jpeg_with_gps(), "")]))
    assert response.status_code == 302

    row = wait_until(lambda: SubmissionFile.objects.filter(processing=Processing.READY).first())
    assert row.thumbnail and not Image.open(row.file).getexif()
    assert b"SecretCam" not in row.file.read()
