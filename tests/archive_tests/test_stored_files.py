"""A failure after a file was stored, anywhere in the request, leaves no orphan file behind: on the local disk and in
an S3 bucket (``media_storage`` runs each test on both)."""

import io

import pytest
from django.contrib.admin import ModelAdmin
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from archive.ingest import prepare_upload
from archive.models import MediaFile
from archive.services import media_file_attach
from archive.stored_files import discard_uncommitted_files, files_kept_only_on_success
from tests.archive_tests.test_admin import add_upload, admin_url, change_form_data, media_prefix, png_bytes
from tests.factories import VictimFactory

# serialized_rollback: the groups and counters made by migrations must survive the flush of these tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile("family.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_files_of_a_rolled_back_transaction_are_deleted(media_storage):
    victim = VictimFactory()
    with discard_uncommitted_files(), pytest.raises(RuntimeError), transaction.atomic():
        media_file_attach(record=victim, prepared=prepare_upload(jpeg()), role=MediaFile.Role.PHOTO)
        assert media_storage.names()  # stored, for now
        raise RuntimeError("the database went away")
    assert not MediaFile.objects.exists()
    assert media_storage.names() == []


def test_files_of_a_committed_transaction_stay(media_storage):
    victim = VictimFactory()
    with discard_uncommitted_files(), transaction.atomic():
        media = media_file_attach(record=victim, prepared=prepare_upload(jpeg()), role=MediaFile.Role.PHOTO)
    assert media.file.storage.exists(media.file.name)
    assert media_storage.names() == sorted([media.file.name, media.thumbnail.name])


def test_admin_request_failing_after_the_upload_leaves_no_file(client, curator, media_storage, monkeypatch):
    victim = VictimFactory()
    client.force_login(curator)
    url = admin_url("victim", "change", victim.pk)
    page = client.get(url)
    upload = SimpleUploadedFile("portrait.png", png_bytes(), content_type="image/png")
    data = add_upload(change_form_data(page), media_prefix(page), upload)

    def database_fails(*args, **kwargs):
        raise RuntimeError("the database went away while logging the change")

    monkeypatch.setattr(ModelAdmin, "log_change", database_fails)
    client.raise_request_exception = False
    response = client.post(url, data)

    assert response.status_code == 500
    assert not MediaFile.objects.exists()
    assert media_storage.names() == []


def test_a_storage_failing_to_delete_does_not_hide_the_error_nor_keep_the_other_files(media_storage, monkeypatch):
    first = default_storage.save("records/ab/first.jpg", ContentFile(b"first"))
    second = default_storage.save("records/cd/second.jpg", ContentFile(b"second"))
    real_delete = type(default_storage._wrapped).delete

    def delete(storage, name):
        if name == first:
            raise OSError("connection reset")
        real_delete(storage, name)

    monkeypatch.setattr(type(default_storage._wrapped), "delete", delete)

    with pytest.raises(RuntimeError, match="the database went away"), files_kept_only_on_success() as stored:
        stored.extend([(default_storage, first), (default_storage, second)])
        raise RuntimeError("the database went away")

    assert media_storage.names() == [first]  # left for purge_orphan_files; the other one is gone
