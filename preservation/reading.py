"""Reading stored files in bounded memory, whatever the storage: the local disk a chunk at a time, an S3 bucket as
a stream (``S3Storage.open`` would first download the whole object into a temporary file)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from botocore.exceptions import ClientError
from django.core.files.storage import Storage
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from archive.object_storage import faults_as_os_errors

CHUNK_BYTES = 1024 * 1024
_NOT_FOUND = {"404", "NoSuchKey", "NotFound"}


def read_chunks(storage: Storage, name: str, *, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The stored file's bytes, ``chunk_bytes`` at a time. ``FileNotFoundError`` if it is not there; any other fault
    of the storage is an ``OSError``."""
    if isinstance(storage, S3Storage):
        yield from _object_chunks(storage, name, chunk_bytes)
        return
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(chunk_bytes):
            yield chunk


def _object_chunks(storage: S3Storage, name: str, chunk_bytes: int) -> Iterator[bytes]:
    key = storage._normalize_name(clean_name(name))
    with faults_as_os_errors(name):
        try:
            body = storage.bucket.Object(key).get()["Body"]
        except ClientError as error:
            if str(error.response.get("Error", {}).get("Code")) in _NOT_FOUND:
                raise FileNotFoundError(f"File does not exist: {name}") from error
            raise
        try:
            yield from body.iter_chunks(chunk_bytes)
        finally:
            body.close()


def stored_sha256(storage: Storage, name: str) -> str:
    """The SHA-256 of a stored file as it reads now."""
    digest = hashlib.sha256()
    for chunk in read_chunks(storage, name):
        digest.update(chunk)
    return digest.hexdigest()
