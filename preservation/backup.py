"""Backups of the whole archive, the database and the stored files together, that are proven by restoring them.

A backup is a folder:

- ``database.jsonl``: every row, one a line (JSON Lines, so a restore reads it a row at a time in bounded memory,
  where plain JSON is parsed whole), by Django's ``dumpdata`` with natural keys for content types and permissions (whose
  ids differ between databases) and in dependency order, so it loads into an empty database of either engine: the
  records, their history tables, the files' recorded checksums, the fixity checks, users and groups. Left out: what
  the new database makes itself (content types, permissions), sessions, and the search index, rebuilt on restore.
- ``files/<stored name>``: every file of the storage (disk or S3), read and written a chunk at a time.
- ``backup.json``: when, by which software, from which database engine, how many rows of each model.
- ``manifest-sha256.txt``: the SHA-256 of every other file of the backup, as ``sha256sum`` writes it
  (``sha256sum -c manifest-sha256.txt`` checks a copy without this software).

On PostgreSQL the rows and the list of files are read in one repeatable-read transaction, so the backup is one
moment of a site that keeps running; SQLite's transaction gives the same. Files stored after that moment are copied
too, harmlessly (no row refers to them).

Restoring checks the manifest before anything is written, refuses a database or storage that already holds the
archive's data (unless ``replace``), loads the rows in one transaction, writes the files back under their names and
reads each back against the manifest, then rebuilds the search index and changes the content version (no page kept
from before the restore is served).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

from archive import content_version
from archive.orphans import referenced_files, stored_names
from preservation.reading import CHUNK_BYTES, read_chunks
from preservation.software import software

FORMAT = 1
DATABASE = "database.jsonl"
INFO = "backup.json"
MANIFEST = "manifest-sha256.txt"
FILES = "files"

# Made by the new database's own migrations, or derived from what is restored: the content version is a random token
# replaced on restore (no page kept from before it may be served), the search index is rebuilt.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "search", "archive.contentversion"]
# Rows the migrations of an empty database make (the staff groups, the identifier counters): they do not make it
# "not empty", and the backup's own rows take their place.
SEEDED = ["auth.group", "archive.identifiercounter"]


class BackupError(Exception):
    pass


@dataclass
class BackupResult:
    path: Path
    rows: dict[str, int]
    files: int
    missing: list[str] = field(default_factory=list)  # names rows refer to that the storage did not have


def backed_up_models() -> list[type[models.Model]]:
    """The models whose rows a backup holds (every concrete one but ``EXCLUDED``'s)."""
    chosen = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in EXCLUDED or meta.label_lower in EXCLUDED:
            continue
        chosen.append(model)
    return chosen


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _read_only_snapshot() -> None:
    """One moment of the database for everything the backup reads. PostgreSQL's default (read committed) would see
    each query's own moment; SQLite's transaction already reads one snapshot. Only possible as a transaction's first
    statement: inside a caller's transaction (a test's), that one decides."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def backup_create(
    target: Path, *, storage: Storage | None = None, progress: Callable[[str], None] | None = None
) -> BackupResult:
    """Write a backup of the database and every stored file into ``target`` (a new or empty folder)."""
    storage = storage or default_storage
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: a backup goes into a new folder.")
    target.mkdir(parents=True, exist_ok=True)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            _read_only_snapshot()
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            use_base_manager=True,
            format="jsonl",
            output=str(target / DATABASE),
            verbosity=0,
        )
        rows = row_counts()
        referenced = set(referenced_files())
        names = list(stored_names(storage))
    copied = 0
    for name in names:
        try:
            _copy_out(storage, name, target / FILES / name)
        except FileNotFoundError:
            continue  # deleted since the snapshot: no row of the backup refers to it
        copied += 1
        if progress is not None and copied % 100 == 0:
            progress(f"{copied} of {len(names)} files copied")
    missing = sorted(referenced - set(names))
    info = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "software": software("preservation.backup"),
        "django": django.get_version(),
        "database_vendor": connection.vendor,
        "rows": rows,
        "files": copied,
        "missing_files": missing,
    }
    (target / INFO).write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _write_manifest(target)
    return BackupResult(path=target, rows=rows, files=copied, missing=missing)


def _copy_out(storage: Storage, name: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for chunk in read_chunks(storage, name):
            out.write(chunk)


def _backup_files(root: Path) -> Iterable[Path]:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if path.relative_to(root).as_posix() != MANIFEST:
                yield path


def _write_manifest(root: Path) -> None:
    lines = sorted(f"{_sha256_of(path)}  {path.relative_to(root).as_posix()}" for path in _backup_files(root))
    (root / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _safe_relative(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def backup_verify(root: Path) -> dict[str, str]:
    """Check every file of the backup against its manifest: the manifest's entries by path, or ``BackupError``
    naming every file that is changed, missing or not in the manifest."""
    root = Path(root)
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{root} has no {MANIFEST}: not a backup made by manage.py backup.")
    entries: dict[str, str] = {}
    problems: list[str] = []
    for number, line in enumerate(manifest_path.read_text(encoding="utf-8").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not _safe_relative(name):
            problems.append(f"{MANIFEST} line {number} is not “<sha256>  <path>”")
            continue
        entries[name] = digest
    present = {path.relative_to(root).as_posix(): path for path in _backup_files(root)}
    for name, digest in sorted(entries.items()):
        if name not in present:
            problems.append(f"missing: {name}")
        elif _sha256_of(present[name]) != digest:
            problems.append(f"changed (SHA-256 differs from the manifest): {name}")
    problems.extend(f"not in the manifest: {name}" for name in sorted(set(present) - set(entries)))
    for needed in (DATABASE, INFO):
        if needed not in entries:
            problems.append(f"missing: {needed}")
    if problems:
        raise BackupError("The backup does not match its manifest:\n" + "\n".join(f"  {each}" for each in problems))
    return entries


def database_holds_data() -> list[str]:
    """The models of the backup that already have rows here (other than those the migrations make)."""
    counts = row_counts()
    return sorted(label for label, count in counts.items() if count and label not in SEEDED)


def backup_restore(
    root: Path, *, storage: Storage | None = None, replace: bool = False, progress: Callable[[str], None] | None = None
) -> dict:
    """Restore a backup into this database and storage: verified first, then refused unless both are empty (or
    ``replace``: the database is flushed and files of the same names are overwritten). Returns the backup's info."""
    storage = storage or default_storage
    root = Path(root)
    entries = backup_verify(root)
    info = json.loads((root / INFO).read_text(encoding="utf-8"))
    if info.get("format") != FORMAT:
        raise BackupError(f"Backup format {info.get('format')!r}; this software restores format {FORMAT}.")
    file_names = [name.removeprefix(f"{FILES}/") for name in entries if name.startswith(f"{FILES}/")]
    if not replace:
        if holding := database_holds_data():
            raise BackupError(
                "The database is not empty (rows in "
                + ", ".join(holding[:8])
                + (", …" if len(holding) > 8 else "")
                + "). Restore into an empty database (manage.py migrate on a new one), or give --replace."
            )
        if next(iter(stored_names(storage)), None) is not None:
            raise BackupError("The storage already holds files. Restore into an empty one, or give --replace.")
    written: list[str] = []
    try:
        with transaction.atomic():
            if replace:
                call_command("flush", interactive=False, verbosity=0)
            for label in SEEDED:
                apps.get_model(label)._base_manager.all().delete()
            with _history_not_recorded():
                call_command("loaddata", str(root / DATABASE), verbosity=0)
            for number, name in enumerate(file_names, start=1):
                _copy_in(storage, root / FILES / name, name, entries[f"{FILES}/{name}"], replace=replace)
                written.append(name)
                if progress is not None and number % 100 == 0:
                    progress(f"{number} of {len(file_names)} files restored")
            restored = row_counts()
            differing = {label: (count, restored.get(label, 0)) for label, count in info["rows"].items()}
            differing = {label: pair for label, pair in differing.items() if pair[0] != pair[1]}
            if differing:
                raise BackupError(f"Rows restored differ from the backup's (backed up, restored): {differing}")
            content_version.change()
    except BaseException:
        for name in written:
            with contextlib.suppress(OSError):  # the restore's own error is the one to tell
                storage.delete(name)
        raise
    call_command("rebuild_search_index", verbosity=0, stdout=io.StringIO())
    return info


@contextlib.contextmanager
def _history_not_recorded() -> Iterator[None]:
    """The backup holds the history as it was: loading a record's links (many-to-many) would otherwise add a
    history entry for each, as if someone had just changed them (django-simple-history's own switch)."""
    before = getattr(settings, "SIMPLE_HISTORY_ENABLED", None)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        if before is None:
            del settings.SIMPLE_HISTORY_ENABLED
        else:
            settings.SIMPLE_HISTORY_ENABLED = before


def _copy_in(storage: Storage, path: Path, name: str, digest: str, *, replace: bool) -> None:
    """Write the file back under its own name and read it back against the manifest's SHA-256."""
    if replace and storage.exists(name):
        storage.delete(name)
    with path.open("rb") as handle:
        stored = storage.save(name, File(handle, name=name))
    if stored != name:
        storage.delete(stored)
        raise BackupError(f"The storage would not keep {name} under its own name (it chose {stored}).")
    computed = hashlib.sha256()
    for chunk in read_chunks(storage, name):
        computed.update(chunk)
    if computed.hexdigest() != digest:
        raise BackupError(f"{name} reads back from the storage with another SHA-256 than the backup's.")
