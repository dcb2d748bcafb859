"""A real FileSystemStorage on a disk with only ``room`` bytes free: writes go to disk until the room is used, then
fail with ENOSPC, leaving what was written, as a full disk does."""

import errno
import os

from django.core.files import File
from django.core.files.storage import FileSystemStorage


class DiskFullStorage(FileSystemStorage):
    def __init__(self, *, room: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.room = room

    def _save(self, name: str, content: File) -> str:
        # Without temporary_file_path, so a file Django wrote to disk is copied in chunks, not renamed.
        return super()._save(name, _Filling(self, content))


class _Filling(File):
    def __init__(self, storage: DiskFullStorage, content: File) -> None:
        super().__init__(content.file if hasattr(content, "file") else content, name=content.name)
        self.storage = storage
        self.content = content

    def chunks(self, chunk_size=None):
        for chunk in self.content.chunks(chunk_size):
            if len(chunk) > self.storage.room:
                yield chunk[: self.storage.room]
                self.storage.room = 0
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            self.storage.room -= len(chunk)
            yield chunk


def disk_full_storages(settings, root, room: int) -> None:
    """Make the default storage (under ``root``) a disk with ``room`` bytes free."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tests.disk_full.DiskFullStorage",
            "OPTIONS": {"location": root, "base_url": None, "room": room},
        },
    }
