"""On the submission form, "is this the person?": the family types a name in any script, the archive offers the
matching public victims, and the choice is made with the keyboard alone."""

import re

import pytest

from archive.models import Status
from submissions.models import Submission
from tests.factories import PlaceFactory, VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0


def test_the_family_chooses_victims_from_the_suggestions_with_the_keyboard(page, accessibility_violations):
    place = PlaceFactory(name_en="Salyan barracks")
    hasanov = VictimFactory(
        surname_az="Həsənov", given_name_az="Əli", surname_ru="Гасанов", given_name_ru="Али",
        birth_date="1962", death_date="1990-01-20", incident_place=place,
    )  # fmt: skip
    huseynov = VictimFactory(surname_az="Hüseynov", given_name_az="Elçin", surname_ru="Гусейнов")
    VictimFactory(surname_az="Həsənov", given_name_az="Vüqar", surname_ru="Гасанов", status=Status.DRAFT)

    page.goto("/en/submit/")
    assert not page.locator("#id_victim").is_visible()  # the list is the no-JavaScript fallback
    box = page.get_by_role("combobox", name="Name of the person")
    status = page.locator("[data-victim-picker]").first.locator("[data-victim-status]")
    assert status.get_attribute("aria-live") == "polite"

    box.press_sequentially("Гасанов", delay=30)
    options = page.get_by_role("listbox", name="Is this the person?").get_by_role("option")
    options.first.wait_for()
    texts = options.all_inner_texts()
    assert len(texts) == 1, texts  # the unpublished Həsənov is not offered
    assert "Həsənov Əli" in texts[0]
    assert "1962 – 1990-01-20" in texts[0] and "Salyan barracks" in texts[0] and hasanov.identifier in texts[0]
    assert box.get_attribute("aria-expanded") == "true"
    assert "found in the archive" in status.inner_text()
    assert accessibility_violations(page) == []

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    assert options.first.get_attribute("aria-selected") == "true"
    box.press("Enter")  # chooses; does not send the form
    assert page.url.endswith("/en/submit/")
    assert page.locator("#id_victim").input_value() == hasanov.identifier
    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "Həsənov Əli"
    chosen = page.locator("[data-victim-chosen]").first
    assert chosen.is_visible() and "Həsənov Əli" in chosen.inner_text()
    assert "1962 – 1990-01-20 · Salyan barracks · " + hasanov.identifier in chosen.inner_text()
    link = chosen.get_by_role("link", name=re.compile("Həsənov Əli.*new tab"))
    assert link.get_attribute("href") == f"/en/victims/{hasanov.identifier}/"
    assert link.get_attribute("target") == "_blank"
    assert chosen.get_by_role("button", name="Not this person").is_visible()
    assert "Chosen from the archive" in status.inner_text()

    # Escape closes the list without choosing; "Not this person" undoes a choice.
    box.fill("")
    box.press_sequentially("Guseyn", delay=30)
    options.first.wait_for()
    assert page.locator("#id_victim").input_value() == ""  # typing another name drops the earlier choice
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("#id_victim").input_value() == ""
    box.fill("")
    box.press_sequentially("Гасанов", delay=30)
    options.first.wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    assert page.locator("#id_victim").input_value() == hasanov.identifier

    # A second person, in the optional rows.
    page.get_by_text("Person 2").click()
    second = page.get_by_role("combobox", name="Name of the person").nth(1)
    second.press_sequentially("Huseynov", delay=30)
    page.get_by_role("listbox", name="Is this the person?").get_by_role("option").first.wait_for()
    second.press("ArrowDown")
    second.press("Enter")
    assert page.locator("#id_others-0-victim").input_value() == huseynov.identifier

    page.get_by_label("Your name").fill("Leyla Həsənova")
    page.get_by_label("Your e-mail").fill("leyla@example.org")
    page.get_by_label("Your testimony").fill("My brother and his friend went out on the night of 19 January.")
    page.get_by_label("The archive may publish my testimony without my name").check()
    page.get_by_label("Initials or pseudonym").fill("L. H.")
    page.get_by_label("The photographs and recordings I send must not be shown").check()
    page.locator("#id_rights_confirmed").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/submit/received/")
    reference = page.locator("[data-reference]").inner_text().strip()
    assert re.fullmatch(r"\w{3}-\w{3}", reference)
    submission = Submission.objects.get(reference=reference)
    assert submission.victim == hasanov
    assert [person.victim for person in submission.others.all()] == [huseynov]
    assert submission.pseudonym == "L. H."


def test_without_matches_the_name_is_kept_as_typed_and_said_so(page):
    page.goto("/en/submit/")
    box = page.get_by_role("combobox", name="Name of the person")
    box.press_sequentially("Zzyzx", delay=30)
    status = page.locator("[data-victim-status]").first
    status.filter(has_text="No one found").wait_for()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "Zzyzx"


def _fill_the_rest(page) -> None:
    page.get_by_label("Your name").fill("Leyla Məmmədova")
    page.get_by_label("Your e-mail").fill("leyla@example.org")
    page.get_by_label("Your testimony").fill("My brother went out on the night of 19 January.")
    page.get_by_label("The archive may publish my testimony with my name.").check()
    page.get_by_label("The photographs and recordings I send must not be shown").check()
    page.locator("#id_rights_confirmed").check()


def test_typed_in_russian_the_person_is_chosen_and_the_reviewer_sees_them_linked(
    page, browser, live_server, reviewer, accessibility_violations
):
    VictimFactory.create_batch(40)  # the page lists none of them
    rauf = VictimFactory(
        surname_az="Məmmədov", given_name_az="Rauf", surname_ru="Мамедов", given_name_ru="Рауф",
        birth_date="1968", death_date="1990-01-20",
    )  # fmt: skip
    page.goto("/en/submit/")
    assert page.locator("#id_victim option").count() == 0
    box = page.get_by_role("combobox", name="Name of the person")
    box.press_sequentially("Мамедов", delay=30)
    options = page.locator("#person-suggest-list").get_by_role("option")
    options.first.wait_for()
    assert "Məmmədov Rauf" in options.first.inner_text()
    box.press("ArrowDown")
    box.press("Enter")
    assert page.locator("#id_victim").input_value() == rauf.identifier
    chosen = page.locator("[data-victim-chosen]").first
    assert chosen.is_visible() and "Məmmədov Rauf" in chosen.inner_text() and "1968 – 1990-01-20" in chosen.inner_text()
    assert accessibility_violations(page) == []

    _fill_the_rest(page)
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/submit/received/")
    reference = page.locator("[data-reference]").inner_text().strip()
    assert Submission.objects.get(reference=reference).victim == rauf

    staff = browser.new_context(base_url=live_server.url).new_page()
    staff.goto("/en/admin/login/?next=/en/review/")
    staff.fill("#id_username", "reviewer")
    staff.fill("#id_password", PASSWORD)
    staff.get_by_role("button", name=re.compile("Log in", re.I)).click()
    staff.wait_for_url("**/en/review/")
    staff.get_by_role("link", name=reference).click()
    about = staff.locator("section[aria-labelledby=person-heading]")
    assert about.get_by_role("link", name=str(rauf)).first.get_attribute("href") == f"/en/victims/{rauf.identifier}/"
    staff.context.close()


def test_from_a_victims_page_the_person_comes_chosen_and_can_be_unchosen(page, browser, live_server):
    rauf = VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", birth_date="1968", death_date="1990-01-20")
    page.goto(f"/en/victims/{rauf.identifier}/")
    page.get_by_role("link", name="Share a testimony or photos about this person").click()
    page.wait_for_url(f"**/en/submit/?victim={rauf.identifier}")
    box = page.get_by_role("combobox", name="Name of the person")
    chosen = page.locator("[data-victim-chosen]").first
    assert box.input_value() == "Məmmədov Rauf"
    assert chosen.is_visible() and "1968 – 1990-01-20" in chosen.inner_text()
    assert not page.locator("#id_victim").is_visible()
    assert not chosen.get_by_text("Empty the number field").is_visible()  # the button does it here
    chosen.get_by_role("button", name="Not this person").click()
    assert page.locator("#id_victim").input_value() == ""
    assert not chosen.is_visible()
    assert "No person chosen" in page.locator("[data-victim-status]").first.inner_text()
    assert box.evaluate("field => document.activeElement === field")

    # Without JavaScript: the person is shown, and the number field is there to empty.
    plain = browser.new_context(base_url=live_server.url, java_script_enabled=False).new_page()
    plain.goto(f"/en/submit/?victim={rauf.identifier}")
    chosen = plain.locator("[data-victim-chosen]").first
    assert chosen.is_visible() and "Məmmədov Rauf" in chosen.inner_text()
    assert chosen.get_by_text("Empty the number field").is_visible()
    assert not chosen.get_by_role("button", name="Not this person").is_visible()  # it needs the script
    number = plain.get_by_label("The person's number in the archive").first
    assert number.is_visible() and number.input_value() == rauf.identifier
    number.fill("")
    plain.locator("#id_person_name").fill("Rauf Məmmədov")
    _fill_the_rest(plain)
    plain.get_by_role("button", name="Send").click()
    plain.wait_for_url("**/submit/received/")
    reference = plain.locator("[data-reference]").inner_text().strip()
    submission = Submission.objects.get(reference=reference)
    assert submission.victim is None and submission.person_name == "Rauf Məmmədov"
    plain.context.close()


def test_on_a_phone_the_suggestions_open_where_they_can_be_seen(page):
    VictimFactory(surname_az="Hüseynov", given_name_az="Elçin", surname_ru="Гусейнов")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en/submit/")
    field = page.locator("#id_person_name")
    # The field near the bottom of the screen, where a list opening below it would fall off.
    field.evaluate("field => window.scrollTo(0, field.getBoundingClientRect().top + window.scrollY - 760)")
    assert 700 < field.bounding_box()["y"] < 800
    field.press_sequentially("Гусейнов", delay=30)
    popup = page.locator("[data-victim-popup]").first
    popup.get_by_role("option").first.wait_for()
    # Wait for any smooth scrolling to settle, then the whole list must be on the screen.
    page.wait_for_function(
        "popup => { const box = popup.getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight + 1; }",
        arg=popup.element_handle(),
        timeout=3000,
    )
