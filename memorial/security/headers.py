"""The Content Security Policy and the Permissions-Policy every answer carries.

The policy itself is in settings (``CONTENT_SECURITY_POLICY``, django-csp): no inline script or style, nothing
framed, nothing from other origins. Two things are added per answer here, because settings cannot know them:
the object storage's origin (a file on S3 is reached by a redirect to a signed URL, which the browser checks
against ``img-src`` and ``media-src``), and on the pages where a family records their voice, the microphone and
the ``blob:`` address the recording is previewed from. A stored file's own sandboxing policy
(``archive.views.FILE_CSP``) is never replaced: django-csp leaves a header a view has set.

Public pages carry no nonce, so a page kept by the page cache (``memorial.page_cache``) is the same for everyone.
"""

from __future__ import annotations

import base64
import hashlib
import weakref
from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.core.files.storage import Storage, storages
from django.http import HttpRequest, HttpResponseBase

from memorial.security.sources import origin_of

# The pages with the form's "record your voice" button (memorial/static/memorial/js/record.js).
RECORDING_PAGES = frozenset({"submissions:submit", "submissions:status_page"})

# django-simple-history's list of changes (the admin's "History" pages) carries one fixed style attribute; it is
# allowed there by its hash alone, rather than copying the package's template to drop it.
HISTORY_STYLE_ATTRIBUTES = ("border-top: 0",)
HISTORY_STYLE_SOURCES = [
    "'unsafe-hashes'",
    *(
        f"'sha256-{base64.b64encode(hashlib.sha256(value.encode()).digest()).decode()}'"
        for value in HISTORY_STYLE_ATTRIBUTES
    ),
]

# Every powerful feature off, for this page and anything it could embed; fullscreen for the recordings' player.
# Only features Chromium knows are named: an unknown one is reported on the console of every page.
PERMISSIONS = {
    "accelerometer": "()",
    "camera": "()",
    "display-capture": "()",
    "fullscreen": "(self)",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "usb": "()",
}
PERMISSIONS_POLICY = ", ".join(f"{feature}={allow}" for feature, allow in PERMISSIONS.items())
RECORDING_PERMISSIONS_POLICY = PERMISSIONS_POLICY.replace("microphone=()", "microphone=(self)")

_storage_origins: weakref.WeakKeyDictionary[Storage, str] = weakref.WeakKeyDictionary()


def storage_origin(storage: Storage) -> str:
    """Where the storage's files are fetched from, when that is not this site: the origin of a signed URL.

    Signing is local (no request is made); the answer is kept per storage object.
    """
    try:
        return _storage_origins[storage]
    except KeyError:
        pass
    try:
        storage.path("csp-probe")
        origin = ""  # on the local disk: files are served by /files/ itself
    except NotImplementedError:
        origin = origin_of(storage.url("csp-probe"))
    _storage_origins[storage] = origin
    return origin


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the storage's origin and the recording pages' needs added to the policy."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        update: dict[str, list[str]] = {}
        origin = storage_origin(storages["default"])
        if origin:
            update["img-src"] = [origin]
            update["media-src"] = [origin]
        view_name = _view_name(request)
        if view_name in RECORDING_PAGES:
            update.setdefault("media-src", []).append("blob:")  # the recording's preview before it is sent
        if view_name.startswith("admin:") and view_name.endswith("_history"):
            update["style-src-attr"] = HISTORY_STYLE_SOURCES
        for directive, sources in (parts.update or {}).items():  # a view's own csp_update is kept too
            update[directive] = [*update.get(directive, []), *sources]
        parts.update = update or parts.update
        return parts


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every answer that has not set its own: no camera, microphone, location and the
    like, except the microphone on the pages where a family may record their testimony."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            recording = _view_name(request) in RECORDING_PAGES
            response["Permissions-Policy"] = RECORDING_PERMISSIONS_POLICY if recording else PERMISSIONS_POLICY
        return response
