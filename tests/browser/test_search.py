"""A visitor searches the archive in a real Chromium, with the keyboard."""

import pytest

from tests.factories import TestimonyFactory, VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_suggestions_are_chosen_with_the_keyboard_and_lead_to_the_victim(page):
    VictimFactory(surname_az="Hüseynov", given_name_az="Əli", surname_ru="Гусейнов")
    victim = VictimFactory(surname_az="Həsənov", given_name_az="Əli", surname_ru="Гасанов", given_name_ru="Али")

    page.goto("/en/")
    box = page.get_by_role("combobox", name="Search the archive")
    box.press_sequentially("Гасанов Ал", delay=30)
    options = page.get_by_role("listbox").get_by_role("option")
    options.first.wait_for()
    assert options.all_inner_texts()[0] == "Həsənov Əli"
    assert box.get_attribute("aria-expanded") == "true"

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    assert options.first.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(f"**/en/victims/{victim.identifier}/")


def test_escape_closes_the_suggestions_and_enter_submits_the_form(page):
    VictimFactory(surname_az="Cəfərov", given_name_az="Rauf")
    page.goto("/en/")
    box = page.get_by_role("combobox", name="Search the archive")
    box.press_sequentially("Jafar", delay=30)
    page.get_by_role("listbox").get_by_role("option").first.wait_for()
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")
    page.wait_for_url("**/en/search/?q=Jafar")
    assert page.get_by_role("link", name="Cəfərov Rauf").is_visible()


def test_results_page_has_no_serious_accessibility_violations(page, accessibility_violations):
    VictimFactory(surname_az="Məmmədov", given_name_az="Tofiq")
    TestimonyFactory(title="Məmmədovun xatirəsi", summary_en="Mammadov's family remembers.")
    for path in ["/en/search/?q=Mammadov", "/search/?q=Мамедов&kind=victims", "/ru/search/", "/en/search/?q=zzz"]:
        page.goto(path)
        assert accessibility_violations(page) == [], path
