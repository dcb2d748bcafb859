"""The submit page checks what the server requires before sending, so a long recording is not uploaded only to be
refused; and a page restored by the Back button can be sent again."""

import re

import pytest

from submissions.models import Submission
from tests.submissions_tests import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0


def fill_all_but_the_rights_box(page) -> None:
    page.get_by_label("Your name").fill("Leyla Məmmədova")
    page.get_by_label("Your e-mail").fill("leyla@example.org")
    page.locator("#id_person_name").fill("Rauf Məmmədov")
    page.locator("#id_person_name").press("Escape")
    page.set_input_files(
        "#id_files-0-file", {"name": "mother.wav", "mimeType": "audio/wav", "buffer": samples.wav_bytes(seconds=3)}
    )
    page.get_by_label("The archive may publish my testimony with my name.").check()
    page.get_by_label("The photographs and recordings I send may be shown to the public with the testimony.").check()


def test_a_missing_rights_box_is_said_before_anything_is_uploaded(page, accessibility_violations):
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.goto("/en/submit/")
    fill_all_but_the_rights_box(page)

    page.get_by_role("button", name="Send").click()

    summary = page.locator("#form-errors")
    summary.wait_for()
    assert summary.get_attribute("role") == "alert"
    assert summary.evaluate("box => document.activeElement === box")
    assert "Nothing was sent yet" in summary.inner_text()
    link = summary.locator("a[href='#id_rights_confirmed']")
    assert link.count() == 1 and "This field is required." in link.inner_text()
    assert summary.locator("a").count() == 1  # only what is missing
    assert page.locator("#id_rights_confirmed").get_attribute("aria-invalid") == "true"
    assert page.url.endswith("/en/submit/")
    assert posts == []  # the recording did not leave the phone
    assert accessibility_violations(page) == []

    link.click()
    page.locator("#id_rights_confirmed").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(re.compile(r"/submit/received/"))  # the link left "#id_rights_confirmed" on the address
    assert len(posts) == 1
    assert Submission.objects.get().files.get().original_name == "mother.wav"


def test_every_missing_answer_is_listed_in_the_order_of_the_form(page):
    page.goto("/en/submit/")
    page.get_by_label("Your name").fill("Leyla Məmmədova")
    page.get_by_label("Your e-mail").fill("not an address")
    page.get_by_label("The archive may publish my testimony without my name", exact=False).check()
    page.get_by_role("button", name="Send").click()
    links = page.locator("#form-errors a")
    links.first.wait_for()
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert targets == [
        "#id_submitter_email",  # not a well-formed address
        "#id_person_name",
        "#id_testimony_text",  # neither written nor a file chosen
        "#id_pseudonym",  # anonymous without initials
        "#id_media_consent_0",
        "#id_rights_confirmed",
    ]
    assert page.url.endswith("/en/submit/")


def test_a_page_restored_by_the_back_button_can_be_sent_again(page):
    page.goto("/en/submit/")
    form = page.locator("form[data-submit-once]")
    button = page.get_by_role("button", name="Send")
    # As the page stands after Send: the flag set and the button marked. Chromium under Playwright keeps no
    # back-forward cache, so the restore is the event the browser fires then.
    form.evaluate("form => { form.dataset.sending = '1'; }")
    button.evaluate("button => button.setAttribute('aria-disabled', 'true')")
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: false}))")
    assert form.evaluate("form => form.dataset.sending") == "1"  # an ordinary load changes nothing
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    assert form.evaluate("form => form.dataset.sending") is None
    assert button.get_attribute("aria-disabled") is None

    fill_all_but_the_rights_box(page)
    page.locator("#id_rights_confirmed").check()
    button.click()
    page.wait_for_url("**/submit/received/")
    assert Submission.objects.count() == 1


def test_files_kept_from_a_refused_post_are_sent_without_choosing_them_again(page):
    page.goto("/en/submit/")
    fill_all_but_the_rights_box(page)
    page.locator("#id_rights_confirmed").check()
    # Refused by the server only: a file that is not what its name says.
    page.set_input_files("#id_files-1-file", {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"GIF89a"})
    page.get_by_role("button", name="Send").click()
    page.locator("#form-errors").wait_for()
    assert "scan.pdf" in page.locator("#form-errors").inner_text()
    keep = page.get_by_label("Keep “mother.wav”", exact=False)
    assert keep.is_checked()
    assert page.locator("[data-pending-files] a").count() == 0  # its name, never a link
    assert page.locator("#id_files-0-file").evaluate("input => input.files.length") == 0

    page.get_by_role("button", name="Send").click()
    page.wait_for_url(re.compile(r"/submit/received/"))
    assert Submission.objects.get().files.get().original_name == "mother.wav"
