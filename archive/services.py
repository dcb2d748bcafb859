"""State changes of the archive that span rows or need an audit trail. Admin, review and tests call these."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from archive.ingest import PreparedFile
from archive.kinds import KEYS, by_model
from archive.media_processing import process_after_commit
from archive.models.media import MediaFile
from archive.models.publication import Publishable, allocate_identifiers
from archive.models.records import NameVariant, Victim
from archive.models.reference import Place
from archive.signals import records_changed_in_bulk
from archive.stored_files import files_kept_only_on_success, store_prepared


def may_publish(user: AbstractBaseUser, model: type[Publishable]) -> bool:
    """Whether ``user`` may publish and withdraw records of ``model`` (victims, testimonies and documents each have
    their own permission; other publishable rows are the curators' to change)."""
    opts = model._meta
    return opts.model_name not in KEYS or user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def _require_publish_permission(user: AbstractBaseUser, record: Publishable) -> None:
    if not may_publish(user, type(record)):
        raise PermissionDenied(f"{user} may not publish or withdraw {record._meta.verbose_name_plural}.")


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
def record_withdraw(
    *, record: Publishable, user: AbstractBaseUser | None, reason: str, public_note: str = ""
) -> Publishable:
    """Take a record out of public view, keeping it and saying why. Records are never deleted.

    ``user`` None is the family taking back what they gave: they have no account, and whether they may is the
    submission's rule (``Submission.can``), checked by its service before it calls this."""
    if user is not None:
        _require_publish_permission(user, record)
    record.withdraw(reason, public_note)
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
def records_withdraw(
    *, records: Iterable[Publishable], user: AbstractBaseUser, reason: str, public_note: str = ""
) -> int:
    count = 0
    for record in records:
        record_withdraw(record=record, user=user, reason=reason, public_note=public_note)
        count += 1
    return count


# --- records created in bulk (imports) ----------------------------------------------------------------

# Rows a bulk INSERT carries: Django splits further where the database needs it (SQLite: 999 parameters).
_BULK_BATCH = 500


def _create_with_history(
    model: type[models.Model], objects: Sequence[models.Model], *, user: AbstractBaseUser | None, reason: str
) -> list:
    """Insert ``objects`` and their "created" history entries, who and why as ``save_with_history`` keeps them.

    bulk_create runs the fields' pre_save (partial-date bounds, created/updated times) as save() does, but not
    save() itself: callers fill what a model's save() derives first.
    """
    if any(obj.pk is not None for obj in objects):
        raise ValueError(f"Only new {model._meta.verbose_name_plural} are created in bulk.")
    created = bulk_create_with_history(
        list(objects),
        model,
        batch_size=_BULK_BATCH,
        default_user=user,
        default_change_reason=reason,
        default_date=timezone.now(),
    )
    if any(obj.pk is None for obj in created):  # both databases return the new keys; history needs them
        raise RuntimeError(f"The database did not return the keys of the new {model._meta.verbose_name_plural}.")
    return created


@transaction.atomic
def places_create_in_bulk(*, places: Sequence[Place], user: AbstractBaseUser | None, reason: str) -> list[Place]:
    """Create new places (already checked with ``full_clean``) in a few statements, each with its history entry."""
    created = _create_with_history(Place, places, user=user, reason=reason)
    records_changed_in_bulk.send(sender=Place, pks=[place.pk for place in created])
    return created


@transaction.atomic
def victims_create_in_bulk(
    *,
    victims: Sequence[Victim],
    variants: Sequence[NameVariant] = (),
    user: AbstractBaseUser | None,
    reason: str,
    publish: bool = False,
) -> list[Victim]:
    """Create new victims (already checked with ``full_clean``), drafts or, with ``publish``, published, and the
    variants of their names (``NameVariant(victim=one of victims, ...)``), in a few statements whatever their
    number, each row with its history entry saying who (``None``: a command, no account) and why.

    What a one-by-one save does is done here for all at once: identifiers from one block of the counter, the
    sort keys by the model's own rule, ``publish()``; then ``records_changed_in_bulk`` for the victims, in place
    of their post_save. It stands for their new variants too: a victim's search entry is made of its variants.
    """
    if not victims:
        return []
    if publish and user is not None:
        _require_publish_permission(user, victims[0])
    unnamed = [victim for victim in victims if not victim.identifier]  # as save() gives one only where none is
    for victim, identifier in zip(unnamed, allocate_identifiers(Victim.RECORD_KIND.prefix, len(unnamed)), strict=True):
        victim.identifier = identifier
    for victim in victims:
        victim.fill_sort_key()
        if publish:
            victim.publish()
    created = _create_with_history(Victim, victims, user=user, reason=reason)
    if variants:
        _create_with_history(NameVariant, variants, user=user, reason=reason)
    records_changed_in_bulk.send(sender=Victim, pks=[victim.pk for victim in created])
    return created


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
        process_after_commit(media)  # a large recording: probed and stripped after the upload
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
