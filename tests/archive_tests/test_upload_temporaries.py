"""Temporary files of uploads and ingest live in one folder of the project's, which a purge cleans by age."""

import os
import struct
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory

from archive.ingest import prepare_upload
from archive.models import MediaFile
from submissions.uploads import SubmissionUploadHandler
from tests.archive_tests.test_admin import add_upload, admin_url, change_form_data, media_prefix
from tests.factories import VictimFactory
from tests.memorial_tests.test_settings import _run_check
from tests.submissions_tests import samples

HOUR = 3600


@pytest.fixture
def temp_dir(settings, tmp_path):
    """The configured folder, not made yet: whatever writes a temporary file makes it when needed."""
    folder = tmp_path / "project" / "tmp" / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def files_in(folder) -> list:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def tagged_wav() -> bytes:
    """A WAV with a LIST/INFO chunk (a title), which ingest takes out in a temporary copy."""
    title = b"INAM" + struct.pack("<I", 6) + b"Leyla\x00"
    chunk = b"LIST" + struct.pack("<I", 4 + len(title)) + b"INFO" + title
    data = samples.wav_bytes() + chunk
    return data[:4] + struct.pack("<I", len(data) - 8) + data[8:]


def aged(path, hours: float) -> None:
    then = time.time() - hours * HOUR
    os.utime(path, (then, then))


def test_a_worker_killed_mid_upload_leaves_its_temporary_file_in_the_configured_folder(temp_dir):
    request = RequestFactory().post("/submit/")
    handler = SubmissionUploadHandler(request)
    handler.new_file("files-0-file", "voice.wav", "audio/wav", None)
    handler.receive_data_chunk(samples.wav_bytes()[:4096], 0)
    handler.file.flush()
    # The worker dies here: nothing closes the file, nothing removes it.

    left = files_in(temp_dir)
    assert len(left) == 1
    assert left[0].read_bytes() == samples.wav_bytes()[:4096]


def test_the_ingest_copy_without_metadata_is_made_in_the_configured_folder(temp_dir, settings):
    settings.FFPROBE_PATH = ""
    prepared = prepare_upload(SimpleUploadedFile("voice.wav", tagged_wav()))

    copy = prepared.content.temporary_file_path()
    assert os.path.dirname(copy) == str(temp_dir)
    assert b"Leyla" not in Path(copy).read_bytes()
    prepared.content.close()
    assert files_in(temp_dir) == []


@pytest.mark.django_db
def test_a_large_upload_through_the_admin_streams_into_the_configured_folder(client, curator, temp_dir, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # the recording is larger: Django writes it to a temporary file
    victim = VictimFactory()
    client.force_login(curator)
    url = admin_url("victim", "change", victim.pk)
    page = client.get(url)
    data = add_upload(change_form_data(page), media_prefix(page), SimpleUploadedFile("voice.wav", tagged_wav()))
    data[f"{media_prefix(page)}-0-role"] = MediaFile.Role.RECORDING

    response = client.post(url, data)

    assert response.status_code == 302
    assert MediaFile.objects.get(victim=victim).kind == MediaFile.Kind.AUDIO
    assert temp_dir.is_dir()
    assert files_in(temp_dir) == []  # the request's own temporaries are gone with it


def test_purge_deletes_old_temporaries_and_spares_fresh_ones_and_a_live_upload(temp_dir, capsys):
    temp_dir.mkdir(parents=True)
    old = temp_dir / "tmpkilled.upload.wav"
    old.write_bytes(b"\x00" * 1000)
    aged(old, 7)
    recent = temp_dir / "tmprecent.upload.mp4"
    recent.write_bytes(b"\x00" * 1000)
    aged(recent, 1)
    # A live upload that began long ago: it keeps writing, so its modification time is fresh.
    handler = SubmissionUploadHandler(RequestFactory().post("/submit/"))
    handler.new_file("files-0-file", "film.mp4", "video/mp4", None)
    live = temp_dir / os.path.basename(handler.file.temporary_file_path())
    handler.receive_data_chunk(b"\x00" * 512, 0)
    os.utime(live, (time.time() - 10 * HOUR, time.time() - 10 * HOUR))
    handler.receive_data_chunk(b"\x00" * 512, 512)
    handler.file.flush()

    call_command("purge_upload_temporaries", "--dry-run")
    listed = capsys.readouterr().out
    assert old.name in listed and recent.name not in listed and live.name not in listed
    assert old.exists()

    call_command("purge_upload_temporaries")
    assert files_in(temp_dir) == sorted([recent, live])

    call_command("purge_upload_temporaries", "--hours", "0.5")
    assert files_in(temp_dir) == [live]
    handler.upload_interrupted()


def test_purge_of_a_folder_not_made_yet_finds_nothing(temp_dir, capsys):
    call_command("purge_upload_temporaries")
    assert "0 temporary file(s)" in capsys.readouterr().out


def test_a_fresh_checkout_starts_and_has_the_folder_for_temporaries(tmp_path):
    folder = tmp_path / "fresh-checkout" / "tmp" / "uploads"

    result = _run_check({"DEBUG": "true", "UPLOAD_TEMP_DIR": str(folder)}, "check")

    assert result.returncode == 0, result.stderr
    assert folder.is_dir()
