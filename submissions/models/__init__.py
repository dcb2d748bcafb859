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
from submissions.models.log import SubmissionEvent, SubmissionMail, SubmissionMessage
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
    "MAX_OTHER_PEOPLE",
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "REVIEW_PERMISSION",
    "PendingUpload",
    "PendingUploadQuerySet",
    "PersonDescription",
    "ReceivedFile",
    "Submission",
    "SubmissionEvent",
    "SubmissionFile",
    "SubmissionMail",
    "SubmissionMessage",
    "SubmissionPerson",
    "SubmissionQuerySet",
    "TransitionRefused",
    "hash_token",
    "new_reference",
    "new_status_token",
    "normalise_reference",
    "submission_file_name",
    "submission_thumbnail_name",
]
