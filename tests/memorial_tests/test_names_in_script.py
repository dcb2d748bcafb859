"""Names in the reader's script: on Russian pages the Russian form, on English pages the English form, the
Azerbaijani one beside; fates that agree with the person's gender."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim():
    return VictimFactory(
        surname_az="Məmmədova",
        given_name_az="Leyla",
        surname_ru="Мамедова",
        given_name_ru="Лейла",
        surname_en="Mammadova",
        given_name_en="Leyla",
        gender="f",
        fate="killed",
    )


def heading(page: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)).strip()


@pytest.mark.parametrize(
    ("prefix", "shown", "beside"),
    [
        ("", "Məmmədova Leyla", None),
        ("/ru", "Мамедова Лейла", "Məmmədova Leyla"),
        ("/en", "Mammadova Leyla", "Məmmədova Leyla"),
    ],
)
def test_the_page_heading_is_in_the_readers_script(client, victim, prefix, shown, beside):
    page = client.get(f"{prefix}/victims/{victim.identifier}/").content.decode()
    assert heading(page).startswith(shown)
    assert f"<title>{shown}" in page
    if beside:
        assert f'<span class="name-beside" lang="az">({beside})</span>' in page
    else:
        assert "name-beside" not in page


def test_lists_search_and_citations_use_the_russian_form(client, victim):
    names = client.get("/ru/victims/").content.decode()
    assert "Мамедова Лейла</a>" in names
    found = client.get("/ru/search/", {"q": "Мамедова"}).content.decode()
    assert "Мамедова Лейла" in found
    page = client.get(f"/ru/victims/{victim.identifier}/").content.decode()
    citation = re.search(r'<p class="cite__text">(.*?)</p>', page, re.S).group(1)
    assert "Мамедова Лейла" in citation
    bibtex = client.get(f"/ru/victims/{victim.identifier}/cite.bib").content.decode()
    assert "Мамедова Лейла" in bibtex


def test_without_a_russian_form_the_azerbaijani_one_is_shown(client):
    only_az = VictimFactory(surname_az="Əliyev", given_name_az="Vüqar", surname_ru="", given_name_ru="")
    page = client.get(f"/ru/victims/{only_az.identifier}/").content.decode()
    assert heading(page).startswith("Əliyev Vüqar")
    assert "name-beside" not in page


def test_without_an_english_form_english_pages_use_latin_letters(client):
    only_ru = VictimFactory(
        surname_az="", given_name_az="", surname_ru="Ширинов", given_name_ru="Ильгар", surname_en=""
    )
    page = client.get(f"/en/victims/{only_ru.identifier}/").content.decode()
    assert heading(page).startswith("Şirinov İlqar")


@pytest.mark.parametrize(("gender", "words"), [("f", "Убита"), ("m", "Убит"), ("", "Убит(а)")])
def test_fates_agree_with_the_gender_in_russian(client, gender, words):
    victim = VictimFactory(gender=gender, fate="killed")
    page = client.get(f"/ru/victims/{victim.identifier}/").content.decode()
    assert re.search(rf"<dd>{re.escape(words)}</dd>", page)
    with translation.override("az"):
        assert victim.fate_label == "Həlak olub"  # Azerbaijani has no gender to agree with
