"""An interview's index and transcript: points in a testimony's recording, each with its title, synopsis, keywords
and subjects in the three languages, the people and places it speaks of, a map point and links (the OHMS index's
fields); and the time-coded segments of its transcript with who speaks them.

Kept apart from the transcript's segments: an index point marks where a topic begins, a segment what is said;
a transcript in another language (a later track per language) does not change the index.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archive.models.publication import Translated
from archive.models.records import Testimony, Victim
from archive.models.reference import Place

LONGEST_RECORDING = Decimal(24 * 3600)  # no interview is a day long: a larger time is a typo


class IndexPoint(Translated, models.Model):
    """Where a topic of the interview begins: the table of contents beside the player."""

    testimony = models.ForeignKey(
        Testimony, verbose_name=_("testimony"), on_delete=models.CASCADE, related_name="index_points"
    )
    time = models.DecimalField(_("time (seconds)"), max_digits=9, decimal_places=3)
    title_az = models.CharField(_("title (Azerbaijani)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    partial_transcript_az = models.TextField(_("partial transcript (Azerbaijani)"), blank=True)
    partial_transcript_en = models.TextField(_("partial transcript (English)"), blank=True)
    partial_transcript_ru = models.TextField(_("partial transcript (Russian)"), blank=True)
    synopsis_az = models.TextField(_("synopsis (Azerbaijani)"), blank=True)
    synopsis_en = models.TextField(_("synopsis (English)"), blank=True)
    synopsis_ru = models.TextField(_("synopsis (Russian)"), blank=True)
    keywords_az = models.TextField(_("keywords (Azerbaijani)"), blank=True, help_text=_("Separated by semicolons."))
    keywords_en = models.TextField(_("keywords (English)"), blank=True, help_text=_("Separated by semicolons."))
    keywords_ru = models.TextField(_("keywords (Russian)"), blank=True, help_text=_("Separated by semicolons."))
    subjects_az = models.TextField(_("subjects (Azerbaijani)"), blank=True, help_text=_("Separated by semicolons."))
    subjects_en = models.TextField(_("subjects (English)"), blank=True, help_text=_("Separated by semicolons."))
    subjects_ru = models.TextField(_("subjects (Russian)"), blank=True, help_text=_("Separated by semicolons."))
    victims = models.ManyToManyField(
        Victim, verbose_name=_("people spoken of"), blank=True, related_name="index_points"
    )
    places = models.ManyToManyField(Place, verbose_name=_("places spoken of"), blank=True, related_name="index_points")
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    map_zoom = models.PositiveSmallIntegerField(_("map zoom"), null=True, blank=True)
    map_description = models.CharField(_("map point's description"), max_length=300, blank=True)
    history = HistoricalRecords(m2m_fields=[victims, places])

    class Meta:
        ordering = ["testimony", "time", "pk"]
        verbose_name = _("index point")
        verbose_name_plural = _("index points")
        constraints = [
            models.CheckConstraint(condition=models.Q(time__gte=0), name="index_point_at_or_after_zero"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="index_point_map_point_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.time}s {self.any_title}"

    @property
    def any_title(self) -> str:
        return self.title_az or self.title_en or self.title_ru

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if not self.any_title.strip():
            errors["title_az"] = _("Give the point a title in at least one language.")
        if self.time is not None and not (0 <= self.time <= LONGEST_RECORDING):
            errors["time"] = _("A time between the start and 24 hours.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _("Give both latitude and longitude.")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("A latitude between -90 and 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("A longitude between -180 and 180.")
        if self.map_zoom is not None and self.map_zoom > 20:
            errors["map_zoom"] = _("A zoom from 0 to 20.")
        if errors:
            raise ValidationError(errors)

    def keyword_list(self, field: str = "keywords", language: str | None = None) -> list[str]:
        text, _code = self.translated(field, language)
        return [word.strip() for word in text.split(";") if word.strip()]


class IndexHyperlink(models.Model):
    """A link an index point gives to read further (OHMS ``hyperlink`` with its ``hyperlink_text``)."""

    point = models.ForeignKey(IndexPoint, on_delete=models.CASCADE, related_name="hyperlinks")
    url = models.URLField(_("address"), max_length=500)
    text = models.CharField(_("link text"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["point", "pk"]
        verbose_name = _("index point link")
        verbose_name_plural = _("index point links")

    def __str__(self) -> str:
        return self.text or self.url


class TranscriptSegment(models.Model):
    """A time-coded piece of a testimony's transcript, said by the narrator, the interviewer, a person of the
    archive or someone named by a label."""

    class Speaker(models.TextChoices):
        NARRATOR = "narrator", _("The narrator")
        INTERVIEWER = "interviewer", _("The interviewer")
        PERSON = "person", _("A person in the archive")
        OTHER = "other", _("Someone else (named by the label)")

    testimony = models.ForeignKey(
        Testimony, verbose_name=_("testimony"), on_delete=models.CASCADE, related_name="segments"
    )
    start = models.DecimalField(_("starts at (seconds)"), max_digits=9, decimal_places=3)
    end = models.DecimalField(_("ends at (seconds)"), max_digits=9, decimal_places=3, null=True, blank=True)
    speaker_role = models.CharField(_("speaker"), max_length=12, choices=Speaker.choices, blank=True)
    speaker_person = models.ForeignKey(
        Victim,
        verbose_name=_("person speaking"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="segments_spoken",
    )
    speaker = models.CharField(
        _("speaker's label"), max_length=100, blank=True, help_text=_("The name shown for someone else.")
    )
    text = models.TextField(_("text"))
    # Written by a speech recognizer (archive.transcription) and not yet read by a person: shown as such until a
    # curator corrects the text or unticks it (the admin clears it when the text is edited).
    machine_draft = models.BooleanField(
        _("machine draft"),
        default=False,
        help_text=_("Written by a speech recognizer and not yet checked by a person. Untick once checked."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["testimony", "start"]
        verbose_name = _("transcript segment")
        verbose_name_plural = _("transcript segments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="segment_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=models.Q(start__gte=0), name="segment_starts_at_or_after_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.start}s {self.text[:40]}"

    def clean(self) -> None:
        super().clean()
        if self.speaker_role == self.Speaker.PERSON and self.speaker_person_id is None:
            raise ValidationError({"speaker_person": _("Choose the person speaking.")})
        if self.speaker_role != self.Speaker.PERSON and self.speaker_person_id is not None:
            raise ValidationError({"speaker_role": _("A linked person speaks as 'A person in the archive'.")})

    def speaker_name(self, *, public: bool, person_shown: bool = True) -> str:
        """Who speaks, as written in a transcript: the narrator as the public may see them when ``public``; a linked
        person by their name where ``person_shown`` (their record is public), else by the label."""
        testimony = self.testimony
        if self.speaker_role == self.Speaker.NARRATOR:
            return testimony.narrator_display if public else testimony.narrator_name
        if self.speaker_role == self.Speaker.INTERVIEWER:
            return testimony.interviewer or str(_("Interviewer"))
        if self.speaker_role == self.Speaker.PERSON and self.speaker_person is not None and person_shown:
            return self.speaker_person.shown_name
        return self.speaker


TRANSLATION_LANGUAGES = [("az", _("Azerbaijani")), ("en", _("English")), ("ru", _("Russian"))]


class SegmentTranslation(models.Model):
    """A transcript segment's text in another language: the translations of a transcript are parallel tracks that
    share the original's segments, so their times are the original's and never drift apart. A row per segment and
    language keeps the segment itself as it was (the transcript editor splits and joins segments, not texts in
    three languages), and its own history says who translated what."""

    segment = models.ForeignKey(
        TranscriptSegment, verbose_name=_("segment"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=2, choices=TRANSLATION_LANGUAGES)
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["segment", "language"]
        verbose_name = _("translation of a segment")
        verbose_name_plural = _("translations of the segment")
        constraints = [
            models.UniqueConstraint(fields=["segment", "language"], name="one_translation_per_segment_and_language")
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.text[:40]}"


def classify_speaker(testimony: Testimony, text: str) -> tuple[str, str]:
    """The speaker's role for a free-text name (the narrator's or interviewer's name, or those words), and the
    label kept: "" for the narrator and interviewer, the text for anyone else."""
    value = text.strip().casefold()
    if not value:
        return "", ""
    narrators = {"narrator", "rəvayətçi", "рассказчик", "рассказчица"}
    interviewers = {"interviewer", "müsahibəçi", "интервьюер"}
    if value in narrators or value in {
        testimony.narrator_name.strip().casefold(),
        testimony.narrator_pseudonym.strip().casefold(),
    } - {""}:
        return TranscriptSegment.Speaker.NARRATOR, ""
    if value in interviewers or (testimony.interviewer and value == testimony.interviewer.strip().casefold()):
        return TranscriptSegment.Speaker.INTERVIEWER, ""
    return TranscriptSegment.Speaker.OTHER, text.strip()
