"""Staff who review submissions see on the admin's first page how many wait for a first look."""

import pytest

pytestmark = pytest.mark.django_db


def test_admin_home_counts_new_submissions_for_reviewers(client, reviewer, make_submission):
    make_submission()
    make_submission()
    client.force_login(reviewer)
    page = client.get("/en/admin/").content.decode()
    assert "2 new submissions await review" in page
    assert "/en/review/?state=new" in page


def test_admin_home_shows_no_count_to_staff_who_do_not_review(client, make_submission):
    from tests.factories import UserFactory

    make_submission()
    client.force_login(UserFactory(is_staff=True))
    page = client.get("/en/admin/").content.decode()
    assert "await review" not in page
