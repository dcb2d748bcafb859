"""A family shares a testimony, a reviewer talks with them and accepts it, a curator publishes, the public sees it."""

import io
import re

import pytest
from PIL import Image

from archive.models import Document, Testimony
from archive.services import record_publish
from submissions.models import Submission
from tests.submissions_tests import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0


def sign_in(page, username: str) -> None:
    page.goto("/en/admin/login/?next=/en/review/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    page.wait_for_url("**/en/review/")


def test_family_submits_reviewer_asks_and_accepts_curator_publishes_public_sees_it(
    page, browser, live_server, reviewer, curator, accessibility_violations
):
    # The family, on the public form.
    page.goto("/en/submit/")
    assert accessibility_violations(page) == []
    page.get_by_label("Your name").fill("Leyla Məmmədova")
    page.get_by_label("Your e-mail").fill("leyla@example.org")
    page.get_by_label("Your relationship to the person").fill("sister")
    page.locator("#id_person_name").fill("Rauf Məmmədov")
    page.get_by_text("The person is not in the archive yet").first.click()
    page.locator("#id_new_surname").fill("Məmmədov")
    page.locator("#id_new_given_name").fill("Rauf")
    page.get_by_label("Your testimony").fill("He went out on the night of 19 January and did not come back.")
    page.set_input_files(
        "#id_files-0-file", {"name": "family.jpg", "mimeType": "image/jpeg", "buffer": samples.jpeg_with_gps()}
    )
    page.fill("#id_files-0-caption", "Rauf at home, 1989")
    page.set_input_files(
        "#id_files-1-file", {"name": "mother.wav", "mimeType": "audio/wav", "buffer": samples.wav_bytes()}
    )
    page.fill("#id_files-1-caption", "Our mother remembers")
    page.get_by_label("The archive may publish my testimony with my name.").check()
    page.get_by_label("The photographs and recordings I send may be shown to the public with the testimony.").check()
    page.locator("#id_rights_confirmed").check()
    page.get_by_role("button", name="Send").click()

    page.wait_for_url("**/submit/received/")
    reference = page.locator("[data-reference]").inner_text().strip()
    status_url = page.locator("[data-status-link]").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}", reference)
    submission = Submission.objects.get(reference=reference)
    assert submission.files.count() == 2

    # A reviewer claims it and asks a question.
    staff = browser.new_context(base_url=live_server.url)
    review = staff.new_page()
    sign_in(review, "reviewer")
    review.get_by_role("link", name=reference).click()
    review.get_by_role("button", name="Claim").click()
    review.get_by_label("Question to the family").fill("Which street was it?")
    review.get_by_role("button", name="Ask the family").click()
    assert review.locator("[data-state]").inner_text() == "Waiting for the family"

    # The family answers on the status page, whose address no longer carries the private token.
    page.goto(status_url)
    assert page.url == f"{live_server.url}/en/submissions/status/{reference}/"
    assert "Which street was it?" in page.locator("main").inner_text()
    assert accessibility_violations(page) == []
    page.get_by_label("Your answer or message").fill("Azadlıq avenue, near the school.")
    page.get_by_role("button", name="Send").click()
    assert "Azadlıq avenue, near the school." in page.locator("main").inner_text()
    assert page.url == f"{live_server.url}/en/submissions/status/{reference}/#top"

    # The reviewer accepts, making a new victim record from the description.
    review.reload()
    assert review.locator("[data-state]").inner_text() == "In review"
    review.get_by_label("Create a new victim record from the description").check()
    review.get_by_role("button", name="Accept", exact=True).click()
    assert review.locator("[data-state]").inner_text() == "Accepted"
    staff.close()

    # A curator publishes (reviewers cannot).
    submission.refresh_from_db()
    testimony = submission.testimony
    document = submission.documents.get()
    for record in (testimony, document):
        record_publish(record=record, user=curator)
    assert Testimony.objects.public().filter(pk=testimony.pk).exists()

    # The public sees the testimony and the photograph, without its GPS data.
    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto(testimony.get_absolute_url().replace("/testimonies/", "/en/testimonies/", 1))
    assert "He went out on the night of 19 January" in visitor.locator("main").inner_text()
    assert visitor.locator("audio").count() == 1
    visitor.goto(document.get_absolute_url())
    shown = visitor.locator("main img[src^='/files/']").first
    shown.wait_for()
    photo = document.media.get()
    assert shown.get_attribute("src") in (photo.get_thumbnail_url(), photo.get_absolute_url())
    for url in (photo.get_thumbnail_url(), photo.get_absolute_url()):
        response = visitor.request.get(url)
        assert response.status == 200
        image = Image.open(io.BytesIO(response.body()))
        assert not image.getexif().get_ifd(samples.GPS_IFD)
        assert b"SecretCam" not in response.body()
    assert Document.objects.public().filter(pk=document.pk).exists()
    visitor.context.close()
