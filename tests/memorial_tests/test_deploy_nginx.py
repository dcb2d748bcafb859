"""deploy/nginx/yaddas.conf run for real: nginx with the sample configuration (its addresses, certificate and folders
replaced by this test's) in front of the site, over HTTPS with a certificate made here.

Stored files reach the visitor through X-Accel-Redirect only after the publication rule, with byte ranges and the
sandboxing headers; the internal location cannot be asked for directly; uploads are bounded where the site does not
take them; plain HTTP redirects except for health probes; Django sees the request as HTTPS through the proxy header.

Needs Debian's nginx (skipped without it, failed in CI, where .ci/run installs it).
"""

from __future__ import annotations

import http.client
import io
import os
import shutil
import socket
import ssl
import subprocess
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.ingest import prepare_upload
from archive.models import Access, MediaFile
from archive.services import media_file_attach
from archive.views import FILE_CSP
from tests.factories import TestimonyFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "yaddas.conf"
HOST = "yaddas.example.org"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def render(sample: str, *, upstream: str, http_port: int, https_port: int, folder: Path, media: Path) -> str:
    """The sample with this test's addresses, certificate and folders in place of the production ones."""
    replacements = {
        "server 127.0.0.1:8000": f"server {upstream}",
        "    listen [::]:80;\n": "",
        "    listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl;",
        f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(folder / "cert.pem"),
        f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(folder / "key.pem"),
        "/var/www/letsencrypt": str(folder / "acme"),
        "/srv/yaddas/static/": f"{folder / 'static'}/",
        "/srv/yaddas/media/": f"{media}/",
    }
    for production, here in replacements.items():
        assert production in sample, production  # the sample still says what this test replaces
        sample = sample.replace(production, here)
    return sample


@pytest.fixture
def nginx(live_server, settings, tmp_path, private_media_root) -> Iterator[dict[str, int]]:
    if NGINX is None:
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail("nginx is not installed (apt-get install nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    settings.FILES_X_ACCEL_REDIRECT = "/_stored/"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    folder = tmp_path / "nginx"
    (folder / "static").mkdir(parents=True)
    (folder / "acme").mkdir()
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}"),
            *("-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    ports = {"http": free_port(), "https": free_port()}
    upstream = live_server.url.removeprefix("http://")
    site = render(
        SAMPLE.read_text(),
        upstream=upstream,
        http_port=ports["http"],
        https_port=ports["https"],
        folder=folder,
        media=private_media_root,
    )
    (folder / "yaddas.conf").write_text(site)
    temporary = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        # root's files (the test's media folder) are readable by root only: the workers run as root here.
        f"user root;\nworker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
        f"events {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  access_log off;\n  {temporary}\n  include {folder / 'yaddas.conf'};\n}}\n"
    )
    checked = subprocess.run([NGINX, "-t", "-c", str(folder / "nginx.conf"), "-p", str(folder)], capture_output=True)
    assert checked.returncode == 0, checked.stderr.decode()
    process = subprocess.Popen(
        [NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", ports["https"]), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
                time.sleep(0.05)
        yield {**ports, "folder": folder}
    finally:
        process.terminate()
        process.wait(timeout=10)


def request(ports, path: str, *, https: bool = True, method: str = "GET", headers=None, body=None):
    """One request through nginx, as a browser sends it to the site's name: (status, headers, body)."""
    if https:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's own certificate
        connection = http.client.HTTPSConnection("127.0.0.1", ports["https"], context=context, timeout=30)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", ports["http"], timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def recording(*, access=Access.PUBLIC) -> MediaFile:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(bytes(range(256)) * 40)
    prepared = prepare_upload(SimpleUploadedFile("interview.wav", buffer.getvalue()))
    return media_file_attach(record=TestimonyFactory(access=access), prepared=prepared, role=MediaFile.Role.RECORDING)


def test_nginx_sends_a_public_recording_from_the_disk_with_ranges_and_the_sites_headers(nginx, private_media_root):
    media = recording()
    stored = (private_media_root / media.file.name).read_bytes()

    status, headers, body = request(nginx, media.get_absolute_url(), headers={"Range": "bytes=100-299"})

    assert status == 206
    assert body == stored[100:300]
    assert headers["Content-Range"] == f"bytes 100-299/{len(stored)}"
    assert headers["Content-Type"] == media.content_type
    assert headers["Content-Security-Policy"] == FILE_CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert media.testimony.identifier in headers["Content-Disposition"]
    assert "X-Accel-Redirect" not in headers

    status, headers, body = request(nginx, media.get_absolute_url())
    assert status == 200
    assert body == stored
    assert headers["Accept-Ranges"] == "bytes"


def test_a_file_the_public_may_not_see_is_404_and_the_internal_location_cannot_be_asked(nginx):
    private = recording(access=Access.PRIVATE)
    public = recording()

    assert request(nginx, private.get_absolute_url())[0] == 404
    assert request(nginx, f"/_stored/{public.file.name}")[0] == 404


def multipart(size: int) -> tuple[dict[str, str], bytes]:
    boundary = "yaddas-test-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files-0-file"; filename="big.bin"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body += b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    return {"Content-Type": f"multipart/form-data; boundary={boundary}"}, body


def test_uploads_are_bounded_where_the_site_takes_none(nginx):
    headers, eleven_megabytes = multipart(11 * 1024**2)

    assert request(nginx, "/search/", method="POST", headers=headers, body=eleven_megabytes)[0] == 413
    # The family's form takes files: nginx lets the post through, and Django answers it (here: no CSRF token).
    assert request(nginx, "/submit/", method="POST", headers=headers, body=eleven_megabytes)[0] == 403
    assert request(nginx, "/en/submit/", method="POST", headers=headers, body=eleven_megabytes)[0] == 403


def test_plain_http_redirects_except_for_the_health_probes(nginx):
    status, headers, _body = request(nginx, "/victims/", https=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/victims/"

    status, _headers, body = request(nginx, "/healthz", https=False)
    assert status == 200
    assert b'"ok"' in body
    assert request(nginx, "/healthz/ready", https=False)[0] == 200


def test_django_sees_https_through_the_proxy_header(nginx, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # BEHIND_HTTPS_PROXY=true
    settings.SECURE_SSL_REDIRECT = True

    status, _headers, _body = request(nginx, "/en/about/")
    assert status == 200  # not redirected to HTTPS again: Django knows it is HTTPS


def test_static_files_are_served_by_nginx_hashed_ones_kept_a_year(nginx):
    static = nginx["folder"] / "static"
    (static / "memorial").mkdir()
    (static / "memorial" / "site.0123456789ab.css").write_text("body { color: black }")
    (static / "memorial" / "plain.css").write_text("body { color: black }")

    status, headers, body = request(nginx, "/static/memorial/site.0123456789ab.css")
    assert status == 200
    assert body == b"body { color: black }"
    assert headers["Content-Type"] == "text/css"
    assert "immutable" in headers["Cache-Control"]

    status, headers, _body = request(nginx, "/static/memorial/plain.css")
    assert status == 200
    assert "immutable" not in headers.get("Cache-Control", "")
