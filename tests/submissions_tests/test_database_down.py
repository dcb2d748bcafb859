"""A family sends the form while the database cannot be reached: the designed "could not save" answer, their words
shown again, nothing half-saved and no stored file left behind."""

import pytest

from submissions.models import PendingUpload, Submission
from tests.factories import VictimFactory
from tests.submissions_tests import samples
from tests.submissions_tests.helpers import form_data, stored_files
from tests.unreachable_database import database_unreachable

pytestmark = pytest.mark.django_db

PHOTO = ("family.jpg", samples.jpeg_with_gps(), "Rauf in 1989")
WORDS = "Qardaşım 19 yanvar gecəsi evdən çıxdı və qayıtmadı."


@pytest.mark.parametrize("files", [[], [PHOTO]], ids=["words only", "with a photograph"])
def test_a_post_while_the_database_is_down_answers_could_not_save_and_keeps_what_was_typed(
    client, tmp_path, private_media_root, files
):
    assert client.get("/en/submit/").status_code == 200  # the form was opened while the database was up
    data = form_data(files=files, testimony_text=WORDS, submitter_name="Leyla Məmmədova")

    with database_unreachable(tmp_path):
        response = client.post("/en/submit/", data)

    assert response.status_code == 503
    html = response.content.decode()
    assert "We could not save what you sent, because of a fault on our side." in html
    assert WORDS in html and 'value="Leyla Məmmədova"' in html
    assert not Submission.objects.exists() and not PendingUpload.objects.exists()
    assert stored_files(private_media_root) == []


def test_a_refused_post_while_the_database_is_down_answers_could_not_save_too(client, tmp_path, private_media_root):
    # The rights box not ticked: the files would be kept for the next attempt, which needs the database.
    data = form_data(files=[PHOTO], testimony_text=WORDS, rights_confirmed="")

    with database_unreachable(tmp_path):
        response = client.post("/en/submit/", data)

    assert response.status_code == 503
    assert WORDS in response.content.decode()
    assert not PendingUpload.objects.exists()
    assert stored_files(private_media_root) == []


def test_after_the_database_is_back_the_same_form_is_accepted(client, tmp_path):
    data = form_data(testimony_text=WORDS)
    with database_unreachable(tmp_path):
        assert client.post("/en/submit/", data).status_code == 503
    assert client.post("/en/submit/", data).status_code == 302
    assert Submission.objects.get().testimony_text == WORDS


def test_the_people_chosen_and_named_are_shown_again_too(client, tmp_path):
    chosen = VictimFactory(surname_az="Cəfərov", given_name_az="Fuad")
    data = form_data(
        testimony_text=WORDS,
        victim=chosen.identifier,
        **{"others-0-person_name": "Hüseynov Elçin", "others-1-new_surname": "Əliyev", "others-1-new_fate": "injured"},
    )

    with database_unreachable(tmp_path):
        response = client.post("/en/submit/", data)

    assert response.status_code == 503
    html = response.content.decode()
    assert f'value="{chosen.identifier}"' in html
    assert 'value="Hüseynov Elçin"' in html
    assert 'value="Əliyev"' in html and '<option value="injured" selected>' in html
