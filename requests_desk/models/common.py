"""What corrections and access requests share: the record they are about, their references, the state table, the
mails they send."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.kinds import RecordKind, by_model
from archive.models import Document, Testimony, Victim

# Crockford's base32 without 0, O, 1, I and L, as the submissions' references: read aloud without "zero or O?".
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_CODE_LENGTH = 6


def new_reference(prefix: str) -> str:
    """``C-K7M-4QX``: the kind of request, then six letters from ``REFERENCE_ALPHABET``."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_CODE_LENGTH))
    return f"{prefix}-{code[:3]}-{code[3:]}"


def normalise_reference(text: str) -> str:
    """``c k7m 4qx`` or ``CK7M4QX`` → ``C-K7M-4QX``; anything else as typed, in capitals."""
    code = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(code) == REFERENCE_CODE_LENGTH + 1:
        return f"{code[0]}-{code[1:4]}-{code[4:]}"
    return text.strip().upper()


def title_of(record: Victim | Testimony | Document) -> str:
    """The record as its public page heads it: a victim's name, a testimony's or document's title."""
    return record.full_name if isinstance(record, Victim) else record.title


class TransitionRefused(Exception):
    """The action is not possible in the request's state (or someone else changed it first)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RecordLink(models.Model):
    """The one public record a request is about: a victim, a testimony or a document (exactly one of the three).

    Records are withdrawn, never deleted; only demonstration records are, and the requests about them go with them."""

    victim = models.ForeignKey(
        Victim, verbose_name=_("victim"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    testimony = models.ForeignKey(
        Testimony, verbose_name=_("testimony"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        Document, verbose_name=_("document"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(victim__isnull=False, testimony__isnull=True, document__isnull=True)
                    | models.Q(victim__isnull=True, testimony__isnull=False, document__isnull=True)
                    | models.Q(victim__isnull=True, testimony__isnull=True, document__isnull=False)
                ),
                name="%(class)s_is_about_one_record",
            ),
        ]

    @staticmethod
    def record_fields(record: Victim | Testimony | Document) -> dict[str, object]:
        """The keyword that links a new request to ``record``: ``{"victim": victim}``."""
        kind = by_model(record)
        if kind is None:
            raise ValueError(f"{record!r} is not a record")
        return {kind.key: record}

    @property
    def record(self) -> Victim | Testimony | Document:
        return self.victim or self.testimony or self.document

    @property
    def record_kind(self) -> RecordKind:
        return by_model(self.record)

    @property
    def record_title(self) -> str:
        return title_of(self.record)


class StateTable:
    """The one table of which action is allowed in which state, and the state it leads to (``ACTIONS``), read by
    services (``require``, ``state_after``), views, templates (``allowed``) and tests (``can``)."""

    ACTIONS: dict[str, dict[str, str]]
    OPEN_STATES: frozenset[str]
    state: str

    def can(self, action: str) -> bool:
        return self.state in self.ACTIONS[action]

    def require(self, action: str) -> None:
        if not self.can(action):
            raise TransitionRefused(
                _("This is not possible while the request is “%(state)s”.") % {"state": self.get_state_display()}
            )

    def state_after(self, action: str) -> str:
        self.require(action)
        return self.ACTIONS[action][self.state]

    @property
    def allowed(self) -> dict[str, bool]:
        """``can`` for templates, by action: ``{% if correction.allowed.apply %}``."""
        return {action: self.can(action) for action in self.ACTIONS}
