"""Stored files of records: portraits, page scans, recordings, attachments."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archive.models.publication import Publishable
from archive.models.records import Document, Testimony, Victim


def stored_name(instance: MediaFile, filename: str) -> str:
    """A generated storage key: the uploaded name never reaches storage."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"records/{instance.key.hex[:2]}/{instance.key.hex}.{extension}"


def thumbnail_name(instance: MediaFile, filename: str) -> str:
    return f"thumbnails/{instance.key.hex[:2]}/{instance.key.hex}.jpg"


class Processing(models.TextChoices):
    """Where a stored file stands: large recordings are probed and stripped of their metadata after the upload, by
    a background task (``archive.media_processing``); until then they are "processing", never public."""

    READY = "ready", _("Ready")
    PROCESSING = "processing", _("Processing")
    FAILED = "failed", _("Could not be processed")


class MediaFileQuerySet(models.QuerySet):
    def not_withheld(self) -> MediaFileQuerySet:
        """Files not withheld on their own and ready (never one half processed); whether the public sees them still
        depends on their record."""
        return self.filter(withheld=False, processing=Processing.READY)

    def public(self) -> MediaFileQuerySet:
        """Files the public may fetch: not withheld, of records whose media are public."""
        return self.not_withheld().filter(
            models.Q(victim__in=Victim.objects.with_public_media())
            | models.Q(testimony__in=Testimony.objects.with_public_media())
            | models.Q(document__in=Document.objects.with_public_media())
        )


class MediaFile(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Video")
        PDF = "pdf", _("PDF document")

    class Role(models.TextChoices):
        PORTRAIT = "portrait", _("Portrait")
        PHOTO = "photo", _("Photograph")
        PAGE = "page", _("Page")
        RECORDING = "recording", _("Recording")
        ATTACHMENT = "attachment", _("Attachment")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    victim = models.ForeignKey(
        Victim, verbose_name=_("victim"), null=True, blank=True, on_delete=models.PROTECT, related_name="media"
    )
    testimony = models.ForeignKey(
        Testimony, verbose_name=_("testimony"), null=True, blank=True, on_delete=models.PROTECT, related_name="media"
    )
    document = models.ForeignKey(
        Document, verbose_name=_("document"), null=True, blank=True, on_delete=models.PROTECT, related_name="media"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.ATTACHMENT)
    order = models.PositiveIntegerField(_("order"), default=0)
    file = models.FileField(_("file"), upload_to=stored_name, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=thumbnail_name, max_length=200, blank=True)
    thumbnail_sha256 = models.CharField(
        _("SHA-256 of the thumbnail"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Recorded when the thumbnail is written, so fixity audits check it as they check the file."),
    )
    original_name = models.CharField(
        _("uploaded file name"), max_length=255, blank=True, help_text=_("For curators only; never used in storage.")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False, db_index=True)
    source_sha256 = models.CharField(
        _("SHA-256 of the file as received"),
        max_length=64,
        editable=False,
        help_text=_(
            "Differs from the stored file's when metadata was removed: an image re-encoded, or a recording's tags "
            "and location left out."
        ),
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    duration = models.DecimalField(
        _("duration (seconds)"), max_digits=10, decimal_places=3, null=True, blank=True, editable=False
    )
    codec = models.CharField(
        _("codec"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("As FFmpeg names it; video before sound, joined by “+”: opus, aac, pcm_s16le, h264+aac."),
    )
    caption_az = models.CharField(_("caption (Azerbaijani)"), max_length=500, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=500, blank=True)
    caption_ru = models.CharField(_("caption (Russian)"), max_length=500, blank=True)
    alt_text = models.CharField(
        _("description for screen readers"), max_length=500, blank=True, help_text=_("What the image shows.")
    )
    is_distressing = models.BooleanField(
        _("distressing content"), default=False, help_text=_("Shown behind a warning, revealed on request.")
    )
    withheld = models.BooleanField(
        _("withheld from the public"),
        default=False,
        help_text=_(
            "Kept from the public whatever the record’s access; the record’s text is not affected. Files from a "
            "submission follow the family’s consent (photographs and recordings not to be shown): change it "
            "only with the family’s agreement."
        ),
    )
    processing = models.CharField(
        _("processing"), max_length=10, choices=Processing.choices, default=Processing.READY, editable=False
    )
    processing_error = models.TextField(_("why it could not be processed"), blank=True, editable=False)
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = MediaFileQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("media file")
        verbose_name_plural = _("media files")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(victim__isnull=False, testimony__isnull=True, document__isnull=True)
                    | models.Q(victim__isnull=True, testimony__isnull=False, document__isnull=True)
                    | models.Q(victim__isnull=True, testimony__isnull=True, document__isnull=False)
                ),
                name="media_file_belongs_to_one_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.key.hex[:8]} ({self.content_type})"

    def get_absolute_url(self) -> str:
        return reverse("archive:media_file", kwargs={"key": self.key})

    def get_thumbnail_url(self) -> str:
        return reverse("archive:media_thumbnail", kwargs={"key": self.key}) if self.thumbnail else ""

    @property
    def record(self) -> Publishable:
        return self.victim or self.testimony or self.document
