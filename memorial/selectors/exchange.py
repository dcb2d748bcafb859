"""What the public's exchange files of a testimony hold: its index and transcript as the page shows them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from archive.exchange.records import cues_of
from archive.exchange.webvtt import Cue
from archive.models import IndexPoint, MediaFile, Testimony, Victim
from memorial.selectors.common import listed
from memorial.selectors.records import PLAYABLE, _public_or_404, public_segments


@dataclass
class ExchangeData:
    testimony: Testimony
    points: list[IndexPoint]
    cues: list[Cue]
    recording: MediaFile | None


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
    segments = public_segments(testimony, list(testimony.segments.select_related("speaker_person")))
    return ExchangeData(testimony, points, cues_of(segments, recording.duration if recording else None), recording)
