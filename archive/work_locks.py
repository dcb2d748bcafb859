"""A lock on one piece of background work (a stored file being processed), held by the process doing it and let go
the moment that process ends, killed or not, so a task given back by a dead worker is never kept waiting.

A task can be delivered twice while its first run is still going (a worker stalled past the broker's visibility
timeout): the second run finds the lock taken and leaves the work to the first, so two runs never write the same
file at once. What differs per database is here, chosen once:

- PostgreSQL: a session advisory lock (``pg_try_advisory_lock``), released by the server when the connection closes;
- SQLite (one machine): an exclusive ``flock`` on a file in ``FILE_UPLOAD_TEMP_DIR``, released by the kernel when the
  process ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

from archive.temporaries import upload_temp_dir


def _key(name: str) -> int:
    """A signed 64-bit number for ``name``, as PostgreSQL's advisory locks take."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def _advisory_lock(name: str) -> Iterator[bool]:
    key = _key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        taken = bool(cursor.fetchone()[0])
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextlib.contextmanager
def _file_lock(name: str) -> Iterator[bool]:
    folder = Path(upload_temp_dir(), "locks")
    folder.mkdir(exist_ok=True)
    descriptor = os.open(folder / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}.lock", os.O_RDWR | os.O_CREAT)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def work_lock(name: str) -> Iterator[bool]:
    """Try to take the lock ``name`` without waiting: yields True if this process now holds it (until the block
    ends), False if another live process does."""
    lock = _advisory_lock if connection.vendor == "postgresql" else _file_lock
    with lock(name) as taken:
        yield taken
