"""What the IIIF app keeps of its own: which stored page images have their Image API level 0 tiles made, where."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.models import MediaFile


class ImageTilesQuerySet(models.QuerySet):
    def ready(self) -> ImageTilesQuerySet:
        return self.filter(state=ImageTiles.State.READY)


class ImageTiles(models.Model):
    """The static tiles and full-image sizes of one document image (``iiif.tiling``), made from the stored file whose
    SHA-256 they record. Their files live under ``folder`` in the project's (private) storage and reach the public
    only through ``/iiif/image/<key>/…``, which applies the publication rule."""

    class State(models.TextChoices):
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    media = models.OneToOneField(
        MediaFile, verbose_name=_("media file"), on_delete=models.CASCADE, related_name="iiif_tiles"
    )
    source_sha256 = models.CharField(
        _("SHA-256 of the image they were made from"),
        max_length=64,
        help_text=_("When the stored file changes, its tiles are made again."),
    )
    folder = models.CharField(_("folder in storage"), max_length=200, blank=True)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    tile_size = models.PositiveSmallIntegerField(_("tile size"), default=0)
    scale_factors = models.JSONField(_("scale factors"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.READY)
    error = models.TextField(_("why they could not be made"), blank=True)
    built_at = models.DateTimeField(_("made at"), auto_now=True)

    objects = ImageTilesQuerySet.as_manager()

    class Meta:
        verbose_name = _("IIIF image tiles")
        verbose_name_plural = _("IIIF image tiles")

    def __str__(self) -> str:
        return f"{self.media_id}: {self.width}×{self.height} ({self.get_state_display()})"

    @classmethod
    def stored_folders(cls) -> list[str]:
        """The folders whose every file a row keeps (``archive.orphans``): the tiles of each image, as made."""
        return list(cls.objects.exclude(folder="").values_list("folder", flat=True))
