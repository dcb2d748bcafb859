"""In Chromium: every kind of page runs under the Content Security Policy without a violation; a staff sign-in is
locked after too many failures and lifted by an administrator; a curator sets up and uses a second factor."""

import re
from base64 import b32decode
from copy import deepcopy

import pytest
from axes.models import AccessAttempt
from csp.utils import build_policy
from django.core.management import call_command
from django.template.loader import render_to_string
from django_otp.oath import totp

from archive.models import Document, MediaFile, Place, Testimony, Victim
from memorial.security.sources import tile_sources
from tests.browser.conftest import watch_content_security_policy
from tests.browser.test_records import png_bytes
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


def sign_in(page, username: str, code: str = "", next_url: str = "/en/admin/"):
    page.goto(f"/en/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    if code:
        page.fill("#id_otp_token", code)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    return navigation.value


def sign_out(page) -> None:
    page.get_by_role("button", name=re.compile("Log out", re.I)).click()
    page.wait_for_url("**/admin/logout/")


def test_the_watch_sees_what_the_policy_blocks(browser, live_server):
    """The check every browser test makes (tests/browser/conftest.py) is not blind: an inline script is reported."""
    page = browser.new_context(base_url=live_server.url).new_page()
    violations = watch_content_security_policy(page)
    page.goto("/en/about/")

    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.ran = 1";
          document.body.append(script);
        }"""
    )
    page.evaluate("() => { document.body.setAttribute('style', 'color: red'); }")

    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ran") is None
    assert any("script-src" in violation for violation in violations)
    assert any("style-src" in violation for violation in violations)
    page.context.close()


@pytest.fixture
def demo(settings, live_server):
    """The demonstration archive (records with portraits, recordings, document pages, places on the map), the
    map's tiles asked of another origin than the site's, allowed by the policy built from MAP_TILE_URL."""
    call_command("load_demo", verbosity=0)
    tile_origin = live_server.url.replace("localhost", "127.0.0.1")
    settings.MAP_TILE_URL = f"{tile_origin}/tiles/{{z}}/{{x}}/{{y}}.png"  # answered by the test (page.route)
    policy = deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"] = ["'self'", *tile_sources(settings.MAP_TILE_URL)]
    settings.CONTENT_SECURITY_POLICY = policy


def public_media_page(model, role: str) -> str:
    media = MediaFile.objects.public().filter(role=role, **{f"{model._meta.model_name}__isnull": False}).first()
    return getattr(media, model._meta.model_name).get_absolute_url()


def test_every_kind_of_page_runs_under_the_policy(page, demo, curator):
    victim_page = public_media_page(Victim, MediaFile.Role.PORTRAIT)
    testimony_page = public_media_page(Testimony, MediaFile.Role.RECORDING)
    document_page = public_media_page(Document, MediaFile.Role.PAGE)
    place = Place.objects.filter(latitude__isnull=False).first()
    visited = []

    def visit(path: str, status: int = 200) -> None:
        response = page.goto(path)
        assert response.status == status, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        visited.append(path)

    for path in [
        "/",
        "/en/victims/",
        "/ru/victims/?fate=killed",
        victim_page,
        "/en/testimonies/",
        testimony_page,
        "/en/documents/",
        document_page,
        "/en/timeline/",
        "/en/places/",
        f"/en/places/{place.slug}/",
        "/en/statistics/",
        "/en/about/",
        "/en/search/?q=Məmmədov",
        "/en/submit/",
        "/en/submissions/lost-link/",
    ]:
        visit(path)
    visit("/en/no-such-page/", 404)

    # What the pages' scripts do: play a recording, turn a document's page, suggest names, show the map.
    visit(testimony_page)
    page.locator("[data-transcript-media]").first.evaluate("media => media.play().catch(() => {})")
    visit(document_page)
    page.keyboard.press("ArrowRight")
    visit("/en/")
    page.get_by_role("combobox").first.fill("Məmm")
    page.wait_for_timeout(600)
    tile = png_bytes("lightgrey", (256, 256))
    page.route(
        re.compile(r"^http://127\.0\.0\.1:\d+/tiles/"), lambda route: route.fulfill(body=tile, content_type="image/png")
    )
    visit("/en/places/")
    page.wait_for_selector("#tile-map:not([hidden]) .leaflet-tile-loaded")
    page.wait_for_selector(".leaflet-marker-icon")

    # The staff's pages: sign-in, the admin's lists and forms, review, the two-factor page.
    visit("/en/admin/login/")
    sign_in(page, "curator")
    victim = Victim.objects.first()
    for path in [
        "/en/admin/",
        "/en/admin/archive/victim/",
        f"/en/admin/archive/victim/{victim.pk}/change/",
        "/en/admin/archive/victim/add/",
        "/en/admin/archive/victim/export/",
        f"/en/admin/archive/victim/{victim.pk}/history/",
        f"/en/admin/archive/mediafile/{MediaFile.objects.first().pk}/change/",
        "/en/admin/archive/testimony/",
        "/en/admin/archive/failedtask/",
        "/en/review/",
        "/en/admin/two-factor/",
        "/en/admin/password_change/",
    ]:
        visit(path)
    assert len(visited) > 30


def test_the_error_page_keeps_its_own_style_under_the_policy(page, live_server):
    """The server error page draws itself without static files (they may be what failed): its one <style> block is
    allowed by its hash, and applies."""
    html = render_to_string("500.html")
    policy = build_policy()
    page.route(
        "**/server-error-page/",
        lambda route: route.fulfill(body=html, content_type="text/html", headers={"Content-Security-Policy": policy}),
    )

    page.goto("/server-error-page/")

    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(251, 250, 247)"


def test_ten_failed_sign_ins_lock_the_account_until_an_administrator_lifts_the_lock(
    page, browser, live_server, curator
):
    # An administrator is signed in already (every browser here comes from the same address, which is locked too).
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    administrator = browser.new_context(base_url=live_server.url).new_page()
    violations = watch_content_security_policy(administrator)
    assert sign_in(administrator, "admin").status == 200

    for _ in range(10):
        page.goto("/en/admin/login/?next=/en/admin/")
        page.fill("#id_username", "curator")
        page.fill("#id_password", "not the password")
        page.get_by_role("button", name=re.compile("Log in", re.I)).click()
        page.wait_for_load_state()

    locked = sign_in(page, "curator")  # now even the right password is refused

    assert locked.status == 429
    text = page.locator("#content-main").inner_text()
    assert "signing in is locked for a while" in text
    assert "Try again in 60 minutes" in text
    assert "ask an administrator of the archive" in text
    assert page.get_by_role("link", name="archive@example.org").is_visible()

    # The administrator sees the lock in the admin and lifts it.
    administrator.goto("/en/admin/axes/accessattempt/")
    row = administrator.locator("#result_list tbody tr", has_text="curator")
    assert row.count() == 1
    row.locator("input[name=_selected_action]").check()
    administrator.select_option("select[name=action]", value="delete_selected")
    administrator.get_by_role("button", name="Go").click()
    administrator.get_by_role("button", name=re.compile("Yes, I.m sure")).click()
    assert "Successfully deleted" in administrator.locator(".messagelist").inner_text()
    assert not AccessAttempt.objects.exists()
    assert violations == []
    administrator.context.close()

    assert sign_in(page, "curator").status == 200
    assert page.url.endswith("/en/admin/")


def code_for(secret: str, *, steps_ahead: int = 0) -> str:
    """What the authenticator app shows, from the key the setup page gave; ``steps_ahead`` 30-second steps on
    (the server accepts the next step too, and never the same step twice)."""
    key = b32decode(secret.replace(" ", ""))
    return f"{totp(key, drift=steps_ahead):06d}"


def test_a_curator_sets_up_two_factor_authentication_and_signs_in_with_it(page, settings, curator):
    settings.STAFF_TWO_FACTOR_REQUIRED = True

    # After the password, the curator is sent to set up the authenticator, and reaches nothing else before.
    sign_in(page, "curator")
    assert "/en/admin/two-factor/" in page.url
    assert page.locator("[data-qr-code] svg path").count() == 1
    page.goto("/en/admin/archive/victim/")
    assert "/en/admin/two-factor/" in page.url
    secret = page.locator("[data-secret]").inner_text()
    page.fill("#id_token", code_for(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    codes = page.locator("[data-recovery-codes] code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_url("**/en/admin/archive/victim/")
    sign_out(page)

    # Signing in now takes the code the app shows.
    assert sign_in(page, "curator", code=code_for(secret, steps_ahead=1)).status == 200
    assert page.url.endswith("/en/admin/")
    sign_out(page)

    # A wrong code is refused.
    sign_in(page, "curator", code="000000" if code_for(secret) != "000000" else "111111")
    assert "/admin/login/" in page.url
    assert "This code is wrong" in page.locator(".errornote").inner_text()

    # A recovery code works once.
    sign_in(page, "curator", code=codes[0])
    assert page.url.endswith("/en/admin/")
    sign_out(page)
    sign_in(page, "curator", code=codes[0])
    assert "/admin/login/" in page.url
    assert "This code is wrong, or was already used" in page.locator(".errornote").inner_text()
