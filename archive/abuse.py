"""Abuse resistance of the public forms without a CAPTCHA: a signed one-time form stamp (which also times how long
the form took), a honeypot field, and per-IP rate limits kept in Django's cache (Redis in production).

Here, not in one of the apps with a form, so every app that takes anonymous posts (the submission form, the
corrections and access requests of ``requests_desk``) uses one mechanism without importing another; ``archive``
imports no other app. Each form passes its own stamp ``salt``, so a stamp shown for one form is no good for another.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
import uuid

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

STAMP_SALT = "submissions.form-stamp"  # the submission form's; other forms name their own
STAMP_MAX_AGE = 3 * 24 * 3600  # a family may take days over a form left open on a phone
RATE_WINDOW = 3600
logger = logging.getLogger(__name__)


def issue_stamp(*, issued_at: float | None = None, salt: str = STAMP_SALT) -> str:
    """A signed one-time token for one showing of the form, carrying the time it was shown."""
    return signing.dumps({"t": uuid.uuid4().hex, "at": issued_at if issued_at is not None else time.time()}, salt=salt)


class StampError(ValueError):
    pass


def read_stamp(stamp: str, *, salt: str = STAMP_SALT) -> tuple[str, float]:
    """The form token and how many seconds ago the form was shown; StampError if forged or expired."""
    try:
        data = signing.loads(stamp, salt=salt, max_age=STAMP_MAX_AGE)
        return str(data["t"]), time.time() - float(data["at"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise StampError(str(error)) from error


def stamp_token(stamp: str, *, salt: str = STAMP_SALT) -> str:
    """The form token a genuine, unexpired stamp carries; empty otherwise."""
    try:
        return read_stamp(stamp, salt=salt)[0]
    except StampError:
        return ""


def client_address(request: HttpRequest) -> str:
    """The visitor's address. Behind ``SUBMISSION_TRUSTED_PROXY_COUNT`` proxies it is the one the outermost trusted
    proxy saw: each proxy appends the address it received from to ``X-Forwarded-For``, so it is the N-th entry
    from the right; entries to its left are whatever the visitor chose to send, and are ignored. With no trusted
    proxy (the default) the header is ignored entirely, since anyone can set it."""
    proxies = settings.SUBMISSION_TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote  # fewer hops than configured: not a request that came through the proxies as expected
    return forwarded[-proxies]


def client_key(request: HttpRequest) -> str:
    """The visitor's address, hashed: the cache never holds raw IP addresses."""
    return _hashed(client_address(request))


def _hashed(text: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{text}".encode()).hexdigest()[:32]


def rate_limited(request: HttpRequest, bucket: str, limit: int, *, window: int = RATE_WINDOW) -> bool:
    """Count one hit for this visitor in ``bucket``; True once more than ``limit`` hits fall in the window."""
    return over_limit(f"{bucket}:{client_key(request)}", limit, window=window)


def rate_limited_for(subject: str, bucket: str, limit: int, *, window: int = RATE_WINDOW) -> bool:
    """Like ``rate_limited``, counted per ``subject`` (e.g. a reference) rather than per visitor."""
    return over_limit(f"{bucket}:{_hashed(subject)}", limit, window=window)


def over_limit(name: str, limit: int, *, window: int = RATE_WINDOW) -> bool:
    return _count(name, window) > limit


def _window_key(name: str, window: int) -> str:
    return f"submissions:rate:{name}:{int(time.time() // window)}"


def _count(name: str, window: int) -> int:
    """The hits counted in this window, this one included; 0 when the cache cannot be reached: the limits are let go
    while it is down (a family's form is not refused for a cache server's fault), and say so in the log."""
    key = _window_key(name, window)
    try:
        cache.add(key, 0, timeout=window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            return 1
    except Exception:  # a cache server down must not take the forms down with it
        logger.warning("Rate limits unavailable (the cache cannot be reached); not counted.", exc_info=True)
        return 0


def limit_reached(request: HttpRequest, bucket: str, limit: int, *, window: int = RATE_WINDOW) -> bool:
    """True once ``limit`` hits of this visitor are counted in ``bucket`` in this window; counts nothing itself
    (``count_hit`` does, once the outcome is known: e.g. only accepted submissions count against the main limit).
    False when the cache cannot be reached, as ``_count``."""
    try:
        return (cache.get(_window_key(f"{bucket}:{client_key(request)}", window)) or 0) >= limit
    except Exception:  # a cache server down must not take the forms down with it
        logger.warning("Rate limits unavailable (the cache cannot be reached); not applied.", exc_info=True)
        return False


def count_hit(request: HttpRequest, bucket: str, *, window: int = RATE_WINDOW) -> None:
    _count(f"{bucket}:{client_key(request)}", window)


def seconds_until_reset(*, window: int = RATE_WINDOW) -> int:
    """How long until every count starts again (the windows are fixed: on the hour for the default)."""
    return max(1, math.ceil(window - time.time() % window))
