"""Operators' health checks while the database cannot be reached."""

import pytest
from django.db import DatabaseError, connection

from tests.unreachable_database import database_unreachable

pytestmark = pytest.mark.django_db


def test_the_database_is_really_unreachable_inside_and_back_after(tmp_path):
    with database_unreachable(tmp_path), pytest.raises(DatabaseError):
        connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def test_readiness_answers_503_in_json_naming_the_database_when_it_is_down(client, tmp_path):
    with database_unreachable(tmp_path):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "unavailable", "database": "down", "cache": "up", "storage": "up"}
    # and recovers with it
    assert client.get("/healthz/ready").json() == {"status": "ok", "database": "up", "cache": "up", "storage": "up"}


def test_liveness_still_answers_while_the_database_is_down(client, tmp_path):
    """A supervisor restarting web processes would not bring the database back: the process itself is alive."""
    with database_unreachable(tmp_path):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_answers_503_for_a_signed_in_visitor_too(client, tmp_path, curator):
    # The session and the user are read from the database only if something asks for them: nothing must.
    client.force_login(curator)
    with database_unreachable(tmp_path):
        response = client.get("/healthz/ready")
        live = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert live.status_code == 200
