"""Operators' health check while the database cannot be reached."""

import pytest
from django.db import DatabaseError, connection

from tests.unreachable_database import database_unreachable

pytestmark = pytest.mark.django_db


def test_the_database_is_really_unreachable_inside_and_back_after(tmp_path):
    with database_unreachable(tmp_path), pytest.raises(DatabaseError):
        connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def test_health_check_answers_503_in_json_when_the_database_is_down(client, tmp_path):
    with database_unreachable(tmp_path):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "unavailable", "database": "down"}
    assert client.get("/healthz").json() == {"status": "ok", "database": "up"}  # and recovers with it


def test_health_check_answers_503_for_a_signed_in_visitor_too(client, tmp_path, curator):
    # The session and the user are read from the database only if something asks for them: nothing must.
    client.force_login(curator)
    with database_unreachable(tmp_path):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
