"""The read replica (``DATABASE_REPLICA_URL``, memorial/db_router.py): public pages read the archive's records from
it; the content version, every write, and whatever a family, a reviewer or a curator does, from the primary.

The replica here is configured as memorial/settings.py configures it from ``DATABASE_REPLICA_URL`` (a second
PostgreSQL database, or SQLite file), and mirrored onto the primary's test database with its ``TEST: MIRROR``
setting, as Django's test runner mirrors it: a connection of its own to the same data. So every query shows which
connection ran it.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from archive.models import ContentVersion
from memorial import db_router
from tests.factories import VictimFactory
from tests.submissions_tests.helpers import form_data
from tests.unreachable_database import database_unreachable

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "memorial" / "settings.py"
RECORD_TABLES = ("archive_victim", "search_")  # what a public page reads: records and the search index


def project_replica_settings(replica_url: str) -> dict:
    """``DATABASES``, ``DATABASE_ROUTERS`` and ``MIDDLEWARE`` as memorial/settings.py makes them from the
    environment with ``DATABASE_REPLICA_URL`` set."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_REPLICA_URL", replica_url)
        made = runpy.run_path(str(SETTINGS_FILE))
    return {name: made[name] for name in ("DATABASES", "DATABASE_ROUTERS", "MIDDLEWARE")}


def second_database_url() -> str:
    primary = connections["default"].settings_dict
    if connections["default"].vendor == "sqlite":
        return "sqlite:////tmp/yaddas-replica.sqlite3"
    return f"postgres://{primary['USER']}@{primary['HOST'] or '127.0.0.1'}:{primary['PORT'] or 5432}/yaddas_replica"


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """The "replica" database as the project's settings make it, for this module's tests: added before any test's
    database access is set up (which checks the aliases a test names), and taken away after them."""
    made = project_replica_settings(second_database_url())
    assert made["DATABASE_ROUTERS"] == ["memorial.db_router.ReplicaRouter"]
    assert made["DATABASES"]["replica"]["TEST"] == {"MIRROR": "default"}
    configured = connections.configure_settings({"default": connections.settings["default"], **made["DATABASES"]})
    connections.settings["replica"] = configured["replica"]
    # What Django's test runner does for a MIRROR: the alias reads the primary's test database.
    connections["replica"].creation.set_as_test_mirror(connections["default"].settings_dict)
    try:
        yield made
    finally:
        with django_db_blocker.unblock():
            connections["replica"].close()
        del connections["replica"]
        del connections.settings["replica"]


@pytest.fixture
def replica(settings, replica_alias):
    """The router and its middleware, as the project's settings add them."""
    settings.DATABASE_ROUTERS = replica_alias["DATABASE_ROUTERS"]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, replica_alias["MIDDLEWARE"][-1]]
    return connections["replica"]


def tables(queries: list[dict]) -> str:
    return " ".join(query["sql"] for query in queries)


def visit(client, path: str) -> tuple[object, list[dict], list[dict]]:
    """GET ``path``: the response, and the queries the primary and the replica ran for it."""
    primary, replica = CaptureQueriesContext(connections["default"]), CaptureQueriesContext(connections["replica"])
    with primary, replica:
        response = client.get(path)
    return response, primary.captured_queries, replica.captured_queries


@pytest.mark.parametrize("path", ["/victims/@", "/victims/", "/search/?q=Sınaqov", "/en/"])
def test_public_pages_read_the_records_from_the_replica_and_the_version_from_the_primary(client, replica, path):
    victim = VictimFactory(surname_az="Sınaqov", given_name_az="Rauf")
    path = path.replace("@", f"{victim.identifier}/")

    response, primary, replicated = visit(client, path)

    assert response.status_code == 200
    assert any(table in tables(replicated) for table in RECORD_TABLES), tables(replicated)
    assert not any(table in tables(primary) for table in RECORD_TABLES), tables(primary)
    # The content version the page is kept under: the primary's, read there.
    assert ContentVersion._meta.db_table in tables(primary)


def test_a_page_is_read_from_the_primary_while_the_replica_is_behind(client, replica, monkeypatch):
    victim = VictimFactory(surname_az="Sınaqov", given_name_az="Rauf")
    versions = {"default": db_router._version("default"), "replica": "a version the primary had before"}
    monkeypatch.setattr(db_router, "_version", lambda alias: versions[alias])

    response, primary, replicated = visit(client, f"/victims/{victim.identifier}/")

    assert response.status_code == 200
    assert "Rauf" in response.content.decode()
    assert replicated == []  # a page read from a late replica would be kept under the new version, stale
    assert "archive_victim" in tables(primary)


def test_a_replica_that_cannot_be_reached_costs_capacity_not_pages(client, replica, tmp_path):
    victim = VictimFactory(surname_az="Sınaqov", given_name_az="Rauf")

    with database_unreachable(tmp_path, alias="replica"):
        response = client.get(f"/victims/{victim.identifier}/")
        ready = client.get("/healthz/ready")

    assert response.status_code == 200
    assert "Rauf" in response.content.decode()
    # Named, but not a reason to take the web server out of rotation: the primary answers in its place.
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["replica"] == "down"
    assert ready.json()["database"] == "up"


def test_readiness_names_the_replica_when_it_is_up(client, replica):
    assert client.get("/healthz/ready").json()["replica"] == "up"


def test_a_family_submission_is_read_and_written_on_the_primary_only(client, replica, settings, private_media_root):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    with CaptureQueriesContext(connections["replica"]) as replicated:
        form = client.get("/en/submit/")
        sent = client.post("/en/submit/", form_data())

    assert form.status_code == 200
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert replicated.captured_queries == []


def test_staff_read_and_write_on_the_primary_even_on_public_pages(client, replica, reviewer, make_submission):
    victim = VictimFactory(surname_az="Sınaqov", given_name_az="Rauf")
    make_submission()
    client.force_login(reviewer)

    with CaptureQueriesContext(connections["replica"]) as replicated:
        public = client.get(f"/victims/{victim.identifier}/")
        queue = client.get("/en/review/")
        staff_home = client.get("/en/admin/")

    assert public.status_code == 200
    assert queue.status_code == 200
    assert staff_home.status_code in (200, 302)
    assert replicated.captured_queries == []


def test_a_public_request_that_writes_reads_the_primary_from_then_on(replica):
    from archive.models import Victim

    router = db_router.ReplicaRouter()
    token = db_router._public_read.set(db_router._PublicRead())
    try:
        assert router.db_for_read(Victim) == "replica"
        assert router.db_for_read(ContentVersion) == "default"
        assert router.db_for_write(Victim) == "default"
        assert router.db_for_read(Victim) == "default"
    finally:
        db_router._public_read.reset(token)
    assert router.db_for_read(Victim) is None  # outside a public page: Django's default, the primary


def test_nothing_is_migrated_on_the_replica():
    router = db_router.ReplicaRouter()
    assert router.allow_migrate("replica", "archive") is False
    assert router.allow_migrate("default", "archive") is None
