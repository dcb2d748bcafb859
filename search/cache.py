"""Search answers kept in Django's cache under the archive's current content version.

A search over a large archive costs tens of milliseconds; the same names are looked up again and again.
An answer is kept under a key made of the content version (``archive.content_version``, changed by every save
or delete of what the public sees, the pages' cache uses the same), today's date (embargoes and closed media open at
the start of a day, and nothing else changes visibility with time), the language and the question. So a
withdrawn record can never come back from the cache: its withdrawal changed the version first.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from archive import content_version

T = TypeVar("T")
logger = logging.getLogger(__name__)


current_version = content_version.current
change_version = content_version.change


def remember(namespace: str, question: object, compute: Callable[[], T]) -> T:
    """``compute()``'s answer to ``question`` (anything JSON can write), from the cache when it is there."""
    seconds = settings.SEARCH_CACHE_SECONDS
    version = current_version() if seconds > 0 else None
    if version is None:
        return compute()
    digest = hashlib.sha256(json.dumps(question, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    key = f"search:{namespace}:{version}:{timezone.localdate().isoformat()}:{get_language()}:{digest}"
    try:
        found = cache.get(key)
    except Exception:  # a cache server down must not take search down with it: answer without the cache
        logger.warning("Search cache unavailable; answering without it.", exc_info=True)
        return compute()
    if found is None:
        found = compute()
        try:
            cache.set(key, found, seconds)
        except Exception:
            logger.warning("Search cache unavailable; answer not kept.", exc_info=True)
    return found
