"""On the submission form, "is this the person?": the family types a name in any script, the archive offers the
matching public victims, and the choice is made with the keyboard alone."""

import re

import pytest

from archive.models import Status
from submissions.models import Submission
from tests.factories import PlaceFactory, VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


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
