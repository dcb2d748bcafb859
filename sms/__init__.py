"""Text messages (SMS), in the style of Django's e-mail: a backend chosen in settings sends them, and the callers
never know which. ``SMS_URL`` names it (``console://``, ``locmem://``, ``twilio://ACCOUNT_SID:AUTH_TOKEN@FROM``),
or ``SMS_BACKEND`` gives its dotted path with ``SMS_OPTIONS`` as keyword arguments (``sms.config``).

- ``sms.backends.console.SmsBackend`` prints each message (the default outside production);
- ``sms.backends.locmem.SmsBackend`` keeps them in ``sms.outbox``, as ``django.core.mail.outbox`` (the tests');
- ``sms.backends.twilio.SmsBackend`` sends them through Twilio's official client.

A backend raises ``SmsError`` when a message could not be handed to the provider: the caller (a background task,
``submissions.tasks.send_text``) is retried later, so nothing is lost and no request waits for a provider.

This package imports no app: any app may send texts through it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from sms.phones import phone_number

__all__ = ["SmsError", "TextMessage", "get_backend", "outbox", "phone_number", "send_text"]

# What the in-memory backend sent (``sms.backends.locmem``); the tests empty it before each test.
outbox: list[TextMessage] = []


class SmsError(Exception):
    """A message could not be handed to the provider (refused, unreachable, misconfigured)."""


@dataclass
class TextMessage:
    to: str  # E.164, e.g. +994501234567
    body: str
    provider_id: str = ""  # the provider's id of the sent message (Twilio's SID), set by the backend


def get_backend(backend: str | None = None, **options):
    """An instance of the configured backend (or of ``backend``, a dotted path); ``options`` override
    ``SMS_OPTIONS``, as ``django.core.mail.get_connection`` takes keyword arguments."""
    klass = import_string(backend or settings.SMS_BACKEND)
    return klass(**{**(settings.SMS_OPTIONS if backend is None else {}), **options})


def send_text(to: str, body: str) -> TextMessage:
    """Send one message now, through the configured backend; returns it with the provider's id. Raises SmsError."""
    message = TextMessage(to=to, body=body)
    get_backend().send_messages([message])
    return message
