"""A visitor's message of remembrance on a victim's page, and whether a victim's page takes messages at all."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archive.models import Victim

MAX_TEXT = 1000  # characters: a few sentences, not an essay (testimonies go through the submission form)
MAX_NAME = 100
MODERATE_PERMISSION = "remembrance.moderate_message"


class DecisionRefused(Exception):
    """A decision the message's state, or the victim's setting, does not allow; ``message`` says why, for staff."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MessageQuerySet(models.QuerySet):
    def shown(self) -> MessageQuerySet:
        """What the public may read: approved messages. Nothing else of this model is ever public."""
        return self.filter(state=Message.State.APPROVED)

    def about(self, victim: Victim) -> MessageQuerySet:
        """The messages left on ``victim``'s page, and on the pages of records merged into it (whose addresses now
        lead to it): a merge moves nothing here, so undoing it needs nothing either."""
        return self.filter(models.Q(victim=victim) | models.Q(victim__merged_into=victim))

    def in_language_order(self, language: str) -> MessageQuerySet:
        """Messages written on pages in ``language`` first, then the others; newest first within each."""
        first = models.Case(models.When(language=language, then=0), default=1, output_field=models.IntegerField())
        return self.order_by(first, "-created_at", "-pk")


class Message(models.Model):
    class State(models.TextChoices):
        NEW = "new", _("New")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    # Which decision may be taken in which state, and where it leads: read by the service, the views and the
    # templates alike. A decision can be changed: an approved message taken down, a rejected one approved after all.
    DECISIONS = {
        "approve": ({State.NEW, State.REJECTED}, State.APPROVED),
        "reject": ({State.NEW, State.APPROVED}, State.REJECTED),
    }
    DECISION_LABELS = {"approve": _("Approve"), "reject": _("Reject")}

    victim = models.ForeignKey(
        Victim,
        verbose_name=_("victim"),
        # Victims are withdrawn, never deleted; only demonstration records are, and their messages with them.
        on_delete=models.CASCADE,
        related_name="remembrance_messages",
    )
    text = models.TextField(_("message"), max_length=MAX_TEXT)
    name = models.CharField(_("signed"), max_length=MAX_NAME, blank=True, help_text=_("As the visitor signed it."))
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("The language of the page the message was written on."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW, db_index=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    # The sender's address hashed with the site's secret (archive.abuse.client_key), never the address itself: it
    # makes the same words sent twice from one place one message, and lets staff see what one sender sent.
    sender_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # One showing of the form (its stamp's token): a form sent twice, by a double click or a reload, is one message.
    form_token = models.CharField(max_length=64, unique=True, editable=False)
    history = HistoricalRecords()

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("remembrance message")
        verbose_name_plural = _("remembrance messages")
        permissions = [("moderate_message", _("Can approve and reject remembrance messages and close them"))]
        indexes = [models.Index(fields=["victim", "state", "created_at"], name="remembrance_victim_state")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="remembrance_message_has_text"),
            models.CheckConstraint(
                condition=models.Q(state="new") | models.Q(reviewed_at__isnull=False),
                name="remembrance_decision_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.victim.identifier}: {self.text[:40]}"

    def can(self, decision: str) -> bool:
        allowed_from, _to = self.DECISIONS[decision]
        return self.state in allowed_from

    @property
    def allowed_decisions(self) -> list[tuple[str, str]]:
        """The decisions this message's state allows, with their buttons' words."""
        return [(decision, self.DECISION_LABELS[decision]) for decision in self.DECISIONS if self.can(decision)]


class VictimSetting(models.Model):
    """Whether a victim's page takes messages. No row: it does. Closed by a curator, at the family's request or on
    the curator's own judgement; the note says which. The row is kept when opened again, so its history (who closed
    and opened it, when and why) stays with it."""

    victim = models.OneToOneField(
        Victim, verbose_name=_("victim"), on_delete=models.CASCADE, related_name="remembrance_setting"
    )
    closed = models.BooleanField(_("messages closed"), default=False)
    note = models.CharField(
        _("why"), max_length=500, blank=True, help_text=_("Staff only: e.g. “at the request of his sister, by phone”.")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remembrance setting")
        verbose_name_plural = _("remembrance settings")

    def __str__(self) -> str:
        return f"{self.victim.identifier}: {'closed' if self.closed else 'open'}"
