"""A task stopped by its hard time limit (its process killed by the Celery worker) is a failure like one that raises:
recorded with its error, shown on the staff home, not run again on its own, and run again from the admin. With a
real worker in a process of its own (the prefork pool: the one that enforces time limits) against the real Redis."""

from __future__ import annotations

import os
import signal

import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile

from archive import services, tasks
from archive.ingest import prepare_upload
from archive.models import FailedTask, MediaFile, Processing
from tests.celery_worker import WAIT, wait_until
from tests.factories import TestimonyFactory
from tests.recordings import make_recording

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def short_time_limits(monkeypatch):
    """A task's message carries its sender's time limits, which the task took from the settings when it was first
    used and keeps with its other sending options (a worker's own apply to messages without them): 1 s soft, 3 s
    hard for what this test sends."""
    monkeypatch.setattr(tasks.process_file, "soft_time_limit", 1)
    monkeypatch.setattr(tasks.process_file, "time_limit", 3)
    monkeypatch.setattr(tasks.process_file, "_exec_options", None)  # made again from the limits above


def test_a_task_stopped_by_its_hard_time_limit_is_recorded_shown_to_staff_and_retried_from_the_admin(
    worker_processes, broker, short_time_limits, tmp_path, settings, client, curator
):
    settings.ARCHIVE_PROCESS_AFTER_UPLOAD_BYTES = 0
    media = services.media_file_attach(
        record=TestimonyFactory(),
        prepared=prepare_upload(SimpleUploadedFile("interview.mp3", make_recording(tmp_path, "tagged.mp3"))),
        role=MediaFile.Role.RECORDING,
    )
    database = worker_processes.database
    database.send()
    hold = tmp_path / "held"
    # Stuck where the soft limit (1 s) cannot reach it, as a hung ffprobe or storage call: the hard limit (3 s) ends it.
    # The visibility timeout above the time limit, as in production: nothing gives the task back while it runs.
    worker = worker_processes(HOLD_FILE=str(hold), TEST_POOL="prefork", TEST_VISIBILITY_TIMEOUT="30")
    wait_until(hold.exists, message=f"the worker never started the task: {worker_processes.log.read_text()[-2000:]}")

    def recorded() -> FailedTask | None:
        database.receive()
        return FailedTask.objects.first()

    failed = wait_until(recorded, message=f"no failure recorded: {worker_processes.log.read_text()[-3000:]}")
    assert failed.task_name == "archive.process_file" and failed.arguments == ["archive.MediaFile", media.pk]
    assert failed.error == "TimeLimitExceeded: stopped after its hard time limit of 3 s (CELERY_TASK_TIME_LIMIT)"
    assert failed.task_id and failed.resolution == ""
    # Acknowledged, not given back: it is not run (and stopped) again and again, and waits for staff.
    broker_keys = redis.Redis.from_url(broker["url"])
    wait_until(lambda: broker_keys.hlen(f"{broker['prefix']}unacked") == 0, timeout=10)
    assert broker_keys.llen(f"{broker['prefix']}celery") == 0
    assert MediaFile.objects.get(pk=media.pk).processing == Processing.PROCESSING
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(WAIT)
    database.receive()

    client.force_login(curator)
    home = client.get("/en/admin/").content.decode()
    assert "1 background task failed" in home and "stopped after its hard time limit of 3 s" in home
    response = client.post(
        "/en/admin/archive/failedtask/", {"action": "retry", "_selected_action": [failed.pk]}, follow=True
    )
    assert "1 task is run again." in response.content.decode()
    database.send()
    worker_processes()  # a worker with nothing holding it up

    def processed() -> bool:
        database.receive()
        return MediaFile.objects.get(pk=media.pk).processing == Processing.READY

    wait_until(processed, message=f"never processed: {worker_processes.log.read_text()[-3000:]}")
    assert FailedTask.objects.get().resolution == FailedTask.Resolution.RETRIED
    assert FailedTask.objects.count() == 1
