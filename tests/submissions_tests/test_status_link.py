"""The status link is the family's key: once followed, it is kept in the session and out of every later address, so
it stays out of access logs, Referer headers and browser history."""

import re

import pytest
from django.test import Client

from submissions.models import Submission
from submissions.services import submission_reissue_link
from tests.submissions_tests.helpers import form_data, open_status_link, status_link

pytestmark = pytest.mark.django_db


def addresses_in(html: str) -> list[str]:
    return re.findall(r'(?:href|action|src|value)="([^"]*)"', html)


def test_the_link_leads_to_an_address_without_the_token(client, make_submission):
    receipt = make_submission()

    response = client.get(status_link(receipt.token))

    assert response.status_code == 302
    assert response["Location"] == f"/en/submissions/status/{receipt.submission.reference}/"
    # Never sent on, not even to this site: its own access log would keep the token from the Referer header.
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "private, no-store"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page["Referrer-Policy"] in ("no-referrer", "same-origin")
    html = page.content.decode()
    assert receipt.submission.reference in html and "Withdraw my submission" in html
    assert receipt.token not in html
    assert 'action=""' not in html and not [a for a in addresses_in(html) if receipt.token in a]


def test_every_action_of_the_page_works_at_the_address_without_the_token(client, make_submission):
    receipt = make_submission()
    page = open_status_link(client, status_link(receipt.token))
    html = client.get(page).content.decode()
    assert len(re.findall(rf'<form method="post" action="{page}"', html)) == 4  # answer, person, consent, withdraw

    steps = [
        form_data(action="answer", total_forms=2, **{"answer-text": "It was on Azadlıq avenue."}),
        {"action": "person", "person-person_name": "Hüseynov Elçin"},
        {
            "action": "consent",
            "consent-consent": "anonymous",
            "consent-pseudonym": "L. M.",
            "consent-media_consent": "no",
        },
        {"action": "withdraw", "withdraw-confirm": "on", "withdraw-reason": "Too soon."},
    ]
    for data in steps:
        response = client.post(page, data)
        assert response.status_code == 302, (data["action"], response.content.decode()[:500])
        assert response["Location"] == page + "#top"
        assert receipt.token not in response["Location"]

    submission = Submission.objects.get()
    assert submission.messages.filter(text="It was on Azadlıq avenue.").exists()
    assert "Hüseynov Elçin" in [person.person_name for person in submission.others.all()]
    assert (submission.consent, submission.pseudonym, submission.media_consent) == ("anonymous", "L. M.", False)
    assert submission.state == Submission.State.WITHDRAWN


def test_the_language_switch_keeps_the_page_open_and_the_token_out(client, make_submission):
    receipt = make_submission()
    page = open_status_link(client, status_link(receipt.token))
    html = client.get(page).content.decode()
    russian_page = f"/ru/submissions/status/{receipt.submission.reference}/"
    assert f'<a href="{russian_page}" hreflang="ru"' in html
    assert receipt.token not in html

    russian = client.get(russian_page)
    assert russian.status_code == 200 and "Ваше согласие" in russian.content.decode()


def test_without_the_link_the_address_shows_nothing_and_changes_nothing(client, make_submission):
    receipt = make_submission()
    page = open_status_link(client, status_link(receipt.token))
    stranger = Client()

    response = stranger.get(page)
    assert response.status_code == 404
    html = response.content.decode()
    assert "This link does not work" in html and receipt.submission.testimony_text not in html

    response = stranger.post(page, {"action": "withdraw", "withdraw-confirm": "on"})
    assert response.status_code == 404
    assert Submission.objects.get().state == Submission.State.NEW


def test_another_submissions_link_does_not_open_this_one(client, make_submission):
    mine, theirs = make_submission(), make_submission()
    open_status_link(client, status_link(mine.token))
    response = client.get(f"/en/submissions/status/{theirs.submission.reference}/")
    assert response.status_code == 404
    assert theirs.submission.testimony_text not in response.content.decode()


def test_several_submissions_in_one_browser_each_keep_their_page(client, make_submission):
    first, second = make_submission(), make_submission()
    first_page = open_status_link(client, status_link(first.token))
    second_page = open_status_link(client, status_link(second.token))

    assert first.submission.testimony_text in client.get(first_page).content.decode()
    assert second.submission.testimony_text in client.get(second_page).content.decode()


def test_a_replaced_link_stops_opening_the_page(client, make_submission):
    receipt = make_submission()
    page = open_status_link(client, status_link(receipt.token))
    new_links = []
    submission_reissue_link(
        reference=receipt.submission.reference, email="leyla@example.org", status_url=new_links.append
    )

    response = client.get(page)
    assert response.status_code == 404
    assert "replaced by a newer link" in response.content.decode()
    assert client.get(status_link(receipt.token)).status_code == 404
    new_page = open_status_link(client, status_link(new_links[0]))
    assert client.get(new_page).status_code == 200


def test_an_unknown_link_is_not_redirected(client):
    response = client.get(status_link("x" * 43))
    assert response.status_code == 404
    assert "Location" not in response
