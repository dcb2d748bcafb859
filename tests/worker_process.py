"""A Celery worker in a process of its own (``python -m tests.worker_process``), for the test that kills one in the
middle of a task. Configured from the environment: the test's database (DATABASE_URL), media folder (MEDIA_ROOT),
broker (CELERY_BROKER_URL) and key prefix (TEST_BROKER_PREFIX), a short visibility timeout; with HOLD_FILE set,
processing stops before it switches the row to the processed copy, writes HOLD_FILE and waits to be killed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorial.settings")
django.setup()

from archive import media_processing  # noqa: E402
from memorial.celery import app  # noqa: E402


def main() -> None:
    hold = os.environ.get("HOLD_FILE")
    if hold:
        switch = media_processing._switch

        def held(*args, **kwargs):
            Path(hold).write_text("the copy is written; the row is not switched yet")
            time.sleep(3600)  # until killed
            return switch(*args, **kwargs)

        media_processing._switch = held
    app.conf.broker_url = os.environ["CELERY_BROKER_URL"]
    app.conf.broker_transport_options = {
        "global_keyprefix": os.environ["TEST_BROKER_PREFIX"],
        "visibility_timeout": float(os.environ.get("TEST_VISIBILITY_TIMEOUT", "2")),
    }
    app.worker_main(["worker", "--pool=solo", "--loglevel=WARNING", "--without-mingle", "--without-gossip"])


if __name__ == "__main__":
    main()
