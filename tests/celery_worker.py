"""A real Celery worker against the real Redis, for the tests of the broker path of ``archive.jobs``.

``background_worker`` starts a worker in a thread of the test process (``celery.contrib.testing.worker``), so it
shares the settings and the test database; the test must be transactional (``django_db(transaction=True)``), since
the worker's own database connection sees only committed rows. Every key this run writes in Redis carries a prefix
of its own (``global_keyprefix``), so runs side by side (SQLite and PostgreSQL, two checkouts) never take each
other's tasks. Redis database 13 by default (``TEST_CELERY_BROKER_URL``), apart from the cache tests' 15.

Without Redis the tests are skipped, except where ``REQUIRE_BROWSER_TESTS`` is set (CI), where they fail.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator

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
