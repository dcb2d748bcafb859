"""Background work: what a request must not wait for or be seen doing (mail, the lost-link job, media processing),
and the scheduled jobs. Tasks are Celery tasks (``memorial.celery``) made with ``@shared_task(base=Job)``, and are
started only through ``enqueue``, once the caller's transaction commits.

Where they run:

- ``CELERY_BROKER_URL`` set: sent to the broker, run by ``celery -A memorial worker``. A task is acknowledged only
  once it has run and is given back if its worker dies, so it may run twice: every task is idempotent, keyed by
  the record it works on (a mail already sent is not sent again; a file already processed is left as it is).
- No broker (``make run``, a laptop): in the web process, after the response, in one worker thread (so the
  response time says nothing about the work, e.g. whether a lost-link request matched). Nothing else to start.
  ``BACKGROUND_TASKS_SYNC`` runs them in the request once its transaction commits instead (the default under tests).

A task that raises is retried with exponential backoff (at once when run in-process); one that still fails is kept
as a ``FailedTask`` with its error, shown on the staff home, and can be retried or dismissed from the admin.

``archive`` imports no other app: this module is the one place every app's tasks go through.
"""

from __future__ import annotations

import logging
import threading
import traceback as traceback_module
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from celery import Task, current_app
from celery.exceptions import TimeLimitExceeded
from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

from archive.models import FailedTask

logger = logging.getLogger(__name__)


class Job(Task):
    """The base of every task: retried with exponential backoff on any error, at most ``max_retries`` times, then
    recorded as a ``FailedTask``. Acknowledged late and time-limited by the settings (``CELERY_TASK_*``)."""

    autoretry_for = (Exception,)
    max_retries = 5
    retry_backoff = 30  # seconds before the first retry, doubled each time
    # A retry waits unacknowledged in a worker: kept under the broker's visibility timeout (memorial/settings.py).
    retry_backoff_max = settings.BACKGROUND_RETRY_WAIT_MAX
    retry_jitter = True
    # True when the arguments hold what staff need not read (a family's private status link in a mail).
    arguments_private = False

    def kept_for_retry(self, args: list, kwargs: dict) -> tuple[list, dict]:
        """What a ``FailedTask`` keeps of the arguments to run the task again: by default all of them. A task whose
        arguments hold a secret (a family's status link in a mail) keeps it where only the staff who may read it
        can, and returns what finds it there again."""
        return args, kwargs

    def forget_kept(self, args: list, kwargs: dict) -> None:
        """A failure staff dismissed will not be run again: let go of what ``kept_for_retry`` kept elsewhere."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Called where the task ran once it failed for good; for a task stopped by its hard time limit, in the
        worker's main process (the process that ran it was killed), so it is recorded all the same."""
        record_failure(
            self,
            args=args,
            kwargs=kwargs,
            error=_time_limit_text(exc) if isinstance(exc, TimeLimitExceeded) else exc,
            traceback=str(einfo) if einfo is not None else "",
            task_id=task_id or "",
            attempts=(self.request.retries or 0) + 1,
        )


def _time_limit_text(exc: TimeLimitExceeded) -> str:
    limit = exc.args[0] if exc.args else "?"
    return f"TimeLimitExceeded: stopped after its hard time limit of {limit} s (CELERY_TASK_TIME_LIMIT)"


def record_failure(
    task: Task,
    *,
    args: Any,
    kwargs: Any,
    error: BaseException | str,
    traceback: str = "",
    task_id: str = "",
    attempts: int = 1,
) -> FailedTask | None:
    """Keep a task's failure for staff. Never raises: the database may be what failed."""
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    logger.error("Background task %s failed after %d attempt(s): %s", task.name, attempts, text)
    try:
        args, kwargs = list(args or ()), dict(kwargs or {})
        if isinstance(task, Job):
            args, kwargs = task.kept_for_retry(args, kwargs)
        return FailedTask.objects.create(
            task_name=task.name,
            task_id=task_id[:64],
            arguments=args,
            keyword_arguments=kwargs,
            arguments_private=getattr(task, "arguments_private", False),
            error=text,
            traceback=traceback,
            attempts=attempts,
        )
    except Exception:
        logger.exception("The failure of background task %s could not be recorded", task.name)
        return None


def enqueue(task: Task, *args: Any, **kwargs: Any) -> None:
    """Run ``task(*args, **kwargs)`` in the background once the current transaction commits (at once outside one;
    never if it rolls back). Arguments must be plain JSON values (ids, strings), never a request or a model."""
    if settings.CELERY_BROKER_URL:
        transaction.on_commit(lambda: _send(task, args, kwargs))
    elif settings.BACKGROUND_TASKS_SYNC or getattr(_worker_thread, "active", False):
        # Sent from a task in the worker thread (a mail of the lost-link job): already in the background.
        transaction.on_commit(lambda: run_here(task, args, kwargs))
    else:
        transaction.on_commit(lambda: _executor().submit(_run_in_thread, task, args, kwargs))


def _send(task: Task, args: tuple, kwargs: dict) -> None:
    """To the broker; if it cannot be reached, the task is recorded as failed (staff retry it), and the request
    that committed its data is not failed for it."""
    try:
        task.apply_async(args, kwargs)
    except Exception as error:  # noqa: BLE001 (any fault of the broker or the connection: recorded below)
        record_failure(
            task,
            args=args,
            kwargs=kwargs,
            error=f"Could not be queued: {type(error).__name__}: {error}",
            traceback=traceback_module.format_exc(),
        )


def run_here(task: Task, args: tuple = (), kwargs: dict | None = None) -> None:
    """Run the task in this process, its retries at once; a final failure is recorded (``Job.on_failure``)."""
    result = task.apply(args=args, kwargs=kwargs or {})
    if result.failed() and not isinstance(task, Job):
        record_failure(
            task, args=args, kwargs=kwargs, error=result.result, traceback=result.traceback or "", task_id=result.id
        )


_executor_instance: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_worker_thread = threading.local()


def _executor() -> ThreadPoolExecutor:
    """One worker thread, made on first use (after a server has forked its processes, so each has its own)."""
    global _executor_instance
    with _executor_lock:
        if _executor_instance is None:
            _executor_instance = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yaddas-jobs")
        return _executor_instance


def _run_in_thread(task: Task, args: tuple, kwargs: dict) -> None:
    close_old_connections()
    _worker_thread.active = True
    try:
        run_here(task, args, kwargs)
    except Exception:
        logger.exception("Background task %s could not be run", task.name)
    finally:
        _worker_thread.active = False
        # The thread outlives the task: give back its database connections, as a request does when it ends.
        connections.close_all()


def wait_for_jobs(timeout: float | None = None) -> None:
    """Block until every task handed to this process's worker thread so far has run. For tests and shutdown."""
    if _executor_instance is None:
        return
    marker: Future = _executor().submit(lambda: None)
    marker.result(timeout=timeout)


def failed_task_retry(*, failed: FailedTask, user: Any = None) -> bool:
    """Run a failed task again, with the arguments it had, and mark the failure retried. False if the task is no
    longer known (renamed or removed since)."""
    task = current_app.tasks.get(failed.task_name)
    if task is None:
        return False
    args, kwargs = list(failed.arguments), dict(failed.keyword_arguments)
    with transaction.atomic():
        _resolve(failed, FailedTask.Resolution.RETRIED, user)
        enqueue(task, *args, **kwargs)
    return True


def never_queued_requeue() -> int:
    """Send again the tasks that could not be queued because the broker was down when their request committed
    (``FailedTask.objects.never_queued``), each marked retried. The scheduled job ``archive.requeue_never_queued``
    runs this every minute on a worker, that is once the broker answers again. Returns how many were sent."""
    return sum(failed_task_retry(failed=failed) for failed in FailedTask.objects.never_queued())


def failed_task_dismiss(*, failed: FailedTask, user: Any = None) -> None:
    """Staff have seen it and nothing is to be done: it leaves the staff home, and stays in the list."""
    task = current_app.tasks.get(failed.task_name)
    with transaction.atomic():
        if isinstance(task, Job) and not failed.resolution:
            task.forget_kept(list(failed.arguments), dict(failed.keyword_arguments))
        _resolve(failed, FailedTask.Resolution.DISMISSED, user)


def _resolve(failed: FailedTask, resolution: str, user: Any) -> None:
    failed.resolution = resolution
    failed.resolved_at = timezone.now()
    failed.resolved_by = user if user is not None and user.is_authenticated else None
    if failed.arguments_private:
        # Kept only for a retry: once resolved, they are not kept at all.
        failed.arguments, failed.keyword_arguments = [], {}
    failed.save(update_fields=["resolution", "resolved_at", "resolved_by", "arguments", "keyword_arguments"])
