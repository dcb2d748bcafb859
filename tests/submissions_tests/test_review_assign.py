"""The review side: queue links that keep their filters, the history in words, and assigning to someone else."""

import html as html_module
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from submissions.models import Submission, TransitionRefused
from submissions.services import submission_assign, submission_claim, submission_family_answer
from submissions.views import review
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

State = Submission.State


def queue_links(html: str) -> dict[str, dict[str, list[str]]]:
    """The queue's own links (``?…``), by their text."""
    return {
        re.sub(r"\s+", " ", text).strip(): parse_qs(urlsplit(html_module.unescape(href)).query)
        for href, text in re.findall(r'<a href="(\?[^"]*)"[^>]*>([^<]+)</a>', html)
    }


def test_every_queue_link_keeps_the_other_filters(client, reviewer, make_submission, monkeypatch):
    monkeypatch.setattr(review, "PAGE_SIZE", 2)
    mine = [make_submission().submission for _ in range(3)]
    for submission in mine:
        submission_claim(submission=submission, user=reviewer)
    make_submission()  # someone else's, new
    client.force_login(reviewer)

    html = client.get("/en/review/?state=in_review&mine=1&reference=").content.decode()
    links = queue_links(html)

    for text in ("Open (3)", "New (0)", "In review (3)", "All (3)"):  # the counts follow the other filters too
        assert links[text]["mine"] == ["1"], text
    assert links["New (0)"]["state"] == ["new"]
    assert links["Next"] == {"state": ["in_review"], "mine": ["1"], "page": ["2"]}
    page_two = client.get("/en/review/" + "?state=in_review&mine=1&page=2").content.decode()
    assert queue_links(page_two)["Previous"] == {"state": ["in_review"], "mine": ["1"], "page": ["1"]}
    queue = page_two[page_two.index('<table class="queue">') :]  # below "My work", which lists them all
    assert mine[2].reference in queue and mine[0].reference not in queue

    searched = client.get(f"/en/review/?state=open&reference={mine[1].reference.lower()}").content.decode()
    links = queue_links(searched)
    assert links["Open (1)"]["reference"] == [mine[1].reference.lower()]
    assert links["Spam (0)"] == {"state": ["spam"], "reference": [mine[1].reference.lower()]}


def test_the_history_shows_what_happened_in_words(client, reviewer, make_submission):
    submission = make_submission().submission
    submission_claim(submission=submission, user=reviewer)
    submission_family_answer(submission=submission, text="It was Azadlıq avenue.")
    client.force_login(reviewer)
    html = client.get(submission.get_review_url()).content.decode()
    log = html[html.index('id="log-heading"') :]
    assert '<span data-action="family_answered">The family answered</span>' in log
    assert '<span data-action="claimed">Claimed</span>' in log
    assert re.search(r">\s*family_answered\s*<", log) is None


def test_a_reviewer_assigns_a_submission_to_a_colleague_who_is_told_by_email(
    client, reviewer, curator, make_submission, django_capture_on_commit_callbacks
):
    submission = make_submission().submission
    client.force_login(reviewer)
    page = client.get(submission.get_review_url()).content.decode()
    assert f'<option value="{curator.pk}">curator</option>' in page
    assert f'<option value="{reviewer.pk}">reviewer</option>' in page
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            submission.get_review_url(), {"action": "assign", "version": submission.version, "assignee": curator.pk}
        )

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.assigned_to == curator and submission.state == State.IN_REVIEW
    event = submission.events.last()
    assert (event.action, event.user, event.from_state, event.to_state) == ("assigned", reviewer, "new", "in_review")
    assert [message.to for message in mail.outbox] == [[curator.email]]
    assert submission.reference in mail.outbox[0].subject
    assert f"http://testserver{submission.get_review_url()}" in mail.outbox[0].body
    page = client.get(submission.get_review_url()).content.decode()
    assert f'<option value="{curator.pk}" selected>curator</option>' in page


def test_assigning_to_oneself_sends_no_email(make_submission, reviewer, django_capture_on_commit_callbacks):
    submission = make_submission().submission
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission_assign(submission=submission, assignee=reviewer, user=reviewer)
    assert mail.outbox == []
    assert Submission.objects.get().assigned_to == reviewer


def test_only_reviewers_and_curators_can_be_assigned_and_only_by_staff(client, reviewer, make_submission):
    submission = make_submission().submission
    outsider = UserFactory(username="outsider", is_staff=True)
    with pytest.raises(TransitionRefused):
        submission_assign(submission=submission, assignee=outsider, user=reviewer)
    with pytest.raises(PermissionDenied):
        submission_assign(submission=submission, assignee=reviewer, user=outsider)

    client.force_login(reviewer)
    response = client.post(
        submission.get_review_url(), {"action": "assign", "version": submission.version, "assignee": outsider.pk}
    )
    assert response.status_code == 400  # not among the choices
    submission.refresh_from_db()
    assert submission.assigned_to is None and submission.events.count() == 1


def test_a_stale_assignment_is_refused(client, reviewer, curator, make_submission):
    submission = make_submission().submission
    seen = submission.version
    submission_claim(submission=submission, user=curator)
    client.force_login(reviewer)
    response = client.post(
        submission.get_review_url(), {"action": "assign", "version": seen, "assignee": reviewer.pk}, follow=True
    )
    assert "Someone else changed this submission" in response.content.decode()
    assert Submission.objects.get().assigned_to == curator
