"""Submissions: what a family or witness sends through the public form. Private, always.

The submission as sent is kept unchanged; curators make records from it (``submissions.services``) and edit
those. Every step is a ``SubmissionEvent`` (who, when, what, note). One module per part (as zulip's ``models/``):
the submission and its state table, the files sent, the messages and the audit trail.
"""

from submissions.models.files import (
    PendingUpload,
    PendingUploadQuerySet,
    ReceivedFile,
    SubmissionFile,
    submission_file_name,
    submission_thumbnail_name,
)
from submissions.models.link_codes import CODE_DIGITS, MAX_CODE_TRIES, StatusLinkCode, new_link_code
from submissions.models.log import SubmissionEvent, SubmissionMail, SubmissionMessage, SubmissionText
from submissions.models.submission import (
    MAX_OTHER_PEOPLE,
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    REVIEW_PERMISSION,
    PersonDescription,
    Submission,
    SubmissionPerson,
    SubmissionQuerySet,
    TransitionRefused,
    hash_token,
    new_reference,
    new_status_token,
    normalise_reference,
)

__all__ = [
    "CODE_DIGITS",
    "MAX_CODE_TRIES",
    "MAX_OTHER_PEOPLE",
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "REVIEW_PERMISSION",
    "PendingUpload",
    "PendingUploadQuerySet",
    "PersonDescription",
    "ReceivedFile",
    "StatusLinkCode",
    "Submission",
    "SubmissionEvent",
    "SubmissionFile",
    "SubmissionMail",
    "SubmissionMessage",
    "SubmissionPerson",
    "SubmissionQuerySet",
    "SubmissionText",
    "TransitionRefused",
    "hash_token",
    "new_link_code",
    "new_reference",
    "new_status_token",
    "normalise_reference",
    "submission_file_name",
    "submission_thumbnail_name",
]
