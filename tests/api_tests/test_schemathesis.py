"""The OpenAPI description is a valid document, and every operation in it answers as it says, whatever is asked.

Schemathesis generates requests from the description itself (valid parameters and invalid ones), sends them to the
site's WSGI application with all its middleware, and checks each answer: no server error, a status code and
content type the description lists, a body its schema accepts. A bounded number of examples per operation keeps it
quick (``SCHEMATHESIS_EXAMPLES`` asks for more); in CI the examples are derandomised, so a run repeats exactly.
Real records are asked for by name too, so the full answers (files, transcripts, 410 and 301) are checked as well.
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.api import api as ninja_api

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))
APPLICATION = get_wsgi_application()

schema = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema())
schema.app = APPLICATION
# A NUL character is refused by the site's middleware before any view (memorial.middleware, with an HTML 400 page:
# tests/hostile_tests); the API itself never sees one, so the description need not speak of it.
schema.config.generation.update(allow_x00=False, max_examples=EXAMPLES, deterministic=bool(os.environ.get("CI")))


@pytest.fixture
def served(settings, archive):
    """The archive's records, and schemathesis's host allowed. The application is called as a server calls it, so
    the end of each request would close the database connection, and with it the test's transaction on PostgreSQL:
    kept open as Django's own test client keeps it."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield archive
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_description_is_a_valid_openapi_document(client, db):
    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/api/v1/victims",
        "/api/v1/victims/{identifier}",
        "/api/v1/testimonies",
        "/api/v1/testimonies/{identifier}",
        "/api/v1/documents",
        "/api/v1/documents/{identifier}",
        "/api/v1/places",
        "/api/v1/places/{slug}",
        "/api/v1/events",
        "/api/v1/events/{key}",
        "/api/v1/sources",
        "/api/v1/sources/{key}",
    }
    # What the tests below generate from (made without a request, as JSON has it: status codes as text).
    assert document == json.loads(json.dumps(ninja_api.get_openapi_schema()))


@schema.parametrize()
@settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_its_description_says(case, served):
    # A cursor is opaque: any string fits its schema, but only one the list gave is accepted (a forged one is 400,
    # tests/api_tests/test_pagination.py). Every other check still applies to such a request.
    forged_cursor = bool(case.query and "cursor" in case.query)
    case.call_and_validate(excluded_checks=[positive_data_acceptance] if forged_cursor else None)


def _case(path: str, **path_parameters: str):
    return schema[path]["GET"].Case(path_parameters=path_parameters)


def test_the_full_answers_of_real_records_conform(served):
    archive = served
    cases = [
        (_case("/api/v1/victims/{identifier}", identifier=archive.victim.identifier), 200),
        (_case("/api/v1/victims/{identifier}", identifier=archive.metadata_victim.identifier), 200),
        (_case("/api/v1/victims/{identifier}", identifier=archive.withdrawn.identifier), 410),
        (_case("/api/v1/victims/{identifier}", identifier=archive.merged.identifier), 301),
        (_case("/api/v1/testimonies/{identifier}", identifier=archive.testimony.identifier), 200),
        (_case("/api/v1/testimonies/{identifier}", identifier=archive.anonymous_testimony.identifier), 200),
        (_case("/api/v1/documents/{identifier}", identifier=archive.document.identifier), 200),
        (_case("/api/v1/places/{slug}", slug="baku"), 200),
        (_case("/api/v1/events/{key}", key="troops-enter"), 200),
        (_case("/api/v1/sources/{key}", key="hrw-1991"), 200),
    ]
    for path in ("victims", "testimonies", "documents", "places", "events", "sources"):
        cases.append((schema[f"/api/v1/{path}"]["GET"].Case(query={"limit": 1}), 200))
    for case, status in cases:
        response = case.call_and_validate()
        assert response.status_code == status, case.formatted_path
