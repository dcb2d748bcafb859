"""Curators redact the records made from a submission; the submission itself stays as the family sent it."""

import pytest

from submissions.models import Submission
from submissions.services import submission_accept, submission_claim
from tests.archive_tests.test_admin import admin_url, change_form_data
from tests.submissions_tests import samples
from tests.submissions_tests.conftest import incoming

pytestmark = pytest.mark.django_db

ORIGINAL_TEXT = "My brother went out on the night of 19 January. Our neighbour Kamran Əliyev saw it."
REDACTED_TEXT = "My brother went out on the night of 19 January. [name removed] saw it."


def test_editing_the_records_leaves_the_submission_as_it_was_sent(client, reviewer, curator, make_submission):
    submission = make_submission(
        testimony_text=ORIGINAL_TEXT,
        files=[
            incoming("family.jpg", samples.jpeg_with_gps(), "Rauf with Kamran Əliyev, 1989"),
            incoming("voice.wav", samples.wav_bytes(), "Mother names Kamran Əliyev"),
        ],
    ).submission
    submission_claim(submission=submission, user=reviewer)
    testimony = submission_accept(submission=submission, user=reviewer, create_victim=True)
    recording = testimony.media.get()
    photo = submission.documents.get().media.get()
    assert recording.caption_en == "Mother names Kamran Əliyev"
    client.force_login(curator)

    # The transcript, and the recording's caption in the testimony's inline.
    url = admin_url("testimony", "change", testimony.pk)
    page = client.get(url)
    data = change_form_data(page)
    data["transcript"] = REDACTED_TEXT
    prefix = next(i.formset.prefix for i in page.context["inline_admin_formsets"] if i.formset.model is type(recording))
    data[f"{prefix}-0-caption_en"] = "Mother remembers"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    # The photograph's caption, on its own change form.
    url = admin_url("mediafile", "change", photo.pk)
    data = change_form_data(client.get(url))
    data["caption_en"] = "Rauf, 1989"
    assert client.post(url, data).status_code == 302

    testimony.refresh_from_db()
    recording.refresh_from_db()
    photo.refresh_from_db()
    assert (testimony.transcript, recording.caption_en, photo.caption_en) == (
        REDACTED_TEXT,
        "Mother remembers",
        "Rauf, 1989",
    )
    kept = Submission.objects.get(pk=submission.pk)
    assert kept.testimony_text == ORIGINAL_TEXT
    assert sorted(kept.files.values_list("caption", flat=True)) == [
        "Mother names Kamran Əliyev",
        "Rauf with Kamran Əliyev, 1989",
    ]
    client.force_login(reviewer)
    html = client.get(submission.get_review_url()).content.decode()
    assert "Our neighbour Kamran Əliyev saw it." in html
    assert "Mother names Kamran Əliyev" in html and "Rauf with Kamran Əliyev, 1989" in html
    assert "[name removed]" not in html
