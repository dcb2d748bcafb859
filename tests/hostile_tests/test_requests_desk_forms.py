"""Property: whatever is sent to the forms of the corrections and access requests (public and staff) and to their
lists' parameters, no answer is a server error. The URL patterns themselves are covered with every other route
(``test_no_server_errors``)."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from archive.models import Access
from requests_desk.forms import AccessRequestForm, CorrectionForm
from requests_desk.inputs import AccessRequestDetails, CorrectionDetails
from requests_desk.services import access_request_receive, correction_receive
from tests.factories import VictimFactory
from tests.hostile_tests.strategies import form_body, hostile_text, query_string
from tests.hostile_tests.test_no_server_errors import LANGUAGE_PREFIXES, assert_no_server_error, hostile
from tests.requests_desk_tests.helpers import access_data, access_url, correction_data, correction_url, review_url

pytestmark = pytest.mark.django_db

FIELDS = sorted({*CorrectionForm.base_fields, *AccessRequestForm.base_fields})
STAFF_FIELDS = ["action", "version", "text", "message", "reason", "assignee"]


@pytest.fixture
def records(settings):
    settings.PUBLIC_REQUEST_RATE_LIMIT = 10_000
    return VictimFactory(), VictimFactory(access=Access.METADATA)


@hostile
@given(
    replaced=st.dictionaries(st.sampled_from(FIELDS) | hostile_text, hostile_text, min_size=1, max_size=4),
    prefix=st.sampled_from(LANGUAGE_PREFIXES),
    access=st.booleans(),
)
@example(replaced={"what_is_wrong": "\x00"}, prefix="", access=False)
@example(replaced={"requester_email": "a@\ud800.example"}, prefix="/en", access=True)
@example(replaced={"stamp": "\ud800"}, prefix="/ru", access=True)
def test_no_field_of_the_public_forms_answers_a_server_error(client, records, replaced, prefix, access):
    victim, closed = records
    url, data = (
        (access_url(closed, prefix), access_data()) if access else (correction_url(victim, prefix), correction_data())
    )
    response = client.generic(
        "POST",
        url,
        data=form_body(list({**data, **replaced}.items())),
        content_type="application/x-www-form-urlencoded",
    )
    assert_no_server_error(response, (url, replaced))


@hostile
@given(
    fields=st.lists(st.tuples(st.sampled_from(STAFF_FIELDS) | hostile_text, hostile_text), max_size=5),
    params=st.lists(st.tuples(st.sampled_from(["state", "mine", "reference", "page"]), hostile_text), max_size=3),
)
@example(fields=[("action", "assign"), ("version", "1"), ("assignee", "\x00")], params=[("reference", "\x00")])
@example(fields=[("action", "grant"), ("version", "99999999999999999999")], params=[("page", "-1")])
def test_no_field_of_the_staff_pages_answers_a_server_error(records, curator, fields, params):
    victim, closed = records
    correction, _ = correction_receive(
        record=victim, details=CorrectionDetails("a", "b", "c"), language="az", form_token="hostile-correction"
    )
    access_request, _ = access_request_receive(
        record=closed,
        details=AccessRequestDetails("A", "a@example.org", "study", True),
        language="az",
        form_token="hostile-access",
    )
    staff = Client()
    staff.force_login(curator)
    for page in ("/en/review/corrections/", "/en/review/access/"):
        assert_no_server_error(staff.generic("GET", page, QUERY_STRING=query_string(params)), (page, params))
    for row in (correction, access_request):
        url = review_url(row)
        response = staff.generic("POST", url, data=form_body(fields), content_type="application/x-www-form-urlencoded")
        assert_no_server_error(response, (url, fields))
