"""Whatever a client sends to /oai (random verbs and arguments, repeated, lone surrogates, controls, very long values,
by GET or POST), the answer is HTTP 200 and valid OAI-PMH, or the site's 400 for a NUL, as everywhere; never a
server error."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import VictimFactory
from tests.harvesting_tests.conftest import error_code, oai_id, published, validate_answer
from tests.hostile_tests.strategies import form_body, hostile_text, query_string

pytestmark = pytest.mark.django_db

hostile = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
NAMES = ["verb", "metadataPrefix", "identifier", "from", "until", "set", "resumptionToken"]
VERBS = ["Identify", "ListMetadataFormats", "ListSets", "GetRecord", "ListIdentifiers", "ListRecords"]
arguments = st.lists(
    st.tuples(
        st.sampled_from(NAMES) | hostile_text,
        st.sampled_from(VERBS) | st.sampled_from(["oai_dc", "mods"]) | hostile_text,
    ),
    max_size=6,
)


@hostile
@given(params=arguments, method=st.sampled_from(["GET", "POST"]))
@example(params=[("verb", "GetRecord"), ("metadataPrefix", "oai_dc"), ("identifier", "oai:x:\ud800")], method="GET")
@example(
    params=[("verb", "ListRecords"), ("metadataPrefix", "mods"), ("from", "2026-01-01T00:00:00Z\x0b")], method="POST"
)
@example(params=[("verb", "ListSets"), ("\u202e", "\x1f")], method="GET")
def test_no_request_answers_other_than_valid_oai_pmh(client, params, method):
    published(VictimFactory)
    if method == "GET":
        response = client.generic("GET", "/oai", QUERY_STRING=query_string(params))
    else:
        response = client.generic("POST", "/oai", form_body(params), content_type="application/x-www-form-urlencoded")
    if response.status_code == 400:
        assert any("\x00" in key + value for key, value in params)
        return
    assert response.status_code == 200
    validate_answer(response.content)


def test_a_real_identifier_with_anything_around_it_is_unknown(client):
    victim = published(VictimFactory)
    for identifier in (" " + oai_id(victim), oai_id(victim) + "\x01", oai_id(victim).lower()):
        response = client.get("/oai", {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier})
        assert error_code(validate_answer(response.content)) == "idDoesNotExist"
