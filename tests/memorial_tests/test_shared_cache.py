"""The cache behind rate limits and search answers: a deployment check, and the real Redis backend."""

import os
import subprocess
import sys
import uuid

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import abuse
from memorial.checks import shared_cache
from memorial.redis_cache import RedisCache
from tests.factories import VictimFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_a_per_process_cache_is_flagged_for_deployment(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [message.id for message in shared_cache(None)] == ["memorial.W001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    assert shared_cache(None) == []


@pytest.fixture
def redis_cache(settings):
    """The default cache on a real Redis server, under a key prefix of this test's own."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REQUIRE_BROWSER_TESTS"):  # CI runs Redis: there a missing server is a failure
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    options = {"BACKEND": "memorial.redis_cache.RedisCache", "LOCATION": REDIS_URL}
    prefix = uuid.uuid4().hex
    settings.CACHES = {"default": {**options, "KEY_PREFIX": prefix}}
    yield {**options, "KEY_PREFIX": prefix}
    caches["default"].clear()


def test_rate_limits_are_counted_across_processes(redis_cache):
    # Two processes' caches: separate clients of one server.
    first, second = RedisCache(redis_cache["LOCATION"], redis_cache), RedisCache(redis_cache["LOCATION"], redis_cache)
    original = abuse.cache
    try:
        hits = []
        for process in (first, second, first):
            abuse.cache = process
            hits.append(abuse.over_limit("lost-link:visitor", 2))
    finally:
        abuse.cache = original
    assert hits == [False, False, True]


@pytest.mark.django_db
def test_search_answers_are_kept_in_redis(client, redis_cache):
    victim = VictimFactory(surname_az="Kazımov", given_name_az="Vaqif")
    assert victim.identifier in client.get("/en/search/", {"q": "Kazimov"}).content.decode()
    with CaptureQueriesContext(connection) as captured:
        again = client.get("/en/search/", {"q": "Kazimov"}).content.decode()
    assert victim.identifier in again
    assert len([query for query in captured if "SAVEPOINT" not in query["sql"]]) == 1
    victim.surname_az = "Bayramov"
    victim.save()
    assert victim.identifier not in client.get("/en/search/", {"q": "Kazimov"}).content.decode()


def test_a_redis_cache_url_is_served_by_the_projects_backend():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {**os.environ, "CACHE_URL": REDIS_URL}
    printed = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed.stdout.strip() == "memorial.redis_cache.RedisCache"


@pytest.mark.django_db
def test_a_kept_page_is_served_from_redis_and_after_the_connection_is_lost(client, redis_cache):
    victim = VictimFactory(surname_az="Qurbanov")
    first = client.get(victim.get_absolute_url())
    with CaptureQueriesContext(connection) as captured:
        second = client.get(victim.get_absolute_url())
    assert second.content == first.content
    assert len([query for query in captured if "SAVEPOINT" not in query["sql"]]) == 1  # the content version
    # Redis closes the connections its clients hold (a restart, an idle timeout): the next request reconnects.
    client_of_pool = caches["default"]._cache.get_client()
    client_of_pool.client_kill_filter(_type="normal", skipme=False)
    assert client.get(victim.get_absolute_url()).content == first.content
