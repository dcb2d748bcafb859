"""The desk's writes, one module per area (corrections, access) over a private ``base``: each step checks who may
take it and in which state (the model's ``ACTIONS``), locks the row against a second member of staff acting on an
old page, writes its audit entry and its mail in the same transaction."""

from requests_desk.services.access import (
    access_grant_revoke,
    access_request_decline,
    access_request_grant,
    access_request_note,
    access_request_receive,
    access_use_record,
)
from requests_desk.services.corrections import (
    correction_apply,
    correction_assign,
    correction_claim,
    correction_decline,
    correction_note,
    correction_receive,
)

__all__ = [
    "access_grant_revoke",
    "access_request_decline",
    "access_request_grant",
    "access_request_note",
    "access_request_receive",
    "access_use_record",
    "correction_apply",
    "correction_assign",
    "correction_claim",
    "correction_decline",
    "correction_note",
    "correction_receive",
]
