"""Small jobs run after the response, in one worker thread of the web process.

For work a request must not be seen doing: the lost-link page answers at once, and the matching, the new token
and the e-mail happen here, so its response time says nothing about whether a submission matched.

Not a task queue on purpose: a queue needs a broker and a worker process that ``make run`` would have to start
and operators would have to watch. The jobs here are small and may be lost when the process stops (a family can
simply ask for a lost link again), so a thread in the process that took the request is enough. Anything that
must survive a restart belongs in the database, not here.

``BACKGROUND_TASKS_SYNC`` runs each job at once in the caller instead (the default under tests, so they stay
deterministic).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import translation

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _get_executor() -> ThreadPoolExecutor:
    """One worker, created on first use (after a server has forked its processes, so each has its own)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yaddas-background")
        return _executor


def _run(func: Callable[..., object], args: tuple, kwargs: dict, language: str | None) -> None:
    try:
        with translation.override(language):
            func(*args, **kwargs)
    except Exception:
        logger.exception("A background job failed: %s", getattr(func, "__qualname__", func))


def _run_in_worker(func: Callable[..., object], args: tuple, kwargs: dict, language: str | None) -> None:
    close_old_connections()
    try:
        _run(func, args, kwargs, language)
    finally:
        # The thread outlives the job: give back its database connections, as a request does when it ends.
        connections.close_all()


def run_later(func: Callable[..., object], *args: object, **kwargs: object) -> None:
    """Run ``func(*args, **kwargs)`` in the background once the current transaction commits (at once outside one;
    never if it rolls back), in the language active now. Pass plain values, never the request: it is gone by then.
    Exceptions are logged, not raised.
    """
    language = translation.get_language()
    if settings.BACKGROUND_TASKS_SYNC:
        transaction.on_commit(lambda: _run(func, args, kwargs, language))
    else:
        transaction.on_commit(lambda: _get_executor().submit(_run_in_worker, func, args, kwargs, language))


def wait_for_jobs(timeout: float | None = None) -> None:
    """Block until every job queued so far has run (the one worker takes them in order). For tests and shutdown."""
    if _executor is None:
        return
    marker: Future = _get_executor().submit(lambda: None)
    marker.result(timeout=timeout)
