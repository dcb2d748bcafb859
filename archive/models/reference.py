"""Places, events on the timeline, bibliographic sources and the subject vocabulary."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archive.models.fields import DateBoundField, PartialDateField
from archive.models.publication import Publishable, Translated


class Source(models.Model):
    """A published or archival source that backs a fact."""

    key = models.SlugField(_("key"), max_length=80, unique=True, help_text=_("Short stable name, e.g. hrw-1991."))
    author = models.CharField(_("author"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher or periodical"), max_length=300, blank=True)
    date = models.CharField(_("date of publication"), max_length=40, blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    accessed = models.DateField(_("accessed"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["author", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        parts = [self.author, f"“{self.title}”", self.publisher, self.date]
        return ". ".join(part for part in parts if part)


class Subject(Translated, models.Model):
    """A term of the controlled vocabulary that curators keep for testimonies."""

    slug = models.SlugField(_("key"), max_length=80, unique=True)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_az"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self) -> str:
        return self.translated("name")[0]


class Place(Translated, models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("City or town")
        DISTRICT = "district", _("District")
        STREET = "street", _("Street or square")
        BUILDING = "building", _("Building")
        CEMETERY = "cemetery", _("Cemetery or memorial")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("key"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    historical_names = models.CharField(
        _("earlier names"), max_length=300, blank=True, help_text=_("Names in use in 1990, if different.")
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("within"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    description_az = models.TextField(_("description (Azerbaijani)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="places")
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["name_az"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_both_or_neither",
            )
        ]

    def __str__(self) -> str:
        return self.translated("name")[0]


class Event(Translated, Publishable):
    """A dated happening on the timeline of the events."""

    title_az = models.CharField(_("title (Azerbaijani)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    date = PartialDateField(_("date"))
    date_earliest = DateBoundField(source="date", bound="earliest", db_index=True)
    date_latest = DateBoundField(source="date", bound="latest")
    time = models.TimeField(_("time of day"), null=True, blank=True, help_text=_("Local time, where known."))
    place = models.ForeignKey(
        Place, verbose_name=_("place"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    description_az = models.TextField(_("description (Azerbaijani)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="events")
    key = models.SlugField(_("key"), max_length=80, unique=True, null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["date_earliest", "time", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.date} — {self.translated('title')[0]}"
