"""A record's bag keeps what curators wrote about it, not only its files: a testimony's time-coded transcript, its
translations and its index (WebVTT and OHMS XML), a document's transcription. The public export holds them exactly
as the public downloads them, and only where the record's full text is public; the staff's (--all) as staff export
them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import bagit
import pytest
from django.core.management import call_command

from archive.models import Access, IndexPoint, SegmentTranslation, Testimony, TranscriptSegment
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db


def texts(bag: Path) -> dict[str, bytes]:
    bagit.Bag(str(bag)).validate()
    folder = bag / "data" / "metadata"
    return {
        path.name: path.read_bytes()
        for path in folder.iterdir()
        if path.name not in {"record.json", "mods.xml", "oai_dc.xml"}
    }


@pytest.fixture
def interview():
    testimony = TestimonyFactory(
        narrator_name="Aynur Quliyeva",
        narrator_consent=Testimony.Consent.ANONYMOUS,
        narrator_pseudonym="A. Q.",
        languages=["az"],
    )
    first = TranscriptSegment.objects.create(
        testimony=testimony, start=Decimal("0"), end=Decimal("2"), text="Gecə idi.", speaker_role="narrator"
    )
    TranscriptSegment.objects.create(
        testimony=testimony, start=Decimal("2"), end=Decimal("4"), text="Tanklar gəldi.", speaker_role="narrator"
    )
    SegmentTranslation.objects.create(segment=first, language="en", text="It was night.")
    point = IndexPoint.objects.create(testimony=testimony, time=Decimal("0"), title_en="The night")
    point.victims.add(VictimFactory(surname_az="Açıqov"), VictimFactory(surname_az="Gizliyev", access=Access.PRIVATE))
    return testimony


def test_a_public_testimonys_bag_holds_its_transcript_translations_and_index_as_the_public_downloads_them(
    client, interview, tmp_path
):
    call_command("export_bag", interview.identifier, "--output", str(tmp_path))

    found = texts(tmp_path / interview.identifier)

    assert set(found) == {"transcript.vtt", "transcript.en.vtt", "ohms.xml"}
    base = f"/testimonies/{interview.identifier}"
    assert found["transcript.vtt"] == client.get(f"{base}/transcript.vtt").content
    assert found["transcript.en.vtt"] == client.get(f"{base}/transcript.en.vtt").content
    ohms = found["ohms.xml"].decode()
    assert f"<accession>{interview.identifier}</accession>" in ohms and "The night" in ohms and "Tanklar" in ohms
    assert "Açıqov" in ohms
    assert "Quliyeva" not in ohms + found["transcript.vtt"].decode() and "Gizliyev" not in ohms


def test_a_closed_testimony_is_bagged_without_its_text_except_for_staff(interview, tmp_path):
    Testimony.objects.filter(pk=interview.pk).update(access=Access.METADATA)

    call_command("export_bag", interview.identifier, "--output", str(tmp_path / "public"))
    call_command("export_bag", interview.identifier, "--all", "--output", str(tmp_path / "staff"))

    assert texts(tmp_path / "public" / interview.identifier) == {}
    staff = texts(tmp_path / "staff" / interview.identifier)
    assert set(staff) == {"transcript.vtt", "transcript.en.vtt", "ohms.xml"}
    assert "Quliyeva" in staff["ohms.xml"].decode() and "Gizliyev" in staff["ohms.xml"].decode()


def test_a_documents_transcription_is_bagged_where_the_public_may_read_it(tmp_path):
    open_letter = DocumentFactory(transcription="Əziz ailəm, hamı qara geyinib.")
    closed_letter = DocumentFactory(transcription="Gizli mətn.", access=Access.METADATA)

    call_command("export_bag", "--output", str(tmp_path))

    assert texts(tmp_path / open_letter.identifier) == {
        "transcription.txt": "Əziz ailəm, hamı qara geyinib.\n".encode()
    }
    assert texts(tmp_path / closed_letter.identifier) == {}


def test_a_demonstration_records_bag_says_it_is_invented_and_a_real_ones_does_not(tmp_path):
    invented = VictimFactory(is_demo=True)
    real = VictimFactory()

    call_command("export_bag", "--output", str(tmp_path))

    demo_bag, real_bag = bagit.Bag(str(tmp_path / invented.identifier)), bagit.Bag(str(tmp_path / real.identifier))
    demo_bag.validate()
    assert demo_bag.info["Internal-Sender-Description"].startswith("Invented demonstration data")
    assert "Internal-Sender-Description" not in real_bag.info
    record = tmp_path / invented.identifier / "data" / "metadata" / "record.json"
    assert json.loads(record.read_text())["is_demo"] is True
    assert json.loads((tmp_path / real.identifier / "data/metadata/record.json").read_text())["is_demo"] is False
