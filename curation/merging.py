"""Merging two victim records of one person, and undoing a merge: services the admin and the command call alike.

A merge carries out ``curation.merge_plan.merge_plan`` in one transaction: the kept record's empty fields are
filled from the other; testimonies, documents, media files, name variants and sources move to the kept record; the
other record's name forms become its variants (search finds the person by them: the kept record's search entry is
rebuilt as its variants are saved). The other record is never deleted: its status becomes "merged", it points at
the kept record (its address answers 301 there), and its identifier is never given again. Both records' history
says who merged them and why, and a ``MergeRecord`` keeps what moved, by primary key, so that an undo puts back
exactly that. Merging and undoing need the permission to publish victims.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from archive import content_version
from archive.models import Document, MediaFile, NameVariant, Testimony, Victim, VictimStatus
from archive.services import save_with_history
from curation.merge_plan import merge_plan
from curation.models import MergeRecord

MERGE_PERMISSION = "archive.publish_victim"


def may_merge(user: AbstractBaseUser | None) -> bool:
    """Whether ``user`` may merge victims and undo merges (``None``: a management command, run by an operator)."""
    return user is None or user.has_perm(MERGE_PERMISSION)


def _require_permission(user: AbstractBaseUser | None) -> None:
    if not may_merge(user):
        raise PermissionDenied(_("Merging victim records needs the permission to publish victims."))


def _require_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Say why."), code="reason_required")
    return reason


def _locked(*pks: int) -> dict[int, Victim]:
    """The victims, read afresh and locked until the transaction ends, so two curators cannot merge one record
    twice at the same moment (PostgreSQL; SQLite writes one transaction at a time anyway)."""
    rows = Victim.objects.select_for_update(of=("self",)).select_related("merged_into").filter(pk__in=pks)
    return {victim.pk: victim for victim in rows.order_by("pk")}


def _relink(
    records: list[Testimony] | list[Document], *, old: Victim, new: Victim, user, reason: str
) -> tuple[list[int], list[int]]:
    """Each record names ``new`` instead of ``old``, with one history entry each. Returns the records relinked, and
    those that named both already (they only lose ``old``)."""
    relinked, shared = [], []
    for record in records:
        # One history entry per record, saved below, instead of one for the removal and one for the addition.
        record.skip_history_when_saving = True
        try:
            already = record.victims.filter(pk=new.pk).exists()
            record.victims.remove(old)
            if not already:
                record.victims.add(new)
        finally:
            del record.skip_history_when_saving
        save_with_history(record, user=user, reason=reason, update_fields=["updated_at"])
        (shared if already else relinked).append(record.pk)
    return relinked, shared


def _set_sources(victim: Victim, *, add: list[int] = (), remove: list[int] = ()) -> None:
    victim.skip_history_when_saving = True  # the victim's own save after this keeps the sources in its history
    try:
        if remove:
            victim.sources.remove(*remove)
        if add:
            victim.sources.add(*add)
    finally:
        del victim.skip_history_when_saving


@transaction.atomic
def victims_merge(*, kept: Victim, other: Victim, user: AbstractBaseUser | None, reason: str) -> MergeRecord:
    """Merge ``other`` into ``kept`` (see the module's docstring). Refused with PermissionDenied without the publish
    permission, ValidationError if the records cannot be merged or there is no reason; nothing is changed then."""
    _require_permission(user)
    reason = _require_reason(reason)
    locked = _locked(kept.pk, other.pk)
    if kept.pk not in locked or other.pk not in locked:
        raise ValidationError(_("The record is no longer there."), code="gone")
    kept, other = locked[kept.pk], locked[other.pk]
    plan = merge_plan(kept=kept, other=other)
    into = f"merged into {kept.identifier}: {reason}"  # history reasons are kept as data, like the services' own
    received = f"merged {other.identifier} into this record: {reason}"

    for attname, value in plan.fills.items():
        setattr(kept, attname, value)
    # The filled record must still be a valid one (a date of birth from the other after the kept date of death…).
    kept.full_clean(validate_unique=False, validate_constraints=False)

    moved: dict[str, object] = {
        "fields": {attname: value for attname, value in plan.fills.items()},
        "other_status": other.status,
    }
    moved["testimonies"], moved["testimonies_shared"] = _relink(
        plan.testimonies, old=other, new=kept, user=user, reason=received
    )
    moved["documents"], moved["documents_shared"] = _relink(
        plan.documents, old=other, new=kept, user=user, reason=received
    )
    has_portrait = kept.media.filter(role=MediaFile.Role.PORTRAIT).exists()
    moved["media"] = []
    for media in plan.media:
        moved["media"].append({"id": media.pk, "role": media.role})
        if media.role == MediaFile.Role.PORTRAIT and has_portrait:
            media.role = MediaFile.Role.PHOTO  # the kept record's portrait stays the one shown
        media.victim = kept
        save_with_history(media, user=user, reason=received, update_fields=["victim", "role"])
    moved["variants"] = []
    for variant in plan.variants:
        variant.victim = kept
        save_with_history(variant, user=user, reason=received, update_fields=["victim"])
        moved["variants"].append(variant.pk)
    moved["variants_created"] = []
    for name in plan.new_variants:
        variant = NameVariant(victim=kept, name=name, kind=NameVariant.Kind.SPELLING, note=other.identifier)
        variant.full_clean()
        save_with_history(variant, user=user, reason=received)
        moved["variants_created"].append(variant.pk)
    moved["sources_added"] = [source.pk for source in plan.sources]
    moved["sources_removed"] = list(other.sources.values_list("pk", flat=True))
    _set_sources(kept, add=moved["sources_added"])
    _set_sources(other, remove=moved["sources_removed"])

    other.status = VictimStatus.MERGED
    other.merged_into = kept
    save_with_history(other, user=user, reason=into)
    save_with_history(kept, user=user, reason=received)
    record = MergeRecord.objects.create(kept=kept, other=other, reason=reason, moved=moved, merged_by=user)
    content_version.change()  # the saves above did too; said here, since a merge is one change to the public
    return record


def _filter_existing(model: type[Model], pks: list[int], **where) -> list:
    return list(model.objects.filter(pk__in=pks, **where).order_by("pk"))


@transaction.atomic
def merge_undo(*, merge: MergeRecord, user: AbstractBaseUser | None, reason: str) -> MergeRecord:
    """Undo ``merge``: put back what it moved, as its record lists, and the other record's status before it.

    What was changed by hand since stays as it is: a field filled by the merge and edited since keeps its new value,
    a testimony unlinked since is not linked again. Refused (ValidationError) if the merge was undone already or
    the kept record has since been merged into another (undo that first)."""
    _require_permission(user)
    reason = _require_reason(reason)
    merge = MergeRecord.objects.select_for_update().get(pk=merge.pk)
    locked = _locked(merge.kept_id, merge.other_id)
    kept, other = locked[merge.kept_id], locked[merge.other_id]
    if merge.is_undone:
        raise ValidationError(_("This merge was undone already."), code="undone")
    if kept.is_merged:
        raise ValidationError(
            _("%(kept)s has since been merged into %(later)s: undo that merge first.")
            % {"kept": kept.identifier, "later": kept.merged_into.identifier},
            code="merged_since",
        )
    if other.merged_into_id != kept.pk:
        raise ValidationError(_("%(other)s is no longer merged.") % {"other": other.identifier}, code="not_merged")
    moved = merge.moved
    undone_into = f"merge into {kept.identifier} undone: {reason}"
    undone_received = f"merge of {other.identifier} undone: {reason}"

    for model, key in ((Testimony, "testimonies"), (Document, "documents")):
        relinked = _filter_existing(model, moved.get(key, []), victims=kept)
        _relink(relinked, old=kept, new=other, user=user, reason=undone_received)
        for record in _filter_existing(model, moved.get(f"{key}_shared", [])):
            record.skip_history_when_saving = True
            try:
                record.victims.add(other)
            finally:
                del record.skip_history_when_saving
            save_with_history(record, user=user, reason=undone_received, update_fields=["updated_at"])
    roles = {entry["id"]: entry["role"] for entry in moved.get("media", [])}
    for media in _filter_existing(MediaFile, list(roles), victim=kept):
        media.victim = other
        media.role = roles[media.pk]
        save_with_history(media, user=user, reason=undone_received, update_fields=["victim", "role"])
    for variant in _filter_existing(NameVariant, moved.get("variants", []), victim=kept):
        variant.victim = other
        save_with_history(variant, user=user, reason=undone_received, update_fields=["victim"])
    for variant in _filter_existing(NameVariant, moved.get("variants_created", []), victim=kept):
        variant._history_user = user
        variant._change_reason = undone_received
        variant.delete()
    current_sources = set(kept.sources.values_list("pk", flat=True))
    _set_sources(kept, remove=[pk for pk in moved.get("sources_added", []) if pk in current_sources])
    _set_sources(other, add=moved.get("sources_removed", []))
    for attname, value in moved.get("fields", {}).items():
        if getattr(kept, attname) == value:
            setattr(kept, attname, None if attname.endswith("_id") else "")

    other.status = moved.get("other_status", VictimStatus.DRAFT)
    other.merged_into = None
    save_with_history(other, user=user, reason=undone_into)
    save_with_history(kept, user=user, reason=undone_received)
    merge.undone_at = timezone.now()
    merge.undone_by = user
    merge.undo_reason = reason
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    content_version.change()
    return merge
