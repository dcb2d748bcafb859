"""Large recordings are probed and stripped of their metadata after the upload, by a background task keyed by the
file (archive.media_processing): "processing" until then, never public, processed once however often it runs."""

from __future__ import annotations

import concurrent.futures
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from archive import jobs, services, tasks
from archive.ingest import prepare_upload
from archive.media_processing import processed_name
from archive.models import FailedTask, MediaFile, Processing, Status
from archive.work_locks import work_lock
from submissions.models import SubmissionFile
from tests.celery_worker import WAIT, wait_until
from tests.factories import TestimonyFactory
from tests.recordings import SECRETS, make_recording
from tests.submissions_tests.conftest import incoming
from tests.submissions_tests.helpers import open_status_link, status_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged_mp3(tmp_path, settings) -> bytes:
    settings.ARCHIVE_PROCESS_AFTER_UPLOAD_BYTES = 0  # every recording is "large"
    data = make_recording(tmp_path, "tagged.mp3")
    assert b"Leyla" in data
    return data


def stored_files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_a_large_recording_is_checked_in_the_request_and_stripped_afterwards(
    tagged_mp3, private_media_root, django_capture_on_commit_callbacks
):
    prepared = prepare_upload(SimpleUploadedFile("interview.mp3", tagged_mp3))
    assert prepared.processing == Processing.PROCESSING
    assert prepared.sha256 == prepared.source_sha256 == hashlib.sha256(tagged_mp3).hexdigest()

    testimony = TestimonyFactory(status=Status.PUBLISHED)
    media = services.media_file_attach(record=testimony, prepared=prepared, role=MediaFile.Role.RECORDING)
    media.refresh_from_db()
    assert media.processing == Processing.PROCESSING
    assert not MediaFile.objects.public().filter(pk=media.pk).exists()  # never public half processed

    with django_capture_on_commit_callbacks(execute=True):
        jobs.run_here(tasks.process_file, ("archive.MediaFile", media.pk))
    media.refresh_from_db()
    stored = media.file.read()
    assert media.processing == Processing.READY and media.file.name == processed_name(
        f"records/{media.key.hex[:2]}/{media.key.hex}.mp3"
    )
    assert [secret for secret in SECRETS if secret in stored] == []
    assert media.sha256 == hashlib.sha256(stored).hexdigest() != media.source_sha256
    assert media.size == len(stored) and media.codec == "mp3"
    assert stored_files(private_media_root) == [media.file.name]  # the file as received is gone
    assert MediaFile.objects.public().filter(pk=media.pk).exists()


def test_processing_run_twice_leaves_one_file(tagged_mp3, private_media_root, django_capture_on_commit_callbacks):
    testimony = TestimonyFactory()
    prepared = prepare_upload(SimpleUploadedFile("interview.mp3", tagged_mp3))
    media = services.media_file_attach(record=testimony, prepared=prepared, role=MediaFile.Role.RECORDING)
    original = media.file.name
    # A run killed after writing the copy and before switching the row: the copy is there, the row unchanged.
    leftover = processed_name(original)
    media.file.storage.save(leftover, SimpleUploadedFile("x", b"half written"))

    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.process_file.apply(args=("archive.MediaFile", media.pk)).result
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.process_file.apply(args=("archive.MediaFile", media.pk)).result
    assert (first, second) == ("ready", "unchanged")
    media.refresh_from_db()
    assert stored_files(private_media_root) == [leftover]
    assert media.file.read() != b"half written"


def test_a_recording_ffprobe_cannot_play_is_marked_failed_not_shown(tagged_mp3, monkeypatch):
    from archive import media_processing
    from archive.ingest import IngestError

    def refuses(*args, **kwargs):
        raise IngestError("“interview.mp3” is damaged.")

    monkeypatch.setattr(media_processing, "finish_recording", refuses)
    media = services.media_file_attach(
        record=TestimonyFactory(status=Status.PUBLISHED),
        prepared=prepare_upload(SimpleUploadedFile("interview.mp3", tagged_mp3)),
        role=MediaFile.Role.RECORDING,
    )
    assert tasks.process_file.apply(args=("archive.MediaFile", media.pk)).result == "failed"
    media.refresh_from_db()
    assert media.processing == Processing.FAILED and "damaged" in media.processing_error
    assert not MediaFile.objects.public().filter(pk=media.pk).exists()


def test_the_family_sees_processing_until_their_file_is_ready(
    tagged_mp3, make_submission, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as later:
        receipt = make_submission(files=[incoming("interview.mp3", tagged_mp3)])
    row = SubmissionFile.objects.get()
    assert row.processing == Processing.PROCESSING
    page = client.get(open_status_link(client, status_link(receipt.token))).content.decode()
    assert "processing: it will be ready in a few minutes" in page

    for callback in later:  # the mails and the processing, after the response
        callback()
    row.refresh_from_db()
    assert row.processing == Processing.READY and b"Leyla" not in row.file.read()
    page = client.get(open_status_link(client, status_link(receipt.token))).content.decode()
    assert "processing: it will be ready" not in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_while_processing_leaves_the_task_to_another_without_duplicate_files(
    tagged_mp3, worker_processes, private_media_root, tmp_path
):
    """A worker in a process of its own dies (SIGKILL) after writing the copy without metadata and before switching
    the row to it; the task, not acknowledged, goes back to the queue once the visibility timeout passes and the next
    worker finishes it: one file, processed."""
    media = services.media_file_attach(
        record=TestimonyFactory(),
        prepared=prepare_upload(SimpleUploadedFile("interview.mp3", tagged_mp3)),
        role=MediaFile.Role.RECORDING,
    )
    original = media.file.name
    database = worker_processes.database
    database.send()
    hold = tmp_path / "held"
    first = worker_processes(HOLD_FILE=str(hold))
    wait_until(hold.exists, message="the first worker never got to the copy")
    assert processed_name(original) in stored_files(private_media_root)
    first.kill()
    first.wait(WAIT)
    database.receive()
    assert MediaFile.objects.get(pk=media.pk).processing == Processing.PROCESSING

    worker_processes()

    def processed() -> bool:
        database.receive()
        return MediaFile.objects.get(pk=media.pk).processing == Processing.READY

    wait_until(processed, message=f"never processed; the workers said: {worker_processes.log.read_text()[-3000:]}")
    media.refresh_from_db()
    assert media.file.name == processed_name(original)
    wait_until(lambda: stored_files(private_media_root) == [media.file.name], timeout=10)
    assert b"Leyla" not in media.file.read()
    assert MediaFile.objects.count() == 1 and not FailedTask.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_delivery_while_the_first_run_is_alive_leaves_the_work_to_it(
    tagged_mp3, private_media_root, monkeypatch
):
    """A task delivered again while its first run still works (a worker stalled past the visibility timeout) finds
    the file's lock taken and writes nothing; the first run finishes. The lock belongs to a database session (or an
    open lock file), so the second run here is a thread with its own."""
    monkeypatch.setattr(services, "process_after_commit", lambda row: None)  # the test runs the task itself
    media = services.media_file_attach(
        record=TestimonyFactory(),
        prepared=prepare_upload(SimpleUploadedFile("interview.mp3", tagged_mp3)),
        role=MediaFile.Role.RECORDING,
    )
    with work_lock(f"archive.process_file:archive.MediaFile:{media.pk}") as mine:
        assert mine
        with concurrent.futures.ThreadPoolExecutor(1) as other:
            assert other.submit(_run_elsewhere, media.pk).result(timeout=WAIT) == "busy"
        assert stored_files(private_media_root) == [media.file.name]  # nothing written by the second run
        assert MediaFile.objects.get(pk=media.pk).processing == Processing.PROCESSING
    assert tasks.process_file.apply(args=("archive.MediaFile", media.pk)).result == "ready"


def _run_elsewhere(pk: int) -> str:
    try:
        return tasks.process_file.apply(args=("archive.MediaFile", pk)).result
    finally:
        connection.close()
