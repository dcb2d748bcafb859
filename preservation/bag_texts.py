"""The texts a record's bag carries beside its description: a testimony's time-coded transcript and its translations
as WebVTT and its index with the transcript as OHMS XML, a document's transcription as plain text. Without them a
bag of an oral history would keep the recording but lose what curators wrote about it, which only the database holds.

A public bag holds exactly what the public downloads (``/testimonies/<identifier>/transcript.vtt``,
``transcript.<language>.vtt``, ``ohms.xml``): only where the record's full text is public, the narrator as their
consent allows, only public people linked. A staff bag (``--all``) holds the staff's exports: every speaker as
written and every linked person, whatever the record's access.
"""

from __future__ import annotations

from django.db.models import Model, Prefetch

from archive.exchange import webvtt
from archive.exchange.records import cues_of, ohms_file, staff_segments
from archive.exchange.translations import staff_translation_cues
from archive.models import Document, MediaFile, Testimony, Victim
from memorial.selectors.exchange import testimony_exchange


def record_texts(record: Model, *, base_url: str, include_private: bool) -> dict[str, bytes]:
    """The record's text files by name (``transcript.vtt``, ``transcript.en.vtt``, ``ohms.xml``,
    ``transcription.txt``); none where the public may not read its full text, unless ``include_private``."""
    if isinstance(record, Testimony):
        return _testimony_texts(record, base_url=base_url, include_private=include_private)
    if isinstance(record, Document):
        shown = include_private or Document.objects.with_public_media().filter(pk=record.pk).exists()
        text = record.transcription.strip() if shown else ""
        return {"transcription.txt": f"{text}\n".encode()} if text else {}
    return {}


def _testimony_texts(testimony: Testimony, *, base_url: str, include_private: bool) -> dict[str, bytes]:
    if include_private:
        points = list(
            testimony.index_points.prefetch_related(
                Prefetch("victims", queryset=Victim.objects.all(), to_attr="shown_victims"), "places", "hyperlinks"
            )
        )
        recording = testimony.media.filter(role=MediaFile.Role.RECORDING).order_by("order", "pk").first()
        cues = cues_of(staff_segments(testimony), recording.duration if recording else None)
        translations = staff_translation_cues(testimony)
        narrator = testimony.narrator_name
    else:
        if not Testimony.objects.with_public_media().filter(pk=testimony.pk).exists():
            return {}
        data = testimony_exchange(testimony.identifier)
        points, cues, recording, translations = data.points, data.cues, data.recording, data.translations
        narrator = testimony.narrator_display
    texts: dict[str, bytes] = {}
    if cues:
        texts["transcript.vtt"] = webvtt.write(cues).encode()
    for language, translated in translations.items():
        if translated:
            texts[f"transcript.{language}.vtt"] = webvtt.write(translated).encode()
    if points or cues:
        texts["ohms.xml"] = ohms_file(
            testimony,
            points,
            cues,
            site=base_url.rstrip("/"),
            recording=recording,
            narrator=narrator,
            translations=translations,
        )
    return texts
