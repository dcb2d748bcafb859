"""State changes of the archive that span rows or need an audit trail. Admin, review and tests call these."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from archive.models.publication import Publishable


def _require_publish_permission(user: AbstractBaseUser, record: Publishable) -> None:
    opts = record._meta
    codename = f"{opts.app_label}.publish_{opts.model_name}"
    if opts.model_name in {"victim", "testimony", "document"} and not user.has_perm(codename):
        raise PermissionDenied(f"{user} may not publish or withdraw {opts.verbose_name_plural}.")


def _save_with_reason(record: Publishable, user: AbstractBaseUser, reason: str) -> None:
    record._change_reason = reason  # simple_history stores it with the change, beside who and when
    record._history_user = user
    record.save()


@transaction.atomic
def record_publish(*, record: Publishable, user: AbstractBaseUser) -> Publishable:
    """Publish one record (victim, testimony, document or event); refused without the publish permission."""
    _require_publish_permission(user, record)
    record.publish()
    _save_with_reason(record, user, "published")
    return record


@transaction.atomic
def record_withdraw(*, record: Publishable, user: AbstractBaseUser, reason: str) -> Publishable:
    """Take a record out of public view, keeping it and saying why. Records are never deleted."""
    _require_publish_permission(user, record)
    record.withdraw(reason)
    _save_with_reason(record, user, f"withdrawn: {record.withdrawal_reason}")
    return record


@transaction.atomic
def records_publish(*, records: Iterable[Publishable], user: AbstractBaseUser) -> int:
    count = 0
    for record in records:
        record_publish(record=record, user=user)
        count += 1
    return count


@transaction.atomic
def records_withdraw(*, records: Iterable[Publishable], user: AbstractBaseUser, reason: str) -> int:
    count = 0
    for record in records:
        record_withdraw(record=record, user=user, reason=reason)
        count += 1
    return count
