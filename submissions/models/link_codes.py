"""A family that gave only a phone number gets a new status link with its reference and a code texted to it."""

from __future__ import annotations

import hmac
import secrets

from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from submissions.models.submission import Submission, hash_token

CODE_DIGITS = 6
MAX_CODE_TRIES = 5  # wrong codes before the attempt is locked; a new code is then needed


def new_link_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


class StatusLinkCode(models.Model):
    """One request for a code on the lost-link page. Made in the request whether or not the reference and the
    number match (so the request does the same work either way); the background job fills in the submission and
    the code's hash only when they match. Neither the number typed nor the code is kept: only the code's keyed hash,
    under the attempt's own key, held in the family's session as a random token (only its hash is stored here)."""

    attempt_hash = models.CharField(_("attempt (SHA-256 of its token)"), max_length=64, unique=True, editable=False)
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, null=True, blank=True, related_name="link_codes", editable=False
    )
    code_hash = models.CharField(_("code (keyed hash)"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    failed_tries = models.PositiveSmallIntegerField(_("wrong codes entered"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("status link code")
        verbose_name_plural = _("status link codes")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash_attempt(token: str) -> str:
        return hash_token(token)

    def hash_code(self, code: str) -> str:
        # Keyed with the site's secret and this attempt: a copy of the table alone cannot try the million codes.
        value = f"{self.attempt_hash}:{code}"
        return salted_hmac("submissions.status-link-code", value, algorithm="sha256").hexdigest()

    def set_code(self, code: str) -> None:
        self.code_hash = self.hash_code(code)

    def code_matches(self, code: str) -> bool:
        # Computed and compared even when no code was sent (no match): the answer takes as long either way.
        return hmac.compare_digest(self.hash_code(code), self.code_hash or "-" * 64) and bool(self.code_hash)

    @property
    def locked(self) -> bool:
        return self.used_at is not None or self.failed_tries >= MAX_CODE_TRIES

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at
