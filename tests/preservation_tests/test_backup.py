"""Backup and restore that are proven (issue #16 part 6): a backup of the database and every stored file, restored
by a separate process into an EMPTY database of the same engine (a second SQLite file, or the PostgreSQL database
<test database>_restore) and an empty media folder, brings back every row (history and checksums included) and every
file byte for byte, and the fixity audit passes there; a backup that does not match its manifest, or a database
that already holds the archive, is refused."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from archive.models import Access, MediaFile, Status, Victim
from preservation.models import FixityCheck
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory
from tests.preservation_tests.helpers import attach_photo, read_stored

pytestmark = pytest.mark.django_db

# What a backup leaves out and a restore makes again: compared without them.
NOT_COMPARED = ["contenttypes", "auth.permission", "sessions", "search", "archive.contentversion"]


@pytest.fixture
def archive_content(curator, make_submission):
    victim = VictimFactory()
    victim.biography_en = "Corrected after a family's letter."
    victim.save()  # a second history entry
    private = VictimFactory(access=Access.PRIVATE, status=Status.DRAFT)
    testimony = TestimonyFactory()
    testimony.victims.add(victim)
    files = [
        attach_photo(victim, "navy"),
        attach_photo(DocumentFactory(), "olive"),
        attach_photo(testimony, "maroon"),
        attach_photo(private, "teal"),
    ]
    make_submission()
    call_command("audit_fixity")
    return files


def dump() -> list[dict]:
    """Every row as dumpdata writes it (natural keys for users, groups and permissions), in a stable order."""
    out = io.StringIO()
    call_command("dumpdata", natural_foreign=True, exclude=NOT_COMPARED, use_base_manager=True, stdout=out)
    return _sorted(json.loads(out.getvalue()))


def _sorted(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: (row["model"], str(row["pk"])))


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def empty_database(tmp_path):
    """The address of a new, empty database of the tests' engine, for another process."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = connection.settings_dict
    restore_database = f"{db['NAME']}_restore"  # the test database's own (xdist's gw suffix): runs side by side
    server = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"] or None}

    def sql(statement: str) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(statement)

    sql(f"DROP DATABASE IF EXISTS {restore_database}")
    sql(f"CREATE DATABASE {restore_database}")
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    yield f"postgres://{db['USER']}{password}@{server['host']}:{server['port']}/{restore_database}"
    sql(f"DROP DATABASE IF EXISTS {restore_database} WITH (FORCE)")


def manage(database_url: str, media_root: Path, *args: str) -> subprocess.CompletedProcess:
    """manage.py in a process of its own, as an operator runs it on the machine restored to."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DEBUG": "true",
        "CELERY_BROKER_URL": "",
        "CACHE_URL": "locmemcache://",
        "AWS_STORAGE_BUCKET_NAME": "",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_a_backup_restores_into_an_empty_database_and_storage_with_every_record_file_and_checksum(
    archive_content, private_media_root, tmp_path, empty_database
):
    backup, restored_media = tmp_path / "backup", tmp_path / "restored-media"
    restored_media.mkdir()
    call_command("backup", str(backup))
    before, files_before = dump(), tree(private_media_root)

    migrated = manage(empty_database, restored_media, "migrate", "--no-input", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    (restored_media / "stray.txt").write_text("left by someone")
    refused = manage(empty_database, restored_media, "restore", str(backup))
    assert refused.returncode != 0 and "The storage already holds files" in refused.stderr
    (restored_media / "stray.txt").unlink()
    restored = manage(empty_database, restored_media, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    dumped = manage(
        empty_database,
        restored_media,
        "dumpdata",
        "--natural-foreign",
        "--all",
        *[f"-e{each}" for each in NOT_COMPARED],
    )
    assert dumped.returncode == 0, dumped.stderr
    after = _sorted(json.loads(dumped.stdout))

    assert after == before
    models = {row["model"] for row in after}
    assert {
        "archive.historicalvictim",
        "archive.mediafile",
        "preservation.fixitycheck",
        "submissions.submission",
    } <= models
    checksums = {row["fields"]["sha256"] for row in after if row["model"] == "archive.mediafile"}
    assert checksums == {media.sha256 for media in archive_content}
    thumbnails = {row["fields"]["thumbnail_sha256"] for row in after if row["model"] == "archive.mediafile"}
    assert thumbnails == {media.thumbnail_sha256 for media in archive_content} and "" not in thumbnails
    assert tree(restored_media) == files_before
    assert len(files_before) >= 2 * len(archive_content)  # files and thumbnails, and the submission's

    audited = manage(empty_database, restored_media, "audit_fixity")
    assert audited.returncode == 0, audited.stderr
    assert "All 8 files match their SHA-256" in audited.stdout  # the 4 originals and their thumbnails


@pytest.mark.parametrize("backend", ["disk", "s3"])
def test_the_manifest_gives_the_sha256_of_every_file_of_the_backup(backend, request, tmp_path):
    if backend == "s3":
        request.getfixturevalue("s3_bucket")
    media = attach_photo(VictimFactory())
    backup = tmp_path / "backup"

    call_command("backup", str(backup))

    lines = (backup / "manifest-sha256.txt").read_text().splitlines()
    listed = {name: digest for digest, name in (line.split("  ", 1) for line in lines)}
    on_disk = {path.relative_to(backup).as_posix() for path in backup.rglob("*") if path.is_file()}
    assert set(listed) == on_disk - {"manifest-sha256.txt"}
    for name, digest in listed.items():
        assert hashlib.sha256((backup / name).read_bytes()).hexdigest() == digest
    assert (backup / "files" / media.file.name).read_bytes() == read_stored(media.file.name)
    assert hashlib.sha256((backup / "files" / media.file.name).read_bytes()).hexdigest() == media.sha256
    info = json.loads((backup / "backup.json").read_text())
    assert info["rows"]["archive.mediafile"] == 1 and info["files"] == 2 and info["missing_files"] == []


def test_a_backup_goes_into_a_new_folder(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "database.jsonl").write_text("")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "old"))


@pytest.fixture
def backup(archive_content, tmp_path) -> Path:
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    return folder


@pytest.mark.parametrize("damage", ["changed byte", "deleted", "added", "database changed"])
def test_a_backup_that_does_not_match_its_manifest_is_refused_before_anything_is_restored(
    backup, archive_content, damage
):
    name = f"files/{archive_content[0].file.name}"
    if damage == "changed byte":
        data = bytearray((backup / name).read_bytes())
        data[100] ^= 0x01
        (backup / name).write_bytes(bytes(data))
    elif damage == "deleted":
        (backup / name).unlink()
    elif damage == "added":
        name = "files/records/00/slipped-in.jpg"
        (backup / name).parent.mkdir(parents=True, exist_ok=True)
        (backup / name).write_bytes(b"not the archive's")
    else:
        name = "database.jsonl"
        (backup / name).write_text((backup / name).read_text().replace("Sınaqov", "Sinaqov", 1))
    rows = Victim.objects.count()

    with pytest.raises(CommandError, match="does not match its manifest") as refused:
        call_command("restore", str(backup), "--replace")

    assert name in str(refused.value)
    assert Victim.objects.count() == rows


# Committed for real: the backup reads its own snapshot (PostgreSQL's repeatable read), and --replace empties the
# database as an operator's would be, outside a test's transaction. Serialized like every transactional test
# (tests/conftest.py): a plain one's flush made the content types again, for the next serialized test to collide with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_database_that_holds_data_unless_told_to_replace_it(media_storage, backup, archive_content):
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(backup))

    kept = archive_content[0]
    VictimFactory(surname_az="Sonradan")  # added after the backup: gone once it is restored over
    default_storage.delete(kept.file.name)
    FixityCheck.objects.create(
        media_file=kept,
        media_key=kept.key,
        path=kept.file.name,
        expected_sha256=kept.sha256,
        outcome="missing",
        agent="test",
        software="test",
    )
    call_command("restore", str(backup), "--replace")

    assert not Victim.objects.filter(surname_az="Sonradan").exists()
    assert hashlib.sha256(read_stored(kept.file.name)).hexdigest() == kept.sha256
    assert MediaFile.objects.count() == len(archive_content)
    assert not FixityCheck.objects.filter(outcome="missing").exists()
    call_command("audit_fixity")
