"""archive.jobs with a broker: tasks go through the real Redis to a real Celery worker, are retried with backoff,
and one that keeps failing is recorded and shown on the staff home."""

from __future__ import annotations

import pytest
from celery import shared_task

from archive import jobs
from archive.models import FailedTask
from tests.celery_worker import wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ran: list[str] = []
attempts: list[int] = []


@shared_task(base=jobs.Job, bind=True, name="tests.jobs_worker.note")
def note(self, label: str) -> None:
    ran.append(f"{label} (eager)" if self.request.is_eager else label)


# A short backoff, so the test waits well under a second in all: 0.2 s, then 0.4 s.
@shared_task(
    base=jobs.Job, bind=True, name="tests.jobs_worker.broken", max_retries=2, retry_backoff=0.2, retry_jitter=False
)
def broken(self, label: str) -> None:
    attempts.append(self.request.retries)
    raise ValueError(f"no such page: {label}")


@pytest.fixture(autouse=True)
def clean():
    ran.clear()
    attempts.clear()


def test_a_task_goes_to_the_worker_not_the_web_process(background_worker):
    jobs.enqueue(note, "queued")
    wait_until(lambda: ran == ["queued"])


def test_a_failing_task_is_retried_by_the_worker_then_recorded_and_shown_to_staff(background_worker, client, curator):
    jobs.enqueue(broken, "page 3")
    failed = wait_until(FailedTask.objects.first, message="the failure was never recorded")
    assert attempts == [0, 1, 2]  # the first run and two retries, each a new message through Redis
    assert failed.task_name == "tests.jobs_worker.broken" and failed.attempts == 3
    assert failed.arguments == ["page 3"] and failed.error == "ValueError: no such page: page 3"
    client.force_login(curator)
    home = client.get("/en/admin/").content.decode()
    assert "1 background task failed" in home and "no such page: page 3" in home

    attempts.clear()
    jobs.failed_task_retry(failed=failed, user=curator)
    wait_until(lambda: FailedTask.objects.unresolved().exclude(pk=failed.pk).exists())
    assert attempts == [0, 1, 2]
