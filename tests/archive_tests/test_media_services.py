"""Attaching files to records: generated names, checksums that match storage, and no orphan files."""

import hashlib
import io
import wave

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError
from PIL import Image

from archive.ingest import prepare_upload
from archive.models import MediaFile
from archive.services import media_file_attach
from submissions.models import SubmissionFile
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db


def stored_files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def portrait(name: str = "Məmmədov_ailə_1989.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), "gray").save(buffer, "JPEG")
    return prepare_upload(SimpleUploadedFile(name, buffer.getvalue()))


def recording():
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(bytes(16000))
    return prepare_upload(SimpleUploadedFile("müsahibə.wav", buffer.getvalue()))


def test_attach_stores_the_file_under_a_generated_name(private_media_root, curator):
    victim = VictimFactory()
    media = media_file_attach(record=victim, prepared=portrait(), role=MediaFile.Role.PORTRAIT, user=curator)

    media.refresh_from_db()
    assert media.victim == victim
    assert "Məmmədov" not in media.file.name and "ailə" not in media.file.name
    assert media.key.hex in media.file.name
    assert media.original_name == "Məmmədov_ailə_1989.jpg"  # kept for curators, not for storage
    assert stored_files(private_media_root) == sorted([media.file.name, media.thumbnail.name])
    assert all("Məmmədov" not in name for name in stored_files(private_media_root))
    assert media.history.first().history_user == curator


def test_recorded_checksum_and_size_are_those_of_the_stored_file(private_media_root):
    media = media_file_attach(record=TestimonyFactory(), prepared=recording(), role=MediaFile.Role.RECORDING)

    stored = (private_media_root / media.file.name).read_bytes()
    assert media.sha256 == hashlib.sha256(stored).hexdigest()
    assert media.size == len(stored)
    assert (media.kind, media.content_type, media.duration, media.codec) == ("audio", "audio/wav", 1, "pcm_s16le")
    assert not media.thumbnail
    media.refresh_from_db()
    assert media.codec == "pcm_s16le"


@pytest.mark.parametrize("model", [MediaFile, SubmissionFile])
def test_every_fact_of_a_prepared_file_has_a_column_in_the_rows_that_store_it(model):
    names = {field.name for field in model._meta.get_fields()}
    assert set(recording().file_fields()) <= names
    assert "codec" in recording().file_fields()


def test_image_attach_stores_a_thumbnail_and_dimensions(private_media_root):
    media = media_file_attach(record=DocumentFactory(), prepared=portrait("page-1.jpg"), role=MediaFile.Role.PAGE)

    assert (media.width, media.height) == (120, 90)
    with Image.open(private_media_root / media.thumbnail.name) as thumbnail:
        assert thumbnail.format == "JPEG"


def test_failed_database_write_leaves_no_file(private_media_root, monkeypatch):
    victim = VictimFactory()

    def refuse(*args, **kwargs):
        raise IntegrityError("simulated failure")

    monkeypatch.setattr(MediaFile, "save", refuse)
    with pytest.raises(IntegrityError):
        media_file_attach(record=victim, prepared=portrait(), role=MediaFile.Role.PORTRAIT)

    assert stored_files(private_media_root) == []
    assert not MediaFile.objects.exists()


def test_bad_role_is_refused_before_anything_is_stored(private_media_root):
    with pytest.raises(ValidationError):
        media_file_attach(record=VictimFactory(), prepared=portrait(), role="selfie")

    assert stored_files(private_media_root) == []
    assert not MediaFile.objects.exists()


def test_unsaved_record_is_refused_and_nothing_stored(private_media_root):
    with pytest.raises(ValueError):
        media_file_attach(record=VictimFactory.build(), prepared=portrait(), role=MediaFile.Role.PORTRAIT)

    assert stored_files(private_media_root) == []


def test_purge_lists_and_removes_only_unreferenced_files(private_media_root, capsys):
    media = media_file_attach(record=VictimFactory(), prepared=portrait(), role=MediaFile.Role.PORTRAIT)
    orphan = default_storage.save("records/ab/left-behind.jpg", io.BytesIO(b"orphan"))
    kept = sorted([media.file.name, media.thumbnail.name])

    call_command("purge_orphan_files", "--min-age-hours", "0")
    listed = capsys.readouterr().out
    assert orphan in listed
    assert media.file.name not in listed
    assert stored_files(private_media_root) == sorted([*kept, orphan])  # listing removes nothing

    call_command("purge_orphan_files", "--delete", "--min-age-hours", "0")
    assert stored_files(private_media_root) == kept


def test_purge_spares_files_of_uploads_still_in_progress(private_media_root):
    young = default_storage.save("records/cd/just-stored.jpg", io.BytesIO(b"upload in progress"))

    call_command("purge_orphan_files", "--delete")

    assert stored_files(private_media_root) == [young]
