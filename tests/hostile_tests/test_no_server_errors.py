"""Property: whatever a client sends — random Unicode, NUL bytes, lone surrogates, very long or punctuation-only
values — to any URL pattern, query parameter or form field of the site, no answer is a server error.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL in CI's second run), since the two
refuse different things (PostgreSQL cannot hold a NUL in text). ``HYPOTHESIS_EXAMPLES`` sets how many requests each
property sends; in CI the examples are derandomised, so a run is repeatable.
"""

from __future__ import annotations

import os
import re
import uuid

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive.models import TranscriptSegment
from submissions.abuse import issue_stamp
from submissions.forms import AddPersonForm, AnswerForm, FamilyConsentForm, SubmissionForm, WithdrawForm
from tests.factories import DocumentFactory, PlaceFactory, TestimonyFactory, VictimFactory
from tests.hostile_tests.strategies import (
    PARAMETERS,
    form_body,
    hostile_text,
    multipart_body,
    new_boundary,
    path_segment,
    public_routes,
    query_string,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "60"))
hostile = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
ROUTES = public_routes()
PLACEHOLDER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
LANGUAGE_PREFIXES = ["", "/en", "/ru"]
# As many values as the route with the most placeholders takes (an IIIF image request has five).
PLACEHOLDERS = max(len(PLACEHOLDER.findall(route)) for route in ROUTES)
# Real values for placeholders, so that what follows a valid identifier is reached too.
REAL = ["@victim", "@testimony", "@document", "baku", str(uuid.uuid4())]
parameters = st.lists(st.tuples(st.sampled_from(PARAMETERS) | hostile_text, hostile_text), max_size=4)


@pytest.fixture
def published(settings):
    """One public record of each kind, by the names the tests use for their identifiers, and a place."""
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    settings.SUBMISSION_RATE_LIMIT = 10_000
    baku = PlaceFactory(slug="baku", name_en="Baku")
    victim = VictimFactory(surname_az="Məmmədov", incident_place=baku)
    testimony = TestimonyFactory(title="Məmmədovun ailəsi", recorded_place=baku)
    TranscriptSegment.objects.create(testimony=testimony, start=1, text="Biz evdə idik.")
    testimony.victims.add(victim)
    document = DocumentFactory(title="Arayış")
    return {"@victim": victim.identifier, "@testimony": testimony.identifier, "@document": document.identifier}


def real(text: str, published: dict[str, str]) -> str:
    for name, identifier in published.items():
        text = text.replace(name, identifier)
    return text


def assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {what!r}"


def get(client: Client, path: str, params: list[tuple[str, str]]):
    return client.generic("GET", path, QUERY_STRING=query_string(params))


@hostile
@given(
    route=st.sampled_from(ROUTES),
    prefix=st.sampled_from(LANGUAGE_PREFIXES),
    fillings=st.lists(hostile_text | st.sampled_from(REAL), min_size=PLACEHOLDERS, max_size=PLACEHOLDERS),
    params=parameters,
)
@example(route="/victims/<str:identifier>/", prefix="/en", fillings=["\x00"] * 3, params=[])
@example(route="/submit/", prefix="", fillings=[""] * 3, params=[("victim", "\x00")])
@example(route="/api/v1/search/", prefix="", fillings=[""] * 3, params=[("q", "a"), ("place", "\x00")])
@example(route="/search/", prefix="", fillings=[""] * 3, params=[("q", "№")])
def test_no_url_pattern_answers_a_server_error(client, published, route, prefix, fillings, params):
    values = iter(fillings)
    path = prefix + PLACEHOLDER.sub(lambda _match: path_segment(real(next(values), published)), route)

    response = get(client, path, params)

    assert_no_server_error(response, (path, params))


RECORD_PAGES = [
    "/",
    "/victims/",
    "/testimonies/",
    "/documents/",
    "/timeline/",
    "/places/",
    "/places/baku/",
    "/statistics/",
    "/victims/@victim/",
    "/testimonies/@testimony/",
    "/documents/@document/",
    "/testimonies/@testimony/transcript.vtt",
    "/victims/@victim/cite.json",
    "/search/",
    "/search/suggest/",
    "/api/v1/search/",
    "/submit/",
    "/submit/received/",
    "/submissions/lost-link/",
    "/submissions/lost-link/text/",
    "/submissions/lost-link/text/code/",
    "/feeds/recent/",
    "/sitemap.xml",
    "/healthz",
    "/admin/login/",
    "/review/",
]


@hostile
@given(page=st.sampled_from(RECORD_PAGES), prefix=st.sampled_from(LANGUAGE_PREFIXES), params=parameters)
@example(page="/victims/", prefix="", params=[("age_min", "1e308"), ("died_from", "99999-99-99")])
@example(page="/search/", prefix="/ru", params=[("q", "\ud800"), ("page", "-1")])
def test_no_query_parameter_of_a_page_answers_a_server_error(client, published, page, prefix, params):
    path = real(page if page in {"/sitemap.xml", "/healthz"} else prefix + page, published)

    response = get(client, path, params)

    assert_no_server_error(response, (path, params))


@hostile
@given(params=parameters, page=st.sampled_from(["/review/", "/en/review/", "/ru/review/"]))
@example(params=[("reference", "\x00")], page="/review/")
def test_no_parameter_of_the_review_queue_answers_a_server_error(client, published, reviewer, params, page):
    client.force_login(reviewer)

    response = get(client, page, params)

    assert_no_server_error(response, (page, params))


SUBMISSION_FIELDS = list(SubmissionForm.base_fields)


def _submission_fields(replaced: dict[str, str], extra: list[tuple[str, str]]) -> list[tuple[str, str]]:
    fields = {
        "submitter_name": "Leyla Məmmədova",
        "submitter_email": "leyla@example.org",
        "relationship": "sister",
        "new_surname": "Məmmədov",
        "new_given_name": "Rauf",
        "new_death_date": "1990-01-20",
        "new_fate": "killed",
        "testimony_text": "He went out on the night of 19 January.",
        "consent": "named",
        "media_consent": "yes",
        "rights_confirmed": "on",
        "website": "",
        "stamp": issue_stamp(),
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "others-TOTAL_FORMS": "1",
        "others-INITIAL_FORMS": "0",
    }
    fields.update(replaced)
    return [*fields.items(), *extra]


submission_field_names = st.sampled_from(
    [
        *SUBMISSION_FIELDS,
        "files-TOTAL_FORMS",
        "files-INITIAL_FORMS",
        "files-0-caption",
        "others-TOTAL_FORMS",
        "others-0-new_surname",
        "others-0-victim",
        "stamp",
        "keep",
    ]
)


@hostile
@given(
    replaced=st.dictionaries(submission_field_names, hostile_text, min_size=1, max_size=4),
    extra=st.lists(st.tuples(hostile_text, hostile_text), max_size=2),
    prefix=st.sampled_from(LANGUAGE_PREFIXES),
)
@example(replaced={"new_surname": "\x00"}, extra=[], prefix="")
@example(replaced={"victim": "V-\x00"}, extra=[], prefix="/en")
@example(replaced={"files-TOTAL_FORMS": "99999999999"}, extra=[], prefix="")
def test_no_field_of_the_submission_form_answers_a_server_error(client, published, replaced, extra, prefix):
    boundary = new_boundary()
    body = multipart_body(_submission_fields(replaced, extra), boundary)

    response = client.generic(
        "POST", f"{prefix}/submit/", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )

    assert_no_server_error(response, replaced)


@hostile
@given(
    path=st.sampled_from(
        [
            "/submissions/lost-link/",
            "/en/submissions/lost-link/",
            "/submissions/lost-link/text/",
            "/ru/submissions/lost-link/text/code/",
            "/i18n/setlang/",
            "/admin/login/",
        ]
    ),
    fields=st.lists(
        st.tuples(
            st.sampled_from(
                ["reference", "email", "phone", "code", "stamp", "website", "next", "language", "username", "password"]
            )
            | hostile_text,
            hostile_text,
        ),
        max_size=4,
    ),
)
@example(path="/submissions/lost-link/", fields=[("reference", "AB\x00"), ("email", "a@b.c")])
@example(path="/submissions/lost-link/text/", fields=[("reference", "ABC-DEF"), ("phone", "+٩٩٤\ud800")])
@example(path="/i18n/setlang/", fields=[("next", "/\ud800"), ("language", "en")])
def test_no_field_of_a_small_public_form_answers_a_server_error(client, published, path, fields):
    response = client.generic("POST", path, data=form_body(fields), content_type="application/x-www-form-urlencoded")

    assert_no_server_error(response, (path, fields))


STATUS_FIELDS = [
    f"{prefix}-{name}"
    for prefix, form in [
        ("answer", AnswerForm),
        ("consent", FamilyConsentForm),
        ("person", AddPersonForm),
        ("withdraw", WithdrawForm),
    ]
    for name in form.base_fields
] + ["action", "files-TOTAL_FORMS", "files-INITIAL_FORMS", "files-0-caption"]


@hostile
@given(
    action=st.sampled_from(["answer", "person", "consent", "withdraw"]) | hostile_text,
    fields=st.lists(st.tuples(st.sampled_from(STATUS_FIELDS) | hostile_text, hostile_text), max_size=5),
    multipart=st.booleans(),
)
@example(action="person", fields=[("person-new_surname", "\x00")], multipart=True)
@example(action="answer", fields=[("answer-text", "\ud800")], multipart=False)
def test_no_field_of_the_family_status_page_answers_a_server_error(
    client, published, make_submission, action, fields, multipart
):
    receipt = make_submission()
    page = client.get(f"/en/submissions/{receipt.token}/")["Location"]
    sent = [("action", action), *fields]

    if multipart:
        boundary = new_boundary()
        body, content_type = multipart_body(sent, boundary), f"multipart/form-data; boundary={boundary}"
    else:
        body, content_type = form_body(sent), "application/x-www-form-urlencoded"
    response = client.generic("POST", page, data=body, content_type=content_type)

    assert_no_server_error(response, sent)
