"""The Celery app and its schedule, the project's scheduled job, and the deployment checks of background work."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from archive import jobs
from memorial import tasks
from memorial.celery import app
from memorial.checks import background_work, visibility_timeout


def test_every_scheduled_job_is_a_known_task(settings):
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == {
        "submissions.purge_pending_uploads",
        "archive.purge_upload_temporaries",
        "archive.requeue_never_queued",
        "submissions.purge_spam_submissions",
        "memorial.clear_sessions",
        "preservation.audit_fixity",
    }
    assert scheduled <= set(app.tasks)


def test_tasks_are_acknowledged_late_time_limited_and_sent_as_json():
    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit > conf.task_soft_time_limit > 0
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit


def test_a_killed_workers_task_is_given_back_within_the_visibility_timeout_and_a_minute(settings):
    """kombu's sweep scans on every tick (not every tenth), each minute; the timeout stays above what a live worker
    can hold a task for (its hard time limit, or a retry's wait) and is 45 minutes by default."""
    options = app.conf.broker_transport_options
    assert options["unacked_restore_throttle"] == 1 and options["unacked_restore_interval"] == 60
    longest_hold = app.conf.task_time_limit + jobs.Job.retry_backoff_max
    assert longest_hold < options["visibility_timeout"] == settings.CELERY_VISIBILITY_TIMEOUT == 45 * 60
    # The longest wait of a retry, with five retries doubling from 30 s, is within the cap.
    assert jobs.Job.retry_backoff * 2 ** (jobs.Job.max_retries - 1) <= jobs.Job.retry_backoff_max


def test_production_is_told_when_the_visibility_timeout_is_too_short(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/2"
    assert visibility_timeout(None) == []
    settings.CELERY_VISIBILITY_TIMEOUT = settings.CELERY_TASK_TIME_LIMIT
    assert [message.id for message in visibility_timeout(None)] == ["memorial.W004"]
    settings.CELERY_BROKER_URL = ""  # no broker: the tasks run in the web process, no timeout applies
    assert visibility_timeout(None) == []


@pytest.mark.django_db
def test_expired_sessions_are_cleared_by_the_scheduled_job():
    for expired in (True, False):
        session = SessionStore()
        session["visitor"] = expired
        session.create()
        if expired:
            Session.objects.filter(pk=session.session_key).update(expire_date=timezone.now() - datetime.timedelta(1))
    jobs.run_here(tasks.clear_sessions)
    assert [SessionStore().decode(row.session_data) for row in Session.objects.all()] == [{"visitor": False}]


def test_production_is_told_when_background_work_has_no_broker_or_shares_the_cache(settings):
    settings.CELERY_BROKER_URL = ""
    assert [message.id for message in background_work(None)] == ["memorial.W002"]
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/2"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/2"}
    }
    assert [message.id for message in background_work(None)] == ["memorial.W003"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/1"}
    }
    assert background_work(None) == []
