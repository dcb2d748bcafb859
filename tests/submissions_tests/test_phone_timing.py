"""The lost-link page's text-message route does the same work in the request whether or not the reference and the
number match: the matching and the text come after the response, from the in-process worker thread (no broker), as
on the e-mail route (test_lost_link_timing.py)."""

import re

import pytest
from django.test import Client

from archive import jobs
from submissions import services
from submissions.abuse import issue_stamp
from submissions.models import StatusLinkCode, SubmissionEvent
from tests.submissions_tests.helpers import BACKGROUND_WAIT, held_in_the_worker

WAIT = BACKGROUND_WAIT
PHONE = "+994 50 123 45 67"


@pytest.fixture
def in_the_background(settings):
    settings.BACKGROUND_TASKS_SYNC = False
    yield
    jobs.wait_for_jobs(timeout=WAIT)


@pytest.fixture
def held_matching(monkeypatch):
    """The matching waits, in the worker, until the test lets it go."""
    with held_in_the_worker(monkeypatch, services, "link_code_send") as events:
        yield events


def page(client: Client, path: str) -> str:
    """The page as shown, less its CSRF token (each browser its own)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(path).content.decode())


def ask(reference: str) -> tuple[Client, object]:
    family = Client()
    data = {"reference": reference, "phone": PHONE, "website": "", "stamp": issue_stamp()}
    return family, family.post("/en/submissions/lost-link/text/", data)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_answer_comes_before_the_matching_and_the_text_for_a_real_and_an_unknown_reference(
    make_submission, in_the_background, held_matching, sms_outbox
):
    started, release = held_matching
    receipt = make_submission(submitter_email="", submitter_phone=PHONE, language="en")
    jobs.wait_for_jobs(timeout=WAIT)  # its own texts and mails
    sms_outbox.clear()
    unknown = "ZZZ-ZZZ" if receipt.submission.reference != "ZZZ-ZZZ" else "YYY-YYY"

    real_family, real = ask(receipt.submission.reference)
    assert started.wait(WAIT)  # handed to the worker, which waits for us
    other_family, other = ask(unknown)

    assert real.status_code == other.status_code == 302
    assert real["Location"] == other["Location"] == "/en/submissions/lost-link/text/code/"
    assert sms_outbox == []  # nothing matched or texted yet: the answers could not depend on it
    assert StatusLinkCode.objects.count() == 2 and not StatusLinkCode.objects.exclude(code_hash="").exists()
    assert page(real_family, real["Location"]) == page(other_family, other["Location"])

    release.set()
    jobs.wait_for_jobs(timeout=WAIT)

    [text] = sms_outbox
    assert text.to == "+994501234567"
    assert SubmissionEvent.objects.filter(submission=receipt.submission, action="link_code_sent").count() == 1
