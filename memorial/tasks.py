"""The project's scheduled jobs (CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from importlib import import_module

from celery import shared_task
from django.conf import settings

from archive.jobs import Job


@shared_task(base=Job, name="memorial.clear_sessions")
def clear_sessions() -> None:
    """Expired sessions out of the session store, as ``manage.py clearsessions`` does."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
