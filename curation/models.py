"""What a merge moved, kept at the time, so that undoing it restores exactly that and nothing is guessed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.models import Victim


class MergeRecord(models.Model):
    """One merge of a victim record (``other``) into the record kept for the same person (``kept``).

    ``moved`` lists, by primary key, what the merge changed, as ``curation.merging`` wrote it: the testimonies and
    documents relinked, the media files and name variants moved (with a portrait's former role), the variants made
    of the other record's name forms, the sources moved, the kept record's empty fields filled and the other
    record's status before it. The merge itself and its undoing are in both records' history, with the reason.
    """

    # CASCADE only ever acts for demonstration records, the only ones deleted: a merge of them goes with them.
    kept = models.ForeignKey(
        Victim, verbose_name=_("record kept"), on_delete=models.CASCADE, related_name="merges_received"
    )
    other = models.ForeignKey(
        Victim, verbose_name=_("record merged"), on_delete=models.CASCADE, related_name="merges_made"
    )
    reason = models.TextField(_("reason"))
    moved = models.JSONField(_("what moved"), default=dict, editable=False)
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undo_reason = models.TextField(_("reason for undoing"), blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        constraints = [
            models.CheckConstraint(condition=~models.Q(kept=models.F("other")), name="merge_of_two_records"),
            # A record is merged once at a time: undone, it may be merged again.
            models.UniqueConstraint(
                fields=["other"], condition=models.Q(undone_at__isnull=True), name="merge_once_at_a_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.other.identifier} → {self.kept.identifier}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
