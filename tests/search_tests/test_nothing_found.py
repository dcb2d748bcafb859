"""When a search finds nothing: other questions from the archive's own names, and a way to tell the archive about
the person."""

import re

import pytest

from search import selectors
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db


def page_of(client, q: str) -> str:
    return client.get("/en/search/", {"q": q}).content.decode()


def test_a_name_too_far_for_a_typo_is_offered_as_the_nearest_name(client):
    VictimFactory(surname_az="Qəhrəmanov", given_name_az="Vaqif", surname_ru="")
    results = selectors.search("Kəramanzadə", selectors.Filters())
    assert results.total == 0
    assert [item.q for item in results.alternatives][:1] == ["Qəhrəmanov"]
    page = page_of(client, "Kəramanzadə")
    assert "Did you mean:" in page
    assert re.search(r'<a href="\?q=Q%C9%99hr%C9%99manov">Qəhrəmanov</a>', page)


def test_words_no_one_holds_together_are_offered_apart(client):
    VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_ru="")
    VictimFactory(surname_az="Əliyev", given_name_az="Zaur", surname_ru="")
    results = selectors.search("Məmmədov Zaur", selectors.Filters())
    assert results.total == 0
    assert {item.q for item in results.alternatives} == {"məmmədov", "zaur"}
    assert all(item.count == 1 for item in results.alternatives)


def test_nothing_is_offered_that_would_find_nothing(client):
    VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_ru="")
    results = selectors.search("Xyzqwv", selectors.Filters())
    assert results.alternatives == []
    assert "Did you mean" not in page_of(client, "Xyzqwv")


def test_a_search_that_finds_offers_no_alternatives():
    VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_ru="")
    assert selectors.search("Məmmədov", selectors.Filters()).alternatives == []


def test_tell_the_archive_about_the_person_opens_the_form_with_the_name(client):
    page = page_of(client, "Hüseynov Elçin")
    link = re.search(r'<a href="([^"]+)">Tell the archive about this person</a>', page).group(1)
    assert link.startswith("/en/submit/?name=")
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert re.search(r'id="id_person_name"[^>]*value="Hüseynov Elçin"', form) or re.search(
        r'value="Hüseynov Elçin"[^>]*id="id_person_name"', form
    )
