"""Public pages come from a cache that is never stale: every kind of change shows on the very next request."""

import datetime as dt

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from archive.models import NameVariant, Status, Victim
from archive.services import media_files_withhold, record_publish, record_withdraw
from memorial import page_cache
from tests.factories import DocumentFactory, EventFactory, PlaceFactory, TestimonyFactory, VictimFactory
from tests.memorial_tests.test_pages import attach_media

pytestmark = pytest.mark.django_db


def fetch(client, path: str, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    response.queries = [query for query in captured if "SAVEPOINT" not in query["sql"]]
    return response


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/victims/",
        "/ru/victims/?fate=killed&letter=K",
        "/en/testimonies/",
        "/documents/",
        "/en/timeline/",
        "/en/places/",
        "/en/statistics/",
        "/en/about/",
        "/feeds/recent/",
        "/sitemap.xml",
        "/en/search/?q=Kazımov",
    ],
)
def test_a_public_page_asked_again_is_answered_from_the_cache(client, path):
    VictimFactory(surname_az="Kazımov", given_name_az="Vaqif")
    first = fetch(client, path)
    again = fetch(client, path)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert len(again.queries) == 1 <= len(first.queries)  # only the content version is read
    assert again["ETag"] == first["ETag"]


def test_record_pages_are_kept_per_language_and_query(client):
    victim = VictimFactory(surname_az="Həsənov", surname_en="Hasanov", surname_ru="Гасанов")
    path = victim.get_absolute_url()
    assert "Həsənov" in text(fetch(client, path))
    russian = fetch(client, f"/ru{path}")
    assert "Гасанов" in text(russian) and '<html lang="ru">' in text(russian)
    assert '<html lang="az">' in text(fetch(client, path))  # not the Russian copy
    assert len(fetch(client, f"/ru{path}").queries) == 1


def victim_shown(client, victim: Victim) -> bool:
    """Whether the victim shows on its page, in the list and in search (each asked twice: the second from cache)."""
    fetch(client, victim.get_absolute_url())
    shown = [fetch(client, victim.get_absolute_url()).status_code == 200]
    for path in ("/en/victims/", f"/en/search/?q={victim.surname_az}"):
        fetch(client, path)
        shown.append(victim.identifier in text(fetch(client, path)))
    assert len(set(shown)) == 1, shown
    return shown[0]


def test_publication_and_withdrawal_show_on_the_next_request(client, curator):
    victim = VictimFactory(surname_az="Məmmədov", status=Status.DRAFT)
    assert not victim_shown(client, victim)
    record_publish(record=victim, user=curator)
    assert victim_shown(client, victim)
    record_withdraw(record=victim, user=curator, reason="A duplicate")
    assert not victim_shown(client, victim)


def test_a_renamed_victim_and_a_new_name_variant_show_at_once(client):
    victim = VictimFactory(surname_az="Əliyev")
    assert "Əliyev" in text(fetch(client, "/en/victims/"))
    victim.surname_az = "Quliyev"
    victim.save()
    page = text(fetch(client, "/en/victims/"))
    assert "Quliyev" in page and "Əliyev" not in page
    NameVariant.objects.create(victim=victim, name="Гулиев Рамиз")
    assert "Гулиев Рамиз" in text(fetch(client, victim.get_absolute_url()))


def test_links_between_records_show_at_once(client):
    victim = VictimFactory()
    testimony = TestimonyFactory(title="Atamın son günü")
    assert "Atamın son günü" not in text(fetch(client, victim.get_absolute_url()))
    testimony.victims.add(victim)
    assert "Atamın son günü" in text(fetch(client, victim.get_absolute_url()))
    testimony.victims.remove(victim)
    assert "Atamın son günü" not in text(fetch(client, victim.get_absolute_url()))


def test_withholding_a_photograph_shows_at_once(client):
    victim = VictimFactory()
    media = attach_media(victim, role="portrait", alt_text="Portret")
    assert media.get_absolute_url() in text(fetch(client, victim.get_absolute_url()))
    media_files_withhold(files=[media], withheld=True, reason="The family asked")
    assert media.get_absolute_url() not in text(fetch(client, victim.get_absolute_url()))


def test_places_and_timeline_events_show_at_once(client):
    place = PlaceFactory(name_az="Salyan kazarmaları", name_en="Salyan barracks")
    VictimFactory(incident_place=place)
    assert "Salyan barracks" in text(fetch(client, "/en/places/"))
    place.name_en = "Salyan military barracks"
    place.save()
    assert "Salyan military barracks" in text(fetch(client, "/en/places/"))
    event = EventFactory(title_en="Troops enter the city")
    assert "Troops enter the city" in text(fetch(client, "/en/timeline/"))
    event.title_en = "Soviet troops enter Baku"
    event.save()
    assert "Soviet troops enter Baku" in text(fetch(client, "/en/timeline/"))


def test_an_embargo_opens_on_its_day_without_a_save(client, monkeypatch):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    victim = VictimFactory(surname_az="Möhlətov", embargo_until=tomorrow)
    DocumentFactory(title="Möhlətli sənəd", embargo_until=tomorrow)
    assert fetch(client, victim.get_absolute_url()).status_code == 404
    assert "Möhlətov" not in text(fetch(client, "/en/victims/"))
    assert "Möhlətli sənəd" not in text(fetch(client, "/en/documents/"))
    later = timezone.now() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert fetch(client, victim.get_absolute_url()).status_code == 200
    assert "Möhlətov" in text(fetch(client, "/en/victims/"))
    assert "Möhlətli sənəd" in text(fetch(client, "/en/documents/"))


def test_loading_and_removing_the_demonstration_data_show_at_once(client):
    assert "demonstration" not in text(fetch(client, "/en/victims/")).lower()
    call_command("load_demo", verbosity=0)
    loaded = text(fetch(client, "/en/victims/"))
    assert "invented demonstration data — not real people" in loaded
    call_command("remove_demo", verbosity=0)
    assert "invented demonstration data — not real people" not in text(fetch(client, "/en/victims/"))


def test_signed_in_staff_are_answered_afresh_and_privately(client, curator):
    victim = VictimFactory()
    path = victim.get_absolute_url()
    fetch(client, path)
    client.force_login(curator)
    staff = fetch(client, path)
    assert len(staff.queries) > 1
    assert "private" in staff["Cache-Control"] and "public" not in staff["Cache-Control"]


def test_public_pages_say_what_a_cdn_may_keep(client):
    VictimFactory()
    for response in (fetch(client, "/en/victims/"), fetch(client, "/en/victims/")):
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=60", "stale-while-revalidate=300"}
        assert response["ETag"].startswith('"')  # strong
        assert "Accept-Language" not in response.get("Vary", "")
        assert "Cookie" not in response.get("Vary", "")
        assert not response.cookies


def test_a_record_not_yet_public_is_not_kept_by_browsers(client, curator):
    victim = VictimFactory(status=Status.DRAFT)
    missing = fetch(client, victim.get_absolute_url())
    assert missing.status_code == 404
    assert missing["Cache-Control"] == "no-cache"  # a browser asks again, and sees the publication at once
    record_publish(record=victim, user=curator)
    assert fetch(client, victim.get_absolute_url()).status_code == 200


def test_a_page_the_visitor_has_is_answered_not_modified(client):
    victim = VictimFactory()
    for path, new_name in ((victim.get_absolute_url(), "Rauf"), ("/en/victims/", "Elçin")):
        etag = fetch(client, path)["ETag"]
        cached = fetch(client, path, if_none_match=etag)
        assert cached.status_code == 304 and cached.content == b""
        victim.given_name_az = new_name
        victim.save()
        assert fetch(client, path, if_none_match=etag).status_code == 200


@pytest.mark.parametrize("path", ["/submit/", "/en/review/", "/admin/login/", "/submissions/lost-link/"])
def test_private_pages_are_never_kept(client, reviewer, path):
    if "review" in path:
        client.force_login(reviewer)
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_pages_are_answered_when_the_cache_server_is_down(client, monkeypatch):
    victim = VictimFactory()

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(type(caches["default"]), "get", down)
    monkeypatch.setattr(type(caches["default"]), "set", down)
    assert fetch(client, victim.get_absolute_url()).status_code == 200
    assert victim.identifier in text(fetch(client, victim.get_absolute_url()))


def test_a_new_release_does_not_serve_pages_kept_by_the_old_one(client, settings):
    victim = VictimFactory()
    settings.RELEASE = "one"
    page_cache.release.cache_clear()
    fetch(client, victim.get_absolute_url())
    settings.RELEASE = "two"
    page_cache.release.cache_clear()
    assert len(fetch(client, victim.get_absolute_url()).queries) > 1
    page_cache.release.cache_clear()
