"""From a family's submission to a published testimony linked to the victim the archive holds, in a few page loads:
the curator opens the queue, the submission, claims it and accepts and publishes at once, the likely victim chosen."""

import re

import pytest

from archive.models import Document, Status, Testimony, Victim
from submissions.models import Submission
from tests.factories import VictimFactory
from tests.submissions_tests import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"
MOST_PAGE_LOADS = 6  # from the queue to "published"


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0


def send_from_the_public_form(page) -> str:
    page.goto("/en/submit/")
    page.get_by_label("Your name").fill("Leyla Məmmədova")
    page.get_by_label("Your e-mail").fill("leyla@example.org")
    page.get_by_label("Your relationship to the person").fill("sister")
    page.locator("#id_person_name").fill("Məmmədov Rauf")
    page.get_by_text("The person is not in the archive yet").first.click()
    page.locator("#id_new_surname").fill("Mamedov")  # as the family spells it
    page.locator("#id_new_given_name").fill("Rauf")
    page.locator("#id_new_death_date").fill("1990-01-20")
    page.get_by_label("Your testimony").fill("He went out on the night of 19 January and did not come back.")
    for number, name in enumerate(("home.jpg", "school.jpg")):
        photo = {"name": name, "mimeType": "image/jpeg", "buffer": samples.jpeg_with_gps(color="blue")}
        page.set_input_files(f"#id_files-{number}-file", photo)
    page.get_by_label("The archive may publish my testimony with my name.").check()
    page.get_by_label("The photographs and recordings I send may be shown to the public with the testimony.").check()
    page.locator("#id_rights_confirmed").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/submit/received/")
    return page.locator("[data-reference]").inner_text().strip()


def test_a_curator_goes_from_the_queue_to_published_in_few_page_loads(page, browser, live_server, curator):
    known = VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_ru="Мамедов", death_date="1990-01-20")
    reference = send_from_the_public_form(page)

    staff = browser.new_context(base_url=live_server.url)
    desk = staff.new_page()
    desk.goto("/en/admin/login/?next=/en/review/")
    desk.fill("#id_username", "curator")
    desk.fill("#id_password", PASSWORD)
    desk.get_by_role("button", name=re.compile("Log in", re.I)).click()
    desk.wait_for_url("**/en/review/")

    loads = []
    desk.on("load", lambda loaded: loads.append(loaded.url))
    desk.goto("/en/review/")
    desk.get_by_role("link", name=reference).first.click()
    desk.wait_for_load_state()
    desk.get_by_role("button", name="Claim").click()
    desk.wait_for_load_state()
    chosen = desk.locator(f"input[name=person][value='{known.identifier}']")
    assert chosen.is_checked()  # the strong match, said so
    assert "a strong match" in desk.locator(".accept-form").inner_text()
    desk.get_by_role("button", name="Accept and publish").click()
    desk.wait_for_load_state()
    assert "Done." in desk.locator("main").inner_text()
    assert len(loads) <= MOST_PAGE_LOADS, loads

    submission = Submission.objects.get(reference=reference)
    testimony = submission.testimony
    assert testimony.status == Status.PUBLISHED
    assert list(testimony.victims.all()) == [known]
    documents = list(Document.objects.filter(testimonies=testimony))
    assert len(documents) == 2 and all(document.status == Status.PUBLISHED for document in documents)
    assert Victim.objects.count() == 1  # no second record of the same person
    assert known.variants.filter(name="Mamedov Rauf").exists()  # the family's spelling kept
    visitor = browser.new_context(base_url=live_server.url).new_page()
    assert visitor.goto(f"/en/testimonies/{testimony.identifier}/").status == 200
    assert visitor.goto(f"/en/victims/{known.identifier}/").status == 200
    assert testimony.title == "Məmmədov Rauf haqqında ifadə"
    assert Testimony.objects.public().filter(pk=testimony.pk).exists()
    visitor.context.close()
    staff.close()


def test_a_reviewer_is_not_offered_publishing(page, browser, live_server, reviewer, make_submission):
    submission = make_submission().submission
    page.goto("/en/admin/login/?next=/en/review/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    page.wait_for_url("**/en/review/")
    page.goto(f"/en/review/{submission.reference}/")
    page.get_by_role("button", name="Claim").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Accept", exact=True).count() == 1
    assert page.get_by_role("button", name="Accept and publish").count() == 0
