"""Recording on the page (record.js): with Chromium's fake microphone, a family records two seconds, sends the form,
and reviewers get an Opus recording with its duration and codec."""

import re

import pytest

from submissions.models import Submission
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"
FAKE_MICROPHONE = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0


@pytest.fixture
def microphone_page(browser, live_server):
    """A page in a Chromium whose microphone is a fake device playing a tone. Launched through the session's
    Playwright (``browser``), so it is skipped, or fails under REQUIRE_BROWSER_TESTS, exactly like the others."""
    chromium = browser.browser_type.launch(executable_path=chromium_path(), args=[*CHROMIUM_FLAGS, *FAKE_MICROPHONE])
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 800})
    context.grant_permissions(["microphone"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    chromium.close()


def test_a_recording_made_on_the_page_reaches_the_reviewers_as_opus_with_its_duration(
    microphone_page, browser, live_server, reviewer
):
    page = microphone_page
    page.goto("/en/submit/")
    page.get_by_label("Your name").fill("Leyla Məmmədova")
    page.get_by_label("Your e-mail").fill("leyla@example.org")
    page.locator("#id_person_name").fill("Rauf Məmmədov")

    recorder = page.locator("[data-recorder]")
    assert recorder.is_visible()  # record.js found MediaRecorder and shows itself
    recorder.get_by_role("button", name="Start recording").click()
    status = recorder.locator("[data-record-status]")
    page.wait_for_function("el => el.textContent === 'Recording…'", arg=status.element_handle())
    page.wait_for_timeout(2_000)
    recorder.get_by_role("button", name="Stop").click()
    page.wait_for_function(
        "el => el.textContent.startsWith('Recording added to the form as')", arg=status.element_handle()
    )
    assert "File 1" in status.inner_text()
    chosen = page.evaluate("document.querySelector('#id_files-0-file').files[0].name")
    assert re.fullmatch(r"recording\.(webm|ogg)", chosen)

    page.get_by_label("The archive may publish my testimony with my name.").check()
    page.get_by_label("The photographs and recordings I send may be shown to the public with the testimony.").check()
    page.locator("#id_rights_confirmed").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/submit/received/")
    reference = page.locator("[data-reference]").inner_text().strip()

    row = Submission.objects.get(reference=reference).files.get()
    assert row.kind == "audio"
    assert row.content_type in ("audio/webm", "audio/ogg")
    assert row.codec == "opus"
    assert 1 < row.duration < 10

    # The reviewer sees the recording, its length and its codec.
    staff = browser.new_context(base_url=live_server.url)
    review = staff.new_page()
    review.goto("/en/admin/login/?next=/en/review/")
    review.fill("#id_username", "reviewer")
    review.fill("#id_password", PASSWORD)
    review.get_by_role("button", name=re.compile("Log in", re.I)).click()
    review.wait_for_url("**/en/review/")
    review.get_by_role("link", name=reference).click()
    described = review.locator(".review-files li").first
    assert described.locator(".codec").inner_text() == "opus"
    assert re.search(r"Audio · 00:0[1-9] · opus", described.inner_text())
    source = described.locator("audio").get_attribute("src")
    assert source.endswith(f"/review/files/{row.key}/")
    response = review.request.get(source)
    assert response.status == 200 and len(response.body()) == row.size
    staff.close()
