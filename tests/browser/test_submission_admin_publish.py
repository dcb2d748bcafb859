"""After a reviewer accepts a submission, a curator publishes its testimony through the admin, and the public sees
it (the journey test publishes through the service; this is the curator's own way, by the admin's pages)."""

import re

import pytest

from archive.models import Status, Testimony
from submissions.services import submission_accept, submission_claim
from tests.submissions_tests import samples
from tests.submissions_tests.conftest import incoming

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"
TEXT = "He went out on the night of 19 January and did not come back."


@pytest.fixture
def accepted_testimony(reviewer, make_submission) -> Testimony:
    recording = incoming("mother.wav", samples.wav_bytes(), "Our mother remembers")
    receipt = make_submission(files=[recording], testimony_text=TEXT, language="en")
    submission_claim(submission=receipt.submission, user=reviewer)
    return submission_accept(submission=receipt.submission, user=reviewer, title="Rauf Məmmədov, 19 January")


def test_a_curator_publishes_the_accepted_testimony_in_the_admin_and_the_public_sees_it(
    page, browser, live_server, curator, accepted_testimony
):
    testimony = accepted_testimony
    public_url = f"/en/testimonies/{testimony.identifier}/"
    visitor = browser.new_context(base_url=live_server.url).new_page()
    assert visitor.goto(public_url).status == 404  # a draft

    page.goto("/en/admin/login/?next=/en/admin/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    page.wait_for_url("**/en/admin/")

    # Open the accepted testimony from the list of testimonies.
    page.get_by_role("link", name="Testimonies", exact=True).first.click()
    page.get_by_role("link", name=testimony.identifier).click()
    page.wait_for_url(f"**/admin/archive/testimony/{testimony.pk}/change/")
    assert page.locator("#id_transcript").input_value() == TEXT
    assert "Draft" in page.locator("main").inner_text()

    # Publish it with the changelist action.
    page.go_back()
    page.locator(f"input[name=_selected_action][value='{testimony.pk}']").check()
    page.select_option("select[name=action]", label="Publish the selected testimonies")
    page.get_by_role("button", name="Go").click()
    assert "Published: 1." in page.locator(".messagelist").inner_text()

    testimony.refresh_from_db()
    assert testimony.status == Status.PUBLISHED
    assert Testimony.objects.public().filter(pk=testimony.pk).exists()
    response = visitor.goto(public_url)
    assert response.status == 200
    main = visitor.locator("main").inner_text()
    assert "Rauf Məmmədov, 19 January" in main and TEXT in main
    assert visitor.locator("audio").count() == 1
    visitor.context.close()
