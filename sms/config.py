"""``SMS_URL`` read into a backend's dotted path and its options, as django-environ reads ``EMAIL_URL``.
Imported by the settings module: nothing here reads the settings."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote

BACKENDS = {
    "console": "sms.backends.console.SmsBackend",
    "locmem": "sms.backends.locmem.SmsBackend",
    "twilio": "sms.backends.twilio.SmsBackend",
}


class SmsUrlError(ValueError):
    pass


def backend_from_url(url: str) -> tuple[str, dict[str, str]]:
    """``console://`` → the console backend; ``twilio://ACCOUNT_SID:AUTH_TOKEN@FROM`` → the Twilio backend with
    its credentials and sender (a number in E.164, ``+15005550006``; an alphanumeric sender ID; or a messaging
    service's SID, ``MG…``). Query parameters are passed on as options (``?timeout=20``)."""
    scheme, separator, rest = url.strip().partition("://")
    if not separator or scheme not in BACKENDS:
        raise SmsUrlError(f"SMS_URL must start with one of {', '.join(f'{name}://' for name in BACKENDS)}")
    rest, _question, query = rest.partition("?")
    options = dict(parse_qsl(query))
    if scheme != "twilio":
        return BACKENDS[scheme], options
    # Not urlsplit: the sender may be an alphanumeric ID, which a host name would lower-case.
    credentials, at, sender = rest.rpartition("@")
    account_sid, colon, auth_token = credentials.partition(":")
    if not (at and colon and account_sid and auth_token and sender.strip("/")):
        raise SmsUrlError("SMS_URL for Twilio is twilio://ACCOUNT_SID:AUTH_TOKEN@FROM (a number, sender ID or MG…)")
    options.update(account_sid=unquote(account_sid), auth_token=unquote(auth_token), sender=unquote(sender.strip("/")))
    return BACKENDS[scheme], options
