"""archive.jobs with no broker (the embedded default): tasks after the commit, in the request under tests or in one
worker thread; retried, then recorded for staff, shown on the staff home, retried or dismissed from the admin."""

from __future__ import annotations

import threading

import pytest
from celery import shared_task
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.urls import reverse

from archive import jobs
from archive.models import FailedTask

WAIT = 30  # seconds: a guard against a hung test, not a measurement

ran: list[tuple[str, bool]] = []
attempts: list[str] = []


@shared_task(base=jobs.Job, name="tests.jobs.note")
def note(label: str) -> None:
    ran.append((label, threading.current_thread() is threading.main_thread()))


@shared_task(base=jobs.Job, name="tests.jobs.broken")
def broken(label: str) -> None:
    attempts.append(label)
    raise ValueError(f"no such thing: {label}")


@shared_task(base=jobs.Job, name="tests.jobs.private", arguments_private=True)
def private(link: str) -> None:
    raise ConnectionError("the mail server is down")


@pytest.fixture(autouse=True)
def clean():
    ran.clear()
    attempts.clear()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_runs_only_once_the_transaction_commits_and_never_after_a_rollback(settings):
    settings.BACKGROUND_TASKS_SYNC = True
    with transaction.atomic():
        jobs.enqueue(note, "committed")
        assert ran == []
    assert ran == [("committed", True)]
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue(note, "rolled back")
        raise RuntimeError
    assert ran == [("committed", True)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_a_broker_tasks_run_in_order_in_a_worker_thread(settings):
    settings.BACKGROUND_TASKS_SYNC = False
    for label in ("first", "second", "third"):
        jobs.enqueue(note, label)
    jobs.wait_for_jobs(timeout=WAIT)
    assert ran == [("first", False), ("second", False), ("third", False)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_task_is_retried_then_recorded_with_its_error(settings):
    settings.BACKGROUND_TASKS_SYNC = False
    jobs.enqueue(broken, "page 3")
    jobs.wait_for_jobs(timeout=WAIT)
    assert attempts == ["page 3"] * (broken.max_retries + 1)
    [failed] = FailedTask.objects.unresolved()
    assert failed.task_name == "tests.jobs.broken"
    assert failed.arguments == ["page 3"]
    assert failed.error == "ValueError: no such thing: page 3"
    assert "Traceback" in failed.traceback and failed.attempts == broken.max_retries + 1


def test_the_staff_home_shows_failures_to_curators_only(client, curator, reviewer):
    jobs.run_here(broken, ("page 3",))
    client.force_login(curator)
    page = client.get("/en/admin/").content.decode()
    assert "1 background task failed" in page and "no such thing: page 3" in page
    assert "tests.jobs.broken" in page
    client.force_login(reviewer)
    page = client.get("/en/admin/").content.decode()
    assert "background task failed" not in page


def test_staff_retry_a_failure_and_it_leaves_the_staff_home(client, curator, django_capture_on_commit_callbacks):
    jobs.run_here(broken, ("page 3",))
    failed = FailedTask.objects.get()
    attempts.clear()
    client.force_login(curator)
    url = reverse("admin:archive_failedtask_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "retry", ACTION_CHECKBOX_NAME: [failed.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.resolution == FailedTask.Resolution.RETRIED and failed.resolved_by == curator
    assert attempts == ["page 3"] * (broken.max_retries + 1)  # it ran again (and failed again)
    assert FailedTask.objects.unresolved().count() == 1  # the new failure, not the retried one


def test_staff_dismiss_a_failure(client, curator):
    jobs.run_here(broken, ("page 3",))
    failed = FailedTask.objects.get()
    client.force_login(curator)
    client.post(
        reverse("admin:archive_failedtask_changelist"), {"action": "dismiss", ACTION_CHECKBOX_NAME: [failed.pk]}
    )
    failed.refresh_from_db()
    assert failed.resolution == FailedTask.Resolution.DISMISSED
    assert "background task failed" not in client.get("/en/admin/").content.decode()


def test_private_arguments_are_not_shown_and_not_kept_once_resolved(client, curator):
    jobs.run_here(private, ("https://example.org/submissions/SECRET/",))
    failed = FailedTask.objects.get()
    assert failed.arguments_private
    client.force_login(curator)
    page = client.get(reverse("admin:archive_failedtask_change", args=[failed.pk])).content.decode()
    assert "SECRET" not in page and "the mail server is down" in page
    jobs.failed_task_dismiss(failed=failed, user=curator)
    failed.refresh_from_db()
    assert failed.arguments == [] and failed.keyword_arguments == {}


@pytest.mark.django_db
def test_a_broker_that_cannot_be_reached_records_the_task_and_does_not_fail_the_caller(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/13"

    def unreachable(*args, **kwargs):
        raise ConnectionRefusedError("no broker")

    monkeypatch.setattr(note, "apply_async", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue(note, "queued")
    [failed] = FailedTask.objects.all()
    assert failed.task_name == "tests.jobs.note" and failed.arguments == ["queued"]
    assert failed.error.startswith("Could not be queued: ConnectionRefusedError")
