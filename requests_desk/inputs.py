"""What carries a reader's request from the form into the services: plain data, no request, no form."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CorrectionDetails:
    what_is_wrong: str
    what_is_right: str
    source: str
    sender_name: str = ""
    sender_email: str = ""


@dataclass(frozen=True)
class AccessRequestDetails:
    requester_name: str
    requester_email: str
    purpose: str
    terms_agreed: bool
