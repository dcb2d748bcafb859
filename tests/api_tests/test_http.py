"""The API among the site's middleware: CORS, the page cache, cookies, staff sessions and the security headers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from archive.models import Status
from archive.services import record_publish, record_withdraw
from tests.api_tests.conftest import api
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db

ORIGIN = "https://notebook.example.org"


def test_any_site_may_read_the_api_without_credentials(client, archive):
    response = client.get("/api/v1/victims", headers={"Origin": ORIGIN})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    gone = client.get(f"/api/v1/victims/{archive.withdrawn.identifier}", headers={"Origin": ORIGIN})
    assert gone.status_code == 410 and gone["Access-Control-Allow-Origin"] == "*"  # errors are readable too


def test_a_preflight_is_answered_for_reading_only(client, db):
    response = client.options(
        "/api/v1/victims",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "accept"},
    )
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_the_rest_of_the_site_stays_closed_to_other_origins(client, db):
    assert "Access-Control-Allow-Origin" not in client.get("/victims/", headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in client.get("/en/victims/", headers={"Origin": ORIGIN})


def test_a_publication_shows_on_the_next_request_though_answers_are_kept(client, archive, curator):
    first = api(client, "victims")
    again = api(client, "victims")
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    draft = VictimFactory(surname_az="Yeni", status=Status.DRAFT)
    assert api(client, f"victims/{draft.identifier}").status_code == 404

    record_publish(record=draft, user=curator)

    assert draft.identifier in api(client, "victims").content.decode()
    assert api(client, f"victims/{draft.identifier}").status_code == 200


def test_a_withdrawal_shows_on_the_next_request(client, archive, curator):
    identifier = archive.document.identifier
    assert api(client, f"documents/{identifier}").status_code == 200
    assert identifier in api(client, "documents").content.decode()

    archive.document.published_at = timezone.now()  # the factory makes it published without the service's stamp
    record_withdraw(record=archive.document, user=curator, reason="Not ours.", public_note="Returned to its owner.")

    assert identifier not in api(client, "documents").content.decode()
    gone = api(client, f"documents/{identifier}")
    assert gone.status_code == 410 and gone.data["note"] == "Returned to its owner."
    assert gone["Cache-Control"] == "no-cache"  # asked again of the site, which knows when it comes back


def test_a_conditional_request_is_answered_not_modified(client, archive):
    first = api(client, "victims")
    assert client.get("/api/v1/victims", headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_the_api_sets_no_cookie(client, archive):
    for path in ("victims", f"victims/{archive.victim.identifier}", "victims/V-999999", "victims?limit=0"):
        response = client.get(f"/api/v1/{path}")
        assert not response.cookies, path
        assert "Cookie" not in response.get("Vary", "")


def test_signed_in_staff_read_what_the_public_reads(archive, curator):
    staff = Client()
    staff.force_login(curator)
    public = Client()
    draft = archive.hidden[0]

    assert api(staff, f"victims/{draft.identifier}").status_code == 404
    assert api(staff, "victims").data["results"] == api(public, "victims").data["results"]
    answer = staff.get("/api/v1/victims")
    assert "public" not in answer["Cache-Control"]  # a signed-in answer is not kept for others


def test_answers_carry_the_security_headers_and_no_language_prefix_is_needed(client, archive):
    response = client.get("/api/v1/victims")
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"
    assert client.get("/en/api/v1/victims").status_code == 404  # one address, whatever the reader's language


def test_head_is_answered_as_get_and_leaves_the_kept_answer_whole(client, archive):
    head = client.head("/api/v1/victims")
    assert head.status_code == 200 and head["Content-Type"].startswith("application/json")
    assert client.head(f"/api/v1/victims/{archive.victim.identifier}").status_code == 200
    assert client.head("/api/v1/victims/V-999999").status_code == 404
    assert archive.victim.identifier in api(client, "victims").content.decode()  # the kept copy is the whole answer
