"""Corrections and access requests: what the public asks of the archive about its records. One module per part:
what both share (the record they are about, references, the state table), corrections, access, mails."""

from requests_desk.models.access import (
    ACCESS_PREFIX,
    DECIDE_ACCESS,
    VIEW_ACCESS_REQUESTS,
    AccessEvent,
    AccessGrant,
    AccessRequest,
    AccessUse,
    hash_token,
    new_access_token,
)
from requests_desk.models.common import TransitionRefused, new_reference, normalise_reference, title_of
from requests_desk.models.corrections import CORRECTION_PREFIX, HANDLE_CORRECTIONS, Correction, CorrectionEvent
from requests_desk.models.mail import DeskMail

__all__ = [
    "ACCESS_PREFIX",
    "CORRECTION_PREFIX",
    "DECIDE_ACCESS",
    "HANDLE_CORRECTIONS",
    "VIEW_ACCESS_REQUESTS",
    "AccessEvent",
    "AccessGrant",
    "AccessRequest",
    "AccessUse",
    "Correction",
    "CorrectionEvent",
    "DeskMail",
    "TransitionRefused",
    "hash_token",
    "new_access_token",
    "new_reference",
    "normalise_reference",
    "title_of",
]
