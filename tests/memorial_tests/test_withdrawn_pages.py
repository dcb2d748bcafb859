"""A record withdrawn after the public saw it keeps its address: 410 Gone with its identifier, title, citation,
the date and a public note, nothing else of it, and it is in no list, search, feed, sitemap or API answer."""

from __future__ import annotations

import pytest
from django.test import Client

from archive.models import Access, Status
from archive.services import record_publish, record_withdraw
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db

BIOGRAPHY = "Worked at the port; loved the sea."


@pytest.fixture
def withdrawn(curator):
    victim = VictimFactory(
        status=Status.DRAFT,
        surname_az="Vəliyev",
        given_name_az="Emil",
        surname_ru="Велиев",
        given_name_ru="Эмиль",
        biography_en=BIOGRAPHY,
    )
    record_publish(record=victim, user=curator)
    record_withdraw(record=victim, user=curator, reason="internal: the family asked", public_note="")
    return victim


@pytest.mark.parametrize("prefix", ["", "/en", "/ru"])
def test_a_withdrawn_record_answers_gone_with_its_citation(client, withdrawn, prefix):
    response = client.get(f"{prefix}/victims/{withdrawn.identifier}/")
    assert response.status_code == 410
    page = response.content.decode()
    name = "Велиев Эмиль" if prefix == "/ru" else "Vəliyev Emil"  # in the reader's script
    assert withdrawn.identifier in page and name in page
    assert f"/victims/{withdrawn.identifier}/" in page  # the permanent address, in the citation
    assert BIOGRAPHY not in page  # nothing else of the record
    assert "internal: the family asked" not in page  # the reason stays internal
    assert 'name="robots" content="noindex"' in page
    assert response["Cache-Control"] == "no-cache"


def test_the_public_note_is_shown_instead_of_the_standard_wording(client, curator):
    document = DocumentFactory(status=Status.DRAFT, title="A letter of 1990")
    record_publish(record=document, user=curator)
    record_withdraw(record=document, user=curator, reason="copyright", public_note="Withdrawn at the owner's request.")
    page = client.get(f"/en/documents/{document.identifier}/").content.decode()
    assert "Withdrawn at the owner&#x27;s request." in page or "Withdrawn at the owner's request." in page
    assert "A letter of 1990" in page
    assert "The archive keeps it" not in page


def test_the_standard_wording_when_no_note_was_given(client, withdrawn):
    page = client.get(f"/en/victims/{withdrawn.identifier}/").content.decode()
    assert "This record was withdrawn from the public archive on" in page
    assert "The archive keeps it" in page


def test_a_record_never_public_stays_unknown(client, curator):
    draft = TestimonyFactory(status=Status.DRAFT, title="Never shown")
    record_withdraw(record=draft, user=curator, reason="not needed")
    assert client.get(f"/en/testimonies/{draft.identifier}/").status_code == 404
    private = VictimFactory(status=Status.DRAFT, access=Access.PRIVATE)
    record_publish(record=private, user=curator)
    record_withdraw(record=private, user=curator, reason="closed")
    assert client.get(f"/en/victims/{private.identifier}/").status_code == 404


def test_a_withdrawn_record_is_in_no_list_search_feed_sitemap_or_api(client, withdrawn):
    identifier = withdrawn.identifier
    for path in ("/en/victims/", "/en/", "/en/statistics/", "/en/feeds/recent/"):
        assert identifier not in client.get(path).content.decode(), path
    assert identifier not in client.get("/en/search/", {"q": "Vəliyev"}).content.decode()
    assert identifier not in client.get("/api/v1/search/", {"q": "Vəliyev"}).content.decode()
    sitemap = client.get("/sitemap-victims.xml").content.decode()
    assert identifier not in sitemap


def test_publishing_again_brings_the_page_back_at_once(client, withdrawn, curator):
    visitor = Client()
    assert visitor.get(f"/en/victims/{withdrawn.identifier}/").status_code == 410
    record_publish(record=withdrawn, user=curator)
    page = visitor.get(f"/en/victims/{withdrawn.identifier}/")
    assert page.status_code == 200 and BIOGRAPHY in page.content.decode()
