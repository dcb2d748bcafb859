"""A granted request's private link, and the page and files it opens.

The link mailed to the requester (``/access/<token>/``) is only a way in, as a family's status link is: it puts the
token's fingerprint in the session and leads on to the page's own address (``/access/files/<reference>/``), which
carries the reference alone, so the token stays out of access logs, Referer headers and history from then on.
Every page and file checks the grant again (withdrawn, expired, its record no longer public: closed at once) and
logs its use (when, which file, from which address). Files are served by the same code as ``/files/``
(``archive.views.serve_stored_file``), privately; only that record's files, never withheld ones.
"""

from __future__ import annotations

import hmac
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from archive.abuse import client_address, rate_limited
from archive.views import serve_stored_file
from requests_desk import selectors, services
from requests_desk.models import AccessGrant, AccessUse, title_of
from requests_desk.views.public import private

SESSION_KEY = "access_grants"  # reference → fingerprint (the token's hash) of the link followed in this browser
MISS_LIMIT = 30  # wrong links per address per hour: guessing is hopeless (256 bits), a flood is still slowed


def _not_working(request: HttpRequest) -> HttpResponse:
    if rate_limited(request, "access-miss", MISS_LIMIT):
        response = private(render(request, "requests_desk/too_many.html", {}, status=429))
        return response
    return private(render(request, "requests_desk/link_not_working.html", status=404))


@require_safe
def access_link(request: HttpRequest, token: str) -> HttpResponse:
    grant = AccessGrant.objects.by_token(token)
    if grant is None:
        return _not_working(request)
    links = dict(request.session.get(SESSION_KEY, {}))
    links[grant.request.reference] = grant.token_hash
    request.session[SESSION_KEY] = links
    if grant.is_valid:
        services.access_use_record(grant=grant, what=AccessUse.What.LINK, address=client_address(request))
    response = private(redirect("requests_desk:access_page", reference=grant.request.reference))
    # Not even same-origin: the next request's Referer would carry the token into this site's own access log.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _remembered_grant(request: HttpRequest, reference: str) -> AccessGrant | None:
    """The grant whose link was followed in this browser."""
    fingerprint = request.session.get(SESSION_KEY, {}).get(reference)
    if not fingerprint:
        return None
    grant = AccessGrant.objects.select_related("request").filter(request__reference=reference).first()
    if grant is None or not hmac.compare_digest(grant.token_hash, fingerprint):
        return None
    return grant


@require_safe
def access_page(request: HttpRequest, reference: str) -> HttpResponse:
    grant = _remembered_grant(request, reference)
    if grant is None:
        return _not_working(request)
    opened = selectors.open_grant(grant)
    if opened is None:
        # Expired or withdrawn (or the record is no longer public): said so, and nothing of the record shown.
        return private(render(request, "requests_desk/access_closed.html", {"grant": grant}, status=410))
    services.access_use_record(grant=grant, what=AccessUse.What.PAGE, address=client_address(request))
    context = {"opened": opened, "reference": reference, "record_title": title_of(opened.record)}
    return private(render(request, "requests_desk/access_page.html", context))


@require_safe
def access_file(request: HttpRequest, reference: str, key: UUID) -> HttpResponse:
    grant = _remembered_grant(request, reference)
    opened = selectors.open_grant(grant) if grant is not None else None
    media = next((row for row in opened.files if row.key == key), None) if opened is not None else None
    if media is None:
        raise Http404  # another record's file, a withheld one, a grant that no longer works: as if none existed
    if _starts_a_fetch(request):
        services.access_use_record(grant=grant, what=AccessUse.What.FILE, media=media, address=client_address(request))
    extension = media.file.name.rsplit(".", 1)[-1] if "." in media.file.name else "bin"
    return serve_stored_file(
        request,
        media.file,
        media.content_type,
        filename=f"{opened.record.identifier}-{media.key.hex[:8]}.{extension}",
        public=False,
        etag=f'"{media.sha256}"',
    )


def _starts_a_fetch(request: HttpRequest) -> bool:
    """A whole file, or its first bytes: a player asks for a recording in many ranges, and one listening is one use."""
    wanted = request.headers.get("Range", "").replace(" ", "")
    return not wanted or wanted.startswith("bytes=0-")
