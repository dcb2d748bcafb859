"""Records of every kind and state for the API's tests: what the public may see, and everything it may not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from archive.models import Access, IndexPoint, MediaFile, Status, Testimony, Victim
from curation.merging import victims_merge
from tests.factories import (
    DocumentFactory,
    EventFactory,
    PlaceFactory,
    SourceFactory,
    TestimonyFactory,
    VictimFactory,
)
from tests.memorial_tests.test_records import add_segments, attach, attach_recording, png_bytes


def api(client, path: str, **params):
    """GET an API address and its JSON (or None when the answer has no JSON body)."""
    response = client.get(f"/api/v1/{path}", params)
    response.data = response.json() if response["Content-Type"].startswith("application/json") else None
    return response


@dataclass
class Archive:
    """One public record of each kind with everything it can show, and the hidden ones beside them."""

    baku: object
    victim: Victim
    metadata_victim: Victim
    testimony: Testimony
    metadata_testimony: Testimony
    anonymous_testimony: Testimony
    document: object
    withdrawn: Victim
    merged: Victim
    hidden: list
    portrait: MediaFile
    recording: MediaFile
    page_scan: MediaFile


@pytest.fixture
def archive(db, curator) -> Archive:
    tomorrow = timezone.localdate() + timedelta(days=1)
    baku = PlaceFactory(slug="baku", name_az="Bakı", name_en="Baku", name_ru="Баку")
    source = SourceFactory(key="hrw-1991", title="Black January in Azerbaijan", author="Human Rights Watch")
    victim = VictimFactory(
        surname_az="Məmmədov",
        given_name_az="Əli",
        surname_ru="Мамедов",
        given_name_ru="Али",
        surname_en="Mammadov",
        given_name_en="Ali",
        gender="m",
        birth_date="1965",
        death_date="1990-01-20",
        incident_place=baku,
        biography_az="Tələbə idi.",
    )
    victim.sources.add(source)
    portrait = attach(victim, png_bytes(), "portrait.png", MediaFile.Role.PORTRAIT)
    metadata_victim = VictimFactory(surname_az="Qasımov", access=Access.METADATA)
    attach(metadata_victim, png_bytes("red"), "closed.png", MediaFile.Role.PORTRAIT)

    testimony = TestimonyFactory(title="Gecə", recorded_place=baku, languages=["az", "ru"], recorded_date="1995")
    testimony.victims.add(victim)
    recording = attach_recording(testimony)
    add_segments(testimony, [("1.5", "Narrator", "Küçədə tanklar var idi.")])
    point = IndexPoint.objects.create(
        testimony=testimony, time=Decimal("0.5"), title_az="Tanklar", synopsis_en="Tanks in the street."
    )
    point.victims.add(victim)
    metadata_testimony = TestimonyFactory(
        title="Bağlı", access=Access.METADATA, transcript="Closed words.", languages=["ru"]
    )
    anonymous_testimony = TestimonyFactory(
        title="Adsız",
        narrator_name="Gizli Ad",
        narrator_consent=Testimony.Consent.ANONYMOUS,
        narrator_pseudonym="L. M.",
        narrator_relationship="bacısı",
    )
    document = DocumentFactory(title="Arayış", kind="certificate", date="1990-01", transcription="Mətn.")
    document.victims.add(victim)
    page_scan = attach(document, png_bytes("blue"), "page.png", MediaFile.Role.PAGE)
    EventFactory(key="troops-enter", title_az="Qoşunlar girir", date="1990-01-20", place=baku).sources.add(source)

    withdrawn = VictimFactory(surname_az="Geriçəkilmiş")
    withdrawn.published_at = timezone.now()
    withdrawn.withdraw("A mistake in the list.", public_note="Duplicated an existing record.")
    withdrawn.save()
    merged = VictimFactory(surname_az="Məmmədov", given_name_az="Əli", surname_ru="", death_date="1990-01")
    victims_merge(kept=victim, other=merged, user=curator, reason="One person.")
    merged.refresh_from_db()

    private_place = PlaceFactory(slug="only-for-drafts")
    private_source = SourceFactory(key="private-letter")
    draft = VictimFactory(surname_az="Qaralama", status=Status.DRAFT, incident_place=private_place)
    draft.sources.add(private_source)
    hidden = [
        draft,
        VictimFactory(surname_az="Gizli", access=Access.PRIVATE),
        VictimFactory(surname_az="Embarqo", embargo_until=tomorrow),
        TestimonyFactory(title="Qaralama", status=Status.DRAFT),
        TestimonyFactory(title="Arxiv", narrator_consent=Testimony.Consent.ARCHIVE_ONLY, status=Status.DRAFT),
        TestimonyFactory(title="Embarqo", embargo_until=tomorrow),
        DocumentFactory(title="Gizli", access=Access.PRIVATE),
        DocumentFactory(title="Geri", status=Status.WITHDRAWN),
        EventFactory(key="draft-event", status=Status.DRAFT),
    ]
    return Archive(
        baku=baku,
        victim=victim,
        metadata_victim=metadata_victim,
        testimony=testimony,
        metadata_testimony=metadata_testimony,
        anonymous_testimony=anonymous_testimony,
        document=document,
        withdrawn=withdrawn,
        merged=merged,
        hidden=hidden,
        portrait=portrait,
        recording=recording,
        page_scan=page_scan,
    )
