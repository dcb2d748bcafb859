""" "My work" at the top of /review/: what waits for the person signed in, and the staff bar on review pages."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from archive.models import Status
from submissions.models import Submission, SubmissionEvent
from submissions.services import submission_accept, submission_ask_family, submission_claim
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def test_what_is_assigned_to_me_is_listed_not_what_is_anothers(client, reviewer, curator, make_submission):
    mine = make_submission(person_name="Mənim adamım").submission
    theirs = make_submission(person_name="Başqasının adamı").submission
    submission_claim(submission=mine, user=reviewer)
    submission_claim(submission=theirs, user=curator)
    client.force_login(reviewer)
    page = client.get("/en/review/").content.decode()
    assigned = section(page, "work-assigned")
    assert mine.reference in assigned and theirs.reference not in assigned
    assert "(1)" in assigned


def test_submissions_waiting_long_for_the_family_are_listed(client, reviewer, make_submission, settings):
    settings.SUBMISSION_WAITING_DAYS = 14
    long_ago, lately = make_submission().submission, make_submission().submission
    for submission in (long_ago, lately):
        submission_claim(submission=submission, user=reviewer)
        submission_ask_family(submission=submission, user=reviewer, question="Which street?")
    SubmissionEvent.objects.filter(submission=long_ago, action="asked_family").update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    client.force_login(reviewer)
    page = client.get("/en/review/").content.decode()
    waiting = section(page, "work-waiting")
    assert long_ago.reference in waiting and lately.reference not in waiting
    listed = client.get("/en/review/", {"state": "waiting", "focus": "waiting_long"}).content.decode()
    queue = listed[listed.index('<table class="queue">') :]
    assert long_ago.reference in queue and lately.reference not in queue


def test_accepted_submissions_with_draft_records_are_listed_until_published(client, curator, make_submission):
    submission = make_submission().submission
    kept_private = make_submission(consent=Submission.Consent.ARCHIVE_ONLY, media_consent=False).submission
    for each in (submission, kept_private):
        submission_claim(submission=each, user=curator)
        submission_accept(submission=each, user=curator)  # the person linked to no one
    client.force_login(curator)
    drafts = section(client.get("/en/review/").content.decode(), "work-drafts")
    assert submission.reference in drafts
    assert kept_private.reference not in drafts  # archive only: its testimony is never to be published

    testimony = Submission.objects.get(pk=submission.pk).testimony
    testimony.publish()
    testimony.save()
    drafts = section(client.get("/en/review/").content.decode(), "work-drafts")
    assert submission.reference not in drafts
    assert testimony.status == Status.PUBLISHED


def test_my_work_costs_the_same_few_queries_however_much_waits(client, reviewer, make_submission):
    client.force_login(reviewer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/review/").status_code == 200
        return len(captured)

    submission_claim(submission=make_submission().submission, user=reviewer)
    few = queries()
    for _ in range(8):
        submission_claim(submission=make_submission().submission, user=reviewer)
    assert queries() == few


def test_review_pages_carry_the_staff_bar_and_public_pages_do_not(client, make_submission, staff_roles):
    from django.contrib.auth.models import Group

    from archive.roles import REVIEWERS

    reviewer = UserFactory(username="leyla", first_name="Leyla", last_name="Həsənova", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    submission = make_submission().submission
    client.force_login(reviewer)
    for path in ("/en/review/", submission.get_review_url()):
        page = client.get(path).content.decode()
        assert "Signed in as Leyla Həsənova" in page
        assert 'action="/en/admin/logout/"' in page or 'action="/admin/logout/"' in page
        assert 'href="/en/admin/"' in page or 'href="/admin/"' in page
    assert "Signed in as" not in client.get("/en/").content.decode()


def test_the_reference_is_called_the_same_as_on_the_familys_pages(client, reviewer, make_submission):
    make_submission()
    client.force_login(reviewer)
    page = client.get("/review/").content.decode()  # Azerbaijani, the archive's language
    assert "İstinad nömrəsi" in page  # "İstinad nömrəniz" on the family's pages
    assert "Şifr" not in page  # a document's call number, not a submission's reference
