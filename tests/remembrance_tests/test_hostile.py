"""Property: whatever a client sends to the remembrance form — random Unicode, NUL bytes, lone surrogates, very long or
punctuation-only values, in any field — the answer is never a server error, and what is kept is clean text."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remembrance.models import MAX_NAME, MAX_TEXT, Message
from remembrance.text import REMOVED, clean_message
from tests.factories import VictimFactory
from tests.hostile_tests.strategies import form_body, hostile_text
from tests.remembrance_tests.conftest import aged_stamp

pytestmark = pytest.mark.django_db

hostile = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
FIELDS = ["text", "name", "website", "stamp"]


@hostile
@given(
    replaced=st.dictionaries(st.sampled_from(FIELDS), hostile_text, max_size=3),
    prefix=st.sampled_from(["", "/en", "/ru"]),
)
def test_no_field_of_the_remembrance_form_answers_a_server_error(client, replaced, prefix):
    victim = VictimFactory()
    fields = {"text": "Rəhmət olsun.", "name": "", "website": "", "stamp": aged_stamp(), **replaced}
    response = client.generic(
        "POST",
        f"{prefix}/victims/{victim.identifier}/remember/",
        data=form_body(list(fields.items())),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 500, (response.status_code, replaced)
    for message in Message.objects.filter(victim=victim):
        assert message.text and len(message.text) <= MAX_TEXT and len(message.name) <= MAX_NAME
        assert clean_message(message.text) == message.text  # kept as cleaned: cleaning again changes nothing
        assert "\x00" not in message.text + message.name and REMOVED not in message.name
