"""A correction a reader reports about a public record, and its audit trail."""

from __future__ import annotations

import enum

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from requests_desk.models.common import RecordLink, StateTable

CORRECTION_PREFIX = "C"
# The permission to answer corrections, declared once here (Correction.Meta) and checked everywhere else by this name.
HANDLE_CORRECTIONS = "requests_desk.handle_correction"


class CorrectionQuerySet(models.QuerySet):
    def queue(self) -> CorrectionQuerySet:
        """Oldest first, with what the lists show of each."""
        return self.select_related("victim", "testimony", "document", "assigned_to").order_by("created_at", "pk")


class Correction(StateTable, RecordLink):
    class State(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        APPLIED = "applied", _("Applied")
        DECLINED = "declined", _("Declined")

    OPEN_STATES = frozenset({State.NEW, State.IN_PROGRESS})

    class Action(enum.StrEnum):
        """What staff can do to a correction; the values are what the review page posts as ``action``."""

        CLAIM = "claim"
        ASSIGN = "assign"
        NOTE = "note"
        APPLY = "apply"
        DECLINE = "decline"

    ACTIONS: dict[str, dict[str, str]] = {
        Action.CLAIM: {State.NEW: State.IN_PROGRESS, State.IN_PROGRESS: State.IN_PROGRESS},
        Action.ASSIGN: {State.NEW: State.IN_PROGRESS, State.IN_PROGRESS: State.IN_PROGRESS},
        Action.NOTE: {state: state for state in State},
        Action.APPLY: dict.fromkeys(OPEN_STATES, State.APPLIED),
        Action.DECLINE: dict.fromkeys(OPEN_STATES, State.DECLINED),
    }

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    form_token = models.CharField(
        _("form token"), max_length=64, unique=True, editable=False, help_text=_("One correction per form shown.")
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NEW, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_corrections",
    )
    language = models.CharField(_("language of the form"), max_length=5)

    what_is_wrong = models.TextField(_("what is wrong"))
    what_is_right = models.TextField(_("what is right"))
    source = models.TextField(_("how the sender knows"))
    # Who sent it, if they said: for staff only, never public.
    sender_name = models.CharField(_("sender's name"), max_length=200, blank=True)
    sender_email = models.EmailField(_("sender's e-mail"), blank=True)

    internal_note = models.TextField(_("internal note"), blank=True)
    outcome = models.TextField(_("what the sender was told"), blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta(RecordLink.Meta):
        ordering = ["created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        permissions = [("handle_correction", _("Can answer corrections reported by the public"))]

    def __str__(self) -> str:
        return self.reference

    def get_review_url(self) -> str:
        return reverse("requests_desk:correction_review", kwargs={"reference": self.reference})


class CorrectionEvent(models.Model):
    """The audit trail: every step of a correction, who took it (no one: the sender) and when."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Received")
        CLAIMED = "claimed", _("Claimed")
        ASSIGNED = "assigned", _("Assigned")
        NOTE = "note", _("Internal note")
        APPLIED = "applied", _("Applied")
        DECLINED = "declined", _("Declined")

    correction = models.ForeignKey(Correction, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=12, blank=True)
    to_state = models.CharField(_("to"), max_length=12, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction event")
        verbose_name_plural = _("correction events")

    def __str__(self) -> str:
        return f"{self.correction.reference} {self.action} {self.created_at:%Y-%m-%d %H:%M}"
