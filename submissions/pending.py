"""Files that arrived with a form that came back with an error (the name missing, the rights box left unticked...):
kept as ``PendingUpload`` rows under the form's one-time token, so the family need not choose a large video or
record ten minutes again. Only a later post of the same form (its signed stamp) lists them or hands them over.

A pending file is stored under the key and name its ``SubmissionFile`` will have, so when the form is finally sent
``pending_hand_over`` only gives the stored file a new owner, in the submission's transaction: if that rolls back,
the file is still pending and the family can send again; nothing is copied and nothing is left behind.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.ingest.prepared import FILE_FIELDS
from archive.stored_files import store_file
from submissions.models import PendingUpload, Submission, SubmissionFile, TransitionRefused

if TYPE_CHECKING:
    from submissions.services import IncomingFile


NO_LONGER_KEPT = _("A file you sent earlier is no longer kept. Please choose it again.")


@dataclass(frozen=True)
class KeptUpload:
    """A pending file the family kept ticked on the form, with the caption it shows now."""

    key: str  # PendingUpload.key, as hex
    caption: str = ""


def pending_within_limits(
    kept: Sequence[PendingUpload], files: Sequence[IncomingFile]
) -> tuple[list[IncomingFile], list[str]]:
    """The per-submission limits (``SUBMISSION_MAX_FILES``, ``SUBMISSION_MAX_TOTAL_BYTES``) over the files kept from
    earlier attempts and the new ones together: the new files that fit, and a message naming each one that does not.
    Without kept files the upload handler has already applied them, to the bytes as they arrived.
    """
    if not kept:
        return list(files), []
    count, total = len(kept), sum(row.size for row in kept)
    taken: list[IncomingFile] = []
    refusals: list[str] = []
    for incoming in files:
        prepared = incoming.prepared
        name = prepared.original_name or gettext("unnamed file")
        if count + 1 > settings.SUBMISSION_MAX_FILES:
            refusals.append(
                gettext("“%(name)s” was not taken: at most %(count)d files can be sent at once.")
                % {"name": name, "count": settings.SUBMISSION_MAX_FILES}
            )
        elif total + prepared.size > settings.SUBMISSION_MAX_TOTAL_BYTES:
            refusals.append(
                gettext("“%(name)s” was not taken: everything sent at once may be at most %(limit)s.")
                % {"name": name, "limit": filesizeformat(settings.SUBMISSION_MAX_TOTAL_BYTES)}
            )
        else:
            taken.append(incoming)
            count += 1
            total += prepared.size
    return taken, refusals


def _delete_after_commit(rows: Sequence[PendingUpload]) -> None:
    # After commit: if the transaction rolls back, the rows still point at the files.
    for row in rows:
        for stored in (row.file, row.thumbnail):
            if stored:
                transaction.on_commit(lambda storage=stored.storage, name=stored.name: storage.delete(name))


def pending_uploads_update(
    *,
    form_token: str,
    files: Sequence[IncomingFile] = (),
    kept: Sequence[KeptUpload] = (),
    removed: Sequence[str] = (),
) -> list[PendingUpload]:
    """After a refused attempt: forget the pending files the family unticked (``removed`` keys), keep the captions
    of those still ticked, and keep the new ``files`` (already checked, and within the limits) for the next attempt.
    All or nothing: if a file cannot be written, none of this attempt's files is kept. Returns the new rows."""
    if not form_token:
        raise ValueError("A pending upload belongs to a form token.")
    stored: list[FieldFile] = []
    try:
        with transaction.atomic():
            gone = list(PendingUpload.objects.select_for_update().for_form(form_token).filter(key__in=removed))
            PendingUpload.objects.filter(pk__in=[row.pk for row in gone]).delete()
            _delete_after_commit(gone)
            for item in kept:
                PendingUpload.objects.for_form(form_token).filter(key=item.key).update(
                    caption=item.caption.strip()[:500]
                )
            rows = [_keep(form_token, incoming, stored) for incoming in files]
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise
    return rows


def _keep(form_token: str, incoming: IncomingFile, stored: list[FieldFile]) -> PendingUpload:
    prepared = incoming.prepared
    row = PendingUpload(form_token=form_token, caption=incoming.caption.strip()[:500], **prepared.file_fields())
    prepared.content.seek(0)
    stored.append(store_file(row.file, f"file.{prepared.extension}", prepared.content))
    if prepared.thumbnail is not None:
        prepared.thumbnail.seek(0)
        stored.append(store_file(row.thumbnail, "thumbnail.jpg", prepared.thumbnail))
    row.save()
    return row


def pending_hand_over(
    *, submission: Submission, kept: Sequence[KeptUpload], files: Sequence[IncomingFile] = ()
) -> list[SubmissionFile]:
    """Inside the transaction that creates ``submission``: the kept pending files of its form become its files
    (same stored file, key and facts; the caption as the form shows it now), the limits checked over them and the
    new ``files`` together; the pending files not kept are deleted once the transaction commits.

    Raises TransitionRefused if a kept file is no longer pending (purged meanwhile) or the limits are passed."""
    rows = {row.key.hex: row for row in PendingUpload.objects.select_for_update().for_form(submission.form_token)}
    if any(item.key not in rows for item in kept):
        raise TransitionRefused(str(NO_LONGER_KEPT))
    chosen = [rows[item.key] for item in kept]
    _taken, refusals = pending_within_limits(chosen, files)
    if refusals:
        raise TransitionRefused(refusals[0])
    handed = [
        SubmissionFile.objects.create(
            submission=submission,
            key=row.key,
            file=row.file.name,
            thumbnail=row.thumbnail.name or "",
            caption=item.caption.strip()[:500],
            **{name: getattr(row, name) for name in FILE_FIELDS},
        )
        for item, row in zip(kept, chosen, strict=True)
    ]
    PendingUpload.objects.filter(pk__in=[row.pk for row in rows.values()]).delete()
    _delete_after_commit([row for key, row in rows.items() if key not in {item.key for item in kept}])
    return handed


def _due(hours: float | None):
    hours = settings.SUBMISSION_PENDING_UPLOAD_HOURS if hours is None else hours
    return PendingUpload.objects.filter(created_at__lte=timezone.now() - datetime.timedelta(hours=hours))


def pending_uploads_due_for_purge(*, hours: float | None = None) -> list[PendingUpload]:
    return list(_due(hours))


@transaction.atomic
def pending_uploads_purge(*, hours: float | None = None) -> int:
    """Delete pending files older than ``SUBMISSION_PENDING_UPLOAD_HOURS`` (their forms were never sent). A form
    sent at the same moment waits for this (the rows are locked) and is then told a kept file is gone."""
    rows = list(_due(hours).select_for_update())
    PendingUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()
    _delete_after_commit(rows)
    return len(rows)


@dataclass(frozen=True)
class PendingItem:
    """One pending file as the re-shown form lists it: its name, kind and size (never a link), kept or not."""

    key: str
    name: str
    kind: str
    size: int
    caption: str
    keep: bool


class PendingFiles:
    """The pending files of one form, and what the family chose for them in ``data`` (a post): ticked (or not
    offered on the page that was sent: a page from before they arrived) to keep, unticked to remove."""

    def __init__(self, rows: Sequence[PendingUpload], data=None) -> None:
        self.rows = list(rows)
        self.data = data

    def _offered_and_ticked(self) -> tuple[set[str], set[str]]:
        if self.data is None:
            return set(), set()
        return set(self.data.getlist("pending-offered")), set(self.data.getlist("pending-keep"))

    def _caption(self, row: PendingUpload) -> str:
        if self.data is None:
            return row.caption
        return (self.data.get(f"pending-{row.key.hex}-caption", row.caption) or "").strip()[:500]

    def _keeps(self, row: PendingUpload) -> bool:
        offered, ticked = self._offered_and_ticked()
        return row.key.hex in ticked or row.key.hex not in offered

    @property
    def kept_rows(self) -> list[PendingUpload]:
        return [row for row in self.rows if self._keeps(row)]

    @property
    def kept(self) -> list[KeptUpload]:
        return [KeptUpload(key=row.key.hex, caption=self._caption(row)) for row in self.kept_rows]

    @property
    def missing(self) -> bool:
        """Whether a file ticked to keep is not pending for this form (purged meanwhile, or another form's)."""
        _offered, ticked = self._offered_and_ticked()
        return bool(ticked - {row.key.hex for row in self.rows})

    @property
    def removed(self) -> list[str]:
        return [row.key.hex for row in self.rows if not self._keeps(row)]

    def __iter__(self) -> Iterator[PendingItem]:
        for row in self.rows:
            yield PendingItem(
                key=row.key.hex,
                name=row.original_name or gettext("unnamed file"),
                kind=row.get_kind_display(),
                size=row.size,
                caption=self._caption(row),
                keep=self._keeps(row),
            )

    def __len__(self) -> int:
        return len(self.rows)
