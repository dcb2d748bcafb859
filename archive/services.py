"""State changes of the archive that span rows or need an audit trail. Admin, review and tests call these."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from archive.ingest import PreparedFile
from archive.kinds import KEYS, by_model
from archive.models.media import MediaFile
from archive.models.publication import Publishable
from archive.stored_files import files_kept_only_on_success, store_prepared


def _require_publish_permission(user: AbstractBaseUser, record: Publishable) -> None:
    opts = record._meta
    codename = f"{opts.app_label}.publish_{opts.model_name}"
    if opts.model_name in KEYS and not user.has_perm(codename):
        raise PermissionDenied(f"{user} may not publish or withdraw {opts.verbose_name_plural}.")


def save_with_history(
    record: models.Model,
    *,
    user: AbstractBaseUser | None,
    reason: str,
    update_fields: Iterable[str] | None = None,
) -> None:
    """Save ``record`` with the change's history entry saying who made it (``None``: no one with an account, such
    as the family) and why. simple_history keeps both with the change, beside when."""
    record._history_user = user
    record._change_reason = reason
    record.save(update_fields=update_fields)


@transaction.atomic
def record_publish(*, record: Publishable, user: AbstractBaseUser) -> Publishable:
    """Publish one record (victim, testimony, document or event); refused without the publish permission."""
    _require_publish_permission(user, record)
    record.publish()
    save_with_history(record, user=user, reason="published")
    return record


@transaction.atomic
def record_withdraw(*, record: Publishable, user: AbstractBaseUser | None, reason: str) -> Publishable:
    """Take a record out of public view, keeping it and saying why. Records are never deleted.

    ``user`` None is the family taking back what they gave: they have no account, and whether they may is the
    submission's rule (``Submission.can``), checked by its service before it calls this."""
    if user is not None:
        _require_publish_permission(user, record)
    record.withdraw(reason)
    save_with_history(record, user=user, reason=f"withdrawn: {record.withdrawal_reason}")
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


# --- media files --------------------------------------------------------------------------------------


def media_file_attach(
    *,
    record: Publishable,
    prepared: PreparedFile,
    role: str,
    order: int = 0,
    caption_az: str = "",
    caption_en: str = "",
    caption_ru: str = "",
    alt_text: str = "",
    is_distressing: bool = False,
    withheld: bool = False,
    is_demo: bool = False,
    user: AbstractBaseUser | None = None,
) -> MediaFile:
    """Store a prepared file under a generated name and attach it to a victim, testimony or document.

    Atomic: if the row cannot be written, the stored file and thumbnail are deleted before the error
    propagates, so a failed attach leaves nothing behind. (A rollback of an *enclosing* transaction after
    this returns is handled by ``archive.stored_files``: within a request or ``discard_uncommitted_files``,
    files whose transaction never commits are deleted at the end.)
    """
    kind = by_model(record)
    if kind is None:
        raise TypeError(f"Media files belong to a victim, testimony or document, not to {record._meta.model_name}.")
    field = kind.media_field
    if record.pk is None:
        raise ValueError("Save the record before attaching files to it.")
    media = MediaFile(
        **{field: record},
        role=role,
        order=order,
        **prepared.file_fields(),
        caption_az=caption_az,
        caption_en=caption_en,
        caption_ru=caption_ru,
        alt_text=alt_text,
        is_distressing=is_distressing,
        withheld=withheld,
        is_demo=is_demo,
    )
    # Refuse a bad role or caption before anything is written to storage.
    media.full_clean(exclude=["file", "thumbnail"])
    with files_kept_only_on_success() as stored, transaction.atomic():
        store_prepared(media, prepared, stored)
        save_with_history(media, user=user, reason="file attached")
    return media


@transaction.atomic
def media_files_withhold(
    *, files: Iterable[MediaFile], withheld: bool, reason: str, user: AbstractBaseUser | None = None
) -> int:
    """Keep files from the public (``withheld``) or let them follow their record's access again, each change
    kept in the file's history with ``reason``. The records themselves, and their text, are not touched.
    Returns how many files changed."""
    count = 0
    for media in files:
        if media.withheld == withheld:
            continue
        media.withheld = withheld
        save_with_history(media, user=user, reason=reason, update_fields=["withheld"])
        count += 1
    return count
