"""Sixty photos chosen at once: the form says how many files it takes and keeps the family's answers."""

import pytest

from submissions.models import Submission
from tests.submissions_tests import samples
from tests.submissions_tests.helpers import form_data, stored_files

pytestmark = pytest.mark.django_db


def test_sixty_files_in_one_post_are_answered_on_the_form_with_the_answers_kept(client, private_media_root):
    files = [(f"photo{n:02}.png", samples.png_bytes(), "") for n in range(60)]
    data = form_data(files=files, testimony_text="Atam o gecə evə qayıtmadı.")

    response = client.post("/en/submit/", data)

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "50 files were not taken (“photo10.png”, “photo11.png”, “photo12.png”, “photo13.png”, “photo14.png”, …)" in html
    )
    assert "at most 10 files can be sent at once" in html
    assert html.count("files can be sent at once") == 1
    assert "Atam o gecə evə qayıtmadı." in html
    assert not Submission.objects.exists()
    assert len(stored_files(private_media_root)) <= 2 * 10  # the ten kept for the next attempt, with thumbnails


def test_more_files_than_any_form_takes_get_a_page_that_says_how_many_are_allowed(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 20
    files = [(f"photo{n:02}.png", samples.png_bytes(), "") for n in range(21)]

    response = client.post("/en/submit/", form_data(files=files))

    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "A testimony may have at most 10 files" in html
    assert not Submission.objects.exists()


def test_a_text_longer_than_the_site_takes_gets_a_page_that_says_so(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = client.post("/en/submissions/lost-link/", {"reference": "x" * 2000, "email": "a@example.org"})

    assert response.status_code == 400
    assert "text is longer than the site takes" in response.content.decode()
