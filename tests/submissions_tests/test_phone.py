"""Families reached by phone (issue #14): the reviewer's question texted with its words and the way back, and a lost
status link recovered with the reference and a code texted to the number given."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from submissions.abuse import issue_stamp
from submissions.models import StatusLinkCode, Submission, SubmissionEvent, SubmissionMail, SubmissionText
from tests.submissions_tests.helpers import form_data, open_status_link, status_link

pytestmark = pytest.mark.django_db

PHONE = "+994 50 123 45 67"
LOST_TEXT = "/en/submissions/lost-link/text/"
CODE_PAGE = "/en/submissions/lost-link/text/code/"


@pytest.fixture
def phone_only(make_submission):
    """A family that gave a phone number and no e-mail address, in English."""
    return make_submission(submitter_email="", submitter_phone=PHONE, language="en")


def ask(client, reviewer, submission: Submission, question: str, capture) -> None:
    client.force_login(reviewer)
    url = submission.get_review_url()
    client.post(url, {"action": "claim", "version": submission.version})
    submission.refresh_from_db()
    with capture(execute=True):
        response = client.post(url, {"action": "ask", "version": submission.version, "question": question})
    assert response.status_code == 302


def ask_for_code(client: Client, reference: str, phone: str = PHONE, capture=None):
    data = {"reference": reference, "phone": phone, "website": "", "stamp": issue_stamp()}
    if capture is None:
        return client.post(LOST_TEXT, data)
    with capture(execute=True):
        return client.post(LOST_TEXT, data)


def texted_code(sms_outbox) -> str:
    return re.search(r"\b(\d{6})\b", sms_outbox[-1].body).group(1)


def test_a_phone_only_family_gets_the_question_by_text_with_its_words_and_the_way_back(
    client, reviewer, phone_only, sms_outbox, django_capture_on_commit_callbacks
):
    submission = phone_only.submission
    sms_outbox.clear()  # the "received" text

    ask(client, reviewer, submission, "Which street was Rauf on that night?", django_capture_on_commit_callbacks)

    [text] = sms_outbox
    assert text.to == "+994501234567"
    assert "Which street was Rauf on that night?" in text.body
    assert submission.reference in text.body
    assert "http://testserver/en/submissions/lost-link/text/" in text.body  # the phone route, in their language
    assert "this phone number" in text.body
    assert phone_only.token not in text.body  # the status link is never texted
    assert not SubmissionMail.objects.filter(submission=submission, name="question").exists()  # no address to mail
    row = SubmissionText.objects.get(submission=submission, name="question")
    assert row.sent_at is not None and row.phone == "+994501234567" and row.provider_id


def test_the_question_is_texted_in_the_language_of_the_submission(
    client, reviewer, make_submission, sms_outbox, django_capture_on_commit_callbacks
):
    submission = make_submission(submitter_email="", submitter_phone="050 123 45 67", language="ru").submission
    sms_outbox.clear()

    ask(
        client, reviewer, submission, "На какой улице?", django_capture_on_commit_callbacks
    )  # the reviewer reads English

    [text] = sms_outbox
    assert text.to == "+994501234567"  # a national number gets the country code
    assert "На какой улице?" in text.body
    assert "http://testserver/ru/submissions/lost-link/text/" in text.body


def test_the_question_email_carries_the_question_itself(
    client, reviewer, make_submission, sms_outbox, django_capture_on_commit_callbacks
):
    submission = make_submission(submitter_phone=PHONE, language="en").submission
    mail.outbox.clear()
    sms_outbox.clear()

    ask(client, reviewer, submission, "Do you have a photograph of him?", django_capture_on_commit_callbacks)

    [message] = [message for message in mail.outbox if message.to == ["leyla@example.org"]]
    assert "Do you have a photograph of him?" in message.body
    assert "http://testserver/en/submissions/lost-link/" in message.body and submission.reference in message.body
    [text] = sms_outbox  # a family that gave both is told both ways
    assert "Do you have a photograph of him?" in text.body


def test_a_long_question_is_cut_in_its_text_and_whole_on_the_status_page(
    client, reviewer, phone_only, sms_outbox, django_capture_on_commit_callbacks
):
    question = "Tell us about the street. " * 60
    sms_outbox.clear()

    ask(client, reviewer, phone_only.submission, question, django_capture_on_commit_callbacks)

    [text] = sms_outbox
    assert len(text.body) < 1000
    assert "The whole question is on your status page" in text.body
    family = Client()
    assert question.strip() in family.get(open_status_link(family, status_link(phone_only.token))).content.decode()


def test_a_phone_only_family_is_texted_its_reference_on_receipt(client, sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/submit/", form_data(submitter_email="", submitter_phone=PHONE))

    submission = Submission.objects.get()
    [text] = sms_outbox
    assert text.to == "+994501234567"
    assert submission.reference in text.body
    assert "http://testserver/en/submissions/lost-link/text/" in text.body
    assert client.session["submission_receipt"]["token"] not in text.body  # the link stays on the screen
    assert not SubmissionMail.objects.filter(name="received").exists()


# --- the status link recovered with a code ---------------------------------------------------------------------


def test_a_phone_only_family_recovers_its_link_with_a_code(phone_only, sms_outbox, django_capture_on_commit_callbacks):
    sms_outbox.clear()
    family = Client()
    old = status_link(phone_only.token)

    response = ask_for_code(
        family, phone_only.submission.reference.lower(), "0501234567", django_capture_on_commit_callbacks
    )

    assert response.status_code == 302 and response["Location"] == CODE_PAGE
    [text] = sms_outbox
    assert text.to == "+994501234567"
    code = texted_code(sms_outbox)
    assert "15 minutes" in text.body
    assert not StatusLinkCode.objects.filter(code_hash__contains=code).exists()  # kept hashed
    page = family.get(CODE_PAGE)
    assert "we have texted a 6-digit code" in page.content.decode()

    opened = family.post(CODE_PAGE, {"code": code[:3] + " " + code[3:]})

    # The new link, shown once to keep: it opens the submission on any device; this browser goes straight there.
    assert opened.status_code == 200 and opened["Cache-Control"] == "private, no-store"
    page = opened.content.decode()
    new_link = re.search(r'<a href="([^"]+)" data-status-link>', page).group(1)
    status_page = f"/en/submissions/status/{phone_only.submission.reference}/"
    assert f'href="{status_page}"' in page
    status = family.get(status_page)
    assert status.status_code == 200 and "Rauf" in status.content.decode()
    elsewhere = Client()
    assert elsewhere.get(open_status_link(elsewhere, new_link)).status_code == 200
    assert Client().get(old).status_code == 404  # the old link no longer works
    assert SubmissionEvent.objects.filter(submission=phone_only.submission, action="link_reissued").count() == 1
    # The code opens once.
    assert family.post(CODE_PAGE, {"code": code}).status_code == 302
    assert family.get(CODE_PAGE)["Location"] == LOST_TEXT


def test_five_wrong_codes_lock_the_attempt(phone_only, sms_outbox, django_capture_on_commit_callbacks):
    family = Client()
    ask_for_code(family, phone_only.submission.reference, capture=django_capture_on_commit_callbacks)
    code = texted_code(sms_outbox)
    wrong = "000000" if code != "000000" else "111111"

    answers = [family.post(CODE_PAGE, {"code": wrong}) for _try in range(5)]

    assert [answer.status_code for answer in answers] == [400] * 5
    assert "You can try 4 more times" in answers[0].content.decode()
    assert "You can try 1 more time." in answers[3].content.decode()
    assert "A wrong code was entered 5 times" in answers[4].content.decode()
    assert "Ask for a new code" in answers[4].content.decode()
    refused = family.post(CODE_PAGE, {"code": code})  # even the right one, now
    assert refused.status_code == 400 and "A wrong code was entered 5 times" in refused.content.decode()
    family2 = Client()
    assert family2.get(open_status_link(family2, status_link(phone_only.token))).status_code == 200  # link unchanged
    assert not SubmissionEvent.objects.filter(action="link_reissued").exists()


def test_an_expired_code_is_refused(phone_only, sms_outbox, django_capture_on_commit_callbacks):
    family = Client()
    ask_for_code(family, phone_only.submission.reference, capture=django_capture_on_commit_callbacks)
    code = texted_code(sms_outbox)
    StatusLinkCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    refused = family.post(CODE_PAGE, {"code": code})

    assert refused.status_code == 400
    assert "This code has expired: a code works for 15 minutes." in refused.content.decode()
    assert not SubmissionEvent.objects.filter(action="link_reissued").exists()


@pytest.mark.parametrize("case", ["unknown reference", "another number", "spam"])
def test_a_reference_and_number_that_do_not_match_are_answered_the_same(
    case, phone_only, sms_outbox, reviewer, django_capture_on_commit_callbacks
):
    reference, phone = phone_only.submission.reference, PHONE
    if case == "unknown reference":
        reference = "ZZZ-ZZZ" if reference != "ZZZ-ZZZ" else "YYY-YYY"
    elif case == "another number":
        phone = "+994 55 765 43 21"
    else:
        from submissions.services import submission_mark_spam

        submission_mark_spam(submission=phone_only.submission, user=reviewer)
    sms_outbox.clear()
    real, other = Client(), Client()
    ask_for_code(real, phone_only.submission.reference, capture=django_capture_on_commit_callbacks)
    real_code_sent = bool(sms_outbox)
    sms_outbox.clear()

    response = ask_for_code(other, reference, phone, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"] == CODE_PAGE
    assert sms_outbox == []
    assert real_code_sent == (case != "spam")
    page = other.get(CODE_PAGE).content.decode()
    assert "If the reference and the phone number belong to the same submission" in page
    answers = [other.post(CODE_PAGE, {"code": "123456"}) for _try in range(5)]
    assert [answer.status_code for answer in answers] == [400] * 5
    assert "You can try 4 more times" in answers[0].content.decode()
    assert "A wrong code was entered 5 times" in answers[4].content.decode()
    assert StatusLinkCode.objects.filter(submission=None).count() == (2 if case == "spam" else 1)


def test_the_text_form_is_protected_like_the_submission_form(phone_only, sms_outbox, settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 5
    bot = Client()
    data = {"reference": phone_only.submission.reference, "phone": PHONE, "stamp": issue_stamp()}

    too_fast = bot.post(LOST_TEXT, {**data, "website": ""})
    honeypot = bot.post(LOST_TEXT, {**data, "website": "http://spam.example"})
    forged = Client().post(LOST_TEXT, {**data, "stamp": "forged", "website": ""})

    assert too_fast.status_code == 400 and "sent very quickly" in too_fast.content.decode()
    assert honeypot.status_code == 302  # answered as anyone is
    assert forged.status_code == 400 and "too old or was changed" in forged.content.decode()
    assert not StatusLinkCode.objects.exists() and sms_outbox == []


def test_no_more_than_three_codes_an_hour_are_texted_for_one_reference(
    phone_only, sms_outbox, django_capture_on_commit_callbacks
):
    sms_outbox.clear()

    answers = [
        ask_for_code(Client(), phone_only.submission.reference, capture=django_capture_on_commit_callbacks)
        for _request in range(4)
    ]

    assert [answer.status_code for answer in answers] == [302] * 4  # the same answer: no one learns of the limit
    assert len(sms_outbox) == 3


def test_a_number_that_is_not_one_is_refused_with_a_reason(client):
    response = client.post(LOST_TEXT, {"reference": "ABC-DEF", "phone": "call my neighbour", "stamp": issue_stamp()})

    assert response.status_code == 400
    assert "Write the phone number in digits" in response.content.decode()


# --- the received page speaks of the contact given --------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "phone", "contact", "says"),
    [
        ("leyla@example.org", "", "email", "We have also e-mailed you this link."),
        ("", PHONE, "phone", "We have texted your reference to your phone."),
        ("leyla@example.org", PHONE, "both", "We have also e-mailed you this link, and texted your reference"),
        ("", "", "none", "You gave no e-mail address or phone number"),
    ],
)
def test_the_received_page_speaks_of_the_contact_given(client, make_submission, email, phone, contact, says):
    receipt = make_submission(submitter_email=email, submitter_phone=phone)
    session = client.session
    session["submission_receipt"] = {"form_token": "x", "reference": receipt.submission.reference, "token": "t"}
    session.save()

    html = client.get("/en/submit/received/").content.decode()

    assert f'data-contact="{contact}"' in html
    assert says in html
    if contact == "phone":
        assert 'href="/en/submissions/lost-link/text/"' in html and "e-mail" not in html.split("data-contact")[1]
    if contact == "email":
        assert "phone" not in html.split("data-contact")[1].split("</div>")[0]
    if contact == "none":
        assert "Keep the reference and the link safe" in html


def test_the_lost_link_page_offers_the_text_route(client):
    html = client.get("/en/submissions/lost-link/").content.decode()

    assert 'href="/en/submissions/lost-link/text/"' in html
