"""A Celery worker in a process of its own (``python -m tests.worker_process``), for the tests that kill one in the
middle of a task or let its time limit stop one, and for ``benchmarks/faults.py``. Configured from the environment:
the database (DATABASE_URL), media folder (MEDIA_ROOT), broker (CELERY_BROKER_URL) and key prefix
(TEST_BROKER_PREFIX), a short visibility timeout swept every second (TEST_VISIBILITY_TIMEOUT), the pool
(TEST_POOL: solo, or prefork, which enforces the time limits CELERY_TASK_TIME_LIMIT and CELERY_TASK_SOFT_TIME_LIMIT).

With HOLD_FILE set, processing stops before it switches the row to the processed copy, writes HOLD_FILE and waits,
as a process stuck in a call that ignores the soft time limit would: until killed, by the test or by the hard
time limit."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorial.settings")
django.setup()

from celery.exceptions import SoftTimeLimitExceeded  # noqa: E402

from archive import media_processing  # noqa: E402
from memorial.celery import app  # noqa: E402


def hold_before_switching(hold: Path) -> None:
    switch = media_processing._switch

    def held(*args, **kwargs):
        hold.write_text("the copy is written; the row is not switched yet")
        deadline = time.monotonic() + 3600
        while time.monotonic() < deadline:  # until killed
            with contextlib.suppress(SoftTimeLimitExceeded):  # stuck: only the hard limit, or a kill, ends it
                time.sleep(1)
        return switch(*args, **kwargs)

    media_processing._switch = held


def main() -> None:
    if os.environ.get("HOLD_FILE"):
        hold_before_switching(Path(os.environ["HOLD_FILE"]))
    app.conf.broker_url = os.environ["CELERY_BROKER_URL"]
    app.conf.broker_transport_options = {
        **app.conf.broker_transport_options,
        "global_keyprefix": os.environ["TEST_BROKER_PREFIX"],
        "visibility_timeout": float(os.environ.get("TEST_VISIBILITY_TIMEOUT", "2")),
        "unacked_restore_interval": 1,
    }
    app.conf.worker_hijack_root_logger = True  # its log (the test's file) says what the worker did
    pool = os.environ.get("TEST_POOL", "solo")
    level = os.environ.get("TEST_LOGLEVEL", "WARNING")
    arguments = ["worker", f"--pool={pool}", f"--loglevel={level}", "--without-mingle", "--without-gossip"]
    if pool == "prefork":
        arguments.append("--concurrency=1")
    app.worker_main(arguments)


if __name__ == "__main__":
    main()
