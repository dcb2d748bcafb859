"""A visitor changes language, reads about the archive and meets a missing page, in a real Chromium."""

import pytest

from tests.factories import VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_switches_language_on_a_victim_page_and_stays_on_it(page):
    victim = VictimFactory(surname_az="Cəfərov", given_name_az="Rauf", surname_en="Jafarov", given_name_en="Rauf")
    path = f"/victims/{victim.identifier}/"

    page.goto(f"/en{path}")
    page.get_by_role("link", name="Русский", exact=True).click()
    page.wait_for_url(f"**/ru{path}")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("navigation", name="Основная навигация").get_by_role("link", name="Имена").is_visible()

    page.get_by_role("link", name="Azərbaycanca", exact=True).click()
    page.wait_for_url(f"**{path}")
    assert page.url.endswith(path) and "/ru/" not in page.url and "/en/" not in page.url
    assert page.locator("html").get_attribute("lang") == "az"
    assert page.locator("h1").inner_text().startswith("Cəfərov Rauf")

    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url(f"**/en{path}")
    assert page.locator("html").get_attribute("lang") == "en"


def test_keyboard_user_can_skip_to_the_content(page):
    page.goto("/en/about/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()  # shown when focused, hidden otherwise
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/about/#main")  # the jump is asynchronous; waiting fails the test if it never comes


@pytest.mark.parametrize("path", ["/about/", "/en/about/", "/ru/privacy/", "/en/victims/V-999999/", "/ru/nowhere/"])
def test_about_and_error_pages_have_no_serious_accessibility_violations(page, accessibility_violations, path):
    page.goto(path)
    assert accessibility_violations(page) == [], path


@pytest.mark.parametrize("path", ["/en/", "/ru/methodology/"])
def test_pages_fit_a_320_pixel_wide_screen(page, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, path
