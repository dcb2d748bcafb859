"""What makes a record public, and the permanent identifiers of public records."""

from __future__ import annotations

import re
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.kinds import PREFIXES, RecordKind


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Access(models.TextChoices):
    PUBLIC = "public", _("Public")
    METADATA = "metadata", _("Metadata only")
    PRIVATE = "private", _("Private")


class RecordDeletionRefused(Exception):
    """Records are withdrawn, never deleted (only demonstration data may be removed)."""


def media_open_q(prefix: str = "") -> models.Q:
    """The condition under which a public record's media and full text are open, for use in any query.

    Public access, or "metadata only" whose closure date has passed.
    """
    return models.Q(**{f"{prefix}access": Access.PUBLIC}) | models.Q(
        **{f"{prefix}access": Access.METADATA, f"{prefix}media_closed_until__lte": timezone.localdate()}
    )


class PublishableQuerySet(models.QuerySet):
    def public(self) -> PublishableQuerySet:
        """Records the public may see listed: published, not private, and out of any embargo.

        Every public view, feed, sitemap, search result and API response starts here.
        """
        return self.filter(status=Status.PUBLISHED, access__in=[Access.PUBLIC, Access.METADATA]).exclude(
            embargo_until__gt=timezone.localdate()
        )

    def with_public_media(self) -> PublishableQuerySet:
        """Public records whose media and full text may be shown, not only their description."""
        return self.public().filter(media_open_q())

    def demo(self) -> PublishableQuerySet:
        return self.filter(is_demo=True)

    def delete(self):
        if self.filter(is_demo=False).exists():
            raise RecordDeletionRefused(_("Records are withdrawn, not deleted."))
        return super().delete()


class Publishable(models.Model):
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    access = models.CharField(
        _("access"),
        max_length=10,
        choices=Access.choices,
        default=Access.PUBLIC,
        help_text=_("Metadata only: the record is listed, its media and full text are not shown."),
    )
    embargo_until = models.DateField(
        _("embargoed until"), null=True, blank=True, help_text=_("Hidden from the public until this day.")
    )
    media_closed_until = models.DateField(
        _("media closed until"),
        null=True,
        blank=True,
        help_text=_(
            "For “metadata only”: the day the files and full text open to the public. "
            "Empty: closed, available on request."
        ),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawal_note = models.TextField(
        _("public note on withdrawal"),
        blank=True,
        help_text=_(
            "Shown on the page the record's address keeps after it is withdrawn; the reason stays internal. "
            "Empty: a standard wording."
        ),
    )
    is_demo = models.BooleanField(
        _("demonstration data"), default=False, editable=False, help_text=_("Invented for demonstration.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return type(self).objects.public().filter(pk=self.pk).exists()

    @property
    def shows_media(self) -> bool:
        if self.access == Access.PUBLIC:
            return True
        closed_until = self.media_closed_until
        return self.access == Access.METADATA and closed_until is not None and closed_until <= timezone.localdate()

    @property
    def can_be_published(self) -> bool:
        """Whether publishing would change anything: offered as a button only then."""
        return self.status in (Status.DRAFT, Status.WITHDRAWN)

    @property
    def can_be_withdrawn(self) -> bool:
        return self.status in (Status.DRAFT, Status.PUBLISHED)

    def check_publishable(self) -> None:
        """Raise ValidationError if this record may not be published as it stands."""

    def publish(self) -> None:
        self.check_publishable()
        self.status = Status.PUBLISHED
        self.published_at = timezone.now()
        self.withdrawn_at = None
        self.withdrawal_reason = ""
        self.withdrawal_note = ""

    def withdraw(self, reason: str, public_note: str = "") -> None:
        if not reason.strip():
            raise ValidationError(_("Say why the record is withdrawn."), code="reason_required")
        self.status = Status.WITHDRAWN
        self.withdrawn_at = timezone.now()
        self.withdrawal_reason = reason.strip()
        self.withdrawal_note = public_note.strip()

    @property
    def was_public(self) -> bool:
        """Withdrawn after being published open to the public: its address still answers, as gone (410), with
        its identifier, title and citation. A record never shown to the public stays unknown (404)."""
        return self.status == Status.WITHDRAWN and self.published_at is not None and self.access != Access.PRIVATE

    def delete(self, *args, **kwargs):
        if not self.is_demo:
            raise RecordDeletionRefused(_("Records are withdrawn, not deleted."))
        return super().delete(*args, **kwargs)


class IdentifierCounter(models.Model):
    """The last number given for each identifier prefix. It only ever goes up."""

    prefix = models.CharField(max_length=1, primary_key=True)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("identifier counter")

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"


# As people type a cited identifier: any case, a dash or a space or nothing, with or without the leading zeros.
_IDENTIFIER_TYPED = re.compile(rf"\s*([{PREFIXES}{PREFIXES.lower()}])\s*[-‐–—]?\s*0*(\d{{1,9}})\s*")


def parse_identifier(text: str, prefixes: str = PREFIXES) -> str | None:
    """The permanent identifier ``text`` names (``v-123``, ``V000123``, ``T 45`` → ``V-000123``…), if it is one of
    ``prefixes``; None otherwise."""
    found = _IDENTIFIER_TYPED.fullmatch(text or "")
    if found is None or found[1].upper() not in prefixes:
        return None
    return f"{found[1].upper()}-{int(found[2]):06d}"


def allocate_identifier(prefix: str) -> str:
    """The next permanent identifier for ``prefix``, e.g. ``V-000123``; never given twice."""
    return allocate_identifiers(prefix, 1)[0]


def allocate_identifiers(prefix: str, count: int) -> list[str]:
    """The next ``count`` permanent identifiers for ``prefix``, in order, taken in one update of the counter.

    The update locks the counter's row until the caller's transaction ends, so two writers never get the same
    numbers, and a block of a thousand costs what one does."""
    if count < 1:
        return []
    with transaction.atomic():
        updated = IdentifierCounter.objects.filter(prefix=prefix).update(last=F("last") + count)
        if not updated:
            IdentifierCounter.objects.get_or_create(prefix=prefix)
            IdentifierCounter.objects.filter(prefix=prefix).update(last=F("last") + count)
        last = IdentifierCounter.objects.get(prefix=prefix).last
    return [f"{prefix}-{number:06d}" for number in range(last - count + 1, last + 1)]


class IdentifiedRecord(Publishable):
    """A public record with a permanent identifier, assigned when it is first saved."""

    RECORD_KIND: ClassVar[RecordKind]  # each concrete record names its kind in ``archive.kinds``

    identifier = models.CharField(
        _("identifier"), max_length=16, unique=True, editable=False, help_text=_("Permanent; never changes.")
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.identifier:
            self.identifier = allocate_identifier(self.RECORD_KIND.prefix)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(self.RECORD_KIND.url_name, kwargs={"identifier": self.identifier})


class Translated:
    """Reads a field kept in three languages (``name_az``, ``name_en``, ``name_ru``) in the active one."""

    LANGUAGE_ORDER = ("az", "en", "ru")

    def translated(self, field: str, language: str | None = None) -> tuple[str, str]:
        """The text in ``language`` (default: the active one), else the first other language that has it.

        Returns the text and the language it is in, so a page can mark a fallback.
        """
        from django.utils.translation import get_language

        wanted = (language or get_language() or settings.LANGUAGE_CODE)[:2]
        for code in (wanted, *self.LANGUAGE_ORDER):
            value = getattr(self, f"{field}_{code}", "")
            if value:
                return value, code
        return "", wanted
