"""Editing many records at once: the same change to each selected record (place, fate, access, embargo, subjects,
content warning), each saved with its own history entry, through ``records_edit_in_bulk``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from archive.models import MediaFile, Subject
from archive.models.publication import Publishable
from archive.services import save_with_history

UNCHANGED = object()  # a value the change leaves as it is (None is a value: no embargo, no place)


@dataclass(frozen=True)
class BatchChange:
    """What to change on every selected record; a field not named is left as it is."""

    values: dict[str, Any] = field(default_factory=dict)  # field name → new value (None clears a date or place)
    add_subjects: Sequence[Subject] = ()
    remove_subjects: Sequence[Subject] = ()
    distressing: bool | None = None  # the records' files shown behind a content warning, or not; None: unchanged
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.values or self.add_subjects or self.remove_subjects or self.distressing is not None)

    def describe(self) -> str:
        """The history entry's reason: what the batch changed, in words a curator reads back."""
        parts = [f"{name} = {_shown(value)}" for name, value in self.values.items()]
        parts += [f"subject + {subject.slug}" for subject in self.add_subjects]
        parts += [f"subject − {subject.slug}" for subject in self.remove_subjects]
        if self.distressing is not None:
            parts.append(f"content warning {'on' if self.distressing else 'off'}")
        reason = "batch edit: " + ", ".join(parts)
        return f"{reason} ({self.note})" if self.note else reason


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@transaction.atomic
def records_edit_in_bulk(*, records: Iterable[Publishable], change: BatchChange, user: AbstractBaseUser) -> int:
    """Apply ``change`` to each record, checked by the record's own rules (``full_clean``) and saved with a history
    entry saying who and what. All or nothing: the first record refused raises ValidationError and nothing stays."""
    count = 0
    reason = change.describe()
    for record in records:
        for name, value in change.values.items():
            setattr(record, name, value)
        record.full_clean(exclude=_unchanged_fields(record, change), validate_unique=False)
        if change.add_subjects or change.remove_subjects:
            # Before the save, so the history entry the save writes holds the new subjects.
            record.subjects.add(*change.add_subjects)
            record.subjects.remove(*change.remove_subjects)
        save_with_history(record, user=user, reason=reason)
        if change.distressing is not None:
            for media in MediaFile.objects.filter(**{record._meta.model_name: record}).exclude(
                is_distressing=change.distressing
            ):
                media.is_distressing = change.distressing
                save_with_history(media, user=user, reason=reason)
        count += 1
    return count


def _unchanged_fields(record: models.Model, change: BatchChange) -> list[str]:
    return [model_field.name for model_field in record._meta.fields if model_field.name not in change.values]
