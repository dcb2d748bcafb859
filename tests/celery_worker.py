"""A real Celery worker against the real Redis, for the tests of the broker path of ``archive.jobs``.

``background_worker`` starts a worker in a thread of the test process (``celery.contrib.testing.worker``), so it
shares the settings and the test database; the test must be transactional (``django_db(transaction=True)``), since
the worker's own database connection sees only committed rows. Every key this run writes in Redis carries a prefix
of its own (``global_keyprefix``), so runs side by side (SQLite and PostgreSQL, two checkouts) never take each
other's tasks. Redis database 13 by default (``TEST_CELERY_BROKER_URL``), apart from the cache tests' 15.

Without Redis the tests are skipped, except where ``REQUIRE_BROWSER_TESTS`` is set (CI), where they fail.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/13")
WAIT = 60  # seconds: a guard against a hung test, never a measurement


def require_redis(url: str = BROKER_URL) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REQUIRE_BROWSER_TESTS"):  # CI runs Redis: there a missing server is a failure
            pytest.fail(f"Redis is not reachable at {url}")
        pytest.skip(f"Redis is not reachable at {url}")


def wait_until(condition: Callable[[], object], *, timeout: float = WAIT, message: str = "") -> object:
    """Poll ``condition`` until it is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(message or f"still false after {timeout} s")
        time.sleep(0.05)


def delete_keys(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def broker(settings) -> Iterator[dict]:
    """The app and ``enqueue`` pointed at Redis under a key prefix of this test's own; yields the transport
    options (for a worker in another process)."""
    from kombu import pools

    from memorial.celery import app

    require_redis()
    prefix = f"yaddas-test-{uuid.uuid4().hex}:"
    saved = {"broker_url": app.conf.broker_url, "broker_transport_options": app.conf.broker_transport_options}
    options = {**app.conf.broker_transport_options, "global_keyprefix": prefix}
    app.conf.broker_url = BROKER_URL
    app.conf.broker_transport_options = options
    settings.CELERY_BROKER_URL = BROKER_URL
    pools.reset()
    app._after_fork()  # forget connections made with other options
    try:
        yield {"url": BROKER_URL, "prefix": prefix, "transport_options": options}
    finally:
        app.conf.update(saved)
        pools.reset()
        app._after_fork()
        delete_keys(BROKER_URL, prefix)


@pytest.fixture
def background_worker(broker, transactional_db):
    """A Celery worker (solo pool) in a thread of this process, taking the tasks ``enqueue`` sends."""
    from celery.contrib.testing.worker import start_worker

    from memorial.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=WAIT, loglevel="WARNING") as worker:
        yield worker


class WorkerDatabase:
    """The database Celery workers in processes of their own (``tests.worker_process``) use. On PostgreSQL, the test
    database itself. On SQLite, the test database lives in this process's memory, so the workers get a file copy of
    it: ``send`` writes the test database to the file before workers start (what they must read is saved by then),
    ``receive`` reads the file back into the test database, where the test then sees what the workers wrote."""

    def __init__(self, folder: Path) -> None:
        from django.db import connection

        self.connection = connection
        settings = connection.settings_dict
        if connection.vendor == "postgresql":
            self.file = None
            self.url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
        else:
            self.file = folder / "workers.sqlite3"
            self.url = f"sqlite:///{self.file}"

    def send(self) -> None:
        if self.file is not None:
            self.connection.ensure_connection()
            with sqlite3.connect(self.file) as target:
                self.connection.connection.backup(target)

    def receive(self) -> None:
        if self.file is not None:
            with sqlite3.connect(self.file) as source:
                source.backup(self.connection.connection)


@pytest.fixture
def worker_processes(
    broker, private_media_root, tmp_path, transactional_db
) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start Celery workers in processes of their own (``tests.worker_process``) on this test's broker prefix, media
    folder and database (``worker_processes.database``); each is stopped at the end if still running. Their output
    goes to ``worker_processes.log``: a pipe no one reads fills up and stops a worker mid-task."""
    database = WorkerDatabase(tmp_path)
    log = tmp_path / "workers.log"
    started: list[subprocess.Popen] = []
    env = {
        "DEBUG": "true",
        "DATABASE_URL": database.url,
        "MEDIA_ROOT": str(private_media_root),
        "UPLOAD_TEMP_DIR": str(tmp_path / "worker-temporaries"),
        "CELERY_BROKER_URL": broker["url"],
        "TEST_BROKER_PREFIX": broker["prefix"],
        "TEST_VISIBILITY_TIMEOUT": "2",
    }

    def start(**more: str) -> subprocess.Popen:
        from django.conf import settings

        with log.open("ab") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.worker_process"],
                cwd=settings.BASE_DIR,
                env={**os.environ, **env, **more},
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a group of its own: its pool's processes end with it
            )
        started.append(process)
        return process

    start.database = database
    start.log = log
    try:
        yield start
    finally:
        for process in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # a worker held mid-task would not stop when asked
            process.wait(WAIT)
