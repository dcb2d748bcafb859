"""Curators and superusers must add a second factor before they reach anything; reviewers may. Signing in then
takes a code from the authenticator app, or a recovery code, each used once."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from archive.roles import CURATORS
from tests.archive_tests.test_media_views import attach_portrait
from tests.factories import UserFactory, VictimFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct horse battery staple"
SETUP = "/en/admin/two-factor/"


@pytest.fixture(autouse=True)
def second_factor_required(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True


def sign_in(client: Client, username: str, code: str = "", next_url: str = "/en/admin/"):
    return client.post(
        f"/en/admin/login/?next={next_url}", {"username": username, "password": PASSWORD, "otp_token": code}
    )


def current_code(device: TOTPDevice, *, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits) + offset:06d}"[-6:]


def set_up(client: Client) -> tuple[TOTPDevice, list[str]]:
    """Through the setup page, as a member of staff does after their first sign-in: the recovery codes shown."""
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    shown = client.post(SETUP, {"token": current_code(device), "next": "/en/admin/"})
    assert shown.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", shown.content.decode())
    return TOTPDevice.objects.get(pk=device.pk), codes


def test_a_curator_without_a_second_factor_is_sent_to_set_one_up_and_reaches_nothing_before(client, curator):
    victim = VictimFactory()
    private = attach_portrait(victim)
    victim.access = "private"
    victim.save()

    signed_in = sign_in(client, "curator")
    assert signed_in.status_code == 302  # the password was right

    for path in ["/en/admin/", "/en/admin/archive/victim/", "/en/review/", private.get_absolute_url()]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/admin/two-factor/?next=" in response["Location"], path

    page = client.get(SETUP)
    text = page.content.decode()
    assert "must use two-factor authentication" in text
    assert "<svg" in text and "<path" in text  # the QR code, drawn inline as SVG
    device = TOTPDevice.objects.get(user=curator, confirmed=False)
    secret = re.search(r"<code data-secret>([A-Z2-7 ]+)</code>", text).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert device.config_url.startswith("otpauth://totp/") and "issuer=Yadda%C5%9F" in device.config_url


def test_setting_up_the_authenticator_shows_recovery_codes_once_and_opens_the_admin(client, curator):
    sign_in(client, "curator")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=curator)

    wrong = client.post(SETUP, {"token": current_code(device, offset=1)})
    assert wrong.status_code == 200
    assert "not the one the app shows now" in wrong.content.decode()
    assert client.get("/en/admin/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count = 0  # the test does not wait out the throttle after its own wrong code
    device.save()
    shown = client.post(SETUP, {"token": current_code(device), "next": "/en/admin/archive/victim/"})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", shown.content.decode())

    assert len(codes) == 10 and len(set(codes)) == 10
    assert 'href="/en/admin/archive/victim/"' in shown.content.decode()
    assert "private" in shown["Cache-Control"] or "no-store" in shown["Cache-Control"]
    assert client.get("/en/admin/").status_code == 200
    assert client.get("/en/admin/archive/victim/").status_code == 200
    # Shown once: the page now says how many are left, never the codes.
    again = client.get(SETUP).content.decode()
    assert "10 unused recovery codes" in again
    assert not any(code in again for code in codes)


def test_signing_in_takes_the_code_once_the_authenticator_is_set_up(client, curator):
    sign_in(client, "curator")
    device, codes = set_up(client)
    client.logout()

    without = sign_in(client, "curator")
    assert without.status_code == 200
    assert "Enter the code from your authenticator app" in without.content.decode()

    wrong = sign_in(client, "curator", code=current_code(device, offset=3))
    assert wrong.status_code == 200
    assert "This code is wrong" in wrong.content.decode()
    assert AccessAttempt.objects.get(username="curator").failures_since_start == 1  # counted towards the lockout

    recovered = sign_in(Client(), "curator", code=codes[0].upper())
    assert recovered.status_code == 302
    reused = sign_in(Client(), "curator", code=codes[0])
    assert reused.status_code == 200  # a recovery code works once

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.last_t = -1
    device.save()
    other = Client()
    assert sign_in(other, "curator", code=current_code(device)).status_code == 302
    assert other.get("/en/admin/").status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, curator):
    sign_in(client, "curator")
    _, old = set_up(client)

    shown = client.post(SETUP)
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", shown.content.decode())

    assert len(new) == 10 and not set(new) & set(old)
    assert sign_in(Client(), "curator", code=new[1]).status_code == 302
    assert sign_in(Client(), "curator", code=old[1]).status_code == 200


def test_superusers_must_use_a_second_factor_too(client):
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    sign_in(client, "admin")
    assert client.get("/en/admin/").status_code == 302


def test_reviewers_may_go_without_and_may_choose_one(client, reviewer):
    assert sign_in(client, "reviewer").status_code == 302
    assert client.get("/en/admin/").status_code == 200
    assert client.get("/en/review/").status_code == 200
    page = client.get(SETUP).content.decode()
    assert "optional for reviewers" in page

    set_up(client)
    client.logout()
    assert sign_in(client, "reviewer").status_code == 200  # now a code is asked of them too


def test_a_session_without_the_code_is_sent_to_sign_in_again(client, curator):
    """A curator with an authenticator whose session never gave a code (one from before it was required)."""
    TOTPDevice.objects.create(user=curator, name="phone", confirmed=True)
    client.force_login(curator)

    response = client.get("/en/admin/archive/victim/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/?next=")
    assert "_auth_user_id" not in client.session


def test_someone_made_a_curator_later_must_set_one_up(client, reviewer):
    sign_in(client, "reviewer")
    assert client.get("/en/admin/").status_code == 200

    reviewer.groups.add(Group.objects.get(name=CURATORS))

    assert client.get("/en/admin/")["Location"].startswith(SETUP)
