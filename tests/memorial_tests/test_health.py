"""Liveness (/healthz) and readiness (/healthz/ready), with each dependency really down: a cache and a broker at a
closed port, an S3 server stopped, a media folder gone. (The database down: test_database_down.py.)"""

import time
import uuid

import pytest

from tests.celery_worker import require_redis
from tests.s3 import REGION, S3Server, project_storage
from tests.unreachable_database import _closed_port

pytestmark = pytest.mark.django_db

BROKER = "redis://127.0.0.1:6379/10"
QUICK = 10  # seconds: a probe slower than a balancer's timeout is as bad as a failed one


def ready(client):
    started = time.monotonic()
    response = client.get("/healthz/ready")
    assert time.monotonic() - started < QUICK
    return response


def test_liveness_asks_nothing_of_the_database_or_anything_else(client, django_assert_num_queries, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "x://"}}
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readiness_reports_each_part_up(client):
    response = ready(client)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "cache": "up", "storage": "up"}
    assert "no-store" in response["Cache-Control"]  # a balancer or CDN must never answer it from a copy


def test_readiness_is_answered_afresh_each_time(client, settings, tmp_path):
    assert ready(client).status_code == 200
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "x"}},
    }
    assert ready(client).status_code == 503


def test_readiness_names_the_cache_when_redis_does_not_answer(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/9",
        }
    }
    response = ready(client)

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "up", "cache": "down", "storage": "up"}


def test_readiness_asks_the_broker_only_when_one_is_configured(client, settings):
    require_redis(BROKER)
    settings.CELERY_BROKER_URL = BROKER

    response = ready(client)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "cache": "up", "broker": "up", "storage": "up"}


def test_readiness_names_the_broker_when_it_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/10"

    response = ready(client)

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "up",
        "cache": "up",
        "broker": "down",
        "storage": "up",
    }


def test_readiness_names_the_storage_when_the_media_folder_is_gone(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "unmounted"},
        },
    }
    response = ready(client)

    assert response.status_code == 503
    assert response.json()["storage"] == "down"


def test_readiness_names_the_storage_when_the_s3_server_stops(client, settings):
    server = S3Server.start()  # a server of this test's own: the session's is shared with other tests
    name = f"yaddas-health-{uuid.uuid4().hex[:12]}"  # moto's buckets outlive a server: a name no other test uses
    try:
        server.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        settings.STORAGES = {**settings.STORAGES, "default": project_storage(server, name)}
        assert ready(client).json()["storage"] == "up"
    finally:
        server.stop()

    response = ready(client)

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "up", "cache": "up", "storage": "down"}


def test_readiness_names_the_storage_when_the_bucket_is_gone(client, s3_server, settings):
    settings.STORAGES = {**settings.STORAGES, "default": project_storage(s3_server, "yaddas-health-no-such-bucket")}

    response = ready(client)

    assert response.status_code == 503
    assert response.json()["storage"] == "down"


def test_readiness_names_the_storage_when_the_bucket_refuses_the_keys(client, settings, s3_bucket):
    storage = settings.STORAGES["default"]
    options = {**storage["OPTIONS"], "secret_key": "not-the-secret"}
    settings.STORAGES = {**settings.STORAGES, "default": {**storage, "OPTIONS": options}}

    response = ready(client)

    assert response.status_code == 503
    assert response.json()["storage"] == "down"
