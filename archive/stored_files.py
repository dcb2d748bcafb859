"""Files written inside a transaction that never commits are deleted, so a failed request leaves no orphan.

Django has no "on rollback" hook. Instead, each stored file is remembered until its transaction's
``on_commit`` confirms it; whatever is still unconfirmed when the request (or command) ends was rolled
back, and its file is deleted.

A write that fails midway (a full disk, a dropped connection) is cleaned up by ``store_file`` itself: storage
backends leave what they wrote, and the caller never learns the name to delete.

The archive's media files and the submissions' files are all written through here: ``store_prepared`` (a checked
file and its thumbnail under generated names) inside ``files_kept_only_on_success`` (all or nothing), and
``delete_after_commit`` for files whose rows are gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from django.core.files import File
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from archive.ingest import PreparedFile

logger = logging.getLogger(__name__)
_local = threading.local()


def _pending() -> list[tuple[Storage, str]] | None:
    return getattr(_local, "pending", None)


def remember_stored_file(storage: Storage, name: str) -> None:
    """Delete ``storage``/``name`` at the end of the current unit of work unless its transaction commits."""
    pending = _pending()
    if pending is None or not transaction.get_connection().in_atomic_block:
        return
    entry = (storage, name)
    pending.append(entry)
    transaction.on_commit(lambda: entry in pending and pending.remove(entry))


def store_file(field_file: FieldFile, name: str, content: File) -> FieldFile:
    """What ``field_file.save(name, content, save=False)`` does, the file remembered as above; if the write fails
    midway, the partial or empty file it left is deleted before the error goes on. Returns the stored field file."""
    storage, field, instance = field_file.storage, field_file.field, field_file.instance
    # Named here rather than inside storage.save, so that a failed write's name is known. The names are generated
    # from a random key, so no other write can claim this one between now and the write.
    target = storage.get_available_name(field.generate_filename(instance, name), max_length=field.max_length)
    try:
        stored = storage.save(target, content, max_length=field.max_length)
    except BaseException:
        _delete_partial(storage, target)
        raise
    setattr(instance, field.attname, stored)
    remember_stored_file(storage, stored)
    return getattr(instance, field.attname)


def _delete_partial(storage: Storage, name: str) -> None:
    # The storage may be failing as a whole (a lost connection): the original error matters more than this one.
    try:
        if storage.exists(name):
            storage.delete(name)
    except Exception:
        logger.exception("Could not delete %s, left by a write that failed", name)


def _delete(storage: Storage, name: str, why: str) -> None:
    """Delete, and if the storage fails, log it and go on: the caller's own outcome (an error being raised, a
    transaction committed) stands, the other files are still deleted, and purge_orphan_files finds this one."""
    try:
        storage.delete(name)
    except Exception:
        logger.exception("Could not delete %s %s", name, why)


@contextlib.contextmanager
def files_kept_only_on_success() -> Iterator[list[tuple[Storage, str]]]:
    """Files noted in the list this yields (``store_prepared`` does) are deleted if anything in the block fails
    (a later file, the row, an audit entry...). If an enclosing transaction rolls back after the block, the
    files are deleted at the end of the request (``discard_uncommitted_files``)."""
    stored: list[tuple[Storage, str]] = []
    try:
        yield stored
    except BaseException:
        for storage, name in stored:
            _delete(storage, name, "stored by a unit of work that failed")
        raise


def store_prepared(instance: models.Model, prepared: PreparedFile, stored: list[tuple[Storage, str]]) -> None:
    """Write a checked file to ``instance.file`` and its thumbnail, if any, to ``instance.thumbnail``, each under
    the name its field generates (the names given here only carry the extension), noting each in ``stored``
    (see ``files_kept_only_on_success``). The instance is not saved."""
    prepared.content.seek(0)
    stored_file = store_file(instance.file, f"file.{prepared.extension}", prepared.content)
    stored.append((stored_file.storage, stored_file.name))
    if prepared.thumbnail is not None:
        digest = content_sha256(prepared.thumbnail)
        thumbnail = store_file(instance.thumbnail, "thumbnail.jpg", prepared.thumbnail)
        stored.append((thumbnail.storage, thumbnail.name))
        # A MediaFile keeps its thumbnail's digest for the fixity audits; a submission's thumbnail is the curators'
        # preview of a file that is itself audited, and has no such field.
        if hasattr(instance, "thumbnail_sha256"):
            instance.thumbnail_sha256 = digest


def content_sha256(content: File) -> str:
    """The SHA-256 of ``content`` read from its start, a chunk at a time; left at its start for the write."""
    digest = hashlib.sha256()
    content.seek(0)
    for chunk in content.chunks():
        digest.update(chunk)
    content.seek(0)
    return digest.hexdigest()


def delete_after_commit(files: Iterable[FieldFile]) -> None:
    """Delete the stored files once the current transaction commits; if it rolls back, the rows still point at
    them, so they are kept."""
    for stored in files:
        if stored:
            transaction.on_commit(
                lambda storage=stored.storage, name=stored.name: _delete(storage, name, "whose row was deleted")
            )


@contextlib.contextmanager
def discard_uncommitted_files() -> Iterator[None]:
    """Around a request or a command: on the way out, delete the files whose rows were rolled back."""
    outer = _pending()
    _local.pending = []
    try:
        yield
    finally:
        pending, _local.pending = _local.pending, outer
        # Still inside a transaction (a test's, or a caller's): the outcome is not known yet, so keep them.
        if transaction.get_connection().in_atomic_block:
            if outer is not None:
                outer.extend(pending)
        else:
            for storage, name in pending:
                _delete(storage, name, "left by a rolled-back transaction")


class DiscardUncommittedFilesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with discard_uncommitted_files():
            return self.get_response(request)
