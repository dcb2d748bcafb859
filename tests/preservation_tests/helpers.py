"""Records with real stored files, and ways to damage them, on the disk or in an S3 bucket alike."""

from __future__ import annotations

import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from archive.ingest import prepare_upload
from archive.models import MediaFile
from archive.services import media_file_attach
from tests.s3 import Bucket


def photo(color: str = "navy", name: str = "ailə.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue())


def attach_photo(record, color: str = "navy", **options) -> MediaFile:
    return media_file_attach(record=record, prepared=prepare_upload(photo(color)), role=MediaFile.Role.PHOTO, **options)


def read_stored(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def change_one_byte(media_storage, name: str) -> None:
    data = bytearray(read_stored(name))
    data[len(data) // 2] ^= 0x01
    if isinstance(media_storage, Bucket):
        media_storage.put(name, bytes(data))
    else:
        (media_storage.root / name).write_bytes(bytes(data))


def delete_stored(name: str) -> None:
    default_storage.delete(name)
