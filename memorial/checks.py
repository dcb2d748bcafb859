"""Deployment checks (``manage.py check --deploy`` and every start): settings that work on one machine but not
behind several web processes, or not in public."""

from __future__ import annotations

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
