"""A record in Dublin Core and MODS: what a harvester or a bag receives, valid against the schemas, and nothing the
public may not see."""

from __future__ import annotations

from datetime import UTC

import pytest

from archive.exchange.dublin_core import oai_dc_bytes, oai_dc_element
from archive.exchange.mods import mods_bytes, mods_element
from archive.ingest import prepare_upload
from archive.models import Access, Document, MediaFile, Status, Testimony
from archive.services import media_file_attach
from tests.factories import (
    DocumentFactory,
    PlaceFactory,
    SourceFactory,
    SubjectFactory,
    TestimonyFactory,
    VictimFactory,
)
from tests.harvesting_tests.media import png
from tests.harvesting_tests.schemas import assert_valid

pytestmark = pytest.mark.django_db

BASE = "https://yaddas.example"
NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "mods": "http://www.loc.gov/mods/v3",
    "xlink": "http://www.w3.org/1999/xlink",
}


def texts(element, path: str) -> list[str]:
    return [node.text for node in element.xpath(path, namespaces=NS)]


def test_victim_in_both_formats_names_the_person_in_each_script_and_links_only_public_records():
    place = PlaceFactory(name_az="Salyan kazarmaları", latitude="40.38", longitude="49.85")
    victim = VictimFactory(
        surname_az="Məmmədov",
        given_name_az="Rauf",
        patronymic_az="Əli oğlu",
        surname_ru="Мамедов",
        given_name_ru="Рауф",
        birth_date="1962",
        death_date="1990-01-20",
        incident_place=place,
        biography_en="A teacher.",
    )
    told = TestimonyFactory(title="Told in public")
    told.victims.add(victim)
    secret = TestimonyFactory(title="Kept", status=Status.DRAFT)
    secret.victims.add(victim)

    dc = assert_valid(oai_dc_element(victim, base_url=BASE), "oai_dc.xsd")
    assert texts(dc, "dc:title") == ["Məmmədov Rauf Əli oğlu", "Мамедов Рауф"]
    assert f"{BASE}/victims/{victim.identifier}/" in texts(dc, "dc:identifier")
    assert texts(dc, "dc:relation") == [f"{BASE}/testimonies/{told.identifier}/"]
    assert texts(dc, "dc:date") == ["1990-01-20"] and "Salyan kazarmaları" in texts(dc, "dc:coverage")

    mods = assert_valid(mods_element(victim, base_url=BASE), "mods-3-7.xsd")
    assert texts(mods, "mods:subject/mods:name[@lang='aze']/mods:namePart[@type='family']") == ["Məmmədov"]
    assert texts(mods, "mods:subject/mods:name[@lang='aze']/mods:namePart[@type='date']") == ["1962/1990-01-20"]
    assert texts(mods, "mods:subject/mods:cartographics/mods:coordinates")[0].startswith("40.38")
    assert mods.xpath("mods:relatedItem/@xlink:href", namespaces=NS) == [f"{BASE}/testimonies/{told.identifier}/"]
    assert secret.identifier.encode() not in mods_bytes(victim, base_url=BASE)


def test_anonymous_narrator_is_never_named_and_private_victims_are_left_out():
    public_victim = VictimFactory(surname_az="Hüseynov")
    hidden_victim = VictimFactory(surname_az="Gizli", access=Access.PRIVATE)
    testimony = TestimonyFactory(
        narrator_name="Real Name",
        narrator_consent=Testimony.Consent.ANONYMOUS,
        narrator_pseudonym="N. M.",
        interviewer="Aygün Quliyeva",
        recorded_date="1990-02~",
        summary_az="Xülasə",
        summary_ru="Резюме",
    )
    testimony.victims.add(public_victim, hidden_victim)
    testimony.subjects.add(SubjectFactory(name_az="Şəhidlər"))

    for document in (oai_dc_bytes(testimony, base_url=BASE), mods_bytes(testimony, base_url=BASE)):
        assert b"Real Name" not in document and b"Gizli" not in document
        assert b"N. M." in document and "Hüseynov".encode() in document

    dc = assert_valid(oai_dc_element(testimony, base_url=BASE), "oai_dc.xsd")
    assert texts(dc, "dc:creator") == ["N. M."] and texts(dc, "dc:contributor") == ["Aygün Quliyeva"]
    assert texts(dc, "dc:description[@xml:lang='ru']") == ["Резюме"]
    mods = assert_valid(mods_element(testimony, base_url=BASE), "mods-3-7.xsd")
    assert texts(mods, "mods:originInfo/mods:dateCreated[@encoding='edtf']") == ["1990-02~"]
    assert texts(mods, "mods:name[mods:role/mods:roleTerm='ivr']/mods:namePart") == ["Aygün Quliyeva"]
    assert texts(mods, "mods:language/mods:languageTerm") == ["aze"]


def test_metadata_only_document_is_described_without_links_to_its_files():
    document = DocumentFactory(
        kind=Document.Kind.PHOTOGRAPH,
        creator="Photographer",
        holding_institution="State Archive",
        reference="F. 1, op. 2",
        access=Access.METADATA,
    )
    document.sources.add(SourceFactory(title="A newspaper"))
    media_file_attach(record=document, prepared=prepare_upload(png("red")), role=MediaFile.Role.PHOTO)

    closed = mods_bytes(document, base_url=BASE) + oai_dc_bytes(document, base_url=BASE)
    assert b"/files/" not in closed and b"image/png" not in closed

    document.access = Access.PUBLIC
    document.save()
    mods = assert_valid(mods_element(document, base_url=BASE), "mods-3-7.xsd")
    key = document.media.get().key
    assert texts(mods, "mods:location/mods:url[@access='raw object']") == [f"{BASE}/files/{key}/"]
    assert texts(mods, "mods:location/mods:physicalLocation") == ["State Archive"]
    assert texts(mods, "mods:typeOfResource") == ["still image"]
    dc = assert_valid(oai_dc_element(document, base_url=BASE), "oai_dc.xsd")
    assert texts(dc, "dc:format") == ["image/png"] and texts(dc, "dc:type") == ["StillImage", "photograph"]
    assert texts(dc, "dc:rights")[0] == "http://rightsstatements.org/vocab/InC/1.0/"


def test_withheld_file_is_never_linked():
    document = DocumentFactory(access=Access.PUBLIC)
    media = media_file_attach(record=document, prepared=prepare_upload(png("blue")), role=MediaFile.Role.PAGE)
    media.withheld = True
    media.save()
    assert b"/files/" not in oai_dc_bytes(document, base_url=BASE) + mods_bytes(document, base_url=BASE)


def test_record_change_date_is_utc():
    document = DocumentFactory()
    mods = mods_element(document, base_url=BASE)
    stamp = texts(mods, "mods:recordInfo/mods:recordChangeDate")[0]
    assert stamp == document.updated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
