"""A browser whose language is Russian or English is offered that language on its first visit: a notice with a
link to the same page, never a redirect."""

import pytest

from tests.browser.conftest import watch_content_security_policy
from tests.factories import VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def open_in(browser, live_server, locale: str):
    context = browser.new_context(base_url=live_server.url, locale=locale)
    page = context.new_page()
    return context, page, watch_content_security_policy(page)


def test_a_russian_browser_is_offered_the_russian_page_once(browser, live_server, accessibility_violations):
    victim = VictimFactory(surname_az="Məmmədova", surname_ru="Мамедова", given_name_ru="Лейла")
    context, page, violations = open_in(browser, live_server, "ru-RU")
    response = page.goto(f"/victims/{victim.identifier}/")
    assert response.status == 200 and page.url.endswith(f"/victims/{victim.identifier}/")  # no redirect
    offer = page.locator('[data-language-offer="ru"]')
    assert offer.is_visible()
    assert "Эта страница есть и на русском языке" in offer.inner_text()
    assert accessibility_violations(page) == []
    offer.get_by_role("link").click()
    page.wait_for_url(f"**/ru/victims/{victim.identifier}/")
    assert "Мамедова Лейла" in page.locator("h1").inner_text()

    page.goto("/")  # offered once: not on every page after
    assert not page.locator('[data-language-offer="ru"]').is_visible()
    context.close()
    assert not violations


def test_the_offer_can_be_declined(browser, live_server):
    context, page, violations = open_in(browser, live_server, "en-GB")
    page.goto("/")
    offer = page.locator('[data-language-offer="en"]')
    assert offer.is_visible()
    offer.get_by_role("button").click()
    assert not offer.is_visible()
    context.close()
    assert not violations


@pytest.mark.parametrize("locale", ["az-AZ", "de-DE"])
def test_nothing_is_offered_to_a_reader_of_the_page_or_of_no_site_language(browser, live_server, locale):
    context, page, _violations = open_in(browser, live_server, locale)
    for path in ("/", "/en/") if locale == "de-DE" else ("/",):
        page.goto(path)
        assert page.locator("[data-language-offer]:visible").count() == 0, path
    context.close()
