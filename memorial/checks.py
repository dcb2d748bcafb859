"""Deployment checks (``manage.py check --deploy`` and every start): settings that work on one machine but not
behind several web processes, or not in public."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Rate limits of the submission form are counted in the cache: per process, each worker counts alone."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            "The default cache is kept in each process, so the submission form's rate limits are counted per "
            "process, and search answers are cached once per process.",
            hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1.",
            id="memorial.W001",
        )
    ]


PRINTED_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@checks.register(checks.Tags.security, deploy=True)
def mail_not_printed(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A family's mail holds their private status link: printed or written to a file, it lands in the server's logs."""
    if settings.EMAIL_BACKEND not in PRINTED_MAIL_BACKENDS:
        return []
    return [
        checks.Error(
            "Mail is printed to the console or written to files, so each family's private status link would be kept "
            "in the server's logs.",
            hint="Set EMAIL_URL to a mail server, e.g. smtp+tls://user:password@smtp.example.org:587.",
            id="memorial.E001",
        )
    ]


def _redis_database(url: str) -> tuple[str, int, int] | None:
    """Host, port and database number of a redis:// URL (None for anything else)."""
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"}:
        return None
    path = parts.path.strip("/")
    return (parts.hostname or "localhost", parts.port or 6379, int(path) if path.isdigit() else 0)


@checks.register(deploy=True)
def background_work(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Background work needs a broker of its own in production (``archive.jobs``)."""
    broker = settings.CELERY_BROKER_URL
    if not broker:
        return [
            checks.Warning(
                "No broker is configured, so background work (mail, media processing) runs in each web process and "
                "the scheduled purges do not run.",
                hint="Set CELERY_BROKER_URL to a Redis database of its own, e.g. redis://127.0.0.1:6379/2, and run "
                "`celery -A memorial worker` and `celery -A memorial beat`.",
                id="memorial.W002",
            )
        ]
    locations = settings.CACHES["default"].get("LOCATION") or []
    locations = [locations] if isinstance(locations, str) else list(locations)
    broker_database = _redis_database(broker)
    if broker_database is not None and broker_database in {_redis_database(location) for location in locations}:
        return [
            checks.Warning(
                "The broker and the cache share one Redis database: the cache's evictions can drop queued tasks.",
                hint="Give CELERY_BROKER_URL a database number of its own, e.g. redis://127.0.0.1:6379/2.",
                id="memorial.W003",
            )
        ]
    return []


@checks.register(deploy=True)
def visibility_timeout(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Redis gives a task back to the queue once it has been taken for longer than the visibility timeout: a task
    still running then, or waiting in a worker for its retry, would be delivered to a second worker."""
    if not settings.CELERY_BROKER_URL:
        return []
    needed = settings.CELERY_TASK_TIME_LIMIT + settings.BACKGROUND_RETRY_WAIT_MAX
    if needed < settings.CELERY_VISIBILITY_TIMEOUT:
        return []
    return [
        checks.Warning(
            f"CELERY_VISIBILITY_TIMEOUT ({settings.CELERY_VISIBILITY_TIMEOUT} s) is not above the hard time limit plus "
            f"the longest retry wait ({needed} s): a task still running would be delivered a second time, and a "
            "retry waiting past it would be delivered again and again.",
            hint="Leave CELERY_VISIBILITY_TIMEOUT unset (the time limit, the longest retry wait and 5 minutes), or "
            "raise it above CELERY_TASK_TIME_LIMIT + BACKGROUND_RETRY_WAIT_MAX.",
            id="memorial.W004",
        )
    ]


PRINTED_SMS_BACKENDS = {"sms.backends.console.SmsBackend", "sms.backends.locmem.SmsBackend"}


@checks.register(checks.Tags.security, deploy=True)
def texts_not_printed(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Families who gave only a phone number are reached by text (``sms``): printed, or kept in memory, their
    questions never arrive, and their one-time codes land in the server's logs."""
    if settings.SMS_BACKEND not in PRINTED_SMS_BACKENDS:
        return []
    return [
        checks.Warning(
            "Text messages are printed to the console or kept in memory, so families who gave only a phone number "
            "are never told of a question, cannot recover their status link, and their codes land in the logs.",
            hint="Set SMS_URL to a provider, e.g. twilio://ACCOUNT_SID:AUTH_TOKEN@+15005550006.",
            id="memorial.W005",
        )
    ]


@checks.register()
def speech_recognizer(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A speech recognizer named in the settings is made at start, so a model given by name (which would be
    downloaded) or a folder that is not there is said now, not when a curator first asks for a machine draft."""
    if not getattr(settings, "TRANSCRIPTION_BACKEND", ""):
        return []
    from django.core.exceptions import ImproperlyConfigured

    from archive.transcription import backend

    try:
        backend()
    except (ImproperlyConfigured, ImportError) as refused:
        return [
            checks.Warning(
                f"The speech recognizer cannot be used: {refused}",
                hint="See README, Machine drafts: TRANSCRIPTION_BACKEND and TRANSCRIPTION_MODEL_PATH (a local folder).",
                id="memorial.W006",
            )
        ]
    return []
