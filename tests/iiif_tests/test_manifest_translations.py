"""A testimony's translated transcript in its manifest: each translation is a captions track a IIIF viewer offers,
as the site's own player offers it (issue #15 item 4 in the IIIF of issue #16)."""

from __future__ import annotations

import json
import logging

import pytest
from piffle.iiif_dataclasses.presentation3 import IIIFPresentation3, Manifest3

from archive.models import SegmentTranslation
from tests.factories import TestimonyFactory
from tests.iiif_tests.conftest import schema_errors, segment

pytestmark = pytest.mark.django_db
BASE = "http://testserver"


def test_each_translation_of_the_transcript_is_a_captions_track_of_the_recording(
    client, attach_recording, presentation_schema, caplog, tmp_path
):
    testimony = TestimonyFactory(languages=["az"])
    attach_recording(testimony, seconds=3.0)
    first = segment(testimony, "0", "1.5", "Gecə idi.")
    second = segment(testimony, "1.5", "3", "Tanklar gəldi.")
    SegmentTranslation.objects.create(segment=first, language="ru", text="Была ночь.")
    SegmentTranslation.objects.create(segment=first, language="en", text="It was night.")
    SegmentTranslation.objects.create(segment=second, language="en", text="The tanks came.")

    response = client.get(f"/iiif/{testimony.identifier}/manifest")

    assert response.status_code == 200
    manifest = json.loads(response.content)
    assert schema_errors(presentation_schema, manifest) == []
    saved = tmp_path / "manifest.json"
    saved.write_bytes(response.content)
    with caplog.at_level(logging.WARNING, logger="piffle"):
        assert isinstance(IIIFPresentation3.load(str(saved)), Manifest3)
    (canvas,) = manifest["items"]
    tracks = canvas["annotations"][0]["items"]
    assert [(track["motivation"], track["target"]) for track in tracks] == [("supplementing", canvas["id"])] * 3
    vtt = f"{BASE}/testimonies/{testimony.identifier}/transcript"
    assert [(track["body"]["id"], track["body"]["language"]) for track in tracks] == [
        (f"{vtt}.vtt", "az"),
        (f"{vtt}.en.vtt", "en"),
        (f"{vtt}.ru.vtt", "ru"),
    ]
    assert len({track["id"] for track in tracks}) == 3
    assert tracks[1]["body"]["label"]["en"] == ["Translation (English)"]
    assert tracks[1]["body"]["format"] == "text/vtt"
    # Each track answers with its own words on the original's times (a line not translated is left out).
    english = client.get(tracks[1]["body"]["id"].removeprefix(BASE)).content.decode()
    assert "00:00:00.000 --> 00:00:01.500" in english and "It was night." in english and "The tanks came." in english
    russian = client.get(tracks[2]["body"]["id"].removeprefix(BASE)).content.decode()
    assert "Была ночь." in russian and "Tanklar" not in russian


def test_a_transcript_without_translations_is_one_track(client, attach_recording):
    testimony = TestimonyFactory(languages=["az"])
    attach_recording(testimony, seconds=3.0)
    segment(testimony, "0", "1.5", "Gecə idi.")

    manifest = json.loads(client.get(f"/iiif/{testimony.identifier}/manifest").content)

    (track,) = manifest["items"][0]["annotations"][0]["items"]
    assert track["body"]["id"] == f"{BASE}/testimonies/{testimony.identifier}/transcript.vtt"


def test_a_transcript_with_machine_draft_lines_says_so_until_a_person_has_checked_them(client, attach_recording):
    testimony = TestimonyFactory(languages=["az"])
    attach_recording(testimony, seconds=3.0)
    segment(testimony, "0", "1.5", "Gecə idi.")
    draft = segment(testimony, "1.5", "3", "Tank lar gəldi.")
    draft.machine_draft = True
    draft.save()

    def label() -> dict:
        manifest = json.loads(client.get(f"/iiif/{testimony.identifier}/manifest").content)
        return manifest["items"][0]["annotations"][0]["items"][0]["body"]["label"]

    assert label()["en"] == ["Transcript (partly a machine draft, not yet checked by a person)"]
    draft.machine_draft, draft.text = False, "Tanklar gəldi."  # a curator corrected it
    draft.save()
    assert label()["en"] == ["Transcript"]
