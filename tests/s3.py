"""A real S3-protocol server for the tests: moto's S3 in server mode, started by the tests on a free port of
127.0.0.1 (one per test process, so each pytest-xdist worker has its own), and a fresh private bucket per test that
the project's S3 settings point at.

moto answers S3 faithfully but trusts any signature, and keeps ACLs that AWS buckets no longer accept. A thin gate in
front of it does what S3 does there, so a mistake in the settings shows in a test:

- every signed request is checked as S3 checks it: signature version 4 only (``AWS4-HMAC-SHA256``, as in every region
  opened since 2014), the access key and secret, the bucket's region, and for a signed URL its expiry ("Request has
  expired");
- an upload that names an ACL other than ``bucket-owner-full-control`` is refused, as a bucket with "Bucket owner
  enforced" object ownership (the default for new buckets since April 2023) refuses it;
- an unsigned request goes to moto, which refuses to read a private object (403);
- ``refuse_writes_after(n)``: the storage failing, over HTTP, for the client to handle as it would the real thing.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import runpy
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

import boto3
import pytest
from botocore.config import Config

ACCESS_KEY = "AKIAYADDASTESTS00001"
SECRET_KEY = "yaddas-tests-secret-access-key"
REGION = "eu-central-1"
SETTINGS_FILE = Path(__file__).resolve().parent.parent / "memorial" / "settings.py"
SIGNED_URL_SECONDS = 2  # AWS_QUERYSTRING_EXPIRE in the tests: short, so that expiry can be waited for


def _error(start_response, status: str, code: str, message: str) -> list[bytes]:
    body = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{message}</Message>'
        f"<RequestId>{uuid.uuid4().hex}</RequestId></Error>"
    ).encode()
    start_response(status, [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))])
    return [body]


def _uri_encode(text: str) -> str:
    return quote(text, safe="-_.~")


def _canonical_query(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{key}={value}" for key, value in sorted((_uri_encode(k), _uri_encode(v)) for k, v in pairs))


def _header(environ: dict[str, Any], name: str) -> str:
    key = name.upper().replace("-", "_")
    value = environ.get(key if key in {"CONTENT_TYPE", "CONTENT_LENGTH"} else f"HTTP_{key}", "")
    return " ".join(value.split())


def _signature(date: str, region: str, service: str, string_to_sign: str) -> str:
    key = f"AWS4{SECRET_KEY}".encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


@dataclass
class _Signed:
    """What a SigV4 request says about its signature, from its Authorization header or its query string."""

    credential: str
    signed_headers: str
    signature: str
    amz_date: str
    payload_hash: str
    query: list[tuple[str, str]]  # without X-Amz-Signature
    expires: int | None = None


def _signed(environ: dict[str, Any], query: list[tuple[str, str]]) -> _Signed | str | None:
    """The request's SigV4 signature; an error message if it is signed otherwise; None if it is not signed."""
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    params = dict(query)
    if authorization:
        algorithm, _, rest = authorization.partition(" ")
        if algorithm != "AWS4-HMAC-SHA256":
            return "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256."
        parts = dict(part.strip().split("=", 1) for part in rest.split(","))
        return _Signed(
            credential=parts["Credential"],
            signed_headers=parts["SignedHeaders"],
            signature=parts["Signature"],
            amz_date=_header(environ, "x-amz-date"),
            payload_hash=_header(environ, "x-amz-content-sha256"),
            query=query,
        )
    if "X-Amz-Signature" in params or "Signature" in params:
        if params.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256":
            return "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256."
        return _Signed(
            credential=params["X-Amz-Credential"],
            signed_headers=params["X-Amz-SignedHeaders"],
            signature=params["X-Amz-Signature"],
            amz_date=params["X-Amz-Date"],
            payload_hash="UNSIGNED-PAYLOAD",
            query=[(key, value) for key, value in query if key != "X-Amz-Signature"],
            expires=int(params["X-Amz-Expires"]),
        )
    return None


class Gate:
    """WSGI middleware in front of moto: checks signatures, refuses ACLs, and fails writes when told to."""

    def __init__(self, app) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.writes_allowed: int | None = None
            self.written: list[str] = []

    def refuse_writes_after(self, count: int) -> list[str]:
        """From now on, the first ``count`` object uploads succeed and every later one is refused (403), as when the
        credentials lose their right to write. Returns the list of keys written, filled as they are."""
        with self.lock:
            self.writes_allowed, self.written = count, []
            return self.written

    def __call__(self, environ: dict[str, Any], start_response):
        raw = environ.get("REQUEST_URI") or environ.get("RAW_URI") or environ["PATH_INFO"]
        raw_path, _, raw_query = raw.partition("?")
        query = parse_qsl(raw_query, keep_blank_values=True)
        method = environ["REQUEST_METHOD"]
        signed = _signed(environ, query)
        if isinstance(signed, str):
            return _error(start_response, "400 Bad Request", "InvalidRequest", signed)
        if signed is not None:
            refusal = self._check(environ, method, raw_path, signed)
            if refusal is not None:
                return _error(start_response, *refusal)
        _bucket, _, key = unquote(raw_path).lstrip("/").partition("/")
        acl = _header(environ, "x-amz-acl")
        if key and method in {"PUT", "POST"} and ("acl" in dict(query) or acl not in {"", "bucket-owner-full-control"}):
            return _error(
                start_response, "400 Bad Request", "AccessControlListNotSupported", "The bucket does not allow ACLs"
            )
        if key and method == "PUT":
            with self.lock:
                if self.writes_allowed is not None:
                    if len(self.written) >= self.writes_allowed:
                        return _error(start_response, "403 Forbidden", "AccessDenied", "Access Denied")
                    self.written.append(key)
        return self.app(environ, start_response)

    def _check(self, environ: dict[str, Any], method: str, raw_path: str, signed: _Signed) -> tuple[str, ...] | None:
        access_key, date, region, service, _ = signed.credential.split("/")
        if access_key != ACCESS_KEY:
            return "403 Forbidden", "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist."
        if region != REGION:
            return (
                "400 Bad Request",
                "AuthorizationHeaderMalformed",
                f"The authorization header is malformed; the region '{region}' is wrong; expecting '{REGION}'",
            )
        signed_at = datetime.datetime.strptime(signed.amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
        now = datetime.datetime.now(datetime.UTC)
        if signed.expires is not None and now > signed_at + datetime.timedelta(seconds=signed.expires):
            return "403 Forbidden", "AccessDenied", "Request has expired"
        names = signed.signed_headers.split(";")
        canonical_request = "\n".join(
            [
                method,
                raw_path,
                _canonical_query(signed.query),
                "".join(f"{name}:{_header(environ, name)}\n" for name in names),
                signed.signed_headers,
                signed.payload_hash,
            ]
        )
        string_to_sign = "\n".join(
            [
                "AWS4-HMAC-SHA256",
                signed.amz_date,
                f"{date}/{region}/{service}/aws4_request",
                hashlib.sha256(canonical_request.encode()).hexdigest(),
            ]
        )
        if not hmac.compare_digest(_signature(date, region, service, string_to_sign), signed.signature):
            return (
                "403 Forbidden",
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.",
            )
        return None


@dataclass
class S3Server:
    endpoint: str
    gate: Gate
    _server: Any = field(repr=False)
    _buckets: Iterator[int] = field(default_factory=lambda: iter(range(1, 1_000_000)), repr=False)

    @classmethod
    def start(cls) -> S3Server:
        # Imported here: moto takes half a second to import, which only the tests that use it should pay.
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
        from werkzeug.serving import make_server

        class QuietHandler(MotoRequestHandler):
            def log_request(self, *args, **kwargs) -> None:
                pass

        gate = Gate(DomainDispatcherApplication(create_backend_app))
        server = make_server("127.0.0.1", 0, gate, threaded=True, request_handler=QuietHandler)
        threading.Thread(target=server.serve_forever, name="moto-s3", daemon=True).start()
        return cls(endpoint=f"http://127.0.0.1:{server.server_port}", gate=gate, _server=server)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def client(self):
        """A boto3 client of the bucket's owner, signing as the project does (v4, path-style addresses)."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def new_bucket(self) -> Bucket:
        name = f"yaddas-test-{next(self._buckets)}"
        client = self.client()
        client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return Bucket(name=name, server=self, client=client)


@dataclass
class Bucket:
    name: str
    server: S3Server
    client: Any = field(repr=False)

    def names(self) -> list[str]:
        """Every object's key, sorted."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(entry["Key"] for page in pages for entry in page.get("Contents", ()))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.name, Key=key, Body=data)

    def plain_url(self, key: str) -> str:
        """The object's address, unsigned: what anyone could try."""
        return f"{self.server.endpoint}/{self.name}/{quote(key)}"

    def unfinished_uploads(self) -> list[str]:
        return [upload["Key"] for upload in self.client.list_multipart_uploads(Bucket=self.name).get("Uploads", ())]

    def refuse_writes_after(self, count: int) -> list[str]:
        return self.server.gate.refuse_writes_after(count)

    def remove(self) -> None:
        for key in self.names():
            self.client.delete_object(Bucket=self.name, Key=key)
        self.client.delete_bucket(Bucket=self.name)


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
    """GET ``url`` as a browser would, with no credentials: (status, headers, body), errors included."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def project_storage(server: S3Server, bucket: str) -> dict[str, Any]:
    """``STORAGES["default"]`` as memorial/settings.py makes it from the environment variables the README gives for
    an S3-compatible service, plus the test credentials (which production takes from the environment or a role)."""
    variables = {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": server.endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_QUERYSTRING_EXPIRE": str(SIGNED_URL_SECONDS),
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in variables.items():
            patch.setenv(name, value)
        storage = runpy.run_path(str(SETTINGS_FILE))["STORAGES"]["default"]
    return {**storage, "OPTIONS": {**storage["OPTIONS"], "access_key": ACCESS_KEY, "secret_key": SECRET_KEY}}


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    server = S3Server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, settings, private_media_root) -> Iterator[Bucket]:
    """A new private bucket, and Django's default storage (every FileField's) pointed at it through the project's
    own S3 settings. Changing ``STORAGES`` makes Django build its storages again (``django.test.signals``)."""
    bucket = s3_server.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": project_storage(s3_server, bucket.name)}
    yield bucket
    s3_server.gate.reset()
    bucket.remove()


class DiskFiles:
    """The same questions as ``Bucket`` asks, of the per-test media folder."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.monkeypatch = monkeypatch

    def names(self) -> list[str]:
        return sorted(str(path.relative_to(self.root)) for path in self.root.rglob("*") if path.is_file())

    def read(self, key: str) -> bytes:
        return (self.root / key).read_bytes()

    def refuse_writes_after(self, count: int) -> list[str]:
        from django.core.files.storage import FileSystemStorage

        real_save = FileSystemStorage._save
        written: list[str] = []

        def failing_save(storage, name, content):
            if len(written) >= count:
                raise OSError("device not ready")
            written.append(name)
            return real_save(storage, name, content)

        self.monkeypatch.setattr(FileSystemStorage, "_save", failing_save)
        return written


@pytest.fixture(params=["disk", "s3"])
def media_storage(request, private_media_root, monkeypatch) -> DiskFiles | Bucket:
    """The test runs twice: files on the local disk, then in an S3 bucket. Either answers ``names()``, ``read(key)``
    and ``refuse_writes_after(n)``."""
    if request.param == "s3":
        return request.getfixturevalue("s3_bucket")
    return DiskFiles(private_media_root, monkeypatch)
