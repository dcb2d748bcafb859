"""memorial.background: jobs after the commit, in one worker thread, their failures logged."""

import logging
import threading

import pytest
from django.db import transaction
from django.utils import translation

from memorial import background

WAIT = 30  # seconds: a guard against a hung test, not a measurement

# Real commits and rollbacks; the database is restored afterwards for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_job_runs_only_once_the_transaction_commits_and_never_after_a_rollback(settings):
    settings.BACKGROUND_TASKS_SYNC = True
    ran = []
    with transaction.atomic():
        background.run_later(ran.append, "committed")
        assert ran == []
    assert ran == ["committed"]
    with pytest.raises(RuntimeError), transaction.atomic():
        background.run_later(ran.append, "rolled back")
        raise RuntimeError
    assert ran == ["committed"]


def test_a_failing_job_is_logged_not_raised(settings, caplog):
    settings.BACKGROUND_TASKS_SYNC = True

    def broken():
        raise ValueError("no such thing")

    with caplog.at_level(logging.ERROR, logger="memorial.background"):
        background.run_later(broken)
    assert "A background job failed" in caplog.text and "no such thing" in caplog.text


def test_in_the_worker_jobs_run_in_order_in_the_callers_language(settings):
    settings.BACKGROUND_TASKS_SYNC = False
    seen = []

    def note(label):
        seen.append((label, translation.get_language(), threading.current_thread() is threading.main_thread()))

    with translation.override("ru"):
        for label in ("first", "second", "third"):
            background.run_later(note, label)
    background.wait_for_jobs(timeout=WAIT)
    assert seen == [("first", "ru", False), ("second", "ru", False), ("third", "ru", False)]
