""" "My work" at the top of /review/ lists the new corrections and access requests, and the corrections assigned to
the person looking, each linked to its page; two queries a list, however many wait."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Access
from requests_desk.inputs import AccessRequestDetails, CorrectionDetails
from requests_desk.services import access_request_receive, correction_claim, correction_receive
from tests.factories import VictimFactory
from tests.requests_desk_tests.helpers import review_url
from tests.submissions_tests.test_my_work import section

pytestmark = pytest.mark.django_db
_FORMS = itertools.count()


def correction(record):
    details = CorrectionDetails("Born 1965.", "Born 1966.", "His passport.")
    return correction_receive(record=record, details=details, language="en", form_token=f"c{next(_FORMS)}")[0]


def access_request(record):
    details = AccessRequestDetails("Aysel", "aysel@example.org", "A study.", True)
    return access_request_receive(record=record, details=details, language="en", form_token=f"a{next(_FORMS)}")[0]


def test_new_corrections_and_access_requests_wait_in_my_work(client, reviewer, curator):
    victim = VictimFactory(surname_az="Əliyev", given_name_az="Vüqar")
    new, mine, theirs = correction(victim), correction(victim), correction(victim)
    correction_claim(correction=mine, user=reviewer)
    correction_claim(correction=theirs, user=curator)
    asked = access_request(VictimFactory(access=Access.METADATA))
    client.force_login(reviewer)
    page = client.get("/en/review/").content.decode()

    new_list = section(page, "work-corrections-new")
    assert new.reference in new_list and mine.reference not in new_list and "Əliyev Vüqar" in new_list
    assert f'href="/en{review_url(new)}"' in new_list
    assigned = section(page, "work-corrections-mine")
    assert mine.reference in assigned and theirs.reference not in assigned
    access_list = section(page, "work-access-new")
    assert asked.reference in access_list and f'href="/en{review_url(asked)}"' in access_list


def test_my_work_costs_two_queries_a_list_however_much_waits(client, reviewer):
    client.force_login(reviewer)
    victim, closed = VictimFactory(), VictimFactory(access=Access.METADATA)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/review/").status_code == 200
        return len(captured)

    correction_claim(correction=correction(victim), user=reviewer)
    correction(victim)
    access_request(closed)
    few = queries()
    for _ in range(7):
        correction_claim(correction=correction(victim), user=reviewer)
        correction(victim)
        access_request(closed)
    assert queries() == few
    page = client.get("/en/review/").content.decode()
    assert "See all 8" in section(page, "work-corrections-new")
