"""The family's status page: what each state means for them, what was published, and errors they can act on."""

import re

import pytest
from django.utils import translation

from archive.models import Testimony
from archive.services import record_publish, record_withdraw
from submissions.models import Submission
from submissions.services import submission_accept, submission_claim, submission_mark_spam
from tests.submissions_tests import samples
from tests.submissions_tests.helpers import form_data, open_status_link, status_link, stored_files

pytestmark = pytest.mark.django_db

State = Submission.State


def status_url(client, token: str, prefix: str = "/en") -> str:
    """The status page's own address, once the family's link has been followed in this browser."""
    return open_status_link(client, status_link(token, prefix))


def error_summary(html: str) -> str:
    found = re.search(r'<div class="form-errors" role="alert" tabindex="-1" id="form-errors">(.*?)</div>', html, re.S)
    assert found, "no error summary"
    return found.group(1)


@pytest.mark.parametrize(
    ("state", "label", "meaning"),
    [
        (State.NEW, "Received", "A member of its staff will read it soon."),
        (State.IN_REVIEW, "Being read", "is reading what you sent"),
        (State.WAITING, "Waiting for your answer", "We asked you a question"),
        (State.ACCEPTED, "Accepted", "publishes only what your consent allows"),
        (State.DECLINED, "Declined", "The reason is in the messages below."),
        (State.WITHDRAWN, "Withdrawn by you", "You took this submission back."),
        (State.SPAM, "Closed", "This submission is closed."),
    ],
)
def test_each_state_tells_the_family_what_it_means(client, make_submission, state, label, meaning):
    receipt = make_submission()
    Submission.objects.filter(pk=receipt.submission.pk).update(state=state)
    html = client.get(status_url(client, receipt.token)).content.decode()
    assert re.search(rf"<strong data-state>{label}</strong>", html)
    assert meaning in html


@pytest.mark.parametrize("state", [State.WITHDRAWN, State.DECLINED, State.SPAM])
def test_a_closed_submission_promises_no_curator_will_look(client, make_submission, state):
    receipt = make_submission()
    Submission.objects.filter(pk=receipt.submission.pk).update(state=state)
    html = client.get(status_url(client, receipt.token)).content.decode()
    assert "will look at your submission soon" not in html


def test_spam_is_shown_to_its_sender_as_closed(client, make_submission, reviewer):
    receipt = make_submission()
    submission_mark_spam(submission=receipt.submission, user=reviewer)
    html = client.get(status_url(client, receipt.token)).content.decode()
    assert "<strong data-state>Closed</strong>" in html
    assert "spam" not in html.lower()
    assert Submission.objects.get().state == State.SPAM  # the staff's word stays


def test_published_records_are_shown_with_their_identifier_while_they_are_public(
    client, make_submission, reviewer, curator, photo_and_recording
):
    receipt = make_submission(files=photo_and_recording)
    submission = receipt.submission
    submission_claim(submission=submission, user=reviewer)
    testimony = submission_accept(submission=submission, user=reviewer, create_victim=True)
    url = status_url(client, receipt.token)
    assert "Published as" not in client.get(url).content.decode()  # accepted, not yet published

    record_publish(record=testimony, user=curator)
    html = client.get(url).content.decode()
    assert f'Published as <a href="/en/testimonies/{testimony.identifier}/">{testimony.identifier}</a>' in html
    document = submission.documents.get()
    assert document.identifier not in html  # still a draft

    record_withdraw(record=testimony, user=curator, reason="A name must be checked.")
    assert not Testimony.objects.public().filter(pk=testimony.pk).exists()
    assert "Published as" not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("prefix", "state_label", "meaning", "private", "consent"),
    [
        ("", "Alındı", "Arxiv göndərdiyinizi aldı.", "Bu səhifə məxfidir", "Razılığınız"),
        ("/ru", "Получена", "Архив получил то, что вы прислали.", "Это личная страница", "Ваше согласие"),
    ],
)
def test_the_status_page_speaks_azerbaijani_and_russian(
    client, make_submission, prefix, state_label, meaning, private, consent
):
    receipt = make_submission()
    translation.deactivate()  # the page's language comes from its address, not from the test's
    html = client.get(status_url(client, receipt.token, prefix)).content.decode()
    assert f'lang="{prefix.strip("/") or "az"}"' in html
    assert f"<strong data-state>{state_label}</strong>" in html
    assert meaning in html and private in html and consent in html
    assert "This page is private" not in html and "Your consent" not in html and "has received" not in html

    response = client.post(status_url(client, receipt.token, prefix), {"action": "withdraw"})
    summary = error_summary(response.content.decode())
    assert {"": "Hələ heç nə dəyişdirilmədi", "/ru": "Пока ничего не изменено"}[prefix] in summary


# --- errors -------------------------------------------------------------------------------------------


def test_a_refused_file_is_named_in_a_focused_summary_linked_to_its_field(client, make_submission, private_media_root):
    receipt = make_submission()
    before = stored_files(private_media_root)
    response = client.post(
        status_url(client, receipt.token), form_data(files=[("x.svg", b"<svg/>", "")], action="answer", total_forms=2)
    )
    assert response.status_code == 400
    summary = error_summary(response.content.decode())
    assert re.search(r'<a href="#id_files-0-file">File 1: “x.svg”[^<]+</a>', summary)
    assert "files you chose must be chosen again" in summary
    assert stored_files(private_media_root) == before


def test_a_file_dropped_while_streaming_is_named_in_the_summary(client, settings, make_submission):
    settings.ARCHIVE_MAX_UPLOAD_SIZE = {**settings.ARCHIVE_MAX_UPLOAD_SIZE, "audio": 10_000}
    receipt = make_submission()
    response = client.post(
        status_url(client, receipt.token),
        form_data(files=[("long.wav", samples.wav_bytes(seconds=10), "")], action="answer", total_forms=2),
    )
    assert response.status_code == 400
    assert "“long.wav” is too large" in error_summary(response.content.decode())
    assert Submission.objects.get().files.count() == 0


@pytest.mark.parametrize(
    ("data", "anchor", "words"),
    [
        (
            {"action": "consent", "consent-consent": "anonymous", "consent-media_consent": "no"},
            "id_consent-pseudonym",
            "give the initials or the pseudonym",
        ),
        ({"action": "consent", "consent-media_consent": "no"}, "id_consent-consent_0", "This field is required."),
        ({"action": "withdraw"}, "id_withdraw-confirm", "This field is required."),
        ({"action": "person"}, "id_person-person_name", "Tell us whom"),
    ],
    ids=["pseudonym", "consent", "withdraw", "person"],
)
def test_each_form_error_is_summarised_and_linked_to_its_field(client, make_submission, data, anchor, words):
    receipt = make_submission()
    response = client.post(status_url(client, receipt.token), data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = error_summary(html)
    link = re.search(rf'<a href="#{anchor}">([^<]+)</a>', summary)
    assert link and words in link.group(1)
    assert f'id="{anchor}"' in html  # the link leads somewhere
    assert html.index('id="form-errors"') < html.index('id="messages-heading"')  # at the top, before the forms


def test_a_refusal_by_the_service_is_in_the_summary(client, make_submission):
    receipt = make_submission()
    response = client.post(status_url(client, receipt.token), form_data(action="answer", total_forms=2))
    assert response.status_code == 409
    assert "Write an answer or add a file." in error_summary(response.content.decode())


def test_no_summary_without_errors(client, make_submission):
    receipt = make_submission()
    assert 'id="form-errors"' not in client.get(status_url(client, receipt.token)).content.decode()


def test_a_link_that_no_longer_works_says_where_to_get_a_new_one(client):
    response = client.get(status_link("x" * 43))
    assert response.status_code == 404
    assert 'href="/en/submissions/lost-link/"' in response.content.decode()
    with translation.override("ru"):
        russian = client.get(status_link("x" * 43, prefix="/ru")).content.decode()
    assert "Эта ссылка не работает" in russian
