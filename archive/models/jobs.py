"""Background tasks that failed for good: kept so that staff see them (the staff home) and retry or dismiss them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FailedTaskQuerySet(models.QuerySet):
    def unresolved(self) -> FailedTaskQuerySet:
        """Failures no one has retried or dismissed yet: what the staff home shows."""
        return self.filter(resolution="")

    def never_queued(self) -> FailedTaskQuerySet:
        """Unresolved tasks that never reached the broker (it could not be reached when their request committed):
        a task that ran has an id, these have none. Sent again on their own once the broker answers
        (``archive.jobs.never_queued_requeue``)."""
        return self.unresolved().filter(task_id="")


class FailedTask(models.Model):
    """One run of a background task that raised on its last allowed attempt (``archive.jobs``)."""

    class Resolution(models.TextChoices):
        RETRIED = "retried", _("Retried")
        DISMISSED = "dismissed", _("Dismissed")

    task_name = models.CharField(_("task"), max_length=200)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    arguments = models.JSONField(_("arguments"), default=list, blank=True)
    keyword_arguments = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    arguments_private = models.BooleanField(
        _("arguments private"),
        default=False,
        help_text=_("The arguments hold what staff need not read (a family's private link): kept for a retry only."),
    )
    error = models.TextField(_("error"))
    traceback = models.TextField(_("traceback"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now, db_index=True)
    resolution = models.CharField(_("resolution"), max_length=10, choices=Resolution.choices, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = FailedTaskQuerySet.as_manager()

    class Meta:
        ordering = ["-failed_at", "-pk"]
        verbose_name = _("failed background task")
        verbose_name_plural = _("failed background tasks")

    def __str__(self) -> str:
        return f"{self.task_name} {self.failed_at:%Y-%m-%d %H:%M}"

    @property
    def short_error(self) -> str:
        first = self.error.strip().splitlines()[0] if self.error.strip() else ""
        return first[:200]
