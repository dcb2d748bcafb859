"""Writes: a visitor's message received, a curator's decision on it, a victim's messages closed or opened.

Whatever changes what the public sees (a decision, closing or opening) replaces the archive's content version in the
same transaction (``archive.content_version.change``), so the victim's page kept by the page cache is computed
afresh on the next request. A message received changes nothing the public sees, and leaves the version alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from archive import content_version
from archive.models import Victim
from remembrance.models import DecisionRefused, Message, VictimSetting

# The same words from the same sender for the same person within this time are one message, however they came twice.
SAME_MESSAGE_WINDOW = datetime.timedelta(days=1)


class MessagesClosed(Exception):
    """The victim's messages are closed: nothing is received for them."""


@dataclass(frozen=True)
class Received:
    message: Message
    duplicate: bool  # the message was already there: sent twice


def messages_closed(victim: Victim) -> bool:
    return VictimSetting.objects.filter(victim=victim, closed=True).exists()


@transaction.atomic
def message_receive(
    *, victim: Victim, text: str, name: str, language: str, form_token: str, sender_key: str
) -> Received:
    """Keep a visitor's message as new, for a curator to read; refused (``MessagesClosed``) when the victim's messages
    are closed. ``text`` and ``name`` are already cleaned (``remembrance.text``); ``sender_key`` is the hashed address.
    """
    # Read under a lock on the setting's row (when there is one), so a message never slips in as a curator closes.
    if VictimSetting.objects.select_for_update().filter(victim=victim, closed=True).exists():
        raise MessagesClosed
    earlier = (
        Message.objects.filter(form_token=form_token).first()
        or Message.objects.filter(
            victim=victim,
            sender_key=sender_key,
            text=text,
            created_at__gte=timezone.now() - SAME_MESSAGE_WINDOW,
        ).first()
    )
    if earlier is not None:
        return Received(message=earlier, duplicate=True)
    message = Message(
        victim=victim, text=text, name=name, language=language, form_token=form_token, sender_key=sender_key
    )
    message._change_reason = "received"
    try:
        with transaction.atomic():  # a savepoint: the same form sent twice at once leaves the outer transaction usable
            message.save()
    except IntegrityError:
        return Received(message=Message.objects.get(form_token=form_token), duplicate=True)
    return Received(message=message, duplicate=False)


@transaction.atomic
def message_decide(*, message: Message, decision: str, user: AbstractBaseUser, seen: str) -> Message:
    """Approve or reject ``message`` (``Message.DECISIONS``), as the curator saw it in state ``seen``. Refused
    (``DecisionRefused``) if someone decided otherwise meanwhile, if the state does not allow the decision, or, for an
    approval, if the victim's messages were closed since it was written (the family asked for no more)."""
    message = Message.objects.select_for_update().select_related("victim").get(pk=message.pk)
    if message.state != seen:
        raise DecisionRefused(
            gettext("Someone else decided on this message meanwhile: it is now “%(state)s”. Nothing was changed.")
            % {"state": message.get_state_display()}
        )
    if decision not in Message.DECISIONS or not message.can(decision):
        raise DecisionRefused(gettext("This message cannot be changed that way. Nothing was changed."))
    _allowed_from, to = Message.DECISIONS[decision]
    if to == Message.State.APPROVED and messages_closed(message.victim):
        raise DecisionRefused(
            gettext("Messages are closed for this person, so none can be approved. Open them again first.")
        )
    message.state, message.reviewed_by, message.reviewed_at = to, user, timezone.now()
    message._history_user, message._change_reason = user, decision
    message.save(update_fields=["state", "reviewed_by", "reviewed_at"])
    content_version.change()
    return message


@transaction.atomic
def messages_set_closed(*, victim: Victim, closed: bool, note: str, user: AbstractBaseUser) -> VictimSetting:
    """Close ``victim``'s messages (no form on the page, nothing received, none approved), or open them again. The
    messages already shown stay shown: a curator takes any of them down by rejecting it."""
    # Made here when first needed and saved once, so its history starts with the curator's own step.
    setting = VictimSetting.objects.select_for_update().filter(victim=victim).first() or VictimSetting(victim=victim)
    setting.closed, setting.note, setting.changed_by, setting.changed_at = closed, note, user, timezone.now()
    setting._history_user, setting._change_reason = user, "closed" if closed else "opened"
    setting.save()
    content_version.change()
    return setting
