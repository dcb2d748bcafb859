"""A correction's life: received from the public form, claimed or assigned, noted, and closed (applied or declined),
the sender told the outcome if they left an address. Each step an audit entry, in one transaction."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from archive.models import Document, Testimony, Victim
from requests_desk.inputs import CorrectionDetails
from requests_desk.models import CORRECTION_PREFIX, HANDLE_CORRECTIONS, Correction, CorrectionEvent, TransitionRefused
from requests_desk.notifications import mail_after_commit
from requests_desk.services.base import (
    create_once,
    lock,
    move,
    record_event,
    require_permission,
    save_with_new_version,
)

Action = Correction.Action
Event = CorrectionEvent.Action


def _event(correction: Correction, **details: object) -> CorrectionEvent:
    return record_event(CorrectionEvent, correction, **details)


@transaction.atomic
def correction_receive(
    *, record: Victim | Testimony | Document, details: CorrectionDetails, language: str, form_token: str
) -> tuple[Correction, bool]:
    """The correction the public form sent about ``record``, and whether that form had already been received (then
    nothing new is made: the reader is given the same reference)."""
    correction, duplicate = create_once(
        Correction,
        form_token=form_token,
        prefix=CORRECTION_PREFIX,
        **Correction.record_fields(record),
        language=language,
        what_is_wrong=details.what_is_wrong.strip(),
        what_is_right=details.what_is_right.strip(),
        source=details.source.strip(),
        sender_name=details.sender_name.strip(),
        sender_email=details.sender_email.strip(),
    )
    if not duplicate:
        _event(correction, action=Event.RECEIVED, user=None, from_state="")
    return correction, duplicate


@transaction.atomic
def correction_claim(
    *, correction: Correction, user: AbstractBaseUser, expected_version: int | None = None
) -> Correction:
    """``user`` takes the correction on: assigned to them, in progress."""
    return _assign(correction, user=user, assignee=user, expected_version=expected_version, action=Action.CLAIM)


@transaction.atomic
def correction_assign(
    *, correction: Correction, user: AbstractBaseUser, assignee: AbstractBaseUser, expected_version: int | None = None
) -> Correction:
    """Hand the correction to another member of staff who answers corrections."""
    if not assignee.is_active or not assignee.has_perm(HANDLE_CORRECTIONS):
        raise TransitionRefused(gettext("%(name)s does not answer corrections.") % {"name": assignee})
    return _assign(correction, user=user, assignee=assignee, expected_version=expected_version, action=Action.ASSIGN)


def _assign(
    correction: Correction,
    *,
    user: AbstractBaseUser,
    assignee: AbstractBaseUser,
    expected_version: int | None,
    action: str,
) -> Correction:
    require_permission(user, HANDLE_CORRECTIONS)
    correction = lock(correction, expected_version)
    previous = move(correction, action)
    correction.assigned_to = assignee
    save_with_new_version(correction)
    event = Event.CLAIMED if assignee == user else Event.ASSIGNED
    _event(correction, action=event, user=user, from_state=previous, note=assignee.get_username())
    return correction


@transaction.atomic
def correction_note(
    *, correction: Correction, user: AbstractBaseUser, text: str, expected_version: int | None = None
) -> Correction:
    """Replace the internal note (staff only); the history keeps each version of it."""
    require_permission(user, HANDLE_CORRECTIONS)
    correction = lock(correction, expected_version)
    previous = move(correction, Action.NOTE)
    correction.internal_note = text.strip()
    save_with_new_version(correction)
    _event(correction, action=Event.NOTE, user=user, from_state=previous, note=correction.internal_note)
    return correction


@transaction.atomic
def correction_apply(
    *,
    correction: Correction,
    user: AbstractBaseUser,
    message: str = "",
    record_url: str = "",
    expected_version: int | None = None,
) -> Correction:
    """The record has been corrected (in the admin, where its history keeps the change): close the correction and
    tell the sender, with ``message`` if staff wrote one."""
    return _close(correction, user, Action.APPLY, message, record_url, expected_version)


@transaction.atomic
def correction_decline(
    *,
    correction: Correction,
    user: AbstractBaseUser,
    reason: str,
    record_url: str = "",
    expected_version: int | None = None,
) -> Correction:
    """The record stays as it is: close the correction and tell the sender why."""
    if not reason.strip():
        raise TransitionRefused(gettext("Say why the record stays as it is: the sender will read it."))
    return _close(correction, user, Action.DECLINE, reason, record_url, expected_version)


def _close(
    correction: Correction,
    user: AbstractBaseUser,
    action: str,
    message: str,
    record_url: str,
    expected_version: int | None,
) -> Correction:
    require_permission(user, HANDLE_CORRECTIONS)
    correction = lock(correction, expected_version)
    previous = move(correction, action)
    correction.outcome = message.strip()
    correction.closed_at = timezone.now()
    if correction.assigned_to_id is None:
        correction.assigned_to = user
    save_with_new_version(correction)
    applied = action == Action.APPLY
    event = _event(
        correction, action=Event.APPLIED if applied else Event.DECLINED, user=user, from_state=previous, note=message
    )
    mail_after_commit(
        "correction_applied" if applied else "correction_declined",
        event=event,
        recipients=[correction.sender_email],
        language=correction.language,
        correction=correction,
        record_title=correction.record_title,
        identifier=correction.record.identifier,
        record_url=record_url,
        message=correction.outcome,
    )
    return correction
