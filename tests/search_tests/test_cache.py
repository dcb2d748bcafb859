"""Search answers are cached, and no cached answer outlives a change to what it shows."""

import datetime as dt
import re

import pytest
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from archive.ingest import prepare_upload
from archive.models import MediaFile, Status
from archive.services import media_file_attach, record_publish, record_withdraw
from search import query as engine
from tests.factories import TestimonyFactory, VictimFactory
from tests.memorial_tests.test_records import png_bytes
from tests.search_tests.test_publication import everywhere

pytestmark = pytest.mark.django_db


def queries_for(client, path: str, params: dict) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200
    # The language switcher's CSRF token is masked afresh on every response.
    statements = [query for query in captured if "SAVEPOINT" not in query["sql"]]
    return len(statements), re.sub(rb'name="csrfmiddlewaretoken" value="\w+"', b"", response.content)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/en/search/", {"q": "Kazımov"}),
        ("/en/search/", {"q": "Kazımov", "kind": "victims", "sort": "name"}),
        ("/api/v1/search/", {"q": "Kazımov"}),
        ("/search/suggest/", {"q": "Kazım"}),
    ],
)
def test_the_same_question_again_is_answered_from_the_cache(client, path, params):
    victim = VictimFactory(surname_az="Kazımov", given_name_az="Vaqif")
    first_queries, first = queries_for(client, path, params)
    again_queries, again = queries_for(client, path, params)
    assert victim.identifier.encode() in first or b"Kaz\xc4\xb1mov" in first
    assert again == first
    assert again_queries == 1 < first_queries  # only the results version is read


def test_publishing_withdrawing_and_renaming_change_cached_answers_at_once(client, curator):
    victim = VictimFactory(surname_az="Əsgərov", given_name_az="Natiq", status=Status.DRAFT)
    assert victim.identifier not in everywhere(client, "Askerov")
    record_publish(record=victim, user=curator)
    assert victim.identifier in everywhere(client, "Askerov")
    victim.surname_az = "Ələkbərov"
    victim.save()
    assert "Əsgərov" not in everywhere(client, "Askerov")
    assert victim.identifier in everywhere(client, "Alakbarov")
    record_withdraw(record=victim, user=curator, reason="Duplicate record")
    assert victim.identifier not in everywhere(client, "Alakbarov")
    assert victim.identifier not in everywhere(client, "Askerov")


def test_a_new_file_changes_the_has_media_facet(client):
    victim = VictimFactory(surname_az="Nəcəfov", given_name_az="Ramiz")
    params = {"q": "Nəcəfov", "media": "1"}
    assert victim.identifier not in client.get("/en/search/", params).content.decode()
    prepared = prepare_upload(ContentFile(png_bytes(), name="portrait.png"))
    media_file_attach(record=victim, prepared=prepared, role=MediaFile.Role.PORTRAIT)
    assert victim.identifier in client.get("/en/search/", params).content.decode()


def test_an_embargo_that_ends_at_midnight_shows_the_record_the_next_day(client, monkeypatch):
    today = timezone.localdate()
    testimony = TestimonyFactory(title="Şəhidlər xiyabanı", embargo_until=today + dt.timedelta(days=1))
    assert testimony.identifier not in everywhere(client, "xiyabanı")
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + dt.timedelta(days=1))
    assert testimony.identifier in everywhere(client, "xiyabanı")


def test_no_cache_when_it_is_switched_off(client, settings):
    settings.SEARCH_CACHE_SECONDS = 0
    settings.PAGE_CACHE_SECONDS = 0  # the pages' cache, in front of search's own
    VictimFactory(surname_az="Kazımov", given_name_az="Vaqif")
    first_queries, first = queries_for(client, "/en/search/", {"q": "Kazımov"})
    again_queries, again = queries_for(client, "/en/search/", {"q": "Kazımov"})
    assert again == first and again_queries == first_queries > 1


def test_a_large_result_set_is_counted_as_more_than_what_was_ranked(client, monkeypatch):
    monkeypatch.setattr(engine, "RANK_CAP", 3)  # a page of 20 still ranks 20
    for n in range(25):
        VictimFactory(surname_az="Rzayev", given_name_az=f"Ad{n:02d}")
    html = client.get("/en/search/", {"q": "Rzayev", "kind": "victims"}).content.decode()
    assert "More than 20 results for “Rzayev”" in html
    assert 'Victims <span class="search-facet__count">(20+)</span>' in html
    assert "Page 1<" in html and "Page 1 of" not in html and 'rel="next"' in html
    api = client.get("/api/v1/search/", {"q": "Rzayev"}).json()
    assert (api["count"], api["count_is_exact"], api["num_pages"]) == (20, False, None)
    assert api["next"]
    # The next page ranks further, and finds the end: now the count is exact.
    last = client.get("/api/v1/search/", {"q": "Rzayev", "page": 2}).json()
    assert (last["count"], last["count_is_exact"], last["num_pages"], last["next"]) == (25, True, 2, None)
    assert len(last["results"]) == 5


class BrokenCache(BaseCache):
    """A cache server that is down: every call fails, as Django's Redis backend does then."""

    def get(self, key, default=None, version=None):
        raise ConnectionError("cache server down")

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        raise ConnectionError("cache server down")


def test_search_still_answers_when_the_cache_server_is_down(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.search_tests.test_cache.BrokenCache"}}
    victim = VictimFactory(surname_az="Kazımov", given_name_az="Vaqif")
    for path, params in [("/en/search/", {"q": "Kazımov"}), ("/api/v1/search/", {"q": "Kazımov"})]:
        response = client.get(path, params)
        assert response.status_code == 200 and victim.identifier in response.content.decode()
    assert client.get("/search/suggest/", {"q": "Kazım"}).json()["suggestions"][0]["identifier"] == victim.identifier
