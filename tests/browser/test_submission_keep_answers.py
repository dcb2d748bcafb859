"""What the family typed survives a change of language and a return to the form, in this tab only, and is
forgotten once the testimony has been received."""

import re

import pytest

from submissions.models import Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0


def test_answers_survive_a_language_switch_and_are_forgotten_once_sent(page):
    page.goto("/en/submit/")
    page.get_by_label("Your name").fill("Leyla Məmmədova")
    page.get_by_label("Your e-mail").fill("leyla@example.org")
    page.locator("#id_person_name").fill("Rauf Məmmədov")
    page.locator("#id_person_name").press("Escape")
    page.locator("#id_testimony_text").fill("My brother went out on the night of 19 January.")
    page.get_by_label("The archive may publish my testimony with my name.").check()

    page.get_by_role("link", name="Русский", exact=True).click()
    page.wait_for_url(re.compile(r"/ru/submit/"))
    assert page.locator("#id_submitter_name").input_value() == "Leyla Məmmədova"
    assert page.locator("#id_testimony_text").input_value() == "My brother went out on the night of 19 January."
    assert page.locator("#id_person_name").input_value() == "Rauf Məmmədov"
    assert page.locator("input[name='consent']:checked").count() == 1

    page.locator("input[name='media_consent']").first.check()
    page.locator("#id_rights_confirmed").check()
    page.locator("form.submit-form button[type='submit']").last.click()
    page.wait_for_url(re.compile(r"/submit/received/"))
    assert Submission.objects.get().testimony_text == "My brother went out on the night of 19 January."

    page.goto("/en/submit/")
    assert page.locator("#id_submitter_name").input_value() == ""
    assert page.locator("#id_testimony_text").input_value() == ""


def test_answers_are_not_shared_with_another_tab_or_visitor(page):
    page.goto("/en/submit/")
    page.get_by_label("Your name").fill("Leyla Məmmədova")
    page.get_by_label("Your name").blur()
    page.wait_for_timeout(400)
    other = page.context.browser.new_context(base_url=page.url.split("/en/")[0]).new_page()
    other.goto("/en/submit/")
    assert other.locator("#id_submitter_name").input_value() == ""
    other.context.close()


def test_people_added_with_the_button_come_back_after_a_language_switch(page):
    page.goto("/en/submit/")
    add = page.get_by_role("button", name="Add another person")
    for _ in range(3):  # Person 2 and 3 (the form's own rows), then a new Person 4
        add.click()
    page.locator("#id_others-2-person_name").fill("Vüqar Məmmədov")
    page.locator("#id_others-2-person_name").press("Escape")

    page.get_by_role("link", name="Русский", exact=True).click()
    page.wait_for_url(re.compile(r"/ru/submit/"))
    fourth = page.locator("#id_others-2-person_name")
    assert fourth.input_value() == "Vüqar Məmmədov" and fourth.is_visible()
    assert page.locator("[name=others-TOTAL_FORMS]").input_value() == "3"
    assert page.locator("[data-people-status]").inner_text() == ""
