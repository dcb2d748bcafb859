"""Fixity audits: each check of a stored file is an event kept for good (PREMIS's "fixity check"), and each audit a
run whose progress lets an interrupted one go on where it stopped."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from archive.models import MediaFile


class AppendOnlyRefused(Exception):
    """A fixity check is evidence: once written it is never changed or deleted."""


class FixityCheckQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyRefused(_("Fixity checks are never changed."))

    def delete(self):
        raise AppendOnlyRefused(_("Fixity checks are never deleted."))

    def problems(self) -> FixityCheckQuerySet:
        return self.filter(outcome__in=[FixityCheck.Outcome.FAIL, FixityCheck.Outcome.MISSING])


class StoredKind(models.TextChoices):
    """Which stored file a check read. An audit walks them in this order, each in the order of its rows."""

    ORIGINAL = "original", _("Original of a record's file")
    THUMBNAIL = "thumbnail", _("Thumbnail of a record's file")
    SUBMITTED = "submitted", _("File sent by a family")


class AuditRun(models.Model):
    """One audit over every stored file, kind after kind (``StoredKind``), each in the order of its rows:
    ``last_kind`` and ``last_pk`` are how far it got, so ``audit_fixity --resume`` (or the scheduled job's next
    slice) goes on after that row of that kind."""

    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    agent = models.CharField(_("agent"), max_length=100)
    last_kind = models.CharField(
        _("kind of the last file checked"), max_length=10, choices=StoredKind.choices, default=StoredKind.ORIGINAL
    )
    last_pk = models.BigIntegerField(_("last file checked (row)"), null=True, blank=True)
    checked = models.PositiveIntegerField(_("files checked"), default=0)
    problems = models.PositiveIntegerField(_("files failed or missing"), default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("fixity audit")
        verbose_name_plural = _("fixity audits")

    def __str__(self) -> str:
        return f"{self.agent} {self.started_at:%Y-%m-%d %H:%M}"


class FixityCheck(models.Model):
    """One stored file read back and its SHA-256 compared with the one recorded when it was written: a record's
    original or its thumbnail (``media_file``), or a file a family sent (``submission_file``). Append-only: the
    model, its querysets and the admin refuse to change or delete one."""

    class Outcome(models.TextChoices):
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Failed: the file changed")
        # A context of its own: "Missing" alone is a victim's fate ("İtkin düşüb"), not a file not found.
        MISSING = "missing", pgettext_lazy("fixity check outcome", "Missing")
        # A thumbnail written before its digest was recorded: read once, the digest recorded from what is stored.
        RECORDED = "recorded", _("Digest recorded: nothing to compare with yet")

    run = models.ForeignKey(
        AuditRun, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="checks", null=True, blank=True
    )
    kind = models.CharField(
        _("which file"), max_length=10, choices=StoredKind.choices, default=StoredKind.ORIGINAL, db_index=True
    )
    # No database constraint: the check outlives its row if the file is ever deleted (demonstration files are, and
    # spam submissions' files), and a backup restores the checks with the files they name.
    media_file = models.ForeignKey(
        MediaFile,
        verbose_name=_("media file"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="fixity_checks",
    )
    submission_file = models.ForeignKey(
        "submissions.SubmissionFile",
        verbose_name=_("submitted file"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="fixity_checks",
    )
    media_key = models.UUIDField(_("file key"))
    record_identifier = models.CharField(
        _("record"), max_length=20, blank=True, help_text=_("The record's identifier, or the submission's reference.")
    )
    path = models.CharField(_("stored name"), max_length=200)
    expected_sha256 = models.CharField(_("SHA-256 recorded at ingest"), max_length=64, blank=True)
    computed_sha256 = models.CharField(_("SHA-256 read now"), max_length=64, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True, db_index=True)
    agent = models.CharField(_("agent"), max_length=100, help_text=_("What ran the check."))
    software = models.CharField(_("software"), max_length=200, help_text=_("The program and its version."))

    objects = FixityCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("fixity check")
        verbose_name_plural = _("fixity checks")
        indexes = [models.Index(fields=["media_key", "kind", "-id"], name="fixity_latest_per_stored_file")]

    def __str__(self) -> str:
        return f"{self.path}: {self.get_outcome_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyRefused(_("Fixity checks are never changed."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyRefused(_("Fixity checks are never deleted."))

    @property
    def named(self) -> str:
        """How a report names the file: its stored name, and its record or submission."""
        return f"{self.path} ({self.record_identifier})" if self.record_identifier else self.path
