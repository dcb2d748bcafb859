"""Every answer says what the browser may do: a Content Security Policy without inline script, no framing, no
powerful features but the form's microphone, HTTPS when the environment turns it on."""

import pytest
from django.test import Client

from archive.models import MediaFile
from memorial.security.headers import storage_origin
from memorial.security.sources import tile_sources
from tests.archive_tests.test_media_views import attach_portrait
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory
from tests.memorial_tests.test_settings import MAIL_SERVER, _run_check

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def one_of_each():
    victim = VictimFactory(surname_az="Kazımov", given_name_az="Vaqif")
    testimony = TestimonyFactory()
    document = DocumentFactory()
    return {"victim": victim, "testimony": testimony, "document": document}


PUBLIC_PAGES = [
    "/",
    "/en/victims/",
    "/en/testimonies/",
    "/documents/",
    "/en/timeline/",
    "/en/places/",
    "/en/statistics/",
    "/en/about/",
    "/en/search/?q=Kazımov",
    "/en/submit/",
    "/en/submissions/lost-link/",
    "/en/admin/login/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_forbids_inline_script_framing_and_other_origins(client, one_of_each, path):
    response = client.get(path)

    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"] and directives["form-action"] == ["'self'"]
    assert not any("unsafe" in source for sources in directives.values() for source in sources)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_record_pages_and_their_kept_copies_carry_the_policy(client, one_of_each):
    for path in [
        one_of_each["victim"].get_absolute_url(),
        one_of_each["testimony"].get_absolute_url(),
        one_of_each["document"].get_absolute_url(),
    ]:
        first = client.get(path)
        kept = client.get(path)  # from the page cache
        assert first.status_code == kept.status_code == 200, path
        assert policy(kept) == policy(first)
        assert policy(kept)["script-src"] == ["'self'"]
        assert "microphone=()" in kept["Permissions-Policy"]


def test_the_admin_carries_the_policy(client, curator):
    client.force_login(curator)

    for path in ["/en/admin/", "/en/admin/archive/victim/", "/en/admin/archive/victim/add/", "/en/review/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert policy(response)["script-src"] == ["'self'"], path


def test_only_the_pages_that_record_a_voice_may_use_the_microphone(client):
    home = client.get("/")
    form = client.get("/en/submit/")

    assert "microphone=()" in home["Permissions-Policy"]
    assert "camera=()" in home["Permissions-Policy"] and "geolocation=()" in home["Permissions-Policy"]
    assert "microphone=(self)" in form["Permissions-Policy"]
    assert "camera=()" in form["Permissions-Policy"]
    # The recording is previewed from a blob: address before it is sent; no other page may play one.
    assert "blob:" in policy(form)["media-src"]
    assert "blob:" not in policy(home)["media-src"]


def test_a_stored_file_keeps_its_own_sandboxing_policy(client):
    media = attach_portrait(VictimFactory())

    response = client.get(media.get_absolute_url())

    assert response.status_code == 200
    assert "sandbox" in policy(response)
    assert policy(response)["default-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'inline; filename="{media.victim.identifier}-{media.key.hex[:8]}.jpg"'


def test_pages_may_show_files_from_the_object_storage_they_are_redirected_to(client, s3_bucket):
    """A public file on S3 is a redirect to a signed URL on the bucket's host: the page must allow that host."""
    victim = VictimFactory()
    media = attach_portrait(victim)
    redirect = client.get(media.get_absolute_url())
    assert redirect.status_code == 302
    bucket_origin = "/".join(redirect["Location"].split("/")[:3])

    page = client.get(victim.get_absolute_url())

    assert bucket_origin in policy(page)["img-src"]
    assert bucket_origin in policy(page)["media-src"]
    assert "'self'" in policy(page)["img-src"]
    assert storage_origin(MediaFile._meta.get_field("file").storage) == bucket_origin


def test_pages_on_local_storage_allow_no_other_origin(client):
    page = client.get("/")
    assert policy(page)["img-src"] == ["'self'"]
    assert policy(page)["media-src"] == ["'self'"]


def test_the_map_tile_server_is_allowed_only_when_configured():
    assert tile_sources("") == []
    assert tile_sources("https://tiles.example.org/{z}/{x}/{y}.png") == ["https://tiles.example.org"]
    assert tile_sources("https://{s}.tile.example.org/{z}/{x}/{y}.png") == ["https://*.tile.example.org"]


def test_cookies_are_http_only_and_secure_in_production():
    """Production (DEBUG off) sends the session and CSRF cookies over HTTPS only; the session's never to scripts."""
    shown = _run_check(
        {"DEBUG": "false", "SECRET_KEY": "x" * 60, "EMAIL_URL": MAIL_SERVER},
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)",
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["True", "True", "True", "Lax"]


def test_https_redirect_and_hsts_follow_the_environment_but_spare_the_health_check(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    client = Client()  # its middleware is built after the settings changed

    plain = client.get("/en/about/")
    health = client.get("/healthz")
    ready = client.get("/healthz/ready")
    secure = client.get("/en/about/", secure=True)

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/en/about/"
    # A load balancer's probes over plain HTTP are answered, not redirected.
    assert health.status_code == 200
    assert ready.status_code in (200, 503)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in health  # HSTS is sent over HTTPS only
