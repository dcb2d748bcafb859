"""A father and three sons: "Add another person" adds rows to the form (with the "is this the person?" suggestions),
and every person reaches the reviewer."""

import re

import pytest

from submissions.models import Submission
from tests.factories import VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0


def test_the_family_adds_two_more_rows_and_the_reviewer_sees_every_person(
    page, browser, live_server, reviewer, accessibility_violations
):
    huseynov = VictimFactory(surname_az="Hüseynov", given_name_az="Elçin", surname_ru="Гусейнов")
    page.goto("/en/submit/")
    add = page.get_by_role("button", name="Add another person")
    status = page.locator("[data-people-status]")
    assert status.get_attribute("role") == "status"

    page.get_by_label("Your name").fill("Leyla Məmmədova")
    page.get_by_label("Your e-mail").fill("leyla@example.org")
    page.locator("#id_person_name").fill("Rauf Məmmədov")
    page.get_by_text("Person 2").click()
    page.locator("#id_others-0-person_name").fill("Anar Məmmədov")

    add.click()  # the form's own empty row first
    third = page.locator("#id_others-1-person_name")
    assert third.evaluate("field => document.activeElement === field")
    assert "Person 3 added" in status.inner_text()
    assert page.locator("[name=others-TOTAL_FORMS]").input_value() == "2"
    third.fill("Vüqar Məmmədov")

    add.click()  # then a new row
    fourth = page.locator("#id_others-2-person_name")
    assert page.get_by_text("Person 4", exact=True).is_visible()
    assert fourth.get_attribute("role") == "combobox"  # the suggestions are set up in the new row
    assert fourth.evaluate("field => document.activeElement === field")  # focus moved to the new row
    assert "Person 4 added" in status.inner_text()
    fourth.press_sequentially("Гусейнов", delay=30)
    page.locator("#others-2-suggest-list").get_by_role("option").first.wait_for()
    fourth.press("ArrowDown")
    fourth.press("Enter")
    assert page.locator("#id_others-2-victim").input_value() == huseynov.identifier
    assert page.locator("[name=others-TOTAL_FORMS]").input_value() == "3"
    assert accessibility_violations(page) == []

    page.get_by_label("Your testimony").fill("My husband and our sons went out on the night of 19 January.")
    page.get_by_label("The archive may publish my testimony with my name.").check()
    page.get_by_label("The photographs and recordings I send must not be shown").check()
    page.locator("#id_rights_confirmed").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/submit/received/")
    reference = page.locator("[data-reference]").inner_text().strip()
    submission = Submission.objects.get(reference=reference)
    assert [(p.position, p.person_name, p.victim) for p in submission.others.all()] == [
        (1, "Anar Məmmədov", None),
        (2, "Vüqar Məmmədov", None),
        (3, huseynov.full_name, huseynov),
    ]

    staff = browser.new_context(base_url=live_server.url).new_page()
    staff.goto("/en/admin/login/?next=/en/review/")
    staff.fill("#id_username", "reviewer")
    staff.fill("#id_password", PASSWORD)
    staff.get_by_role("button", name=re.compile("Log in", re.I)).click()
    staff.wait_for_url("**/en/review/")
    staff.get_by_role("link", name=reference).click()
    about = staff.locator("section[aria-labelledby=person-heading]").inner_text()
    for name in ("Rauf Məmmədov", "Anar Məmmədov", "Vüqar Məmmədov", huseynov.full_name):
        assert name in about
    assert [heading.strip() for heading in staff.locator("[data-other-person] h3").all_inner_texts()] == [
        "Person 2",
        "Person 3",
        "Person 4",
    ]
    staff.context.close()


def test_the_button_stops_at_the_limit_and_says_why(page):
    page.goto("/en/submit/")
    add = page.get_by_role("button", name="Add another person")
    for _ in range(10):  # the form's two empty rows open first, then eight new ones: it takes ten
        add.click()
    assert page.locator("[name=others-TOTAL_FORMS]").input_value() == "10"
    assert add.is_disabled()
    assert "This form takes at most 10 more people" in page.locator("[data-people-status]").inner_text()


def test_on_the_status_page_the_family_adds_a_person_chosen_from_the_suggestions(
    page, make_submission, accessibility_violations
):
    huseynov = VictimFactory(surname_az="Hüseynov", given_name_az="Elçin", surname_ru="Гусейнов")
    receipt = make_submission(person_name="Rauf Məmmədov", new_surname="", new_given_name="")
    page.goto(f"/en/submissions/{receipt.token}/")
    section = page.locator("section[aria-labelledby=add-person-heading]")
    box = section.get_by_role("combobox", name="Name of the person")
    assert not section.locator("#id_person-victim").is_visible()  # the list is the no-JavaScript fallback
    assert accessibility_violations(page) == []

    box.press_sequentially("Гусейнов", delay=30)
    section.get_by_role("option").first.wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    assert section.locator("#id_person-victim").input_value() == huseynov.identifier
    chosen = section.locator("[data-victim-chosen]")
    assert chosen.is_visible() and huseynov.full_name in chosen.inner_text()
    assert chosen.get_by_role("link").get_attribute("target") == "_blank"
    section.get_by_role("button", name="Add this person").click()

    page.wait_for_url(f"**/en/submissions/status/{receipt.submission.reference}/#top")
    assert huseynov.full_name in page.locator("section[aria-labelledby=sent-heading]").inner_text()
    assert [person.victim for person in receipt.submission.others.all()] == [huseynov]
