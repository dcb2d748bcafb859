"""The family's status page in Chromium: an error summary that takes the focus and leads to the field."""

import pytest

from submissions.models import Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def status_url(make_submission) -> str:
    receipt = make_submission(person_name="Rauf Məmmədov", language="en")
    return f"/en/submissions/{receipt.token}/"


def test_an_error_on_the_status_page_is_announced_focused_and_leads_to_the_field(
    page, status_url, accessibility_violations
):
    page.goto(status_url)
    page.get_by_role("button", name="Withdraw my submission").click()  # without ticking "Yes, withdraw"

    summary = page.get_by_role("alert")
    assert "Nothing was changed yet. Please check:" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash") == "#id_withdraw-confirm"
    assert accessibility_violations(page) == []
    assert Submission.objects.get().state == Submission.State.NEW
