"""Files that arrived with a form that came back with an error (the name missing, the rights box left unticked...):
kept as ``PendingUpload`` rows under the form's one-time token, so the family need not choose a large video or
record ten minutes again. Only a later post of the same form (its signed stamp) lists them or hands them over.

Here: what the re-shown form lists and what the family chose for them, and the limits over kept and new files.
The writes (keeping, handing over, purging) are services: ``submissions.services.intake`` and ``.purging``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from submissions.inputs import IncomingFile, KeptUpload
from submissions.models import PendingUpload

NO_LONGER_KEPT = _("A file you sent earlier is no longer kept. Please choose it again.")


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
