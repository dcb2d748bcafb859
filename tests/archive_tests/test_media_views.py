"""Serving files: the publication rule first, safe headers always, byte ranges for seeking."""

import io
import uuid
import wave
from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from archive.ingest import prepare_upload
from archive.models import Access, MediaFile, Status, Testimony
from archive.services import media_file_attach
from tests.factories import TestimonyFactory, VictimFactory
from tests.submissions_tests import samples

pytestmark = pytest.mark.django_db


def attach_portrait(record) -> MediaFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, "JPEG")
    prepared = prepare_upload(SimpleUploadedFile("Həsənov family photo.jpg", buffer.getvalue()))
    return media_file_attach(record=record, prepared=prepared, role=MediaFile.Role.PORTRAIT)


def attach_recording(record) -> MediaFile:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(bytes(range(256)) * 40)
    prepared = prepare_upload(SimpleUploadedFile("interview.wav", buffer.getvalue()))
    return media_file_attach(record=record, prepared=prepared, role=MediaFile.Role.RECORDING)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_public_file_is_served_with_its_type_and_safe_headers(client, private_media_root):
    media = attach_portrait(VictimFactory())

    response = client.get(media.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == (private_media_root / media.file.name).read_bytes()
    disposition = response["Content-Disposition"]
    assert media.victim.identifier in disposition
    assert "Həsənov" not in disposition and "family" not in disposition
    assert response["Cache-Control"].startswith("public")


@pytest.mark.parametrize("attach", ["portrait", "recording", "pdf"])
def test_every_stored_file_is_served_under_a_sandboxing_policy(client, attach):
    """A PDF too: Chromium shows it inline under the sandbox (checked by tests/browser/test_files.py)."""
    record = TestimonyFactory()
    if attach == "pdf":
        prepared = prepare_upload(SimpleUploadedFile("letter.pdf", samples.hostile_pdf()))
        media = media_file_attach(record=record, prepared=prepared, role=MediaFile.Role.PAGE)
    else:
        media = {"portrait": attach_portrait, "recording": attach_recording}[attach](record)

    response = client.get(media.get_absolute_url())

    assert response.status_code == 200
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert not any("script" in part for part in policy)
    assert response["Content-Disposition"].startswith("inline;")
    revalidated = client.get(media.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert revalidated.status_code == 304
    assert revalidated["Content-Security-Policy"] == response["Content-Security-Policy"]


def test_public_thumbnail_is_served_as_jpeg(client):
    media = attach_portrait(VictimFactory())

    response = client.get(media.get_thumbnail_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(body(response))).format == "JPEG"


@pytest.mark.parametrize(
    "hide",
    [
        {"status": Status.DRAFT},
        {"status": Status.WITHDRAWN},
        {"access": Access.PRIVATE},
        {"access": Access.METADATA},
        {"embargo_until": timezone.localdate() + timedelta(days=30)},
    ],
    ids=["draft", "withdrawn", "private", "metadata-only", "embargoed"],
)
def test_file_of_a_record_not_public_is_not_found(client, hide):
    media = attach_portrait(VictimFactory(**hide))

    assert client.get(media.get_absolute_url()).status_code == 404
    assert client.get(media.get_thumbnail_url()).status_code == 404


def test_recording_of_an_archive_only_testimony_is_not_found(client):
    testimony = TestimonyFactory(status=Status.DRAFT, narrator_consent=Testimony.Consent.ARCHIVE_ONLY)
    media = attach_recording(testimony)

    assert client.get(media.get_absolute_url()).status_code == 404


def test_unknown_file_is_not_found(client):
    assert client.get(f"/files/{uuid.uuid4()}/").status_code == 404


def test_curator_fetches_a_drafts_file_privately(client, curator):
    media = attach_portrait(VictimFactory(status=Status.DRAFT))
    client.force_login(curator)

    response = client.get(media.get_absolute_url())

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_staff_without_the_view_permission_gets_not_found(client, django_user_model):
    staff = django_user_model.objects.create_user("helper", password="x", is_staff=True)
    media = attach_portrait(VictimFactory(status=Status.DRAFT))
    client.force_login(staff)

    assert client.get(media.get_absolute_url()).status_code == 404


def test_range_request_returns_partial_content(client, private_media_root):
    media = attach_recording(TestimonyFactory())
    stored = (private_media_root / media.file.name).read_bytes()

    response = client.get(media.get_absolute_url(), headers={"Range": "bytes=100-199"})

    assert response.status_code == 206
    assert body(response) == stored[100:200]
    assert response["Content-Range"] == f"bytes 100-199/{len(stored)}"
    assert response["Content-Length"] == "100"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "audio/wav"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_open_ended_and_suffix_ranges(client, private_media_root):
    media = attach_recording(TestimonyFactory())
    stored = (private_media_root / media.file.name).read_bytes()

    tail = client.get(media.get_absolute_url(), headers={"Range": "bytes=-10"})
    rest = client.get(media.get_absolute_url(), headers={"Range": f"bytes={len(stored) - 3}-"})

    assert (tail.status_code, body(tail)) == (206, stored[-10:])
    assert (rest.status_code, body(rest)) == (206, stored[-3:])


def test_unsatisfiable_range_is_416(client, private_media_root):
    media = attach_recording(TestimonyFactory())
    size = (private_media_root / media.file.name).stat().st_size

    response = client.get(media.get_absolute_url(), headers={"Range": f"bytes={size + 10}-"})

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


def test_range_on_a_hidden_file_is_still_not_found(client):
    media = attach_recording(TestimonyFactory(status=Status.DRAFT))

    assert client.get(media.get_absolute_url(), headers={"Range": "bytes=0-9"}).status_code == 404


def test_only_safe_methods_are_allowed(client):
    media = attach_portrait(VictimFactory())

    assert client.post(media.get_absolute_url()).status_code == 405


class SignedURLStorage(FileSystemStorage):
    """Stands in for S3 at its boundary: no local path, URLs signed for a while."""

    def path(self, name):
        raise NotImplementedError

    def url(self, name, parameters=None, expire=None):
        return f"https://bucket.example.org/{name}?expires={expire}&signature=abc"


def test_remote_storage_redirects_to_a_short_lived_signed_url(client, settings, private_media_root, curator):
    media = attach_portrait(VictimFactory(status=Status.DRAFT))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tests.archive_tests.test_media_views.SignedURLStorage",
            "OPTIONS": {"location": private_media_root},
        },
    }
    assert client.get(media.get_absolute_url()).status_code == 404  # the rule still comes first

    client.force_login(curator)
    response = client.get(media.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith(f"https://bucket.example.org/{media.file.name}?expires=")
    assert "no-store" in response["Cache-Control"]
