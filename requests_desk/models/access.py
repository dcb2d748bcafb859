"""Access to the files of a "metadata only" record: the request, the grant (a private link for a limited time), every
use of it, and the audit trail."""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.models import MediaFile
from requests_desk.models.common import RecordLink, StateTable

ACCESS_PREFIX = "A"
# Declared once here (AccessRequest.Meta) and checked everywhere else by these names.
VIEW_ACCESS_REQUESTS = "requests_desk.view_accessrequest"
DECIDE_ACCESS = "requests_desk.decide_accessrequest"


def new_access_token() -> str:
    """256 bits from the OS: the link is the only key to the files."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # Only the hash is stored: a copy of the database opens no one's files.
    return hashlib.sha256(token.encode()).hexdigest()


class AccessRequestQuerySet(models.QuerySet):
    def queue(self) -> AccessRequestQuerySet:
        return self.select_related("victim", "testimony", "document", "grant").order_by("created_at", "pk")


class AccessRequest(StateTable, RecordLink):
    class State(models.TextChoices):
        NEW = "new", _("New")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Access withdrawn")

    OPEN_STATES = frozenset({State.NEW})

    class Action(enum.StrEnum):
        GRANT = "grant"
        DECLINE = "decline"
        REVOKE = "revoke"
        NOTE = "note"

    ACTIONS: dict[str, dict[str, str]] = {
        Action.GRANT: {State.NEW: State.GRANTED},
        Action.DECLINE: {State.NEW: State.DECLINED},
        Action.REVOKE: {State.GRANTED: State.REVOKED},
        Action.NOTE: {state: state for state in State},
    }

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    form_token = models.CharField(
        _("form token"), max_length=64, unique=True, editable=False, help_text=_("One request per form shown.")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    language = models.CharField(_("language of the form"), max_length=5)

    # Who asks, and why. For staff only, never public.
    requester_name = models.CharField(_("name"), max_length=200)
    requester_email = models.EmailField(_("e-mail"))
    purpose = models.TextField(_("purpose"))
    terms_agreed = models.BooleanField(_("agreed to the terms of access"), default=False)
    terms_text = models.TextField(_("terms agreed to"), editable=False)
    terms_version = models.CharField(_("terms version"), max_length=20, editable=False)

    internal_note = models.TextField(_("internal note"), blank=True)
    decision = models.TextField(_("what the requester was told"), blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = AccessRequestQuerySet.as_manager()

    class Meta(RecordLink.Meta):
        ordering = ["created_at", "pk"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        permissions = [("decide_accessrequest", _("Can grant, decline and withdraw access to closed files"))]
        constraints = [
            *RecordLink.Meta.constraints,
            models.CheckConstraint(condition=models.Q(terms_agreed=True), name="access_request_terms_agreed"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_review_url(self) -> str:
        return reverse("requests_desk:access_review", kwargs={"reference": self.reference})


class AccessGrantQuerySet(models.QuerySet):
    def by_token(self, token: str) -> AccessGrant | None:
        """The grant this link's token opens, whether or not it still works (``is_valid`` says)."""
        digest = hash_token(token)
        grant = self.select_related("request").filter(token_hash=digest).first()
        if grant is not None and hmac.compare_digest(grant.token_hash, digest):
            return grant
        return None


class AccessGrant(models.Model):
    """A private link to one record's files, valid until ``expires_at`` unless withdrawn before."""

    request = models.OneToOneField(AccessRequest, on_delete=models.CASCADE, related_name="grant")
    token_hash = models.CharField(_("link token (SHA-256)"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")

    def __str__(self) -> str:
        return f"{self.request.reference} → {self.expires_at:%Y-%m-%d}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class AccessUse(models.Model):
    """One use of a grant: its page opened, or one of its files fetched; when, and from which address."""

    class What(models.TextChoices):
        LINK = "link", _("Link followed")
        PAGE = "page", _("List of files opened")
        FILE = "file", _("File fetched")

    grant = models.ForeignKey(AccessGrant, on_delete=models.CASCADE, related_name="uses")
    what = models.CharField(_("what"), max_length=4, choices=What.choices)
    media = models.ForeignKey(
        MediaFile, verbose_name=_("file"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.CharField(_("from the address"), max_length=64, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("use of an access link")
        verbose_name_plural = _("uses of access links")

    def __str__(self) -> str:
        return f"{self.grant.request.reference} {self.what} {self.at:%Y-%m-%d %H:%M}"


class AccessEvent(models.Model):
    """The audit trail of a request: received, granted, declined, withdrawn, noted; by whom (no one: the requester)."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Received")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Access withdrawn")
        NOTE = "note", _("Internal note")

    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=10, blank=True)
    to_state = models.CharField(_("to"), max_length=10, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("access request event")
        verbose_name_plural = _("access request events")

    def __str__(self) -> str:
        return f"{self.request.reference} {self.action} {self.created_at:%Y-%m-%d %H:%M}"
