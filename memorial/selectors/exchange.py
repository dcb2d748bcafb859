"""What the public's exchange files of a testimony hold: its index and transcript as the page shows them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from archive.exchange.records import cues_of
from archive.exchange.webvtt import Cue
from archive.models import IndexPoint, MediaFile, Testimony, Victim
from memorial.selectors.common import listed
from memorial.selectors.records import PLAYABLE, _public_or_404
from memorial.selectors.transcripts import (
    TRANSCRIPT_LANGUAGE_NAMES,
    public_segments,
    segment_translations,
    translated_segments,
)


@dataclass
class ExchangeData:
    testimony: Testimony
    points: list[IndexPoint]
    cues: list[Cue]
    recording: MediaFile | None
    translations: dict[str, list[Cue]] = field(default_factory=dict)  # the transcript's, by language


def testimony_exchange(identifier: str) -> ExchangeData:
    """A public testimony's index and transcript; 404 unless its media are open (the index tells what the recording
    says, as the transcript does), or when it has neither."""
    testimony = _public_or_404(Testimony.objects.with_public_media(), identifier)
    recording = testimony.media.not_withheld().filter(role=MediaFile.Role.RECORDING, kind__in=PLAYABLE).first()
    points = list(
        IndexPoint.objects.filter(testimony=testimony).prefetch_related(
            Prefetch("victims", queryset=listed(Victim.objects.public()), to_attr="shown_victims"),
            "places",
            "hyperlinks",
        )
    )
    # The transcript as the public sees it: an anonymous narrator's name never in a speaker.
    rows = list(testimony.segments.select_related("speaker_person"))
    segments = public_segments(testimony, rows)
    duration = recording.duration if recording else None
    translations = {}
    found = segment_translations(rows)
    for language in (code for code in TRANSCRIPT_LANGUAGE_NAMES if code in found):  # OHMS takes the first it can
        shown = translated_segments(rows, segments, found[language])
        cues = cues_of(shown, duration)  # the times of every segment, then those not translated left out
        translations[language] = [cue for cue, segment in zip(cues, shown, strict=True) if not segment.untranslated]
    return ExchangeData(testimony, points, cues_of(segments, duration), recording, translations)
