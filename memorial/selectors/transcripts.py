"""A testimony's transcript as the public reads it: its segments (an anonymous narrator's name never in them), and
its translations, each a parallel track on the same segments (``archive.models.SegmentTranslation``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from archive.models import SegmentTranslation, Testimony, TranscriptSegment, Victim


@dataclass(frozen=True)
class Segment:
    """A transcript line as the public sees it: an anonymous narrator's real name never reaches it."""

    start: Decimal
    end: Decimal | None
    speaker: str
    text: str
    role: str = ""  # TranscriptSegment.Speaker, "" when unsaid
    person: str = ""  # the identifier of a public person speaking
    machine_draft: bool = False  # a speech recognizer's words, not yet checked by a person
    untranslated: bool = False  # shown in a translation's place, in the original's words: not translated yet

    @property
    def seconds(self) -> str:
        """The start as a media-fragment number: ``12.5``, ``3``."""
        return f"{self.start.normalize():f}"


TRANSCRIPT_LANGUAGE_NAMES = {"az": _("Azerbaijani"), "en": _("English"), "ru": _("Russian")}


@dataclass(frozen=True)
class TranscriptVersion:
    """The transcript as spoken (``translation`` "") or one of its translations, as the page offers it."""

    translation: str  # the translation's language; "" for the original
    language: str  # the language its text is in, as ``lang`` and ``srclang`` name it; "" if unknown
    current: bool  # the one the page shows

    @property
    def name(self) -> str:
        return str(TRANSCRIPT_LANGUAGE_NAMES.get(self.language, ""))


def public_segments(testimony: Testimony, segments: list[TranscriptSegment]) -> list[Segment]:
    """Segments as shown: a speaker named like an anonymous narrator is shown by the narrator's pseudonym."""
    hidden_name = ""
    if testimony.narrator_consent != Testimony.Consent.NAMED:
        hidden_name = testimony.narrator_name.strip().casefold()
    people = {segment.speaker_person_id for segment in segments if segment.speaker_person_id}
    # One query, only where a person of the archive speaks: their name is shown only if their record is public.
    public_people = set(Victim.objects.public().filter(pk__in=people).values_list("pk", flat=True)) if people else set()
    shown = []
    for segment in segments:
        segment.testimony = testimony  # the one already read, not a query per segment
        person_shown = segment.speaker_person_id in public_people
        speaker = segment.speaker_name(public=True, person_shown=person_shown)
        if hidden_name and speaker.strip().casefold() == hidden_name:
            speaker = testimony.narrator_display
        person = segment.speaker_person.identifier if person_shown else ""
        shown.append(
            Segment(
                start=segment.start,
                end=segment.end,
                speaker=speaker,
                text=segment.text,
                role=segment.speaker_role if person_shown or segment.speaker_role != "person" else "other",
                person=person,
                machine_draft=segment.machine_draft,
            )
        )
    return shown


def segment_translations(segments: list[TranscriptSegment]) -> dict[str, dict[int, str]]:
    """The translations of these segments: language → segment's pk → text. One query."""
    found: dict[str, dict[int, str]] = {}
    if segments:
        rows = SegmentTranslation.objects.filter(segment__in=[segment.pk for segment in segments])
        for segment_id, language, text in rows.values_list("segment_id", "language", "text"):
            found.setdefault(language, {})[segment_id] = text
    return found


def translated_segments(
    rows: list[TranscriptSegment], shown: list[Segment], translations: dict[int, str]
) -> list[Segment]:
    """The segments as shown in a translation: its text where a segment has one, else the original's, marked."""
    return [
        replace(segment, text=translations[row.pk]) if translations.get(row.pk) else replace(segment, untranslated=True)
        for row, segment in zip(rows, shown, strict=True)
    ]
