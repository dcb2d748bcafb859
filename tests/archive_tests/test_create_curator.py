import re
from io import StringIO

import pytest
from django.contrib.auth import get_user
from django.core.management import call_command

# The groups come from a migration; staff_roles makes them again where a transactional test has flushed them.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff_roles")]


def signed_in(client, username: str, password: str):
    """The user the admin's sign-in page lets in (a real request: django-axes watches every sign-in)."""
    response = client.post("/en/admin/login/?next=/en/admin/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()
    return get_user(client)


def test_make_run_creates_a_curator_login_that_works_and_can_publish(client):
    out = StringIO()
    call_command("create_curator", "--if-none", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    user = signed_in(client, "curator", password)
    assert user.is_authenticated and user.is_staff
    assert user.has_perm("archive.publish_victim")


def test_second_run_leaves_the_existing_login_alone():
    call_command("create_curator", "--if-none", stdout=StringIO())
    out = StringIO()
    call_command("create_curator", "--if-none", stdout=out)
    assert "exists already" in out.getvalue()


def test_reviewer_login_cannot_publish(client):
    out = StringIO()
    call_command("create_curator", "rev", "--reviewer", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    user = signed_in(client, "rev", password)
    assert user.has_perm("archive.view_victim")
    assert not user.has_perm("archive.publish_victim")
    assert not user.has_perm("archive.change_victim")


def test_the_sign_in_link_is_the_address_the_site_is_served_at():
    out = StringIO()
    call_command("create_curator", "--if-none", "--site", "http://127.0.0.1:8001", stdout=out)
    assert "Sign in at http://127.0.0.1:8001/admin/ " in out.getvalue()

    out = StringIO()
    call_command("create_curator", "rev", "--reviewer", "--site", "http://127.0.0.1:8001/", stdout=out)
    assert "Sign in at http://127.0.0.1:8001/review/ " in out.getvalue()
