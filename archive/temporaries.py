"""Temporary files of uploads and of ingest, in one folder of the project's (``FILE_UPLOAD_TEMP_DIR``, set from
``UPLOAD_TEMP_DIR``): Django's copies of large uploads as they stream in, and ingest's copies of recordings (without
their metadata, or on disk for ffprobe). Each is removed when its request ends; a worker killed mid-upload cannot
remove its own, so ``purge_upload_temporaries`` deletes those not written to for some hours.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


def upload_temp_dir() -> str:
    """The folder for temporary files, made if it is not there yet (a fresh checkout, a cleared disk)."""
    folder = settings.FILE_UPLOAD_TEMP_DIR
    if not folder:
        raise ValueError("FILE_UPLOAD_TEMP_DIR is not set: temporary files would scatter over the system's folder.")
    os.makedirs(folder, exist_ok=True)
    return str(folder)


class UploadTemporaryFileHandler(TemporaryFileUploadHandler):
    """Django's handler for uploads too large for memory, writing into the project's folder for temporaries."""

    def new_file(self, *args, **kwargs) -> None:
        upload_temp_dir()
        super().new_file(*args, **kwargs)


@dataclass(frozen=True)
class Temporary:
    path: Path
    size: int
    modified: datetime.datetime


def upload_temporaries_due(*, hours: float | None = None) -> list[Temporary]:
    """Files in the folder not written to for ``hours`` (default ``UPLOAD_TEMPORARY_HOURS``). An upload still
    arriving writes all the time and a request still checking its file has written it moments before, so only the
    leftovers of killed workers are this old."""
    hours = settings.UPLOAD_TEMPORARY_HOURS if hours is None else hours
    folder = settings.FILE_UPLOAD_TEMP_DIR
    if not folder or not os.path.isdir(folder):
        return []
    cutoff = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(hours=hours)
    due = []
    for root, _directories, names in os.walk(folder):
        for name in sorted(names):
            path = Path(root, name)
            try:
                facts = path.lstat()
            except FileNotFoundError:  # its request ended meanwhile
                continue
            if path.is_symlink() or not path.is_file():
                continue
            modified = datetime.datetime.fromtimestamp(facts.st_mtime, tz=datetime.UTC)
            if modified <= cutoff:
                due.append(Temporary(path=path, size=facts.st_size, modified=modified))
    return due


def upload_temporaries_purge(*, hours: float | None = None) -> list[Temporary]:
    """Delete the temporaries ``upload_temporaries_due`` finds; returns those deleted."""
    deleted = []
    for temporary in upload_temporaries_due(hours=hours):
        try:
            temporary.path.unlink()
        except FileNotFoundError:
            continue
        deleted.append(temporary)
    return deleted
