"""Stored files no row refers to (orphans), and files of rows that are empty or of another size than the row says
(a write cut short by a fault): found by walking the whole storage through the Storage API, so on S3 as on disk."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import Storage
from django.db.models import FileField
from django.utils import timezone


@dataclass(frozen=True)
class StoredFile:
    name: str
    size: int
    recorded_size: int | None = None  # what the row referring to it says, where a row keeps a size


@dataclass
class StorageSurvey:
    orphans: list[StoredFile] = field(default_factory=list)  # no row refers to them, older than the grace period
    empty: list[StoredFile] = field(default_factory=list)  # referred to, and 0 bytes
    partial: list[StoredFile] = field(default_factory=list)  # referred to, and not the size the row records


def referenced_files() -> dict[str, int | None]:
    """Every stored name any row holds in a file field (records' files and thumbnails, submitted and pending files,
    and their history), with the size the row records for it: a model's ``size`` is that of its ``file``
    (``archive.ingest.prepared.FILE_FIELDS``); other file fields keep no size."""
    referenced: dict[str, int | None] = {}
    for model in apps.get_models():
        fields = [each for each in model._meta.concrete_fields if isinstance(each, FileField)]
        sized = any(each.name == "size" for each in model._meta.concrete_fields)
        for file_field in fields:
            rows = model._base_manager.exclude(**{file_field.attname: ""}).exclude(**{file_field.attname: None})
            if sized and file_field.name == "file":
                for name, size in rows.values_list(file_field.attname, "size").iterator():
                    referenced[name] = size
            else:
                for name in rows.values_list(file_field.attname, flat=True).iterator():
                    referenced.setdefault(name, None)
    return referenced


def kept_folders() -> tuple[str, ...]:
    """Folders every file of which a row keeps, for derivatives made of many files (an image's IIIF tiles): a model
    names them with a ``stored_folders()`` class method. Found through the app registry, as file fields are, so the
    archive imports none of the apps that keep them."""
    folders: list[str] = []
    for model in apps.get_models():
        named = getattr(model, "stored_folders", None)
        if callable(named):
            folders.extend(f"{folder.rstrip('/')}/" for folder in named() if folder)
    return tuple(folders)


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file under ``folder``, at any depth. Hidden names (``.gitkeep``) are never the archive's: it stores
    files under generated keys only."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder}/" if folder else ""
    for name in sorted(files):
        if not name.startswith("."):
            yield prefix + name
    for directory in sorted(directories):
        if not directory.startswith("."):
            yield from stored_names(storage, prefix + directory)


def survey_storage(storage: Storage, *, grace: datetime.timedelta) -> StorageSurvey:
    """What ``storage`` holds that no row refers to (only files older than ``grace``: a request still storing its
    files writes them before its rows are committed), and which referred-to files are empty or cut short."""
    referenced = referenced_files()
    kept = kept_folders()
    cutoff = timezone.now() - grace
    survey = StorageSurvey()
    for name in stored_names(storage):
        if kept and name.startswith(kept):
            continue
        if name in referenced:
            size, recorded = storage.size(name), referenced[name]
            if size == 0:
                survey.empty.append(StoredFile(name, size, recorded))
            elif recorded is not None and size != recorded:
                survey.partial.append(StoredFile(name, size, recorded))
        elif storage.get_modified_time(name) <= cutoff:
            survey.orphans.append(StoredFile(name, storage.size(name)))
    return survey


def orphans_delete(storage: Storage, orphans: list[StoredFile]) -> list[StoredFile]:
    """Delete the orphans a survey found, but any a row has come to refer to since. Returns those deleted."""
    referenced = referenced_files()
    kept = kept_folders()
    deleted = []
    for orphan in orphans:
        if orphan.name not in referenced and not (kept and orphan.name.startswith(kept)):
            storage.delete(orphan.name)
            deleted.append(orphan)
    return deleted
