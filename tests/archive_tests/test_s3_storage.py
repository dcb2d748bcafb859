"""Records' files in an S3 bucket (a real S3-protocol server, ``tests/s3.py``), configured by the project's own
settings: stored under generated keys, read back with the checksum recorded, reached only through short-lived
signed URLs after the publication rule, never written over, and nothing left behind by a failure."""

import datetime
import hashlib
import io
import time
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from PIL import Image

from archive.ingest import prepare_upload
from archive.models import MediaFile, Status
from archive.services import media_file_attach
from archive.stored_files import store_file
from submissions.inputs import IncomingFile
from submissions.services import pending_uploads_update
from tests.archive_tests.test_admin import add_upload, admin_url, change_form_data, media_prefix
from tests.factories import VictimFactory
from tests.s3 import SIGNED_URL_SECONDS, fetch
from tests.submissions_tests import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_english():
    with translation.override("en"):
        yield


LARGE_WAV_SECONDS = 600  # 9.6 MB: past boto3's 8 MB threshold, so it is uploaded and read in parts


def photo(name: str = "Məmmədov ailəsi 1989.jpg", color: str = "navy") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue())


def attach_photo(record, **options) -> MediaFile:
    return media_file_attach(record=record, prepared=prepare_upload(photo()), role=MediaFile.Role.PHOTO, **options)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def storage_sha256(name: str) -> str:
    """What a fixity check does: read the stored file back through the storage and hash it."""
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in handle.chunks():
            digest.update(chunk)
    return digest.hexdigest()


def test_an_attached_photograph_and_its_thumbnail_are_stored_under_generated_keys_with_their_checksum(s3_bucket):
    media = attach_photo(VictimFactory())

    key = media.key.hex
    assert media.file.name == f"records/{key[:2]}/{key}.jpg"
    assert media.thumbnail.name == f"thumbnails/{key[:2]}/{key}.jpg"
    assert s3_bucket.names() == sorted([media.file.name, media.thumbnail.name])
    stored = s3_bucket.read(media.file.name)
    assert (sha256(stored), len(stored)) == (media.sha256, media.size)
    assert storage_sha256(media.file.name) == media.sha256
    with Image.open(io.BytesIO(s3_bucket.read(media.thumbnail.name))) as thumbnail:
        assert thumbnail.format == "JPEG" and max(thumbnail.size) <= 480


def test_a_published_file_redirects_to_a_signed_url_that_serves_it_until_it_expires(client, s3_bucket):
    media = attach_photo(VictimFactory())
    stored = s3_bucket.read(media.file.name)

    response = client.get(media.get_absolute_url())

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]  # never keep a redirect to a URL that expires
    url = response["Location"]
    assert url.startswith(f"{s3_bucket.plain_url(media.file.name)}?")
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == [str(SIGNED_URL_SECONDS)]  # AWS_QUERYSTRING_EXPIRE

    status, headers, data = fetch(url)
    assert status == 200
    assert data == stored and sha256(data) == media.sha256
    assert headers["Content-Type"] == "image/jpeg"
    name = f"{media.victim.identifier}-{media.key.hex[:8]}.jpg"
    assert headers["Content-Disposition"] == f'inline; filename="{name}"'  # never the uploaded name
    status, _, data = fetch(url, {"Range": "bytes=0-9"})  # a player seeking
    assert (status, data) == (206, stored[:10])

    thumbnail = client.get(media.get_thumbnail_url())
    assert thumbnail.status_code == 302
    assert fetch(thumbnail["Location"])[2] == s3_bucket.read(media.thumbnail.name)

    signed_at = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    expired = signed_at + datetime.timedelta(seconds=SIGNED_URL_SECONDS + 1)
    time.sleep(max(0.0, (expired - datetime.datetime.now(datetime.UTC)).total_seconds()))
    status, _, data = fetch(url)
    assert status == 403
    assert b"Request has expired" in data


def test_files_the_public_may_not_see_are_never_redirected(client, s3_bucket, curator):
    draft = attach_photo(VictimFactory(status=Status.DRAFT))
    withheld = attach_photo(VictimFactory(), withheld=True)

    for media in (draft, withheld):
        assert client.get(media.get_absolute_url()).status_code == 404
        assert client.get(media.get_thumbnail_url()).status_code == 404

    client.force_login(curator)  # curators see them, through a signed URL too
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 302
    assert fetch(response["Location"])[2] == s3_bucket.read(draft.file.name)


def test_no_stored_object_can_be_read_without_a_valid_signature(s3_bucket):
    media = attach_photo(VictimFactory())  # published: its files are still private objects

    for name in (media.file.name, media.thumbnail.name):
        assert fetch(s3_bucket.plain_url(name))[0] == 403

    # A signed URL opens its own object only: another key under the same signature is refused.
    signed = default_storage.url(media.file.name)
    assert fetch(signed)[0] == 200
    status, _, data = fetch(signed.replace(media.file.name, media.thumbnail.name))
    assert status == 403 and b"SignatureDoesNotMatch" in data


def test_a_stored_key_is_never_written_over(s3_bucket):
    row = MediaFile(key=uuid.uuid4())
    taken = f"records/{row.key.hex[:2]}/{row.key.hex}.jpg"
    s3_bucket.put(taken, b"a file stored before")

    stored = store_file(row.file, "file.jpg", ContentFile(b"the new file"))

    assert stored.name != taken
    assert stored.name.startswith(f"records/{row.key.hex[:2]}/{row.key.hex}_")
    assert s3_bucket.read(taken) == b"a file stored before"
    assert s3_bucket.read(stored.name) == b"the new file"


def test_the_same_photograph_attached_twice_is_stored_twice(s3_bucket):
    victim = VictimFactory()
    first, second = attach_photo(victim), attach_photo(victim)

    assert first.sha256 == second.sha256
    assert first.file.name != second.file.name
    assert s3_bucket.read(first.file.name) == s3_bucket.read(second.file.name)
    assert len(s3_bucket.names()) == 4


def test_a_large_recording_is_stored_in_parts_and_read_back_whole_without_filling_memory(s3_bucket):
    prepared = prepare_upload(SimpleUploadedFile("interview.wav", samples.wav_bytes(LARGE_WAV_SECONDS)))

    media = media_file_attach(record=VictimFactory(), prepared=prepared, role=MediaFile.Role.RECORDING)

    assert s3_bucket.names() == [media.file.name]
    with default_storage.open(media.file.name, "rb") as handle:
        digest = hashlib.sha256()
        for chunk in handle.chunks():
            digest.update(chunk)
        # Read back into a temporary file on disk past a few megabytes (accepting a submission copies files
        # this way): a two-gigabyte recording must not be held in memory.
        assert handle.file._rolled
    assert digest.hexdigest() == media.sha256


def test_a_refused_thumbnail_takes_its_photograph_with_it(s3_bucket):
    prepared = prepare_upload(photo())
    s3_bucket.refuse_writes_after(1)  # the photograph is stored, its thumbnail refused

    with pytest.raises(OSError):
        media_file_attach(record=VictimFactory(), prepared=prepared, role=MediaFile.Role.PHOTO)

    assert not MediaFile.objects.exists()
    assert s3_bucket.names() == []


def test_a_large_upload_refused_midway_leaves_no_object_and_no_unfinished_upload(s3_bucket):
    prepared = prepare_upload(SimpleUploadedFile("interview.wav", samples.wav_bytes(LARGE_WAV_SECONDS)))
    written = s3_bucket.refuse_writes_after(1)  # the first part goes in, the next are refused

    with pytest.raises(OSError):
        media_file_attach(record=VictimFactory(), prepared=prepared, role=MediaFile.Role.RECORDING)

    assert written  # something was half-done
    assert not MediaFile.objects.exists()
    assert s3_bucket.names() == []
    assert s3_bucket.unfinished_uploads() == []  # parts a bucket would keep, invisible, until aborted


@pytest.mark.usefixtures("in_english")
def test_admin_upload_to_a_bucket_that_refuses_it_says_it_could_not_be_saved_and_keeps_nothing(
    client, curator, s3_bucket
):
    victim = VictimFactory(surname_az="Qasımov")
    client.force_login(curator)
    url = admin_url("victim", "change", victim.pk)
    page = client.get(url)
    data = add_upload(change_form_data(page), media_prefix(page), photo("portrait.jpg"))
    data["surname_az"] = "Qasımova"
    s3_bucket.refuse_writes_after(1)

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "The change could not be saved. Nothing was changed; try again." in response.content.decode()
    assert not MediaFile.objects.exists()
    assert s3_bucket.names() == []
    victim.refresh_from_db()
    assert victim.surname_az == "Qasımov"  # nothing half-saved: the record's own change went too


def test_a_fixity_read_matches_the_recorded_checksum_and_catches_a_changed_object(s3_bucket):
    media = attach_photo(VictimFactory())
    assert storage_sha256(media.file.name) == media.sha256

    s3_bucket.put(media.file.name, b"not the photograph any more")

    assert storage_sha256(media.file.name) != media.sha256


def lines(output: str, word: str) -> list[str]:
    return sorted(line for line in output.splitlines() if line.startswith(f"{word}: "))


def test_orphans_in_the_bucket_are_listed_then_deleted_and_referenced_files_never(s3_bucket, make_submission, capsys):
    media = attach_photo(VictimFactory())
    recording = IncomingFile(prepared=prepare_upload(SimpleUploadedFile("voice.wav", samples.wav_bytes())))
    make_submission(files=[recording])
    later = IncomingFile(prepared=prepare_upload(SimpleUploadedFile("later.wav", samples.wav_bytes(2))))
    pending_uploads_update(form_token="a-form", files=[later])
    referenced = s3_bucket.names()
    assert len(referenced) == 4  # the record's file and thumbnail, the submitted file, the pending one
    orphans = sorted(
        [
            default_storage.save("submissions/ab/left-behind.wav", io.BytesIO(b"RIFF half a recording")),
            default_storage.save("records/cd/left-behind.jpg", io.BytesIO(b"\xff\xd8 half")),
            default_storage.save("exports/2024/bag.zip", io.BytesIO(b"PK an export nobody wanted")),
        ]
    )

    call_command("purge_orphan_files")  # by default only files older than an hour: a live upload is not taken
    assert lines(capsys.readouterr().out, "orphan") == []

    call_command("purge_orphan_files", "--min-age-hours", "0")
    assert lines(capsys.readouterr().out, "orphan") == [f"orphan: {name}" for name in orphans]
    assert s3_bucket.names() == sorted([*referenced, *orphans])  # listing deletes nothing

    s3_bucket.put(media.file.name, b"")  # a record's file emptied: named, never deleted
    call_command("purge_orphan_files", "--delete", "--min-age-hours", "0")
    output = capsys.readouterr().out
    assert lines(output, "deleted") == [f"deleted: {name}" for name in orphans]
    assert lines(output, "empty") == [f"empty: {media.file.name} (its record says {media.size} bytes)"]
    assert s3_bucket.names() == referenced
