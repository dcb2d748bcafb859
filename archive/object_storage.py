"""The archive's S3 storage (``STORAGES["default"]`` when ``AWS_STORAGE_BUCKET_NAME`` is set): django-storages'
``S3Storage``, whose faults reach the code as ``OSError``, as a disk's do.

Every caller that stores or reads files already treats ``OSError`` as "storage failed" (a full disk): the request is
rolled back, what was written is deleted, and the family or curator is told plainly. boto3 raises its own errors
instead (``ClientError``, ``S3UploadFailedError``, ``EndpointConnectionError``), which would pass all of those by and
end in a server error; here they become ``StorageUnavailable``, an ``OSError``, with the original as its cause.
A missing object is still ``FileNotFoundError``, as ``S3Storage`` already makes it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3File, S3Storage
from storages.utils import clean_name

REMOTE_ERRORS = (BotoCoreError, ClientError, Boto3Error)


class StorageUnavailable(OSError):
    """The object store refused a request or could not be reached."""


@contextlib.contextmanager
def faults_as_os_errors(name: str) -> Iterator[None]:
    try:
        yield
    except REMOTE_ERRORS as error:
        raise StorageUnavailable(f"{name}: {error}") from error


class _S3File(S3File):
    """Downloads on first read; a fault then is an ``OSError`` too."""

    def _get_file(self):
        with faults_as_os_errors(self.name):
            return super()._get_file()

    file = property(_get_file, S3File._set_file)


class PrivateS3Storage(S3Storage):
    def _open(self, name, mode="rb"):
        name = self._normalize_name(clean_name(name))
        with faults_as_os_errors(name):
            try:
                return _S3File(name, mode, self)
            except ClientError as error:
                if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                    raise FileNotFoundError(f"File does not exist: {name}") from error
                raise

    def _save(self, name, content):
        with faults_as_os_errors(name):
            return super()._save(name, content)

    def delete(self, name):
        with faults_as_os_errors(name):
            super().delete(name)

    def exists(self, name):
        with faults_as_os_errors(name):
            return super().exists(name)

    def listdir(self, name):
        with faults_as_os_errors(name):
            return super().listdir(name)

    def size(self, name):
        with faults_as_os_errors(name):
            return super().size(name)

    def get_modified_time(self, name):
        with faults_as_os_errors(name):
            return super().get_modified_time(name)
