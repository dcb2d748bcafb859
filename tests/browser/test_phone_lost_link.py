"""A family that gave only a phone number gets back to its status page in Chromium: from the lost-link page, by text
message, with the code texted to it; every page passes the axe audit."""

import re

import pytest

from submissions.models import Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0


def test_a_phone_only_family_recovers_its_status_link_with_a_texted_code(
    page, make_submission, sms_outbox, accessibility_violations
):
    receipt = make_submission(submitter_email="", submitter_phone="+994 50 123 45 67", language="en")
    reference = receipt.submission.reference
    sms_outbox.clear()

    page.goto("/en/submissions/lost-link/")
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Get a new link by text message").click()
    page.wait_for_url("**/en/submissions/lost-link/text/")
    assert accessibility_violations(page) == []
    page.get_by_label("Your reference").fill(reference.replace("-", "").lower())
    page.get_by_label("The phone number you gave").fill("050 123 45 67")
    page.get_by_role("button", name="Text me a code").click()

    page.wait_for_url("**/en/submissions/lost-link/text/code/")
    assert "we have texted a 6-digit code" in page.locator("[data-code-sent]").inner_text()
    assert accessibility_violations(page) == []
    [text] = sms_outbox
    code = re.search(r"\b(\d{6})\b", text.body).group(1)

    page.get_by_label("The code we texted you").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Open my status page").click()
    assert "You can try 4 more times" in page.locator("[data-code-refused]").inner_text()
    assert accessibility_violations(page) == []

    page.get_by_label("The code we texted you").fill(code)
    page.get_by_role("button", name="Open my status page").click()

    # The new link, shown once to keep, then the submission.
    assert "/en/submissions/" in page.locator("[data-status-link]").inner_text()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Go to my submission").click()
    page.wait_for_url(f"**/en/submissions/status/{reference}/")
    assert reference in page.content()
    assert accessibility_violations(page) == []
    assert Submission.objects.get().events.filter(action="link_reissued").count() == 1
