"""A testimony's answer says what its page says of its transcript: the translations a reader may switch to (each a
WebVTT on the transcript's times) and which segments are a speech recognizer's uncorrected draft (issue #15 items 4
and 6 in the API of issue #16)."""

from __future__ import annotations

import pytest

from archive.models import SegmentTranslation, TranscriptSegment
from tests.api_tests.conftest import api

pytestmark = pytest.mark.django_db


def test_a_testimonys_transcript_lists_its_translations_and_marks_machine_drafts(client, archive):
    testimony = archive.testimony
    first = testimony.segments.get()
    draft = TranscriptSegment.objects.create(
        testimony=testimony, start=3, end=5, text="Maşın yazdı.", speaker_role="narrator", machine_draft=True
    )
    SegmentTranslation.objects.create(segment=first, language="ru", text="На улице были танки.")
    SegmentTranslation.objects.create(segment=draft, language="en", text="A machine wrote it.")

    transcript = api(client, f"testimonies/{testimony.identifier}").data["transcript"]

    assert [(segment["text"], segment["machine_draft"]) for segment in transcript["segments"]] == [
        ("Küçədə tanklar var idi.", False),
        ("Maşın yazdı.", True),
    ]
    base = f"http://testserver/testimonies/{testimony.identifier}/transcript"
    assert transcript["translations"] == [
        {"language": "en", "webvtt_url": f"{base}.en.vtt"},
        {"language": "ru", "webvtt_url": f"{base}.ru.vtt"},
    ]
    russian = client.get(transcript["translations"][1]["webvtt_url"].removeprefix("http://testserver"))
    assert russian.status_code == 200 and "На улице были танки." in russian.content.decode()


def test_a_transcript_without_translations_lists_none(client, archive):
    transcript = api(client, f"testimonies/{archive.testimony.identifier}").data["transcript"]

    assert transcript["translations"] == []
    assert [segment["machine_draft"] for segment in transcript["segments"]] == [False]
