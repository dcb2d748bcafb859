import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

# The groups come from a migration; staff_roles makes them again where a transactional test has flushed them.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff_roles")]


def test_make_run_creates_a_curator_login_that_works_and_can_publish():
    out = StringIO()
    call_command("create_curator", "--if-none", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    user = authenticate(username="curator", password=password)
    assert user is not None and user.is_staff
    assert user.has_perm("archive.publish_victim")


def test_second_run_leaves_the_existing_login_alone():
    call_command("create_curator", "--if-none", stdout=StringIO())
    out = StringIO()
    call_command("create_curator", "--if-none", stdout=out)
    assert "exists already" in out.getvalue()


def test_reviewer_login_cannot_publish():
    out = StringIO()
    call_command("create_curator", "rev", "--reviewer", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    user = authenticate(username="rev", password=password)
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
