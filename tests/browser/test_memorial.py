"""A visitor browses the memorial in a real Chromium."""

import pytest

from archive.models import Access
from tests.factories import PlaceFactory, VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_goes_from_the_home_page_to_a_victim_and_reads_it_in_english(page):
    place = PlaceFactory(name_az="Bakı", name_en="Baku", name_ru="Баку")
    VictimFactory(surname_az="Əliyev", given_name_az="Zaur", surname_en="Aliyev", incident_place=place)
    victim = VictimFactory(
        surname_az="Cəfərov",
        given_name_az="Rauf",
        surname_ru="Джафаров",
        surname_en="Jafarov",
        given_name_en="Rauf",
        birth_date="1965",
        biography_az="Tərcümeyi-hal.",
        biography_en="A biography.",
        incident_place=place,
    )
    VictimFactory(surname_az="Gizliyev", status="draft")

    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Adlar").click()
    names = page.locator("main ol li a").all_inner_texts()
    assert names[:2] == ["Cəfərov Rauf", "Əliyev Zaur"]
    assert not any("Gizliyev" in name for name in names)

    page.get_by_role("link", name="Cəfərov Rauf").click()
    assert page.url.endswith(f"/victims/{victim.identifier}/")
    assert page.locator("h1").inner_text().startswith("Cəfərov Rauf")
    assert "Джафаров" in page.content()

    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url(f"**/en/victims/{victim.identifier}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "A biography." in page.locator("main").inner_text()


def test_public_pages_have_no_serious_accessibility_violations(page, accessibility_violations):
    victim = VictimFactory(surname_az="Nümunəli", access=Access.PUBLIC, birth_date="circa 1948")
    for path in ["/", "/victims/", victim.get_absolute_url(), "/en/victims/", "/ru/victims/"]:
        page.goto(path)
        assert accessibility_violations(page) == [], path
