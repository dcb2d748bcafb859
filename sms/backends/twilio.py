"""Sends each message through Twilio's official client (``twilio`` on PyPI): ``SMS_URL=twilio://SID:TOKEN@FROM``.

A refusal (``TwilioRestException``: a wrong number, a suspended account, a 5xx) or an unreachable API is logged
without the message's text and raised as ``sms.SmsError``; the background task that called it is retried later.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sms import SmsError, TextMessage
from sms.backends.base import BaseSmsBackend
from sms.phones import masked

logger = logging.getLogger(__name__)


class SmsBackend(BaseSmsBackend):
    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        sender: str,
        timeout: str | float = 30,
        api_base_url: str = "",
        **options,
    ) -> None:
        """``sender``: a number (E.164), an alphanumeric sender ID, or a messaging service's SID (``MG…``), which
        then picks the number. ``api_base_url`` replaces https://api.twilio.com (a proxy, or the tests' server)."""
        super().__init__(**options)
        self.account_sid, self.auth_token, self.sender = account_sid, auth_token, sender
        self.timeout = float(timeout)
        self.api_base_url = api_base_url

    def client(self):
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        # A timeout of its own: without one, a provider that hangs would hold a worker until the task's time limit.
        client = Client(self.account_sid, self.auth_token, http_client=TwilioHttpClient(timeout=self.timeout))
        if self.api_base_url:
            client.api.base_url = self.api_base_url.rstrip("/")
        return client

    def send_messages(self, messages: Sequence[TextMessage]) -> int:
        from requests import RequestException
        from twilio.base.exceptions import TwilioException

        if not messages:
            return 0
        client = self.client()
        sent = 0
        for message in messages:
            sender = {"messaging_service_sid": self.sender} if self.sender.startswith("MG") else {"from_": self.sender}
            try:
                created = client.messages.create(to=message.to, body=message.body, **sender)
            except (TwilioException, RequestException, OSError) as error:
                # Never the body: it may hold a one-time code.
                logger.warning("Twilio did not take a text message to %s: %s", masked(message.to), error)
                if self.fail_silently:
                    continue
                raise SmsError(f"Twilio did not take the message: {error}") from error
            message.provider_id = created.sid or ""
            sent += 1
        return sent
