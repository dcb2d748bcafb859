"""An interview's index: the table of contents beside the player, the moments on a victim's page, search."""

from decimal import Decimal

import pytest

from archive.models import Access, IndexHyperlink, IndexPoint, MediaFile, Status
from tests.factories import PlaceFactory, TestimonyFactory, VictimFactory
from tests.memorial_tests.test_records import attach_recording, html, url

pytestmark = pytest.mark.django_db


def indexed_testimony(**values):
    testimony = TestimonyFactory(languages=["az"], **values)
    recording = attach_recording(testimony)
    MediaFile.objects.filter(pk=recording.pk).update(duration=Decimal("1200"))
    first = IndexPoint.objects.create(
        testimony=testimony,
        time=Decimal("0"),
        title_az="Giriş",
        title_en="Introduction",
        synopsis_en="The narrator introduces herself.",
    )
    second = IndexPoint.objects.create(
        testimony=testimony,
        time=Decimal("754"),
        title_az="Tanklar şəhərə girir",
        synopsis_en="Tanks enter the city at night.",
        keywords_en="tanks; curfew",
    )
    return testimony, first, second


def test_the_index_is_a_table_of_contents_that_opens_the_page_at_each_point(client):
    testimony, first, second = indexed_testimony()
    victim = VictimFactory()
    second.victims.add(victim, VictimFactory(status=Status.DRAFT))
    second.places.add(PlaceFactory(name_en="Baku"))
    IndexHyperlink.objects.create(point=second, url="https://example.org/tanks", text="About the tanks")
    page = html(client.get(url(testimony, "en")))
    assert '<h2 id="index-heading">Index</h2>' in page
    assert f'id="point-{second.pk}" data-start="754"' in page
    assert f'href="?t=754#point-{second.pk}"' in page
    assert f'href="?t=0#point-{first.pk}"' in page
    # Each point's citation: the identifier and the span, to the next point or the recording's end.
    assert f"{testimony.identifier}, 00:00–12:34" in page
    assert f"{testimony.identifier}, 12:34–20:00" in page
    # The English title where there is one, the Azerbaijani one marked as such where not.
    assert "Introduction" in page and '<span lang="az">Tanklar şəhərə girir</span>' in page
    assert "Keywords:</span> tanks; curfew" in page
    assert f'<a href="{victim.get_absolute_url()}">' in page
    assert 'href="https://example.org/tanks"' in page and "About the tanks" in page
    # The link opens the page at that moment: the recording starts there without JavaScript.
    opened = html(client.get(url(testimony, "en") + f"?t=754#point-{second.pk}"))
    assert "#t=754" in opened


def test_a_draft_victim_linked_to_a_point_is_not_named(client):
    testimony, _first, second = indexed_testimony()
    hidden = VictimFactory(status=Status.DRAFT)
    second.victims.add(hidden)
    assert hidden.get_absolute_url() not in html(client.get(url(testimony, "en")))


def test_the_index_is_shown_only_where_the_media_are_open(client):
    testimony, _first, _second = indexed_testimony(access=Access.METADATA)
    page = html(client.get(url(testimony, "en")))
    assert client.get(url(testimony, "en")).status_code == 200
    assert "index-heading" not in page and "Tanks enter the city" not in page


def test_a_victims_page_lists_the_moments_that_speak_of_them(client):
    testimony, _first, second = indexed_testimony()
    victim = VictimFactory()
    second.victims.add(victim)
    closed, _a, closed_point = indexed_testimony(access=Access.METADATA)
    closed_point.victims.add(victim)
    draft, _b, draft_point = indexed_testimony(status=Status.DRAFT)
    draft_point.victims.add(victim)
    page = html(client.get(url(victim, "en")))
    assert '<h2 id="moments-heading">Mentioned in</h2>' in page
    link = f"{url(testimony, 'en')}?t=754#point-{second.pk}"
    assert f'href="{link}"' in page
    assert closed.get_absolute_url() not in page.split("moments-heading")[1].split("</section>")[0]
    assert draft.identifier not in page
    # The link works: the testimony's page opens at the point.
    opened = client.get(link)
    assert opened.status_code == 200 and f'id="point-{second.pk}"' in html(opened)


def test_no_moments_section_for_a_victim_no_index_speaks_of(client):
    assert "moments-heading" not in html(client.get(url(VictimFactory(), "en")))


def test_search_finds_an_index_point_and_opens_the_testimony_at_it(client):
    testimony, _first, second = indexed_testimony()
    results = client.get("/api/v1/search/", {"q": "curfew", "kind": "testimonies"}).json()["results"]
    assert [hit["identifier"] for hit in results] == [testimony.identifier]
    assert results[0]["url"] == f"http://testserver{testimony.get_absolute_url()}?t=754#point-{second.pk}"
    assert "<mark>curfew</mark>" in results[0]["snippet"]


def test_search_does_not_find_the_index_of_a_testimony_whose_media_are_closed(client):
    indexed_testimony(access=Access.METADATA)
    assert client.get("/api/v1/search/", {"q": "curfew"}).json()["results"] == []


def test_a_point_taken_out_is_no_longer_found(client):
    _testimony, _first, second = indexed_testimony()
    second.delete()
    assert client.get("/api/v1/search/", {"q": "curfew"}).json()["results"] == []


def test_removing_the_demonstration_data_removes_its_index_and_history():
    from archive.demo.removal import remove_demo

    demo, _first, second = indexed_testimony(is_demo=True)
    IndexHyperlink.objects.create(point=second, url="https://example.org/")
    kept, _a, kept_point = indexed_testimony()
    remove_demo()
    assert set(IndexPoint.objects.values_list("testimony", flat=True)) == {kept.pk}
    assert not IndexPoint.history.filter(testimony_id=demo.pk).exists()
    assert not IndexHyperlink.history.exists()
    assert kept_point.history.exists()


def test_a_change_to_the_index_shows_at_once_on_the_kept_pages(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    testimony, _first, second = indexed_testimony()
    victim = VictimFactory()
    ohms = url(testimony, "en", "testimony_ohms")
    assert "Tanklar şəhərə girir" in html(client.get(url(testimony, "en")))
    assert "Tanklar şəhərə girir" in html(client.get(ohms))
    assert "moments-heading" not in html(client.get(url(victim, "en")))
    second.title_az = "Səhər"
    second.save()
    second.victims.add(victim)
    assert "Tanklar şəhərə girir" not in html(client.get(url(testimony, "en")))
    assert "Səhər" in html(client.get(ohms))
    assert "moments-heading" in html(client.get(url(victim, "en")))
