"""The lost-link page does the same work in the request whether the reference and address match or not: the new
token and the e-mail come after the response, from the in-process worker thread (``archive.jobs``, no broker)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from archive import jobs
from submissions import services
from submissions.models import SubmissionEvent
from tests.submissions_tests.helpers import BACKGROUND_WAIT, held_in_the_worker, open_status_link

WAIT = BACKGROUND_WAIT


@pytest.fixture
def in_the_background(settings):
    settings.BACKGROUND_TASKS_SYNC = False
    yield
    jobs.wait_for_jobs(timeout=WAIT)


@pytest.fixture
def held_reissue(monkeypatch):
    """The reissue waits, in the worker, until the test lets it go."""
    with held_in_the_worker(monkeypatch, services, "submission_reissue_link") as events:
        yield events


# The worker uses its own database connection, so the data must be committed: a transactional test. On SQLite
# the test database is an in-memory one in shared-cache mode, which every connection of the process sees.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_answer_comes_before_the_new_link_is_made_and_mailed(make_submission, in_the_background, held_reissue):
    started, release = held_reissue
    receipt = make_submission()
    old = f"/en/submissions/{receipt.token}/"
    jobs.wait_for_jobs(timeout=WAIT)  # its own mails, sent in the background too
    mail.outbox.clear()
    family = Client()

    response = family.post(
        "/en/submissions/lost-link/", {"reference": receipt.submission.reference, "email": "leyla@example.org"}
    )

    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    assert started.wait(WAIT)  # handed to the worker, which is waiting for us
    assert mail.outbox == []
    open_status_link(family, old)  # still the family's link
    assert not SubmissionEvent.objects.filter(action="link_reissued").exists()

    release.set()
    jobs.wait_for_jobs(timeout=WAIT)

    [message] = mail.outbox
    assert message.to == ["leyla@example.org"]
    assert "You asked for a new link" in message.body  # in the language of the request, English
    new = re.search(r"http://testserver(/en/submissions/[^/\s]+/)", message.body).group(1)
    assert family.get(old).status_code == 404
    assert family.get(open_status_link(family, new)).status_code == 200
    assert SubmissionEvent.objects.filter(submission=receipt.submission, action="link_reissued").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reference_that_does_not_match_is_answered_the_same_way(make_submission, in_the_background, held_reissue):
    started, release = held_reissue
    receipt = make_submission()
    jobs.wait_for_jobs(timeout=WAIT)
    mail.outbox.clear()

    wrong = Client().post(
        "/en/submissions/lost-link/", {"reference": receipt.submission.reference, "email": "someone@example.org"}
    )
    right = Client().post(
        "/en/submissions/lost-link/", {"reference": receipt.submission.reference, "email": "leyla@example.org"}
    )

    assert wrong.status_code == right.status_code == 302
    assert wrong["Location"] == right["Location"]
    assert started.wait(WAIT)
    release.set()
    jobs.wait_for_jobs(timeout=WAIT)
    assert [message.to for message in mail.outbox] == [["leyla@example.org"]]


def test_the_new_link_opens_the_status_page_in_the_language_of_the_submission(
    make_submission, django_capture_on_commit_callbacks
):
    with translation.override("ru"):
        receipt = make_submission()
    mail.outbox.clear()
    # Asked for from the Azerbaijani page: the mail and its link are still in Russian, as the submission was.
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            "/submissions/lost-link/", {"reference": receipt.submission.reference, "email": "leyla@example.org"}
        )
    [message] = mail.outbox
    link = re.search(r"http://testserver(/\S+/)", message.body).group(1)
    assert link.startswith("/ru/submissions/")
    family = Client()
    page = open_status_link(family, link)
    assert page.startswith("/ru/submissions/status/")
    assert family.get(page).status_code == 200
