"""Access to a "metadata only" record's closed files: from the form on its page, through a curator's grant in /review/,
to a private link that opens that record's files alone, until it expires or is withdrawn, every use logged."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from archive.models import Access, MediaFile, Status
from requests_desk.models import AccessGrant, AccessRequest, AccessUse
from requests_desk.services import access_request_grant
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory
from tests.requests_desk_tests.helpers import (
    access_data,
    access_url,
    closed_victim,
    correction_url,
    record_page,
    review_url,
)

pytestmark = pytest.mark.django_db


def ask(client, record, prefix: str = "/en", **overrides):
    return client.post(access_url(record, prefix), access_data(**overrides))


def grant_by_mail(curator, access_request, capture, *, message: str = "") -> str:
    """A curator grants the request on its review page; the link the requester is mailed."""
    staff = Client()
    staff.force_login(curator)
    mail.outbox.clear()
    with capture(execute=True):
        response = staff.post(
            review_url(access_request), {"action": "grant", "version": access_request.version, "message": message}
        )
    assert response.status_code == 302
    [message_sent] = mail.outbox
    return re.search(r"https?://\S+/access/\S+/", message_sent.body).group(0)


def open_link(browser: Client, link: str) -> str:
    """Follow the mailed link as a browser does: the page it leads to (its address carries no token)."""
    response = browser.get(link)
    assert response.status_code == 302, response.status_code
    assert response["Referrer-Policy"] == "no-referrer"
    return response["Location"]


def file_links(page: str) -> list[str]:
    return re.findall(r'href="(/(?:[a-z]{2}/)?access/files/[^"]+/[0-9a-f-]{36}/)"', page)


def test_a_closed_record_offers_request_access_and_an_open_one_does_not(client):
    closed, open_victim = closed_victim(), VictimFactory()
    page = client.get(record_page(closed)).content.decode()
    assert f'href="{access_url(closed)}"' in page
    assert f'href="{access_url(open_victim)}"' not in client.get(record_page(open_victim)).content.decode()
    assert client.get(access_url(open_victim)).status_code == 404
    opened_on_a_day = VictimFactory(access=Access.METADATA, media_closed_until=timezone.localdate())
    assert client.get(access_url(opened_on_a_day)).status_code == 404  # its files are open to all now
    assert client.get(correction_url(closed)).status_code == 200  # and corrections are for every record


def test_an_access_request_goes_from_the_form_to_a_link_to_that_records_files(
    client, curator, django_capture_on_commit_callbacks
):
    victim = closed_victim()
    portrait, photo = victim.media.order_by("pk")
    other = closed_victim()
    assert client.get(portrait.get_absolute_url()).status_code == 404  # closed to the public

    sent = ask(client, victim, prefix="/ru")
    assert sent.status_code == 302
    access_request = AccessRequest.objects.get()
    thanks = client.get(sent["Location"]).content.decode()
    assert access_request.reference in thanks
    assert access_request.language == "ru" and access_request.terms_agreed
    assert "не буду публиковать их" in access_request.terms_text  # the terms agreed to, as they were worded

    link = grant_by_mail(curator, access_request, django_capture_on_commit_callbacks, message="For chapter 3 only.")
    access_request.refresh_from_db()
    assert access_request.state == AccessRequest.State.GRANTED
    assert "/ru/access/" in link  # in the language the request was written in
    body = mail.outbox[0].body
    assert "For chapter 3 only." in body and victim.identifier in body
    grant = AccessGrant.objects.get()
    assert link.rstrip("/").rsplit("/", 1)[1] not in grant.token_hash  # only the hash is stored
    assert timedelta(days=13, hours=23) < grant.expires_at - timezone.now() <= timedelta(days=14)

    researcher = Client(REMOTE_ADDR="198.51.100.4")
    page_url = open_link(researcher, link)
    page = researcher.get(page_url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    links = file_links(page.content.decode())
    assert len(links) == 2 and all(str(media.key) in " ".join(links) for media in (portrait, photo))
    fetched = researcher.get(links[0])
    assert fetched.status_code == 200
    assert b"".join(fetched.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "no-store" in fetched["Cache-Control"] and fetched["Content-Security-Policy"].endswith("sandbox")

    # That record's files only: another record's file by the same page's address is not found.
    foreign = other.media.first()
    assert researcher.get(page_url + f"{foreign.key}/").status_code == 404
    # Nothing opens for another browser, nor through the public /files/ address.
    assert Client().get(links[0]).status_code == 404
    assert researcher.get(portrait.get_absolute_url()).status_code == 404

    first = MediaFile.objects.get(key=links[0].split("/")[-2])
    uses = list(AccessUse.objects.order_by("pk").values_list("what", "media", "address"))
    assert uses == [("link", None, "198.51.100.4"), ("page", None, "198.51.100.4"), ("file", first.pk, "198.51.100.4")]

    staff = Client()
    staff.force_login(curator)
    log = staff.get("/en" + review_url(access_request)).content.decode()
    assert "198.51.100.4" in log and "File fetched" in log and 'data-action="granted"' in log


def test_a_withheld_file_stays_withheld_whatever_the_grant(client, curator, django_capture_on_commit_callbacks):
    victim = closed_victim()
    withheld, shown = victim.media.order_by("pk")
    MediaFile.objects.filter(pk=withheld.pk).update(withheld=True)
    ask(client, victim)
    link = grant_by_mail(curator, AccessRequest.objects.get(), django_capture_on_commit_callbacks)
    researcher = Client()
    page_url = open_link(researcher, link)
    links = file_links(researcher.get(page_url).content.decode())
    assert links == [page_url + f"{shown.key}/"]
    assert researcher.get(page_url + f"{withheld.key}/").status_code == 404


def test_the_link_stops_at_expiry(client, curator, django_capture_on_commit_callbacks):
    victim = closed_victim()
    ask(client, victim)
    link = grant_by_mail(curator, AccessRequest.objects.get(), django_capture_on_commit_callbacks)
    researcher = Client()
    page_url = open_link(researcher, link)
    file_url = file_links(researcher.get(page_url).content.decode())[0]
    AccessGrant.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    ended = researcher.get(page_url)
    assert ended.status_code == 410 and 'data-ended="expired"' in ended.content.decode()
    assert researcher.get(file_url).status_code == 404
    assert open_link(Client(), link) == page_url  # the link still leads to the page that says it ended
    assert not AccessUse.objects.filter(at__gt=timezone.now() - timedelta(seconds=1), what="file").exists()


def test_the_link_stops_when_a_curator_withdraws_it(client, curator, reviewer, django_capture_on_commit_callbacks):
    victim = closed_victim()
    ask(client, victim)
    access_request = AccessRequest.objects.get()
    link = grant_by_mail(curator, access_request, django_capture_on_commit_callbacks)
    researcher = Client()
    page_url = open_link(researcher, link)
    file_url = file_links(researcher.get(page_url).content.decode())[0]
    assert researcher.get(file_url).status_code == 200

    access_request.refresh_from_db()
    reviewing = Client()
    reviewing.force_login(reviewer)  # reviewers see requests but do not decide on them
    denied = reviewing.post(
        review_url(access_request), {"action": "revoke", "version": access_request.version, "reason": "x"}
    )
    assert denied.status_code == 403
    staff = Client()
    staff.force_login(curator)
    response = staff.post(
        review_url(access_request), {"action": "revoke", "version": access_request.version, "reason": "Shared online."}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.state == AccessRequest.State.REVOKED
    assert AccessGrant.objects.get().revoked_by == curator

    assert researcher.get(file_url).status_code == 404
    ended = researcher.get(page_url)
    assert ended.status_code == 410 and 'data-ended="revoked"' in ended.content.decode()
    actions = list(access_request.events.values_list("action", "user__username"))
    assert actions == [("received", None), ("granted", "curator"), ("revoked", "curator")]


def test_a_record_withdrawn_after_the_grant_closes_its_files(client, curator, django_capture_on_commit_callbacks):
    victim = closed_victim()
    ask(client, victim)
    link = grant_by_mail(curator, AccessRequest.objects.get(), django_capture_on_commit_callbacks)
    researcher = Client()
    page_url = open_link(researcher, link)
    file_url = file_links(researcher.get(page_url).content.decode())[0]
    victim.withdraw("Taken down at the family's request.")
    victim.save()
    assert researcher.get(file_url).status_code == 404
    assert researcher.get(page_url).status_code == 410


def test_a_declined_request_tells_the_requester_why_and_opens_nothing(
    client, curator, django_capture_on_commit_callbacks
):
    victim = closed_victim()
    ask(client, victim)
    access_request = AccessRequest.objects.get()
    staff = Client()
    staff.force_login(curator)
    reason = "The family has not agreed to show these photographs yet."
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            review_url(access_request), {"action": "decline", "version": access_request.version, "reason": reason}
        )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.state == AccessRequest.State.DECLINED
    [message] = mail.outbox
    assert message.to == ["aysel@university.example"] and reason in message.body
    assert not AccessGrant.objects.exists()


def test_a_reviewer_cannot_grant(client, reviewer):
    ask(client, closed_victim())
    access_request = AccessRequest.objects.get()
    staff = Client()
    staff.force_login(reviewer)
    page = staff.get("/en" + review_url(access_request)).content.decode()
    assert 'value="grant"' not in page and "Only curators grant" in page
    response = staff.post(review_url(access_request), {"action": "grant", "version": access_request.version})
    assert response.status_code == 403
    assert not AccessGrant.objects.exists() and not mail.outbox


def test_a_wrong_or_partial_link_opens_nothing(client, curator, django_capture_on_commit_callbacks):
    victim = closed_victim()
    ask(client, victim)
    link = grant_by_mail(curator, AccessRequest.objects.get(), django_capture_on_commit_callbacks)
    assert client.get(link[:-6] + "/").status_code == 404
    reference = AccessRequest.objects.get().reference
    assert client.get(f"/en/access/files/{reference}/").status_code == 404  # the page without having followed it
    assert not AccessUse.objects.exists()


def test_the_request_needs_the_terms_and_an_address_and_keeps_nothing_otherwise(client):
    victim = closed_victim()
    for missing in ({"terms_agreed": ""}, {"requester_email": ""}, {"purpose": ""}, {"requester_email": "nobody"}):
        response = ask(client, victim, **missing)
        assert response.status_code == 400, missing
        assert 'role="alert"' in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_abuse_protection_refuses_with_a_clear_message_and_keeps_nothing(client, settings):
    victim = closed_victim()
    honeypot = ask(client, victim, website="http://spam.example")
    assert honeypot.status_code == 400 and "a field meant to stay empty" in honeypot.content.decode()
    settings.PUBLIC_REQUEST_MIN_FILL_SECONDS = 3600
    too_fast = ask(client, victim)
    assert too_fast.status_code == 400 and "sent very quickly" in too_fast.content.decode()
    assert not AccessRequest.objects.exists()
    settings.PUBLIC_REQUEST_MIN_FILL_SECONDS = 0
    settings.PUBLIC_REQUEST_RATE_LIMIT = 1
    assert ask(client, victim).status_code == 302
    limited = ask(client, victim)
    assert limited.status_code == 429 and "Too many forms" in limited.content.decode()
    assert AccessRequest.objects.count() == 1


def test_no_access_can_be_asked_for_a_record_the_public_may_not_see(client):
    tomorrow = timezone.localdate() + timedelta(days=1)
    hidden = [
        VictimFactory(access=Access.METADATA, status=Status.DRAFT),
        VictimFactory(access=Access.PRIVATE),
        VictimFactory(access=Access.METADATA, embargo_until=tomorrow),
        TestimonyFactory(access=Access.METADATA, narrator_consent="archive_only", status=Status.DRAFT),
        DocumentFactory(access=Access.PRIVATE),
    ]
    withdrawn = DocumentFactory(access=Access.METADATA)
    withdrawn.withdraw("Not ours to show.")
    withdrawn.save()
    for record in [*hidden, withdrawn]:
        assert client.get(access_url(record)).status_code == 404, record
        assert client.post(access_url(record), access_data()).status_code == 404, record
    assert not AccessRequest.objects.exists()


def test_a_grant_is_refused_once_the_record_is_no_longer_public(client, curator):
    victim = closed_victim()
    ask(client, victim)
    access_request = AccessRequest.objects.get()
    victim.status = Status.DRAFT
    victim.save()
    from requests_desk.models import TransitionRefused

    with pytest.raises(TransitionRefused):
        access_request_grant(access_request=access_request, user=curator, link_for=lambda token: token)
    assert not AccessGrant.objects.exists()


@pytest.mark.parametrize("factory", [TestimonyFactory, DocumentFactory])
def test_testimonies_and_documents_take_requests_too(client, factory):
    record = factory(access=Access.METADATA)
    assert client.get(access_url(record)).status_code == 200
    assert ask(client, record).status_code == 302
    assert AccessRequest.objects.get().record == record


def test_the_form_pages_are_never_kept_by_the_page_cache(client):
    victim = closed_victim()
    for _ in range(2):
        response = client.get(access_url(victim))
        assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        assert "csrfmiddlewaretoken" in response.content.decode()
