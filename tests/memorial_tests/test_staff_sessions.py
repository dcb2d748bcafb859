"""A staff session ends when the browser closes, and after STAFF_SESSION_SECONDS whatever happens; visitors'
sessions are not touched."""

import time

import pytest

from memorial.security.staff import SESSION_ENDS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct horse battery staple"


def sign_in(client, username: str):
    return client.post("/en/admin/login/?next=/en/admin/", {"username": username, "password": PASSWORD})


def test_a_staff_session_cookie_ends_with_the_browser(client, curator, settings):
    signed_in = sign_in(client, "curator")

    assert signed_in.status_code == 302
    cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # no date: the browser forgets it when it closes
    assert cookie["httponly"] is True
    assert client.session[SESSION_ENDS] == pytest.approx(time.time() + settings.STAFF_SESSION_SECONDS, abs=60)


def test_a_staff_session_ends_after_the_configured_time(client, curator, settings):
    settings.STAFF_SESSION_SECONDS = 3600
    sign_in(client, "curator")
    assert client.get("/en/admin/").status_code == 200

    session = client.session
    session[SESSION_ENDS] = time.time() - 1  # the hour has passed
    session.save()
    ended = client.get("/en/admin/archive/victim/")

    assert ended.status_code == 302
    assert ended["Location"] == "/en/admin/login/?next=/en/admin/archive/victim/"
    assert client.get("/en/admin/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_session_from_before_this_rule_gets_the_same_end(client, reviewer, settings):
    client.force_login(reviewer)
    session = client.session
    del session[SESSION_ENDS]
    session.set_expiry(None)
    session.save()

    response = client.get("/en/review/")

    assert response.status_code == 200
    assert client.session[SESSION_ENDS] == pytest.approx(time.time() + settings.STAFF_SESSION_SECONDS, abs=60)
    assert client.session.get_expire_at_browser_close()
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""


def test_a_family_keeps_its_status_link_session(client, make_submission):
    receipt = make_submission()

    response = client.get(f"/en/submissions/{receipt.token}/", follow=True)

    assert response.status_code == 200
    assert SESSION_ENDS not in client.session
