"""Every change to a submission: called by the public views, the review pages, the admin and the tests alike.

One module per area of writes (as zulip's ``actions/``): ``intake`` (the form sent, and the files kept from its
refused posts), ``family`` (the status page), ``review`` (what staff do before deciding), ``acceptance`` (records
made from it, and what becomes of them later), ``phone`` (a lost link replaced with a code texted), ``purging``.
Each service is keyword-only and atomic, checks the state machine on a row locked with ``select_for_update`` (so of
two staff acting at once the second is told),
bumps ``version`` and writes a ``SubmissionEvent`` (``base``).

Callers use ``from submissions import services`` and ``services.submission_create(...)``: the package re-exports
every public service, and a view calls through it, so a test that replaces ``services.<name>`` replaces it for
the view too.
"""

from submissions.inputs import IncomingFile, KeptUpload, PersonDecision, PersonDetails, SubmissionDetails
from submissions.models import MAX_OTHER_PEOPLE
from submissions.services.acceptance import may_publish_accepted, submission_accept
from submissions.services.family import (
    submission_add_files,
    submission_add_person,
    submission_change_consent,
    submission_family_answer,
    submission_reissue_link,
    submission_withdraw,
)
from submissions.services.intake import (
    RESENT_WINDOW,
    Attempt,
    DuplicateSubmission,
    Links,
    Receipt,
    pending_hand_over,
    pending_uploads_update,
    submission_attempt,
    submission_create,
)
from submissions.services.phone import (
    LINK_CODE_MINUTES,
    CodeOutcome,
    link_code_redeem,
    link_code_request,
    link_code_send,
)
from submissions.services.purging import pending_uploads_purge, spam_submissions_purge, submission_purge_files
from submissions.services.review import (
    submission_ask_family,
    submission_assign,
    submission_claim,
    submission_decline,
    submission_link_victim,
    submission_mark_spam,
    submission_note,
)

__all__ = [
    "LINK_CODE_MINUTES",
    "MAX_OTHER_PEOPLE",
    "RESENT_WINDOW",
    "Attempt",
    "CodeOutcome",
    "DuplicateSubmission",
    "IncomingFile",
    "KeptUpload",
    "Links",
    "PersonDecision",
    "PersonDetails",
    "Receipt",
    "SubmissionDetails",
    "link_code_redeem",
    "link_code_request",
    "link_code_send",
    "may_publish_accepted",
    "pending_hand_over",
    "pending_uploads_purge",
    "pending_uploads_update",
    "spam_submissions_purge",
    "submission_accept",
    "submission_add_files",
    "submission_add_person",
    "submission_ask_family",
    "submission_assign",
    "submission_attempt",
    "submission_change_consent",
    "submission_claim",
    "submission_create",
    "submission_decline",
    "submission_family_answer",
    "submission_link_victim",
    "submission_mark_spam",
    "submission_note",
    "submission_purge_files",
    "submission_reissue_link",
    "submission_withdraw",
]
