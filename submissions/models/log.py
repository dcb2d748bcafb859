"""What happens to a submission, in words: the messages between staff and the family, and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models.submission import Submission


class SubmissionMessage(models.Model):
    """A question from staff, an answer from the family, or a staff-only note."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question to the family")
        ANSWER = "answer", _("Message from the family")
        NOTE = "note", _("Internal note")
        DECISION = "decision", _("Decision")

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff author"), null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.submission.reference} {self.get_kind_display()}"

    @property
    def family_sees_it(self) -> bool:
        return self.kind != self.Kind.NOTE


class SubmissionEvent(models.Model):
    """The audit trail: every action on a submission, by whom, when, and why."""

    class Actor(models.TextChoices):
        FAMILY = "family", _("The family")
        STAFF = "staff", _("Staff")
        SYSTEM = "system", _("The system")

    class Action(models.TextChoices):
        """The kinds of audit entry. Stored values are those written before they were declared here."""

        RECEIVED = "received", _("Received")
        CLAIMED = "claimed", _("Claimed")
        ASSIGNED = "assigned", _("Assigned")
        ASKED_FAMILY = "asked_family", _("Question to the family")
        FAMILY_ANSWERED = "family_answered", _("The family answered")
        FAMILY_ADDED_FILES = "family_added_files", _("The family added files")
        FAMILY_ADDED_PERSON = "family_added_person", _("The family added a person")
        CONSENT_CHANGED = "consent_changed", _("Consent changed")
        NOTE = "note", _("Internal note")
        DECLINED = "declined", _("Declined")
        MARKED_SPAM = "marked_spam", _("Marked as spam")
        FILES_PURGED = "files_purged", _("Files deleted")
        ACCEPTED = "accepted", _("Accepted")
        LINKED_VICTIM = "linked_victim", _("Victim linked")
        LINK_REISSUED = "link_reissued", _("New status link sent")
        LINK_CODE_SENT = "link_code_sent", _("Code texted for a new status link")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="events")
    actor = models.CharField(_("actor"), max_length=8, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=10, blank=True)
    to_state = models.CharField(_("to"), max_length=10, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")

    def __str__(self) -> str:
        return f"{self.submission.reference} {self.action} {self.created_at:%Y-%m-%d %H:%M}"


class SubmissionMail(models.Model):
    """One mail a step of the workflow sends (``submissions.notifications``): made in that step's transaction, sent
    by a background task once it commits, and marked sent, so that a task run twice sends it once."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="mails")
    event = models.ForeignKey(SubmissionEvent, verbose_name=_("step"), on_delete=models.PROTECT, related_name="mails")
    name = models.CharField(_("mail"), max_length=32)
    recipients = models.JSONField(_("recipients"), default=list)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Kept only while a mail that could not be sent waits for staff to send it again (a failed background task): its
    # text holds the family's private status link, so it is kept here, readable by the staff who may read the
    # submission, never with the failure; emptied once sent, or once staff dismiss the failure.
    subject = models.TextField(_("subject kept for sending again"), blank=True, editable=False)
    body = models.TextField(_("text kept for sending again"), blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="one_mail_of_a_kind_per_step")]
        verbose_name = _("mail")
        verbose_name_plural = _("mails")

    def __str__(self) -> str:
        return f"{self.submission.reference} {self.name}"


class SubmissionText(models.Model):
    """One text message a step of the workflow sends to the family's phone (``submissions.notifications``), as a
    ``SubmissionMail`` is one e-mail: made in the step's transaction, sent by a background task once it commits,
    retried until the provider takes it, and marked sent (with the provider's id), so a task run twice sends it once.
    """

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="texts")
    event = models.ForeignKey(SubmissionEvent, verbose_name=_("step"), on_delete=models.PROTECT, related_name="texts")
    name = models.CharField(_("text message"), max_length=32)
    phone = models.CharField(_("phone number"), max_length=16, help_text=_("In international form (E.164)."))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_id = models.CharField(
        _("provider's id"),
        max_length=64,
        blank=True,
        help_text=_("The message's id at the provider, e.g. Twilio's SID."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="one_text_of_a_kind_per_step")]
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")

    def __str__(self) -> str:
        return f"{self.submission.reference} {self.name}"
