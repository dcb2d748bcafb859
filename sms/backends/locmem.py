"""Keeps each message in ``sms.outbox`` (the tests' backend), as Django's locmem e-mail backend does."""

from __future__ import annotations

from collections.abc import Sequence

import sms
from sms import TextMessage
from sms.backends.base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    def send_messages(self, messages: Sequence[TextMessage]) -> int:
        for number, message in enumerate(messages, start=len(sms.outbox) + 1):
            message.provider_id = message.provider_id or f"locmem-{number}"
            sms.outbox.append(message)
        return len(messages)
