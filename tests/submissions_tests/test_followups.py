"""The pseudonym when anonymous, the rate limit behind a proxy, and the way back to a lost status link."""

import re

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from submissions.abuse import client_address, client_key
from submissions.models import Submission, SubmissionEvent, TransitionRefused, hash_token
from submissions.services import (
    submission_ask_family,
    submission_change_consent,
    submission_claim,
    submission_mark_spam,
    submission_reissue_link,
)
from tests.submissions_tests.helpers import form_data, open_status_link, status_link

pytestmark = pytest.mark.django_db

# --- the pseudonym --------------------------------------------------------------------------------------


def test_publishing_anonymously_needs_initials_or_a_pseudonym(client):
    response = client.post("/en/submit/", form_data(consent="anonymous", pseudonym="  "))
    assert response.status_code == 400
    assert "give the initials or the pseudonym" in response.content.decode()
    assert not Submission.objects.exists()
    assert client.post("/en/submit/", form_data(consent="anonymous", pseudonym="L. M.")).status_code == 302
    assert Submission.objects.get().pseudonym == "L. M."


def test_the_services_refuse_anonymous_without_a_pseudonym_too(make_submission):
    with pytest.raises(TransitionRefused):
        make_submission(consent="anonymous", pseudonym="")
    submission = make_submission().submission
    with pytest.raises(TransitionRefused):
        submission_change_consent(submission=submission, consent="anonymous", media_consent=True, pseudonym="")


def test_changing_to_anonymous_on_the_status_page_asks_for_the_pseudonym(client):
    client.post("/en/submit/", form_data())
    url = open_status_link(client, _status_path(client))
    data = {"action": "consent", "consent-consent": "anonymous", "consent-media_consent": "no"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "give the initials or the pseudonym" in response.content.decode()
    assert client.post(url, {**data, "consent-pseudonym": "R. H."}).status_code == 302
    assert "Shown as: R. H." in client.get(url).content.decode()


def test_the_pseudonym_is_shown_instead_of_the_name(make_submission, reviewer):
    from submissions.services import submission_accept

    submission = make_submission(consent="anonymous", pseudonym="L. M.").submission
    submission_claim(submission=submission, user=reviewer)
    testimony = submission_accept(submission=submission, user=reviewer)
    assert testimony.narrator_display == "L. M."
    assert "Məmmədova" not in testimony.narrator_display


# --- behind a proxy -------------------------------------------------------------------------------------


def _request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.SUBMISSION_TRUSTED_PROXY_COUNT = 0
    assert client_address(_request(forwarded="198.51.100.9")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "203.0.113.66, 198.51.100.9", "198.51.100.9"),  # the visitor forged the first entry
        (2, "203.0.113.66, 198.51.100.9, 10.0.0.7", "198.51.100.9"),
        (2, "198.51.100.9", "10.0.0.1"),  # fewer hops than configured: the socket address
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_is_the_address_the_outermost_trusted_proxy_saw(settings, proxies, forwarded, expected):
    settings.SUBMISSION_TRUSTED_PROXY_COUNT = proxies
    assert client_address(_request(forwarded=forwarded)) == expected


def test_rate_limit_counts_visitors_not_the_proxy(client, settings):
    settings.SUBMISSION_TRUSTED_PROXY_COUNT = 1
    settings.SUBMISSION_RATE_LIMIT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = client.post("/en/submit/", form_data(), HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    again = client.post("/en/submit/", form_data(), HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    forged = client.post("/en/submit/", form_data(), HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1", **proxy)
    other = client.post("/en/submit/", form_data(), HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    assert [first.status_code, again.status_code, forged.status_code, other.status_code] == [302, 429, 429, 302]
    assert client_key(_request(forwarded="198.51.100.1")) != "198.51.100.1"  # hashed, never raw


# --- how to return, and a lost link ---------------------------------------------------------------------


def _status_path(client) -> str:
    page = client.get("/en/submit/received/").content.decode()
    return re.search(r"data-status-link>([^<]+)<", page).group(1).replace("http://testserver", "")


def test_the_question_email_and_the_status_page_say_how_to_return(
    make_submission, reviewer, django_capture_on_commit_callbacks
):
    receipt = make_submission()
    submission = receipt.submission
    submission_claim(submission=submission, user=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        submission_ask_family(
            submission=submission, user=reviewer, question="When?", lost_link_url="http://testserver/lost/"
        )
    body = mail.outbox[-1].body
    assert submission.reference in body
    assert "link shown on the screen when you sent" in body and "http://testserver/lost/" in body
    assert receipt.token not in body
    family = Client()
    html = family.get(open_status_link(family, status_link(receipt.token))).content.decode()
    assert "To come back later, open the same link" in html
    assert 'href="/en/submissions/lost-link/"' in html


def test_a_lost_link_is_replaced_and_mailed_only_to_the_address_given(client, django_capture_on_commit_callbacks):
    client.post("/en/submit/", form_data())
    old = _status_path(client)
    submission = Submission.objects.get()
    mail.outbox.clear()
    visitor = Client()
    with django_capture_on_commit_callbacks(execute=True):
        wrong = visitor.post(
            "/en/submissions/lost-link/", {"reference": submission.reference, "email": "someone@example.org"}
        )
        unknown = visitor.post("/en/submissions/lost-link/", {"reference": "ZZZ-ZZZ", "email": "leyla@example.org"})
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        right = visitor.post(
            "/en/submissions/lost-link/",
            {"reference": submission.reference.lower().replace("-", " "), "email": "LEYLA@example.org"},
        )
    # The same answer whatever was typed: the form reveals nothing.
    assert wrong.status_code == unknown.status_code == right.status_code == 302
    assert wrong["Location"] == unknown["Location"] == right["Location"]
    page = visitor.get(right["Location"])
    assert "If the reference and the e-mail address belong to the same submission" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"

    [message] = mail.outbox
    assert message.to == ["leyla@example.org"]
    new = re.search(r"http://testserver(/en/submissions/[^/\s]+/)", message.body).group(1)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(open_status_link(client, new)).status_code == 200
    submission.refresh_from_db()
    assert submission.token_hash == hash_token(new.rstrip("/").rsplit("/", 1)[-1])
    assert SubmissionEvent.objects.filter(submission=submission, action="link_reissued").exists()


def test_spam_gets_no_new_link(make_submission, reviewer):
    submission = make_submission().submission
    submission_mark_spam(submission=submission, user=reviewer)
    assert not submission_reissue_link(
        reference=submission.reference, email="leyla@example.org", status_url=lambda token: token
    )


def test_asking_for_lost_links_is_rate_limited(client, make_submission, django_capture_on_commit_callbacks):
    submission = make_submission().submission
    mail.outbox.clear()
    data = {"reference": submission.reference, "email": "leyla@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        codes = [
            Client().post("/en/submissions/lost-link/", data, REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(5)
        ]
    assert codes == [302] * 5
    assert len(mail.outbox) == 3  # per reference: a family's mailbox cannot be flooded
    for _ in range(10):
        client.post("/en/submissions/lost-link/", {"reference": "ZZZ-ZZZ", "email": "x@example.org"})
    assert client.post("/en/submissions/lost-link/", data).status_code == 429  # per address


def test_the_lost_link_form_checks_what_is_typed(client):
    response = client.post("/en/submissions/lost-link/", {"reference": "", "email": "not an address"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
