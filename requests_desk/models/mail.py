"""The mails the desk sends, one row each, made in the transaction of the step that sends it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_desk.models.access import AccessEvent
from requests_desk.models.corrections import CorrectionEvent


class DeskMail(models.Model):
    """One mail of one step (``requests_desk.notifications``): made in that step's transaction, so a step rolled back
    sends nothing; sent by a background task once it commits and marked sent, so a task run twice sends it once."""

    correction_event = models.ForeignKey(
        CorrectionEvent, verbose_name=_("step"), null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    access_event = models.ForeignKey(
        AccessEvent, verbose_name=_("step"), null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    name = models.CharField(_("mail"), max_length=32)
    recipients = models.JSONField(_("recipients"), default=list)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(correction_event__isnull=False, access_event__isnull=True)
                | models.Q(correction_event__isnull=True, access_event__isnull=False),
                name="desk_mail_of_one_step",
            ),
        ]

    def __str__(self) -> str:
        return self.name
