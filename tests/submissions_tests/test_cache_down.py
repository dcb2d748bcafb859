"""The cache server (Redis in production) down: the public pages are still served (the page cache answers without
it) and a family's form is still received, its rate limits let go until the cache is back rather than the form
refused for a fault of the server's."""

from __future__ import annotations

import logging

import pytest

from submissions.models import Submission
from tests.submissions_tests.helpers import form_data

pytestmark = pytest.mark.django_db

NOTHING_LISTENS = "redis://127.0.0.1:9/0"


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": NOTHING_LISTENS}
    }


def test_the_form_is_shown_and_received_while_the_cache_server_is_down(cache_down, client, caplog):
    assert client.get("/en/submit/").status_code == 200
    with caplog.at_level(logging.WARNING, logger="archive.abuse"):
        response = client.post("/en/submit/", form_data())
    assert response.status_code == 302 and "/submit/received/" in response["Location"]
    assert Submission.objects.count() == 1
    assert "Rate limits unavailable (the cache cannot be reached)" in caplog.text


def test_public_pages_are_served_while_the_cache_server_is_down(cache_down, client):
    for path in ("/", "/en/victims/", "/en/timeline/", "/en/search/?q=M%C9%99mm%C9%99dov"):
        assert client.get(path).status_code == 200, path
