"""Public pages served from a cache that is never stale, and HTTP caching a CDN can use.

On the anniversary most visitors ask for the same few pages. ``PageCacheMiddleware`` keeps each public page
(``PUBLIC_PAGES``) as rendered, under a key made of the archive's content version (``archive.content_version``,
replaced by every change to what the public sees, the same version search's answers are kept under), today's date
(embargoes and closed files open at the start of a day, without a save), the release (a deploy changes
templates and translations), the language and the full address with its query string. So a publication or a
withdrawal shows on the very next request, in every process.

Kept only: answers to anonymous GET and HEAD requests that are 200, set no cookie and used no CSRF token; public
pages carry no per-request values (the language switcher is made of links). A signed-in member of staff is
answered afresh, privately.

``CacheHeadersMiddleware`` says what browsers and a CDN may do: public pages ``public, max-age`` with
``stale-while-revalidate`` and a strong ETag (304 when it matches), without the ``Vary: Accept-Language`` the
locale middleware adds (the language is in the address); a public page's 404 ``no-cache``; everything else
that has not said otherwise, ``private, no-store``: status pages, review, the admin, forms.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language

from archive import content_version

logger = logging.getLogger(__name__)

# The URL names (with their namespace) of the pages anyone may see, the same for every visitor.
PUBLIC_PAGES = frozenset(
    {
        "memorial:home",
        "memorial:victims",
        "memorial:testimonies",
        "memorial:documents",
        "memorial:timeline",
        "memorial:places",
        "memorial:place",
        "memorial:statistics",
        "memorial:victim",
        "memorial:testimony",
        "memorial:document",
        "memorial:victim_bibtex",
        "memorial:victim_csl",
        "memorial:testimony_bibtex",
        "memorial:testimony_csl",
        "memorial:document_bibtex",
        "memorial:document_csl",
        "memorial:testimony_transcript_txt",
        "memorial:testimony_transcript_vtt",
        "memorial:testimony_translation_vtt",
        "memorial:testimony_ohms",
        "memorial:about",
        "memorial:methodology",
        "memorial:terms",
        "memorial:privacy",
        "memorial:feed",
        "sitemap",
        "sitemap_section",
        "robots_txt",
        "search:results",
        "search:suggest",
        "search:api",
        # The JSON API (api/): answers anyone may read, kept under the same content version as the pages.
        "api:openapi-json",
        "api:victims",
        "api:victim",
        "api:testimonies",
        "api:testimony",
        "api:documents",
        "api:document",
        "api:places",
        "api:place",
        "api:events",
        "api:event",
        "api:sources",
        "api:source",
    }
)
# Headers a kept page is given back with; the rest (cookies, Vary, Date) belong to each answer.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "ETag",
    "Last-Modified",
    "Link",
    "X-Robots-Tag",
    "Content-Security-Policy",
)
MAX_QUERY_LENGTH = 1000  # a longer query string is answered but not kept: no one fills the cache with them
PUBLIC_PAGE = "_yaddas_public_page"  # set on a response that is the same for every visitor


@dataclass(frozen=True)
class KeptPage:
    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


class PageCacheMiddleware:
    """Answer public pages from the cache, and keep what they answered. Placed after authentication."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not getattr(request, "_public_page", False):
            return response
        setattr(response, PUBLIC_PAGE, True)
        key = getattr(request, "_page_cache_key", None)
        if key is not None and not getattr(response, "_from_page_cache", False) and _keepable(request, response):
            _store(key, response)
        return _conditional(request, response)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponseBase | None:
        if not _is_public_request(request):
            return None
        request._public_page = True
        key = request._page_cache_key = page_key(request)
        kept = _fetch(key) if key is not None else None
        if kept is None:
            return None
        response = kept.response()
        response._from_page_cache = True
        return response


class CacheHeadersMiddleware:
    """What browsers and CDNs may keep. Placed first after WhiteNoise, so it has the last word."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        public = getattr(response, PUBLIC_PAGE, False) and not response.cookies
        if public and response.status_code in (200, 304):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_MAX_AGE,
                stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE,
            )
            _drop_vary(response, "Accept-Language")
        elif public and not response.has_header("Cache-Control"):
            # A record not (yet) published answers 404: asked again, it must be asked of the site, which knows
            # the moment it is published.
            response["Cache-Control"] = "no-cache"
        elif not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response


def page_key(request: HttpRequest) -> str | None:
    """The cache key of this request's page, or None when it may not be kept (no version, a long query)."""
    if settings.PAGE_CACHE_SECONDS <= 0 or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return None
    version = version_for(request)
    if version is None:
        return None
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    today = timezone.localdate().isoformat()
    deployed = _files_digest() if settings.DEBUG and not settings.RELEASE else release()
    return f"page:{deployed}:{version}:{today}:{get_language()}:{address}"


def version_for(request: HttpRequest) -> str | None:
    """The archive's content version as this request first read it (one read a request, by the page cache's key or
    by the first who asks): what a page's ETag must change with, since a page shows rows its record's own dates do
    not follow (a transcript's lines, their translations, an index)."""
    if not hasattr(request, "_content_version"):
        request._content_version = content_version.current()
    return request._content_version


@lru_cache(maxsize=1)
def release() -> str:
    """What was deployed: ``RELEASE`` when set, else a digest of the templates', translations' and code's files
    (names, sizes, times), so pages kept by an earlier release are not served after a deploy."""
    return settings.RELEASE or _files_digest()


def _files_digest() -> str:
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    # The apps whose code or tags render public pages, and the templates and translations.
    folders = (
        "archive",
        "memorial",
        "search",
        "submissions",
        "requests_desk",
        "remembrance",
        "api",
        "templates",
        "locale",
    )
    for folder in folders:
        for path, dirs, files in os.walk(root / folder):
            dirs[:] = sorted(name for name in dirs if name not in ("__pycache__", "static"))
            for name in sorted(files):
                stat = os.stat(os.path.join(path, name))
                digest.update(f"{path}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


def _is_public_request(request: HttpRequest) -> bool:
    match = request.resolver_match
    if request.method not in ("GET", "HEAD") or match is None or match.view_name not in PUBLIC_PAGES:
        return False
    # Only a visitor with a session can be signed in; asking anyone else would open (and Vary on) a session.
    return not (settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated)


def _keepable(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)  # not streamed, not a file
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a token was put in the page: it is this visitor's
    )


def _fetch(key: str) -> KeptPage | None:
    try:
        return cache.get(key)
    except Exception:  # a cache server down must not take the site down with it
        logger.warning("Page cache unavailable; answering without it.", exc_info=True)
        return None


def _store(key: str, response: HttpResponse) -> None:
    if not response.has_header("ETag"):
        set_response_etag(response)
    headers = tuple((name, response[name]) for name in KEPT_HEADERS if response.has_header(name))
    try:
        cache.set(key, KeptPage(response.status_code, response.content, headers), settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("Page cache unavailable; page not kept.", exc_info=True)


def _conditional(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """304 Not Modified when the visitor's copy is this one: the page's ETag, or its date when it has no ETag."""
    if response.status_code != 200 or not isinstance(response, HttpResponse):
        return response
    if not response.has_header("ETag"):
        set_response_etag(response)
    last_modified = response.get("Last-Modified")
    conditional = get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    if conditional is not response:
        setattr(conditional, PUBLIC_PAGE, True)
    return conditional


def _drop_vary(response: HttpResponseBase, header: str) -> None:
    if not response.has_header("Vary"):
        return
    kept = [value.strip() for value in response["Vary"].split(",") if value.strip().lower() != header.lower()]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]
