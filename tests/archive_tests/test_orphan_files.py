"""purge_orphan_files walks the whole storage: an orphan anywhere is found, an empty or cut-off file is named, and a
file any row refers to is never deleted."""

import io
import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from archive.ingest import prepare_upload
from archive.models import MediaFile
from archive.services import media_file_attach
from submissions.inputs import IncomingFile
from submissions.models import PendingUpload
from submissions.services import pending_uploads_update
from tests.factories import VictimFactory
from tests.submissions_tests import samples

pytestmark = pytest.mark.django_db


def incoming(name: str, data: bytes) -> IncomingFile:
    return IncomingFile(prepared=prepare_upload(SimpleUploadedFile(name, data)), caption="")


def photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def files_under(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def age_everything(root, hours: float) -> None:
    then = time.time() - hours * 3600
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


def lines(output: str, word: str) -> list[str]:
    return sorted(line for line in output.splitlines() if line.startswith(f"{word}: "))


@pytest.fixture
def archive_files(private_media_root, make_submission):
    """One file of every kind a row refers to: a record's file and thumbnail, a submission's, a pending one's."""
    prepared = prepare_upload(SimpleUploadedFile("p.png", photo()))
    media = media_file_attach(record=VictimFactory(), prepared=prepared, role=MediaFile.Role.PHOTO)
    submitted = make_submission(files=[incoming("voice.wav", samples.wav_bytes())]).submission.files.get()
    (pending,) = pending_uploads_update(form_token="a-form", files=[incoming("later.wav", samples.wav_bytes(2))])
    return {"media": media, "submitted": submitted, "pending": pending}


def test_orphans_are_found_in_every_folder_and_referenced_files_never_deleted(
    archive_files, private_media_root, capsys
):
    referenced = files_under(private_media_root)
    assert len(referenced) == 4  # record file, its thumbnail, submitted file, pending file
    orphans = [
        default_storage.save("submissions/ab/left-behind.wav", io.BytesIO(b"RIFF half a recording")),
        default_storage.save("submissions/thumbnails/cd/left-behind.jpg", io.BytesIO(b"\xff\xd8 half")),
        default_storage.save("exports/2024/bag.zip", io.BytesIO(b"PK an export nobody wanted")),
    ]
    age_everything(private_media_root, 2)
    young = default_storage.save("submissions/ef/being-written.wav", io.BytesIO(b"RIFF still arriving"))

    call_command("purge_orphan_files")
    output = capsys.readouterr().out
    assert lines(output, "orphan") == sorted(f"orphan: {name}" for name in orphans)
    assert files_under(private_media_root) == sorted([*referenced, *orphans, young])  # listing deletes nothing

    call_command("purge_orphan_files", "--delete")
    output = capsys.readouterr().out
    assert lines(output, "deleted") == sorted(f"deleted: {name}" for name in orphans)
    assert files_under(private_media_root) == sorted([*referenced, young])

    age_everything(private_media_root, 2)
    call_command("purge_orphan_files", "--delete")
    assert files_under(private_media_root) == referenced  # the young one once it is old; the referenced never
    assert MediaFile.objects.count() == 1 and PendingUpload.objects.count() == 1


def test_empty_and_cut_off_files_are_reported_by_name_and_kept(archive_files, private_media_root, capsys):
    media, submitted, pending = archive_files["media"], archive_files["submitted"], archive_files["pending"]
    (private_media_root / media.file.name).write_bytes(b"")
    cut = (private_media_root / submitted.file.name).read_bytes()[:1000]
    (private_media_root / submitted.file.name).write_bytes(cut)
    empty_orphan = default_storage.save("records/ab/nothing.wav", io.BytesIO(b""))
    age_everything(private_media_root, 2)

    call_command("purge_orphan_files", "--delete")
    output = capsys.readouterr().out

    assert lines(output, "empty") == [f"empty: {media.file.name} (its record says {media.size} bytes)"]
    assert lines(output, "partial") == [
        f"partial: {submitted.file.name} (1000 bytes; its record says {submitted.size} bytes)"
    ]
    assert lines(output, "deleted") == [f"deleted: {empty_orphan} (empty)"]
    assert pending.file.name not in output and media.thumbnail.name not in output
    # A record's damaged file is the curators' to mend, never the purge's to delete.
    assert (private_media_root / media.file.name).exists()
    assert (private_media_root / submitted.file.name).read_bytes() == cut
    assert not (private_media_root / empty_orphan).exists()


def test_hidden_files_of_the_folder_are_not_the_archives(private_media_root, capsys):
    (private_media_root / ".gitkeep").write_bytes(b"")
    age_everything(private_media_root, 2)

    call_command("purge_orphan_files", "--delete")

    assert (private_media_root / ".gitkeep").exists()
    assert "Deleted 0 orphan file(s)" in capsys.readouterr().out
