"""An access request's life: received from the public form; granted (a private link to the record's files, mailed,
valid for ``ACCESS_GRANT_DAYS``) or declined (the reason mailed); a grant withdrawn; every use of a link logged."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from archive.kinds import by_model
from archive.models import Document, MediaFile, Testimony, Victim
from requests_desk.inputs import AccessRequestDetails
from requests_desk.models import (
    ACCESS_PREFIX,
    DECIDE_ACCESS,
    VIEW_ACCESS_REQUESTS,
    AccessEvent,
    AccessGrant,
    AccessRequest,
    AccessUse,
    TransitionRefused,
    hash_token,
    new_access_token,
)
from requests_desk.notifications import mail_after_commit
from requests_desk.services.base import (
    create_once,
    lock,
    move,
    record_event,
    require_permission,
    save_with_new_version,
)
from requests_desk.terms import TERMS_VERSION, TERMS_WORDING

Action = AccessRequest.Action
Event = AccessEvent.Action


def _event(access_request: AccessRequest, **details: object) -> AccessEvent:
    return record_event(AccessEvent, access_request, **details)


@transaction.atomic
def access_request_receive(
    *, record: Victim | Testimony | Document, details: AccessRequestDetails, language: str, form_token: str
) -> tuple[AccessRequest, bool]:
    """The request the public form sent for ``record``'s closed files, with the terms in the words the requester was
    shown; and whether that form had already been received (then nothing new is made)."""
    if not details.terms_agreed:
        raise TransitionRefused(gettext("Agree to the terms of access to send the request."))
    with translation.override(language):
        terms = str(TERMS_WORDING)
    access_request, duplicate = create_once(
        AccessRequest,
        form_token=form_token,
        prefix=ACCESS_PREFIX,
        **AccessRequest.record_fields(record),
        language=language,
        requester_name=details.requester_name.strip(),
        requester_email=details.requester_email.strip(),
        purpose=details.purpose.strip(),
        terms_agreed=True,
        terms_text=terms,
        terms_version=TERMS_VERSION,
    )
    if not duplicate:
        _event(access_request, action=Event.RECEIVED, user=None, from_state="")
    return access_request, duplicate


@transaction.atomic
def access_request_grant(
    *,
    access_request: AccessRequest,
    user: AbstractBaseUser,
    link_for: Callable[[str], str],
    message: str = "",
    expected_version: int | None = None,
) -> AccessGrant:
    """Open the record's files to the requester: a new private link, valid for ``ACCESS_GRANT_DAYS``, mailed to them in
    the language of their request. ``link_for(token)`` is the link's absolute address in that language (the token
    exists only here: only its hash is stored)."""
    require_permission(user, DECIDE_ACCESS)
    access_request = lock(access_request, expected_version)
    record = access_request.record
    if not by_model(record).model.objects.public().filter(pk=record.pk).exists():
        raise TransitionRefused(gettext("The record is no longer public: its files cannot be opened to anyone."))
    previous = move(access_request, Action.GRANT)
    access_request.decision = message.strip()
    access_request.decided_at = timezone.now()
    save_with_new_version(access_request)
    token = new_access_token()
    grant = AccessGrant.objects.create(
        request=access_request,
        token_hash=hash_token(token),
        expires_at=timezone.now() + datetime.timedelta(days=settings.ACCESS_GRANT_DAYS),
        granted_by=user,
    )
    event = _event(access_request, action=Event.GRANTED, user=user, from_state=previous, note=access_request.decision)
    mail_after_commit(
        "access_granted",
        event=event,
        recipients=[access_request.requester_email],
        language=access_request.language,
        access_request=access_request,
        record_title=access_request.record_title,
        identifier=record.identifier,
        link=link_for(token),
        expires_at=grant.expires_at,
        message=access_request.decision,
    )
    return grant


@transaction.atomic
def access_request_decline(
    *, access_request: AccessRequest, user: AbstractBaseUser, reason: str, expected_version: int | None = None
) -> AccessRequest:
    """Refuse the request; the requester is told why, by mail."""
    require_permission(user, DECIDE_ACCESS)
    if not reason.strip():
        raise TransitionRefused(gettext("Say why access is declined: the requester will read it."))
    access_request = lock(access_request, expected_version)
    previous = move(access_request, Action.DECLINE)
    access_request.decision = reason.strip()
    access_request.decided_at = timezone.now()
    save_with_new_version(access_request)
    event = _event(access_request, action=Event.DECLINED, user=user, from_state=previous, note=access_request.decision)
    mail_after_commit(
        "access_declined",
        event=event,
        recipients=[access_request.requester_email],
        language=access_request.language,
        access_request=access_request,
        record_title=access_request.record_title,
        identifier=access_request.record.identifier,
        message=access_request.decision,
    )
    return access_request


@transaction.atomic
def access_grant_revoke(
    *, access_request: AccessRequest, user: AbstractBaseUser, reason: str, expected_version: int | None = None
) -> AccessRequest:
    """Withdraw a grant before it expires: its link and every page and file it opened stop working at once."""
    require_permission(user, DECIDE_ACCESS)
    if not reason.strip():
        raise TransitionRefused(gettext("Say why access is withdrawn (for the record; the requester is not told)."))
    access_request = lock(access_request, expected_version)
    previous = move(access_request, Action.REVOKE)
    save_with_new_version(access_request)
    AccessGrant.objects.filter(request=access_request, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=user
    )
    _event(access_request, action=Event.REVOKED, user=user, from_state=previous, note=reason.strip())
    return access_request


@transaction.atomic
def access_request_note(
    *, access_request: AccessRequest, user: AbstractBaseUser, text: str, expected_version: int | None = None
) -> AccessRequest:
    """Replace the internal note (staff only); the history keeps each version of it."""
    require_permission(user, VIEW_ACCESS_REQUESTS)
    access_request = lock(access_request, expected_version)
    previous = move(access_request, Action.NOTE)
    access_request.internal_note = text.strip()
    save_with_new_version(access_request)
    _event(access_request, action=Event.NOTE, user=user, from_state=previous, note=access_request.internal_note)
    return access_request


def access_use_record(*, grant: AccessGrant, what: str, address: str, media: MediaFile | None = None) -> AccessUse:
    """Log one use of a grant: its link followed, its page opened or one of its files fetched, and from where."""
    return AccessUse.objects.create(grant=grant, what=what, media=media, address=address[:64])
