"""The Celery app: ``celery -A memorial worker`` runs the background work, ``celery -A memorial beat`` the
scheduled jobs. Configured from Django's settings, under the ``CELERY_`` prefix; each app's ``tasks`` module is
found on its own.

With no ``CELERY_BROKER_URL`` nothing is sent here: ``archive.jobs.enqueue`` runs the tasks in the web process
after the response instead, so a laptop needs no broker and no worker.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorial.settings")

app = Celery("memorial")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
