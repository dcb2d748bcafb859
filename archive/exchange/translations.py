"""Translations of a testimony's transcript as WebVTT: one file per language, on the original's times.

A translation is a parallel track: its cues are the original's segments, with the same start and end, in another
language. An import reads the file strictly (as ``webvtt.read``) and then asks that each cue start and end exactly
where a segment of the transcript does; a cue off by a millisecond, or one where the transcript has no segment,
refuses the file with its line, and nothing is saved. A file may leave segments out (a silence, a line not yet
translated): the translation in that language is replaced by the file's cues, segment by segment.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from archive.exchange import webvtt
from archive.exchange.errors import ExchangeError, Problem, Problems
from archive.exchange.records import StaffSegment, cues_of, staff_segments
from archive.exchange.timecodes import clock
from archive.models import MediaFile, SegmentTranslation, Testimony, TranscriptSegment
from archive.models.oralhistory import TRANSLATION_LANGUAGES
from archive.signals import records_changed_in_bulk

LANGUAGES = tuple(code for code, _name in TRANSLATION_LANGUAGES)


def _recording_duration(testimony: Testimony) -> Decimal | None:
    recording = testimony.media.filter(role=MediaFile.Role.RECORDING).first()
    return recording.duration if recording is not None else None


def translated_cues(segments: Sequence, translations: dict[int, str], duration: Decimal | None) -> list[webvtt.Cue]:
    """The cues of a translation: the original's cues (times, speakers) of the segments translated, with the
    translated text. ``segments``: as ``cues_of`` takes them, each with its ``pk``; ``translations``: text by pk."""
    cues = cues_of(list(segments), duration)
    return [
        webvtt.Cue(cue.start, cue.end, cue.speaker, translations[segment.pk], role=cue.role, person=cue.person)
        for segment, cue in zip(segments, cues, strict=True)
        if translations.get(segment.pk)
    ]


def translation_languages(testimony: Testimony) -> list[str]:
    """The languages the testimony's transcript is translated into, in the archive's order."""
    found = set(
        SegmentTranslation.objects.filter(segment__testimony=testimony).values_list("language", flat=True).distinct()
    )
    return [code for code in LANGUAGES if code in found]


def import_translation(testimony: Testimony, language: str, content: bytes, *, filename: str = "") -> int:
    """Replace the transcript's translation into ``language`` with the file's cues; their number. ``ExchangeError``
    with each problem and its line if the file is not strict WebVTT or a cue is not on a segment's times."""
    if language not in LANGUAGES:
        raise ExchangeError([Problem(None, _("A translation is into Azerbaijani, English or Russian."))])
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ExchangeError([Problem(None, _("A WebVTT file is UTF-8 text."))]) from None
    cues = webvtt.read(text)
    with transaction.atomic():
        segments = list(TranscriptSegment.objects.select_for_update().filter(testimony=testimony).order_by("start"))
        matched = match_segments(segments, cues, _recording_duration(testimony))
        reason = _("Imported translation (%(language)s) from WebVTT %(file)s") % {
            "language": language,
            "file": filename or "",
        }
        return replace_translation(testimony, language, matched, reason)


def match_segments(
    segments: list[TranscriptSegment], cues: list[webvtt.Cue], duration: Decimal | None
) -> list[tuple[TranscriptSegment, str]]:
    """Each cue's segment (the one with the same start and end, as the original's WebVTT writes them) and text."""
    problems = Problems()
    if not segments:
        raise ExchangeError([Problem(None, _("The testimony has no time-coded transcript to translate."))])
    by_start = {
        clock(cue.start, milliseconds=True): (segment, cue)
        for segment, cue in zip(segments, cues_of(segments, duration), strict=True)
    }
    matched = []
    for cue in cues:
        start = clock(cue.start, milliseconds=True)
        if start not in by_start:
            problems.add(cue.line, _("No segment of the transcript starts at %s.") % start)
            continue
        segment, original = by_start[start]
        end = clock(original.end, milliseconds=True)
        if clock(cue.end, milliseconds=True) != end:
            problems.add(
                cue.line,
                _("The segment starting at %(start)s ends at %(end)s; a translation keeps the original's times.")
                % {"start": start, "end": end},
            )
            continue
        matched.append((segment, cue.text))
    problems.raise_any()
    return matched


def replace_translation(
    testimony: Testimony, language: str, matched: list[tuple[TranscriptSegment, str]], reason: str
) -> int:
    """Delete the transcript's translation into ``language`` and write ``matched`` (segment, text) in its place, each
    row's history saying why. Inside the caller's transaction."""
    for old in SegmentTranslation.objects.filter(segment__testimony=testimony, language=language):
        old._change_reason = reason
        old.delete()
    rows = []
    for segment, text in matched:
        row = SegmentTranslation(segment=segment, language=language, text=text)
        row._change_reason = reason
        rows.append(row)
    created = bulk_create_with_history(rows, SegmentTranslation, default_change_reason=reason)
    # A bulk insert sends no post_save: the search index and the content version follow this signal instead.
    records_changed_in_bulk.send(sender=SegmentTranslation, pks=[row.pk for row in created if row.pk])
    return len(rows)


def staff_translation_cues(testimony: Testimony) -> dict[str, list[webvtt.Cue]]:
    """Every translation of the transcript as cues (speakers as written), by language: the staff's files."""
    segments = [_Keyed(row.pk, item) for row, item in zip(*_staff_rows(testimony), strict=True)]
    texts: dict[str, dict[int, str]] = {}
    rows = SegmentTranslation.objects.filter(segment__testimony=testimony)
    for segment_id, language, text in rows.values_list("segment_id", "language", "text"):
        texts.setdefault(language, {})[segment_id] = text
    duration = _recording_duration(testimony)
    return {code: translated_cues(segments, texts[code], duration) for code in LANGUAGES if code in texts}


def staff_translation_webvtt(testimony: Testimony, language: str) -> str:
    """The translation into ``language`` as the staff's WebVTT (speakers as written), for export."""
    return webvtt.write(staff_translation_cues(testimony).get(language, []))


def _staff_rows(testimony: Testimony) -> tuple[list[TranscriptSegment], list[StaffSegment]]:
    rows = list(testimony.segments.select_related("speaker_person"))
    return rows, staff_segments(testimony, rows)


class _Keyed:
    """A segment as ``cues_of`` reads it, with the primary key of its row."""

    def __init__(self, pk: int, segment: StaffSegment) -> None:
        self.pk = pk
        self.start, self.end, self.speaker, self.text = segment.start, segment.end, segment.speaker, segment.text
        self.role, self.person = segment.role, segment.person
