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


def test_a_task_sent_while_the_broker_is_down_is_sent_again_once_it_answers(broker):
    """The request that commits its data is not failed for a broker it cannot reach: the task is recorded, without an
    id (it never reached the broker), and the scheduled job sends it again once a worker runs it, that is once the
    broker is back."""
    from celery.contrib.testing.worker import start_worker
    from kombu import pools

    from archive import tasks
    from memorial.celery import app

    def point_at(url: str) -> None:
        app.conf.broker_url = url
        pools.reset()
        app._after_fork()  # forget connections made to the other one

    point_at("redis://127.0.0.1:9/0")  # nothing listens there
    try:
        jobs.enqueue(note, "sent while down")
    finally:
        point_at(broker["url"])
    failed = FailedTask.objects.get()
    assert failed.task_id == "" and failed.error.startswith("Could not be queued: ")
    assert list(FailedTask.objects.never_queued()) == [failed] and ran == []

    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        jobs.enqueue(tasks.requeue_never_queued)  # as celery beat does each minute
        wait_until(lambda: ran == ["sent while down"])
    failed.refresh_from_db()
    assert failed.resolution == FailedTask.Resolution.RETRIED and not FailedTask.objects.never_queued().exists()
