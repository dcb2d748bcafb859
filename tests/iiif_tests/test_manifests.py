"""Manifests of public documents and testimonies: valid IIIF Presentation 3.0 (the IIIF Consortium's schema), read by
a IIIF client library (piffle), with what a viewer shows in Azerbaijani, English and Russian; and nothing of what the
public may not see."""

from __future__ import annotations

import datetime
import json
import logging

import pytest
from django.utils import timezone
from piffle.iiif_dataclasses.presentation3 import Canvas3, IIIFPresentation3, Manifest3, Range3

from archive.models import Access, MediaFile, Rights, Status, Testimony
from archive.services import media_files_withhold
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory
from tests.iiif_tests.conftest import gradient, index_point, schema_errors, segment

pytestmark = pytest.mark.django_db
BASE = "http://testserver"


def fetch(client, identifier: str):
    return client.get(f"/iiif/{identifier}/manifest")


def valid_manifest(client, identifier: str, presentation_schema, caplog, tmp_path) -> tuple[dict, Manifest3]:
    """The manifest, checked against the schema and loaded by piffle as a viewer's harvester would load a file."""
    response = fetch(client, identifier)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    manifest = json.loads(response.content)
    assert schema_errors(presentation_schema, manifest) == []
    saved = tmp_path / f"{identifier}.json"
    saved.write_bytes(response.content)
    with caplog.at_level(logging.WARNING, logger="piffle"):
        loaded = IIIFPresentation3.load(str(saved))
    # piffle says so of every object without a @context; in IIIF only the outermost has one.
    complaints = [record.getMessage() for record in caplog.records if record.name.startswith("piffle")]
    assert [text for text in complaints if "missing 'context'" not in text or text.startswith("Manifest")] == []
    assert isinstance(loaded, Manifest3)
    return manifest, loaded


@pytest.fixture
def letter(attach_image):
    victim = VictimFactory(surname_az="Məmmədov", given_name_az="Əli", surname_ru="Мамедов", given_name_ru="Али")
    document = DocumentFactory(
        title="Letter from the hospital",
        date="1990-01",
        creator="Dr. Rəhimov",
        description_az="Xəstəxanadan məktub.",
        description_en="A letter from the hospital.",
        rights=Rights.CC_BY,
        rights_holder="The Hüseynov family",
    )
    document.victims.add(victim)
    first = attach_image(document, gradient(1300, 900), order=1, caption_en="First page", caption_az="Birinci səhifə")
    second = attach_image(document, gradient(400, 600), order=2)
    return document, first, second


def test_a_document_is_a_canvas_per_image_painted_from_its_image_service(
    client, letter, presentation_schema, caplog, tmp_path
):
    document, first, second = letter

    manifest, loaded = valid_manifest(client, document.identifier, presentation_schema, caplog, tmp_path)

    assert manifest["id"] == f"{BASE}/iiif/{document.identifier}/manifest"
    assert [type(canvas) for canvas in loaded.items] == [Canvas3, Canvas3]
    canvases = manifest["items"]
    assert [(canvas["width"], canvas["height"]) for canvas in canvases] == [(1300, 900), (400, 600)]
    assert canvases[0]["label"] == {"az": ["Birinci səhifə"], "en": ["First page"]}
    assert canvases[1]["label"]["en"] == ["Page 2"]
    for canvas, media in zip(canvases, (first, second), strict=True):
        annotation = canvas["items"][0]["items"][0]
        assert annotation["motivation"] == "painting" and annotation["target"] == canvas["id"]
        service = f"{BASE}/iiif/image/{media.key}"
        assert annotation["body"]["id"] == f"{service}/full/max/0/default.jpg"
        assert annotation["body"]["service"] == [{"id": service, "type": "ImageService3", "profile": "level0"}]
        # What the manifest points at is there, for anyone: the image and its info.json.
        assert client.get(annotation["body"]["id"]).status_code == 200
        assert json.loads(client.get(f"{service}/info.json").content)["id"] == service


def test_a_document_manifest_says_what_the_record_page_says(client, letter, presentation_schema, caplog, tmp_path):
    document, _first, _second = letter

    manifest, _loaded = valid_manifest(client, document.identifier, presentation_schema, caplog, tmp_path)

    assert manifest["label"] == {"none": [f"{document.identifier} Letter from the hospital"]}
    assert manifest["summary"] == {"az": ["Xəstəxanadan məktub."], "en": ["A letter from the hospital."]}
    metadata = {row["label"]["en"][0]: row for row in manifest["metadata"]}
    assert metadata["Identifier"]["value"] == {"none": [document.identifier]}
    assert metadata["Creator"]["value"] == {"none": ["Dr. Rəhimov"]}
    assert set(metadata["Kind"]["value"]) == {"az", "en", "ru"}
    assert metadata["Date"]["value"]["en"] == ["January 1990"]
    # The victim in each language's form of the name.
    assert metadata["Victims"]["value"]["az"] == ["Məmmədov Əli"]
    assert metadata["Victims"]["value"]["ru"] == ["Мамедов Али"]
    assert set(manifest["requiredStatement"]["label"]) == {"az", "en", "ru"}
    citation = manifest["requiredStatement"]["value"]["en"][0]
    assert document.identifier in citation and "The Hüseynov family" in citation
    assert f"{BASE}/documents/{document.identifier}/" in citation
    assert manifest["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    assert [(page["id"], page["language"]) for page in manifest["homepage"]] == [
        (f"{BASE}/documents/{document.identifier}/", ["az"]),
        (f"{BASE}/en/documents/{document.identifier}/", ["en"]),
        (f"{BASE}/ru/documents/{document.identifier}/", ["ru"]),
    ]


def test_every_rights_choice_is_a_uri_the_specification_accepts(
    client, attach_image, presentation_schema, caplog, tmp_path
):
    document = DocumentFactory()
    attach_image(document, gradient(50, 50))
    for rights in Rights:
        document.rights = rights
        document.save()
        manifest, _loaded = valid_manifest(client, document.identifier, presentation_schema, caplog, tmp_path)
        assert manifest["rights"].startswith(("http://creativecommons.org/licenses/", "http://rightsstatements.org/"))


def test_an_image_whose_tiles_are_not_made_yet_is_shown_from_its_file(
    client, attach_image, presentation_schema, caplog, tmp_path
):
    document = DocumentFactory()
    page = attach_image(document, gradient(300, 200))
    page.iiif_tiles.delete()

    manifest, _loaded = valid_manifest(client, document.identifier, presentation_schema, caplog, tmp_path)

    body = manifest["items"][0]["items"][0]["items"][0]["body"]
    assert body["id"] == f"{BASE}/files/{page.key}/"
    assert "service" not in body
    assert client.get(f"/iiif/image/{page.key}/info.json").status_code == 404


def test_a_distressing_image_says_so_first(client, attach_image, presentation_schema, caplog, tmp_path):
    document = DocumentFactory()
    attach_image(document, gradient(300, 200), is_distressing=True)

    manifest, _loaded = valid_manifest(client, document.identifier, presentation_schema, caplog, tmp_path)

    canvas = manifest["items"][0]
    assert canvas["summary"]["en"] == ["Distressing content"]
    assert "thumbnail" not in canvas and "thumbnail" not in manifest


@pytest.fixture
def interview(attach_recording):
    testimony = TestimonyFactory(
        title="What I saw on Tbilisi Avenue",
        narrator_name="Aynur Quliyeva",
        languages=["az", "ru"],
        summary_en="A night on the avenue.",
        summary_ru="Ночь на проспекте.",
        interviewer="Leyla Ağayeva",
    )
    recording = attach_recording(testimony, seconds=3.0)
    segment(testimony, "0", "1.5", "Gecə idi.")
    index_point(testimony, "0", title_az="Gecə", title_en="The night")
    index_point(testimony, "1.25", title_en="The tanks", synopsis_en="Tanks came down the avenue.")
    index_point(testimony, "9", title_en="After the end of the recording")
    return testimony, recording


def test_a_testimony_is_a_timed_canvas_with_its_transcript_and_index(
    client, interview, presentation_schema, caplog, tmp_path
):
    testimony, recording = interview

    manifest, loaded = valid_manifest(client, testimony.identifier, presentation_schema, caplog, tmp_path)

    (canvas,) = manifest["items"]
    assert canvas["duration"] == pytest.approx(float(recording.duration)) and canvas["duration"] > 0
    painting = canvas["items"][0]["items"][0]
    assert painting["motivation"] == "painting"
    assert painting["body"] == {
        "id": f"{BASE}/files/{recording.key}/",
        "type": "Sound",
        "format": recording.content_type,
        "duration": canvas["duration"],
    }
    transcript = canvas["annotations"][0]["items"][0]
    assert transcript["motivation"] == "supplementing" and transcript["target"] == canvas["id"]
    vtt = f"{BASE}/testimonies/{testimony.identifier}/transcript.vtt"
    assert transcript["body"]["id"] == vtt
    assert (transcript["body"]["format"], transcript["body"]["language"]) == ("text/vtt", "az")
    assert client.get(vtt).status_code == 200
    # The index: a Range per point that can be played, to the next point or the end of the recording.
    (index,) = loaded.structures
    assert isinstance(index, Range3)
    points = manifest["structures"][0]["items"]
    end = f"{float(recording.duration):.3f}".rstrip("0").rstrip(".")
    assert [point["items"][0]["id"] for point in points] == [
        f"{canvas['id']}#t=0,1.25",
        f"{canvas['id']}#t=1.25,{end}",
    ]
    assert points[0]["label"] == {"az": ["Gecə"], "en": ["The night"]}
    assert points[1]["summary"] == {"en": ["Tanks came down the avenue."]}
    metadata = {row["label"]["en"][0]: row["value"] for row in manifest["metadata"]}
    assert metadata["Narrator"] == {"az": ["Aynur Quliyeva"], "en": ["Aynur Quliyeva"], "ru": ["Aynur Quliyeva"]}
    assert metadata["Interviewer"] == {"none": ["Leyla Ağayeva"]}
    assert manifest["summary"] == {"en": ["A night on the avenue."], "ru": ["Ночь на проспекте."]}
    assert manifest["rights"] == "http://rightsstatements.org/vocab/InC/1.0/"


def test_an_anonymous_narrator_is_not_named_in_the_manifest(client, interview, presentation_schema, caplog, tmp_path):
    testimony, _recording = interview
    Testimony.objects.filter(pk=testimony.pk).update(
        narrator_consent=Testimony.Consent.ANONYMOUS, narrator_pseudonym="A. Q."
    )

    response = fetch(client, testimony.identifier)

    assert response.status_code == 200
    assert "Quliyeva" not in response.content.decode()
    metadata = {row["label"]["en"][0]: row["value"] for row in json.loads(response.content)["metadata"]}
    assert metadata["Narrator"]["en"] == ["A. Q."]


def test_a_testimony_without_transcript_or_index_has_neither(
    client, attach_recording, presentation_schema, caplog, tmp_path
):
    testimony = TestimonyFactory(transcript="")
    attach_recording(testimony)

    manifest, _loaded = valid_manifest(client, testimony.identifier, presentation_schema, caplog, tmp_path)

    assert "annotations" not in manifest["items"][0]
    assert "structures" not in manifest


# --- the publication rule -------------------------------------------------------------------------------------


def hide(record, how: str) -> None:
    model = type(record)
    if how == "draft":
        model.objects.filter(pk=record.pk).update(status=Status.DRAFT)
    elif how == "private":
        model.objects.filter(pk=record.pk).update(access=Access.PRIVATE)
    elif how == "metadata only":
        model.objects.filter(pk=record.pk).update(access=Access.METADATA)
    elif how == "embargoed":
        model.objects.filter(pk=record.pk).update(embargo_until=timezone.localdate() + datetime.timedelta(days=1))
    elif how == "withdrawn, never public":
        model.objects.filter(pk=record.pk).update(status=Status.WITHDRAWN, published_at=None)


HIDDEN = ["draft", "private", "metadata only", "embargoed", "withdrawn, never public"]


@pytest.mark.parametrize("how", HIDDEN)
def test_a_document_the_public_may_not_see_has_no_manifest_and_no_images(client, letter, how):
    document, first, _second = letter
    hide(document, how)

    response = fetch(client, document.identifier)
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    for path in (f"/iiif/image/{first.key}", f"/iiif/image/{first.key}/info.json"):
        assert client.get(path).status_code == 404
    assert client.get(f"/iiif/image/{first.key}/full/max/0/default.jpg").status_code == 404
    assert client.get(f"/iiif/image/{first.key}/0,0,512,512/512,512/0/default.jpg").status_code == 404


@pytest.mark.parametrize("how", HIDDEN)
def test_a_testimony_the_public_may_not_see_has_no_manifest(client, interview, how):
    testimony, _recording = interview
    hide(testimony, how)
    assert fetch(client, testimony.identifier).status_code == 404


def test_a_testimony_kept_in_the_archive_only_has_no_manifest(client, interview):
    testimony, _recording = interview
    Testimony.objects.filter(pk=testimony.pk).update(narrator_consent=Testimony.Consent.ARCHIVE_ONLY)
    assert fetch(client, testimony.identifier).status_code == 404


def test_a_record_withdrawn_after_it_was_public_is_gone(client, letter, interview):
    for record in (letter[0], interview[0]):
        record.publish()
        record.withdraw("Asked by the family")
        record.save()
        response = fetch(client, record.identifier)
        assert response.status_code == 410
        assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(f"/iiif/image/{letter[1].key}/info.json").status_code == 404


def test_a_metadata_only_record_whose_files_opened_has_its_manifest(
    client, letter, presentation_schema, caplog, tmp_path
):
    document, _first, _second = letter
    type(document).objects.filter(pk=document.pk).update(
        access=Access.METADATA, media_closed_until=timezone.localdate()
    )
    valid_manifest(client, document.identifier, presentation_schema, caplog, tmp_path)


def test_a_withheld_image_is_left_out_and_not_served(client, letter):
    document, first, second = letter
    media_files_withhold(files=[first], withheld=True, reason="the family asked")

    manifest = json.loads(fetch(client, document.identifier).content)

    assert [canvas["width"] for canvas in manifest["items"]] == [400]
    assert str(first.key) not in json.dumps(manifest)
    assert client.get(f"/iiif/image/{first.key}/info.json").status_code == 404
    assert client.get(f"/iiif/image/{first.key}/full/max/0/default.jpg").status_code == 404
    assert client.get(f"/iiif/image/{second.key}/info.json").status_code == 200


def test_a_record_with_nothing_to_show_has_no_manifest(client, attach_recording, attach_image):
    """A IIIF manifest must have at least one canvas: a record without a file a viewer can show has none."""
    assert fetch(client, DocumentFactory().identifier).status_code == 404
    assert fetch(client, TestimonyFactory().identifier).status_code == 404
    testimony = TestimonyFactory()
    media_files_withhold(files=[attach_recording(testimony)], withheld=True, reason="consent")
    assert fetch(client, testimony.identifier).status_code == 404


def test_only_documents_and_testimonies_have_manifests(client):
    victim = VictimFactory(status=Status.PUBLISHED)
    for identifier in (victim.identifier, "D-1", "d-000001", "nothing"):
        assert fetch(client, identifier).status_code == 404


def test_a_portrait_of_a_public_victim_has_no_image_service(client, attach_image):
    portrait = attach_image(VictimFactory(status=Status.PUBLISHED), gradient(60, 80), role=MediaFile.Role.PORTRAIT)
    assert client.get(f"/iiif/image/{portrait.key}/info.json").status_code == 404


def test_a_manifest_costs_the_same_queries_whatever_its_number_of_pages(
    client, attach_image, attach_recording, django_assert_max_num_queries
):
    document = DocumentFactory()
    for order in range(6):
        attach_image(document, gradient(40 + order, 30), order=order)
    document.victims.add(VictimFactory(), VictimFactory())
    testimony = TestimonyFactory()
    attach_recording(testimony)
    for second in range(5):
        index_point(testimony, str(second / 10), title_en=f"Point {second}")

    # The record, its public victims, its files (and a testimony's transcript and index), in the request's savepoint.
    with django_assert_max_num_queries(5):
        assert len(json.loads(fetch(client, document.identifier).content)["items"]) == 6
    with django_assert_max_num_queries(7):
        assert len(json.loads(fetch(client, testimony.identifier).content)["structures"][0]["items"]) == 5


def test_invented_demonstration_records_say_so(client, attach_image):
    document = DocumentFactory(is_demo=True)
    attach_image(document, gradient(50, 50))

    manifest = json.loads(fetch(client, document.identifier).content)

    assert manifest["metadata"][0]["value"]["en"] == ["Invented demonstration data"]
    assert "Invented demonstration data" in manifest["requiredStatement"]["value"]["en"][0]
