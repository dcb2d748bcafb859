"""Publish and withdraw from a record's own admin page: buttons, through the same services and permission as the
changelist's actions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from archive.models import Status, Testimony
from tests.factories import DocumentFactory, EventFactory, TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db


def url(record, view: str) -> str:
    return reverse(f"admin:archive_{record._meta.model_name}_{view}", args=[record.pk])


@pytest.mark.parametrize("factory", [VictimFactory, TestimonyFactory, DocumentFactory, EventFactory])
def test_curator_publishes_a_draft_from_its_page(client, curator, factory):
    draft = factory(status=Status.DRAFT)
    client.force_login(curator)
    page = client.get(url(draft, "change")).content.decode()
    assert f'action="{url(draft, "publish")}"' in page
    assert url(draft, "withdraw") in page  # a draft may be withdrawn too: it will never be published

    response = client.post(url(draft, "publish"), follow=True)

    assert response.redirect_chain[-1][0] == url(draft, "change")
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.history.first().history_change_reason == "published"
    assert draft.history.first().history_user == curator
    page = response.content.decode()
    assert f'action="{url(draft, "publish")}"' not in page  # published: the button is gone


def test_withdrawing_from_the_page_asks_for_a_reason_and_keeps_it(client, curator):
    victim = VictimFactory()
    client.force_login(curator)
    form = client.get(url(victim, "withdraw"))
    assert form.status_code == 200
    assert 'name="reason"' in form.content.decode()

    refused = client.post(url(victim, "withdraw"), {"reason": "  "})
    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"]
    victim.refresh_from_db()
    assert victim.status == Status.PUBLISHED

    response = client.post(url(victim, "withdraw"), {"reason": "The family asked us to."})
    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.status == Status.WITHDRAWN
    assert victim.withdrawal_reason == "The family asked us to."
    assert victim.history.first().history_change_reason == "withdrawn: The family asked us to."
    assert not victim.is_public
    page = client.get(url(victim, "change")).content.decode()
    assert url(victim, "withdraw") not in page
    assert url(victim, "publish") in page  # a withdrawn record may be published again


def test_a_refused_publication_says_why_and_changes_nothing(client, curator):
    kept = TestimonyFactory(status=Status.DRAFT, narrator_consent=Testimony.Consent.ARCHIVE_ONLY)
    client.force_login(curator)
    with translation.override("en"):
        response = client.post(url(kept, "publish"), follow=True)
    errors = [str(message) for message in response.context["messages"] if message.level_tag == "error"]
    assert len(errors) == 1 and errors[0].startswith("Not published")
    kept.refresh_from_db()
    assert kept.status == Status.DRAFT


def test_reviewer_sees_no_buttons_and_cannot_post_them(client, reviewer):
    draft, published = VictimFactory(status=Status.DRAFT), VictimFactory()
    client.force_login(reviewer)
    page = client.get(url(draft, "change")).content.decode()
    assert url(draft, "publish") not in page and url(draft, "withdraw") not in page
    assert client.post(url(draft, "publish")).status_code == 403
    assert client.post(url(published, "withdraw"), {"reason": "no"}).status_code == 403
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, published.status) == (Status.DRAFT, Status.PUBLISHED)


def test_publishing_is_a_post(client, curator):
    draft = VictimFactory(status=Status.DRAFT)
    client.force_login(curator)
    assert client.get(url(draft, "publish")).status_code == 405
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
