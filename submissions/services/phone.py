"""A family that gave a phone number gets a new status link with its reference and a code texted to that number,
as a family that gave an e-mail address gets one mailed (``family.submission_reissue_link``).

Three steps: ``link_code_request`` in the request (a new attempt, the same work whatever was typed, so neither the
answer nor its timing tells whether the reference exists or the number is its own); ``link_code_send`` in the
background (the matching; a code made, kept hashed, and texted only when reference and number are one submission's);
``link_code_redeem`` in the request again (``MAX_CODE_TRIES`` wrong codes lock the attempt, ``LINK_CODE_MINUTES``
end it; the right code gives a new status link, which replaces the old one, as the e-mail route does).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from archive.jobs import enqueue
from sms.phones import phone_key
from submissions.models import (
    MAX_CODE_TRIES,
    StatusLinkCode,
    Submission,
    SubmissionEvent,
    hash_token,
    new_link_code,
    new_status_token,
    normalise_reference,
)
from submissions.notifications import text_after_commit
from submissions.services.base import lock, move, record_event

Action = Submission.Action
Event = SubmissionEvent.Action
LINK_CODE_MINUTES = 15
# Attempts are deleted a day after they ended: the audit trail keeps what happened (a code texted, a link given).
ATTEMPTS_KEPT = datetime.timedelta(days=1)


def link_code_request(*, reference: str, phone: str, send: bool = True) -> str:
    """The lost-link page's text-message form was sent: a new attempt, and (``send``: the view's rate limit per
    reference allows it) the background job that texts a code if ``reference`` and ``phone`` match. Returns the
    attempt's token, which the family's session keeps; only its hash is stored."""
    from submissions import tasks  # tasks use the services

    now = timezone.now()
    StatusLinkCode.objects.filter(expires_at__lt=now - ATTEMPTS_KEPT).delete()
    token = secrets.token_urlsafe(32)
    attempt = StatusLinkCode.objects.create(
        attempt_hash=StatusLinkCode.hash_attempt(token),
        expires_at=now + datetime.timedelta(minutes=LINK_CODE_MINUTES),
    )
    if send:
        enqueue(tasks.send_link_code, attempt.pk, reference, phone)
    return token


def link_code_send(*, attempt_id: int, reference: str, phone: str) -> bool:
    """If ``reference`` and ``phone`` are those of one submission (not spam), make the attempt's code and text it to
    the number the submission was sent with (never to another). Returns whether a code was sent; no one is told."""
    typed = phone_key(phone)
    if not typed:
        return False
    with transaction.atomic():
        found = Submission.objects.filter(reference=normalise_reference(reference)).first()
        if found is None or not found.can(Action.REISSUE_LINK) or phone_key(found.submitter_phone) != typed:
            return False
        attempt = StatusLinkCode.objects.select_for_update().filter(pk=attempt_id, code_hash="").first()
        if attempt is None or attempt.expired:  # already sent (a second run), or too late to be of use
            return False
        submission = lock(found, None)
        move(submission, Action.REISSUE_LINK)
        code = new_link_code()
        attempt.submission = submission
        attempt.set_code(code)
        attempt.save(update_fields=["submission", "code_hash"])
        event = record_event(
            submission,
            action=Event.LINK_CODE_SENT,
            actor=SubmissionEvent.Actor.FAMILY,
            note=gettext("A code for a new status link was texted to the submitter's phone."),
        )
        text_after_commit(
            "link_code",
            event=event,
            phone=submission.submitter_phone,
            language=submission.language,
            code=code,
            reference=submission.reference,
            minutes=LINK_CODE_MINUTES,
        )
    return True


@dataclass(frozen=True)
class CodeOutcome:
    """What became of a code entered: a new status ``token`` for ``submission``, or a ``refusal`` in words (with
    ``ended`` when this attempt can no longer succeed and a new code is needed)."""

    submission: Submission | None = None
    token: str = ""
    refusal: str = ""
    ended: bool = False


def link_code_redeem(*, attempt_token: str, code: str) -> CodeOutcome:
    """The family enters the code texted for its attempt. Wrong codes are counted on the attempt (committed with
    the answer), whether or not a code was ever sent for it, so an attempt for an unknown reference fails exactly as
    a real one does. The right code, in time, replaces the status link; the new token is returned once."""
    with transaction.atomic():
        attempt = (
            StatusLinkCode.objects.select_for_update()
            .filter(attempt_hash=StatusLinkCode.hash_attempt(attempt_token))
            .first()
        )
        if attempt is None:
            return CodeOutcome(refusal=gettext("Ask for a code first."), ended=True)
        if attempt.locked:
            return CodeOutcome(refusal=_no_longer_works(attempt), ended=True)
        if attempt.expired:
            return CodeOutcome(
                refusal=gettext("This code has expired: a code works for %(minutes)d minutes. Ask for a new one.")
                % {"minutes": LINK_CODE_MINUTES},
                ended=True,
            )
        if not attempt.code_matches(code.strip()):
            attempt.failed_tries += 1
            attempt.save(update_fields=["failed_tries"])
            if attempt.locked:
                return CodeOutcome(refusal=_no_longer_works(attempt), ended=True)
            left = MAX_CODE_TRIES - attempt.failed_tries
            return CodeOutcome(
                refusal=ngettext(
                    "That is not the code we sent. You can try %(count)d more time.",
                    "That is not the code we sent. You can try %(count)d more times.",
                    left,
                )
                % {"count": left}
            )
        submission = lock(attempt.submission, None)
        if not submission.can(Action.REISSUE_LINK):
            attempt.used_at = timezone.now()
            attempt.save(update_fields=["used_at"])
            return CodeOutcome(refusal=_no_longer_works(attempt), ended=True)
        move(submission, Action.REISSUE_LINK)
        token = new_status_token()
        submission.token_hash = hash_token(token)
        attempt.used_at = timezone.now()
        attempt.save(update_fields=["used_at"])
        record_event(
            submission,
            action=Event.LINK_REISSUED,
            actor=SubmissionEvent.Actor.FAMILY,
            note=gettext("A new status link was given with a code texted to the submitter's phone."),
        )
    return CodeOutcome(submission=submission, token=token)


def _no_longer_works(attempt: StatusLinkCode) -> str:
    if attempt.failed_tries >= MAX_CODE_TRIES:
        return gettext("A wrong code was entered %(count)d times, so this code no longer works. Ask for a new one.") % {
            "count": MAX_CODE_TRIES
        }
    return gettext("This code no longer works. Ask for a new one.")
