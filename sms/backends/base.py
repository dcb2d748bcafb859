"""What every text-message backend does, as ``django.core.mail.backends.base.BaseEmailBackend``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sms import TextMessage


class BaseSmsBackend:
    def __init__(self, *, fail_silently: bool = False, **options: str) -> None:
        self.fail_silently = fail_silently

    def send_messages(self, messages: Sequence[TextMessage]) -> int:
        """Send each message; the number sent. Raises ``sms.SmsError`` on the first that fails."""
        raise NotImplementedError
