"""What schemathesis cannot send (NUL bytes, lone surrogates, invalid UTF-8, very long values), sent to every address
and parameter of the API: no answer is a server error, and every refusal is the API's JSON or the site's NUL page."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile_tests.strategies import hostile_text, path_segment, query_string

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "60"))
hostile = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
LISTS = ["victims", "testimonies", "documents", "places", "events", "sources"]
PARAMETERS = [
    *("cursor", "limit", "q", "fate", "gender", "place", "died_from", "died_to", "age_min", "age_max", "language"),
    *("victim", "testimony", "recorded_from", "recorded_to", "media", "kind", "date_from", "date_to", "within"),
]


@hostile
@given(
    path=st.sampled_from(LISTS),
    params=st.lists(st.tuples(st.sampled_from(PARAMETERS) | hostile_text, hostile_text), max_size=4),
)
def test_no_parameter_of_a_list_answers_a_server_error(client, path, params):
    response = client.generic("GET", f"/api/v1/{path}", QUERY_STRING=query_string(params))
    assert response.status_code in (200, 400), (path, params, response.status_code)


@hostile
@given(path=st.sampled_from(LISTS), key=hostile_text)
def test_no_key_of_a_record_answers_a_server_error(client, path, key):
    response = client.get(f"/api/v1/{path}/{path_segment(key)}")
    assert response.status_code < 500, (path, key)
