"""Health endpoints for operators, load balancers and process supervisors.

``/healthz`` is liveness: the process answers, and nothing else is asked, so a database or Redis outage never makes
a supervisor restart web processes that would only fail the same way. ``/healthz/ready`` is readiness: each
dependency the site needs to serve and accept work is asked in turn (the database, its replica when one is
configured, the cache, the broker when ``CELERY_BROKER_URL`` is set, the file storage), and the answer names each
one "up" or "down": 200 when all are up, 503 otherwise, so a load balancer takes a web server that cannot reach
them out of rotation; the replica alone down is "degraded" and still 200, since the primary answers in its place.
Neither is ever cached (never_cache, and not a public page for ``memorial.page_cache``), and neither says why a part
is down: the reason goes to the log, not to the public.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Parts the site serves without (memorial.db_router reads the primary instead): named when down, never a 503.
OPTIONAL = frozenset({"replica"})
# Seconds the broker may take to answer: a readiness probe must answer within the balancer's own timeout.
BROKER_TIMEOUT = 2.0


def _database(alias: str) -> Callable[[], None]:
    def check() -> None:
        # A persistent connection may have died since the last request: ask the server, not the connection object.
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")

    return check


def _cache() -> None:
    # A write as well as a read: Redis full under a no-eviction policy answers reads and refuses writes.
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise OSError("the cache did not give back what was written")
    cache.delete(key)


def _broker() -> None:
    from kombu import Connection

    from memorial.celery import app

    options = app.conf.broker_transport_options or {}
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT, transport_options=options) as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)


def _storage() -> None:
    if isinstance(default_storage, FileSystemStorage):
        folder = default_storage.location  # the local disk: the folder must be there and writable
        if not (os.path.isdir(folder) and os.access(folder, os.W_OK)):
            raise OSError(f"{folder} is not a writable folder")
    else:
        # S3: the bucket itself, so that wrong keys, a wrong region or a deleted bucket show, as well as a server
        # that does not answer (an object's absence would answer "not found" for a missing bucket too).
        default_storage.connection.meta.client.head_bucket(Bucket=default_storage.bucket_name)


def readiness_checks() -> dict[str, Callable[[], None]]:
    """The parts the site depends on, by the name the readiness answer gives them."""
    checks: dict[str, Callable[[], None]] = {"database": _database("default")}
    if "replica" in connections.settings:
        checks["replica"] = _database("replica")
    checks["cache"] = _cache
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _broker
    checks["storage"] = _storage
    return checks


def _state(name: str, check: Callable[[], None]) -> str:
    try:
        check()
    except Exception:  # whatever the failure, the part is down; the log says why
        logger.warning("Readiness: %s is down.", name, exc_info=True)
        return "down"
    return "up"


@require_safe
@never_cache
@transaction.non_atomic_requests  # a request transaction would open the database before anything is asked
def live(request: HttpRequest) -> JsonResponse:
    """Liveness: this process answers. Asks nothing else."""
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
@transaction.non_atomic_requests  # as live: the database is asked by its own check, which may find it down
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: each dependency "up" or "down"; 200 when all are up, 503 naming the ones down."""
    parts = {name: _state(name, check) for name, check in readiness_checks().items()}
    down = {name for name, state in parts.items() if state != "up"}
    if down - OPTIONAL:
        return JsonResponse({"status": "unavailable", **parts}, status=503)
    # Without its replica the site still answers every page from the primary: less capacity, not unready. A balancer
    # taking every web server out of rotation for it would take the site down; the answer still names it.
    return JsonResponse({"status": "degraded" if down else "ok", **parts})
