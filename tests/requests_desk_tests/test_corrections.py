"""Corrections from the public: from the form on a record's page, through staff in /review/, to the sender told the
outcome by mail in the language they wrote in, every step in the audit trail."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from archive.models import Access, Status
from requests_desk.models import Correction, CorrectionEvent, DeskMail
from requests_desk.services import correction_claim
from tests.factories import DocumentFactory, TestimonyFactory, UserFactory, VictimFactory
from tests.requests_desk_tests.helpers import correction_data, correction_url, record_page, review_url, stamp

pytestmark = pytest.mark.django_db


def send(client, record, prefix: str = "/en", **overrides):
    return client.post(correction_url(record, prefix), correction_data(**overrides))


def reference_on(page: str) -> str:
    return re.search(r"data-reference>([^<]+)<", page).group(1)


@pytest.mark.parametrize("factory", [VictimFactory, TestimonyFactory, DocumentFactory])
def test_every_public_record_page_offers_a_correction_form_that_answers_with_a_reference(client, factory):
    record = factory()
    page = client.get(record_page(record)).content.decode()
    assert f'href="{correction_url(record)}"' in page
    form = client.get(correction_url(record))
    assert form.status_code == 200 and record.identifier in form.content.decode()

    sent = send(client, record)
    assert sent.status_code == 302
    thanks = client.get(sent["Location"]).content.decode()
    correction = Correction.objects.get()
    assert reference_on(thanks) == correction.reference
    assert re.fullmatch(r"C-[2-9A-Z]{3}-[2-9A-Z]{3}", correction.reference)
    assert correction.record == record and correction.state == Correction.State.NEW
    assert correction.what_is_right == "He died of his wounds on 22 January 1990."
    assert list(correction.events.values_list("action", "user")) == [("received", None)]


def test_a_correction_goes_through_staff_to_the_sender_told_in_their_language(
    client, reviewer, curator, django_capture_on_commit_callbacks
):
    victim = VictimFactory(surname_az="Həsənov")
    assert send(client, victim, prefix="/ru").status_code == 302
    correction = Correction.objects.get()
    assert correction.language == "ru"

    staff = Client()
    staff.force_login(reviewer)
    review = review_url(correction)
    page = staff.get("/en" + review).content.decode()
    assert "I am his sister" in page and "leyla@example.org" in page

    assert staff.post(review, {"action": "claim", "version": correction.version}).status_code == 302
    correction.refresh_from_db()
    assert correction.state == Correction.State.IN_PROGRESS and correction.assigned_to == reviewer
    response = staff.post(review, {"action": "assign", "version": correction.version, "assignee": curator.pk})
    assert response.status_code == 302
    staff.post(review, {"action": "note", "version": correction.version + 1, "text": "Checked the certificate."})
    correction.refresh_from_db()
    assert correction.assigned_to == curator and correction.internal_note == "Checked the certificate."

    mail.outbox.clear()
    closer = Client()
    closer.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = closer.post(
            review, {"action": "apply", "version": correction.version, "message": "Дата смерти исправлена."}
        )
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.state == Correction.State.APPLIED and correction.closed_at is not None
    assert [(event.action, event.user) for event in correction.events.all()] == [
        ("received", None),
        ("claimed", reviewer),
        ("assigned", reviewer),
        ("note", reviewer),
        ("applied", curator),
    ]
    [message] = mail.outbox
    assert message.to == ["leyla@example.org"]
    assert correction.reference in message.subject
    assert "Дата смерти исправлена." in message.body
    assert f"/ru/victims/{victim.identifier}/" in message.body  # the record, in the sender's language
    assert DeskMail.objects.get().sent_at is not None

    history = closer.get("/en" + review).content.decode()
    assert 'data-action="applied"' in history and "Checked the certificate." in history


def test_a_declined_correction_needs_a_reason_and_tells_the_sender(client, curator, django_capture_on_commit_callbacks):
    victim = VictimFactory()
    send(client, victim)
    correction = Correction.objects.get()
    staff = Client()
    staff.force_login(curator)
    review = review_url(correction)
    assert staff.post(review, {"action": "decline", "version": correction.version, "reason": ""}).status_code == 400
    assert not mail.outbox
    reason = "The register of the hospital gives 20 January."
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(review, {"action": "decline", "version": correction.version, "reason": reason})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.state == Correction.State.DECLINED and correction.outcome == reason
    [message] = mail.outbox
    assert reason in message.body and message.to == ["leyla@example.org"]


def test_without_an_address_the_sender_is_not_written_to(client, curator, django_capture_on_commit_callbacks):
    send(client, VictimFactory(), sender_email="", sender_name="")
    correction = Correction.objects.get()
    staff = Client()
    staff.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(review_url(correction), {"action": "apply", "version": correction.version, "message": ""})
    correction.refresh_from_db()
    assert correction.state == Correction.State.APPLIED
    assert not mail.outbox and not DeskMail.objects.exists()


def test_a_closed_correction_cannot_be_closed_again_nor_acted_on_from_an_old_page(client, curator, reviewer):
    send(client, VictimFactory())
    correction = Correction.objects.get()
    old_version = correction.version
    correction_claim(correction=correction, user=reviewer)
    staff = Client()
    staff.force_login(curator)
    response = staff.post(
        "/en" + review_url(correction), {"action": "decline", "version": old_version, "reason": "No."}, follow=True
    )
    assert "Someone else changed this request" in response.content.decode()
    correction.refresh_from_db()
    assert correction.state == Correction.State.IN_PROGRESS
    staff.post(review_url(correction), {"action": "apply", "version": correction.version, "message": ""})
    correction.refresh_from_db()
    response = staff.post(
        "/en" + review_url(correction),
        {"action": "decline", "version": correction.version, "reason": "No."},
        follow=True,
    )
    assert "not possible while the request is" in response.content.decode()
    assert CorrectionEvent.objects.filter(action="declined").count() == 0


def test_only_staff_who_answer_corrections_see_them(client):
    send(client, VictimFactory())
    correction = Correction.objects.get()
    assert client.get(review_url(correction)).status_code == 302  # to the sign-in
    visitor = Client()
    visitor.force_login(UserFactory(username="someone"))
    assert visitor.get(review_url(correction)).status_code == 403
    assert visitor.get("/en/review/corrections/").status_code == 403


def test_the_list_filters_by_state_and_assignment(client, reviewer, curator):
    victim = VictimFactory()
    for _ in range(3):
        send(client, victim)
    first, second, third = Correction.objects.order_by("pk")
    correction_claim(correction=first, user=reviewer)
    correction_claim(correction=second, user=curator)
    staff = Client()
    staff.force_login(reviewer)
    mine = staff.get("/en/review/corrections/", {"state": "open", "mine": "1"}).content.decode()
    assert first.reference in mine and second.reference not in mine and third.reference not in mine
    new = staff.get("/en/review/corrections/", {"state": "new"}).content.decode()
    assert third.reference in new and first.reference not in new
    found = staff.get("/en/review/corrections/", {"state": "all", "reference": second.reference.lower()})
    assert second.reference in found.content.decode() and first.reference not in found.content.decode()


# --- abuse, and what the public never sees ---------------------------------------------------------------------


def test_the_honeypot_refuses_with_a_clear_message_and_keeps_nothing(client):
    response = send(client, VictimFactory(), website="http://spam.example")
    assert response.status_code == 400
    assert "a field meant to stay empty was filled in" in response.content.decode()
    assert not Correction.objects.exists()


def test_a_form_sent_faster_than_a_person_could_is_refused_and_can_be_sent_again(client, settings):
    settings.PUBLIC_REQUEST_MIN_FILL_SECONDS = 30
    victim = VictimFactory()
    response = send(client, victim, stamp=stamp(seconds_ago=2))
    assert response.status_code == 400
    assert "The form was sent very quickly" in response.content.decode()
    assert not Correction.objects.exists()
    assert send(client, victim, stamp=stamp(seconds_ago=31)).status_code == 302


def test_a_forged_stamp_or_one_of_another_form_is_refused(client):
    from requests_desk.forms import AccessRequestForm

    victim = VictimFactory()
    assert send(client, victim, stamp="forged").status_code == 400
    assert send(client, victim, stamp=stamp(AccessRequestForm)).status_code == 400
    assert not Correction.objects.exists()


def test_the_rate_limit_per_address_refuses_with_a_clear_message_and_keeps_nothing(client, settings):
    settings.PUBLIC_REQUEST_RATE_LIMIT = 2
    victim = VictimFactory()
    assert send(client, victim).status_code == 302
    assert send(client, victim).status_code == 302
    response = send(client, victim)
    assert response.status_code == 429
    assert "Too many forms were sent from your connection" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Correction.objects.count() == 2
    assert client.post(correction_url(victim), correction_data(), REMOTE_ADDR="192.0.2.7").status_code == 302


def test_a_flood_of_refused_posts_is_stopped(client, settings):
    settings.PUBLIC_REQUEST_RATE_LIMIT = 1
    victim = VictimFactory()
    codes = [send(client, victim, what_is_wrong="").status_code for _ in range(6)]
    assert codes == [400] * 5 + [429]
    assert not Correction.objects.exists()


def test_missing_answers_are_named_and_what_was_typed_is_kept(client):
    response = send(client, VictimFactory(), what_is_right="", source="")
    page = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in page and "He died of his wounds" not in page
    assert "The date of death is given as 20 January." in page
    assert not Correction.objects.exists()


def test_the_same_form_sent_twice_is_one_correction(client):
    victim = VictimFactory()
    data = correction_data()
    first = client.post(correction_url(victim), data)
    second = client.post(correction_url(victim), data)
    assert first["Location"] == second["Location"]
    assert Correction.objects.count() == 1


def test_csrf_is_checked(client):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(correction_url(VictimFactory()), correction_data()).status_code == 403
    assert not Correction.objects.exists()


def hidden_records():
    tomorrow = timezone.localdate() + timedelta(days=1)
    withdrawn = VictimFactory()
    withdrawn.withdraw("Duplicate of another record.")
    withdrawn.save()
    return [
        VictimFactory(status=Status.DRAFT),
        VictimFactory(access=Access.PRIVATE),
        VictimFactory(embargo_until=tomorrow),
        withdrawn,
        TestimonyFactory(status=Status.DRAFT),
        TestimonyFactory(narrator_consent="archive_only", status=Status.DRAFT),
        DocumentFactory(access=Access.PRIVATE),
    ]


def test_no_correction_can_be_sent_about_a_record_the_public_may_not_see(client):
    for record in hidden_records():
        url = correction_url(record)
        assert client.get(url).status_code == 404, record
        assert client.post(url, correction_data()).status_code == 404, record
    assert client.get("/en/victims/V-999999/correction/").status_code == 404
    victim = VictimFactory()
    assert client.get(f"/en/testimonies/{victim.identifier}/correction/").status_code == 404  # not a testimony
    assert not Correction.objects.exists()


def test_the_form_pages_are_never_kept_by_the_page_cache(client):
    victim = VictimFactory()
    for _ in range(2):
        response = client.get(correction_url(victim))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        assert "csrfmiddlewaretoken" in response.content.decode()
    send(client, victim)
    sent = client.get(correction_url(victim) + "sent/")
    assert "no-store" in sent["Cache-Control"]
    # A visitor without the receipt is sent back to the form, not shown someone else's reference.
    assert Client().get(correction_url(victim) + "sent/").status_code == 302
