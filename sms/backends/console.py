"""Prints each message (local development): never in production, where a code or a reference would land in the
server's logs (``check --deploy`` warns: memorial.W005)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence

from sms import TextMessage
from sms.backends.base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    def __init__(self, *, stream=None, **options) -> None:
        super().__init__(**options)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, messages: Sequence[TextMessage]) -> int:
        with self._lock:
            for message in messages:
                self.stream.write(f"Text message to {message.to}\n{message.body}\n{'-' * 79}\n")
            self.stream.flush()
        return len(messages)
