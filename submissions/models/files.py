"""The files a family sends: kept with the submission (``SubmissionFile``), or, after a refused post of the form,
waiting for the same form to come back (``PendingUpload``). Both are stored under generated keys."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.models import MediaFile, Processing
from submissions.models.submission import Submission


def submission_file_name(instance: SubmissionFile, filename: str) -> str:
    """A generated key: the uploaded name never reaches storage."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"submissions/{instance.key.hex[:2]}/{instance.key.hex}.{extension}"


def submission_thumbnail_name(instance: SubmissionFile, filename: str) -> str:
    return f"submissions/thumbnails/{instance.key.hex[:2]}/{instance.key.hex}.jpg"


class ReceivedFile(models.Model):
    """What the archive learnt of a file a family sent (``archive.ingest.PreparedFile``), kept beside it."""

    Kind = MediaFile.Kind

    original_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=MediaFile.Kind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    source_sha256 = models.CharField(_("SHA-256 of the file as received"), max_length=64)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    duration = models.DecimalField(_("duration (seconds)"), max_digits=10, decimal_places=3, null=True, blank=True)
    codec = models.CharField(
        _("codec"),
        max_length=64,
        blank=True,
        help_text=_("As FFmpeg names it; video before sound, joined by “+”: opus, aac, pcm_s16le, h264+aac."),
    )
    processing = models.CharField(
        _("processing"), max_length=10, choices=Processing.choices, default=Processing.READY, editable=False
    )
    processing_error = models.TextField(_("why it could not be processed"), blank=True, editable=False)

    class Meta:
        abstract = True


class SubmissionFile(ReceivedFile):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("file"), upload_to=submission_file_name, max_length=200, blank=True)
    thumbnail = models.FileField(_("thumbnail"), upload_to=submission_thumbnail_name, max_length=200, blank=True)
    media_file = models.OneToOneField(
        MediaFile,
        verbose_name=_("media file made from it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submission_file",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    purged_at = models.DateTimeField(
        _("file deleted at"), null=True, blank=True, help_text=_("Spam: the bytes are deleted, the record is kept.")
    )

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")

    def __str__(self) -> str:
        return f"{self.submission.reference} {self.get_kind_display()} {self.key.hex[:8]}"

    def get_absolute_url(self) -> str:
        return reverse("submissions:file", kwargs={"key": self.key})

    def get_thumbnail_url(self) -> str:
        return reverse("submissions:thumbnail", kwargs={"key": self.key}) if self.thumbnail else ""


class PendingUploadQuerySet(models.QuerySet):
    def for_form(self, form_token: str) -> PendingUploadQuerySet:
        """The files received with one showing of the form; none without a token (a forged or expired stamp)."""
        return self.filter(form_token=form_token) if form_token else self.none()


class PendingUpload(ReceivedFile):
    """A file received with a form that came back with an error, kept until the same form (its one-time token) is
    sent again, so the family need not choose it or record it again. Private: no URL reaches it. Stored under the
    key and name its ``SubmissionFile`` will have, so sending the form only hands the stored file over."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    form_token = models.CharField(_("form token"), max_length=64, db_index=True, editable=False)
    file = models.FileField(_("file"), upload_to=submission_file_name, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=submission_thumbnail_name, max_length=200, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    objects = PendingUploadQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("file waiting for its form")
        verbose_name_plural = _("files waiting for their form")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key.hex[:8]}"

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1]
