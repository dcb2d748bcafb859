"""Staff sign-ins are locked after AXES_FAILURE_LIMIT failures, for one username or from one address, with a page
that says so in the page's language; a superuser sees the lock in the admin and lifts it."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct horse battery staple"
LOGIN = "/en/admin/login/?next=/en/admin/"


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.5"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client: Client, username: str, times: int, address: str = "203.0.113.5") -> None:
    for _ in range(times):
        response = sign_in(client, username, "wrong password", address)
        assert response.status_code in (200, 429)


def test_ten_wrong_passwords_lock_the_account_with_a_page_that_says_so(client, curator, settings):
    fail(client, "curator", 9)
    assert sign_in(client, "curator", PASSWORD).status_code == 302  # nine are forgiven: the right one signs in
    client.logout()

    fail(client, "curator", 10)
    locked = sign_in(client, "curator", PASSWORD)

    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("text/html")
    page = locked.content.decode()
    assert "signing in is locked for a while" in page
    assert "Try again in 60 minutes" in page
    assert settings.CONTACT_EMAIL in page
    assert "_auth_user_id" not in client.session


def test_the_lock_speaks_the_language_of_the_page(client, curator):
    fail(client, "curator", 10)

    locked = client.post("/admin/login/", {"username": "curator", "password": PASSWORD}, REMOTE_ADDR="203.0.113.5")

    assert locked.status_code == 429
    assert '<html lang="az"' in locked.content.decode()


def test_the_limit_and_the_cool_off_come_from_the_settings(client, curator, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)

    fail(client, "curator", 3)

    locked = sign_in(client, "curator", PASSWORD)
    assert locked.status_code == 429
    assert "Try again in 15 minutes" in locked.content.decode()
    # Once the cool-off is over, the right password works again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "curator", PASSWORD).status_code == 302


def test_guesses_from_many_addresses_lock_the_username(client, curator):
    for number in range(10):
        fail(client, "curator", 1, address=f"198.51.100.{number}")

    assert sign_in(client, "curator", PASSWORD, address="192.0.2.77").status_code == 429


def test_guesses_at_many_usernames_lock_the_address(client, curator):
    for number in range(10):
        fail(client, f"someone{number}", 1)

    assert sign_in(client, "curator", PASSWORD).status_code == 429
    # The same account from another address is not locked.
    assert sign_in(Client(), "curator", PASSWORD, address="192.0.2.77").status_code == 302


def test_a_superuser_sees_the_lock_and_lifts_it(client, curator):
    fail(client, "curator", 10)
    assert sign_in(client, "curator", PASSWORD).status_code == 429

    admin = Client()
    admin.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    listing = admin.get("/en/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "curator" in listing.content.decode()
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    confirm = {"action": "delete_selected", "_selected_action": attempts}
    assert admin.post("/en/admin/axes/accessattempt/", confirm).status_code == 200  # "are you sure?"
    lifted = admin.post("/en/admin/axes/accessattempt/", {**confirm, "post": "yes"})
    assert lifted.status_code == 302
    assert not AccessAttempt.objects.exists()

    assert sign_in(client, "curator", PASSWORD).status_code == 302


def test_curators_cannot_see_or_lift_locks(client, curator):
    client.force_login(curator)
    assert client.get("/en/admin/axes/accessattempt/").status_code == 403
