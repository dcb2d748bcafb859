"""Every endpoint of the API answers what the site's pages show, and nothing the public may not see."""

from __future__ import annotations

import json

import pytest

from archive.models import Access, MediaFile, Status
from archive.services import media_files_withhold
from memorial.selectors.places import shown_places
from tests.api_tests.conftest import api
from tests.factories import DocumentFactory, EventFactory, PlaceFactory, VictimFactory

pytestmark = pytest.mark.django_db


def identifiers(response) -> list[str]:
    return [row["identifier"] for row in response.data["results"]]


def test_each_list_holds_exactly_the_public_records(client, archive):
    victims = api(client, "victims")
    assert victims.status_code == 200
    assert sorted(identifiers(victims)) == sorted([archive.victim.identifier, archive.metadata_victim.identifier])
    assert victims.data["count"] == 2 and victims.data["next"] is None
    testimonies = {row["title"] for row in api(client, "testimonies").data["results"]}
    assert testimonies == {"Gecə", "Bağlı", "Adsız"}
    assert identifiers(api(client, "documents")) == [archive.document.identifier]
    assert [row["key"] for row in api(client, "events").data["results"]] == ["troops-enter"]


def test_nothing_hidden_appears_in_any_answer(client, archive):
    answers = [api(client, path).content.decode() for path in ("victims", "testimonies", "documents", "places")]
    answers += [api(client, "sources").content.decode(), api(client, "events").content.decode()]
    answers += [api(client, f"victims/{archive.victim.identifier}").content.decode()]
    text = "\n".join(answers)
    for record in archive.hidden:
        assert getattr(record, "identifier", record.pk) not in text.split('"')
    assert "Qaralama" not in text and "Gizli" not in text and "Embarqo" not in text
    assert "only-for-drafts" not in text and "private-letter" not in text  # tied only to a draft
    assert "Gizli Ad" not in text and "A mistake in the list." not in text


@pytest.mark.parametrize("kind", ["victims", "testimonies", "documents"])
def test_a_hidden_record_answers_exactly_as_one_that_never_existed(client, archive, kind):
    never = api(client, f"{kind}/{kind[0].upper()}-999999")
    assert never.status_code == 404
    for record in archive.hidden:
        if record._meta.model_name in kind and hasattr(record, "identifier"):
            hidden = api(client, f"{kind}/{record.identifier}")
            assert (hidden.status_code, hidden.content) == (404, never.content)


def test_a_victim_in_full_with_names_in_three_scripts_files_ties_and_citation(client, archive):
    data = api(client, f"victims/{archive.victim.identifier}").data
    assert data["names"]["az"] == {"surname": "Məmmədov", "given_name": "Əli", "patronymic": ""}
    assert data["names"]["ru"]["surname"] == "Мамедов" and data["names"]["en"]["given_name"] == "Ali"
    assert data["birth_date"] == {"text": "1965", "earliest": "1965-01-01", "latest": "1965-12-31"}
    assert data["incident_place"]["url"] == "http://testserver/api/v1/places/baku"
    assert data["biography"]["az"] == "Tələbə idi."
    assert data["page_url"] == f"http://testserver/victims/{archive.victim.identifier}/"
    assert [ref["identifier"] for ref in data["testimonies"]] == [archive.testimony.identifier]
    assert [ref["key"] for ref in data["sources"]] == ["hrw-1991"]
    assert [file["url"] for file in data["files"]] == [f"http://testserver/files/{archive.portrait.key}/"]
    assert data["files"][0]["sha256"] == archive.portrait.sha256
    assert archive.victim.identifier in data["citation"]["text"]
    assert client.get(data["files"][0]["url"]).status_code == 200  # the site's own address, which serves it


def test_a_metadata_only_record_is_described_without_files_or_full_text(client, archive):
    victim = api(client, f"victims/{archive.metadata_victim.identifier}").data
    assert victim["access"] == "metadata" and victim["media_open"] is False and victim["files"] == []
    testimony = api(client, f"testimonies/{archive.metadata_testimony.identifier}")
    assert testimony.data["transcript"] is None and testimony.data["ohms_url"] is None
    assert testimony.data["index"] == []
    assert "Closed words." not in testimony.content.decode()
    closed = DocumentFactory(access=Access.METADATA, transcription="Gizli mətn.")
    document = api(client, f"documents/{closed.identifier}")
    assert document.data["transcription"] is None and document.data["pages"] == []
    assert "Gizli mətn." not in document.content.decode()


def test_a_testimony_with_its_recording_transcript_and_ties(client, archive):
    data = api(client, f"testimonies/{archive.testimony.identifier}").data
    assert data["languages"] == ["az", "ru"] and data["recorded_date"]["text"] == "1995"
    assert [file["url"] for file in data["files"]] == [f"http://testserver/files/{archive.recording.key}/"]
    assert data["transcript"]["segments"] == [
        {"start": 1.5, "end": None, "speaker": "Narrator", "text": "Küçədə tanklar var idi.", "machine_draft": False}
    ]
    assert data["transcript"]["webvtt_url"].endswith("/transcript.vtt")
    assert [ref["identifier"] for ref in data["victims"]] == [archive.victim.identifier]
    (point,) = data["index"]
    assert (point["start"], point["title"], point["synopsis"]) == (0.5, "Tanklar", "Tanks in the street.")
    assert point["end"] == data["files"][0]["duration"]  # the last point ends with the recording
    assert [ref["identifier"] for ref in point["victims"]] == [archive.victim.identifier]
    assert point["page_url"].endswith(f"/testimonies/{archive.testimony.identifier}/?t=0.5#point-{point_pk(archive)}")


def point_pk(archive) -> int:
    return archive.testimony.index_points.get().pk


def test_an_anonymous_narrator_is_never_named(client, archive):
    response = api(client, f"testimonies/{archive.anonymous_testimony.identifier}")
    assert response.data["narrator"] == "L. M." and response.data["narrator_relationship"] == ""
    assert "Gizli Ad" not in response.content.decode() and "bacısı" not in response.content.decode()
    assert "Gizli Ad" not in api(client, "testimonies").content.decode()


def test_a_testimony_lists_only_its_public_victims(client, archive):
    private = VictimFactory(surname_az="Gizlinov", access=Access.PRIVATE)
    archive.testimony.victims.add(private)
    data = api(client, f"testimonies/{archive.testimony.identifier}").data
    assert [ref["identifier"] for ref in data["victims"]] == [archive.victim.identifier]
    assert api(client, "testimonies", victim=private.identifier).data["results"] == []  # no tie is revealed


def test_a_document_with_its_pages(client, archive):
    data = api(client, f"documents/{archive.document.identifier}").data
    assert data["kind"] == "certificate" and data["date"]["latest"] == "1990-01-31"
    assert [page["url"] for page in data["pages"]] == [f"http://testserver/files/{archive.page_scan.key}/"]
    assert data["transcription"] == "Mətn."


def test_a_withheld_file_leaves_the_answer_while_the_record_stays(client, archive, curator):
    media_files_withhold(files=[archive.portrait], withheld=True, reason="The family asked.", user=curator)
    response = api(client, f"victims/{archive.victim.identifier}")
    assert response.data["files"] == [] and response.data["biography"]["az"] == "Tələbə idi."
    assert archive.portrait.key.hex not in response.content.decode().replace("-", "")


def test_a_withdrawn_record_is_gone_with_its_identifier_and_public_note_only(client, archive):
    response = api(client, f"victims/{archive.withdrawn.identifier}")
    assert response.status_code == 410
    assert response.data["identifier"] == archive.withdrawn.identifier
    assert response.data["note"] == "Duplicated an existing record." and response.data["status"] == "withdrawn"
    assert "A mistake in the list." not in response.content.decode()  # the reason stays internal
    assert set(response.data) == {"identifier", "status", "title", "withdrawn_at", "note", "page_url"}


def test_a_record_withdrawn_before_anyone_saw_it_stays_unknown(client):
    never_public = DocumentFactory(status=Status.DRAFT)
    never_public.withdraw("Not ours.")
    never_public.save()
    assert api(client, f"documents/{never_public.identifier}").status_code == 404


def test_a_merged_victim_leads_to_the_kept_record(client, archive):
    response = api(client, f"victims/{archive.merged.identifier}")
    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/victims/{archive.victim.identifier}"
    assert archive.merged.identifier not in identifiers(api(client, "victims"))


def test_a_merged_victim_whose_kept_record_is_hidden_is_unknown(client, archive, curator):
    archive.victim.access = Access.PRIVATE
    archive.victim.save()
    assert api(client, f"victims/{archive.merged.identifier}").status_code == 404


def test_victims_are_filtered_as_the_names_list_filters_them(client, archive):
    other_place = PlaceFactory(slug="sumqayit")
    woman = VictimFactory(
        surname_az="Əliyeva", gender="f", fate="injured", death_date="1990-01", incident_place=other_place
    )
    late = VictimFactory(surname_az="Həsənov", death_date="1990-02-03", birth_date="1920")
    mine = archive.victim.identifier

    def found(**params) -> set[str]:
        return set(identifiers(api(client, "victims", **params)))

    assert found(fate="injured") == {woman.identifier}
    assert found(gender="m") == {mine}
    assert found(place="baku") == {mine}
    # "1990-01" can be the 25th: kept; a death on 3 February cannot.
    assert found(died_from="1990-01-25", died_to="1990-01-31") == {woman.identifier}
    assert late.identifier in found(died_from="1990-02-01") and mine not in found(died_from="1990-02-01")
    assert found(age_min=60) == {late.identifier}
    assert mine in found(age_min=24, age_max=25)


@pytest.mark.parametrize("typed", ["Мамедов", "Mamedov", "mammadov Ali", "Məmmədov Əli"])
def test_a_name_is_found_in_any_script_or_spelling(client, archive, typed):
    assert identifiers(api(client, "victims", q=typed)) == [archive.victim.identifier]


def test_a_name_query_without_letters_finds_no_one(client, archive):
    assert api(client, "victims", q="—").data["results"] == []


def test_testimonies_are_filtered_by_language_victim_place_date_and_media(client, archive):
    def titles(**params) -> set[str]:
        return {row["title"] for row in api(client, "testimonies", **params).data["results"]}

    assert titles(language="ru") == {"Gecə", "Bağlı"}
    assert titles(victim=archive.victim.identifier) == {"Gecə"}
    assert titles(place="baku") == {"Gecə"}
    assert titles(recorded_from="1995-06-01", recorded_to="1996-01-01") == {"Gecə"}
    assert titles(media="true") == {"Gecə"}
    assert "Gecə" not in titles(media="false")


def test_documents_are_filtered_by_kind_date_victim_testimony_and_media(client, archive):
    other = DocumentFactory(title="Məktub", kind="letter", date="1991")
    other.testimonies.add(archive.testimony)
    mine = archive.document.identifier

    def found(**params) -> set[str]:
        return set(identifiers(api(client, "documents", **params)))

    assert found(kind="letter") == {other.identifier}
    assert found(date_from="1990-01-15", date_to="1990-01-16") == {mine}
    assert found(victim=archive.victim.identifier) == {mine}
    assert found(testimony=archive.testimony.identifier) == {other.identifier}
    assert found(media="true") == {mine} and found(media="false") == {other.identifier}


def test_places_are_those_the_places_page_shows(client, archive):
    PlaceFactory(slug="described", description_en="A square.", kind="street", parent=archive.baku)
    shown = {row["slug"] for row in api(client, "places").data["results"]}
    assert shown == {place.slug for place in shown_places()} == {"baku", "described"}
    assert api(client, "places/only-for-drafts").status_code == 404
    assert [row["slug"] for row in api(client, "places", kind="street").data["results"]] == ["described"]
    assert [row["slug"] for row in api(client, "places", within="baku").data["results"]] == ["described"]
    detail = api(client, "places/baku").data
    assert detail["name"] == {"az": "Bakı", "en": "Baku", "ru": "Баку"}
    assert detail["victims_url"] == "http://testserver/api/v1/victims?place=baku"


def test_events_in_time_with_their_filters_and_keys(client, archive):
    EventFactory(key="earlier", date="1990-01-19")
    EventFactory(key=None, date="")
    keys = [row["key"] for row in api(client, "events").data["results"]]
    assert keys == ["earlier", "troops-enter", None]  # an undated event last
    assert [row["key"] for row in api(client, "events", date_to="1990-01-19").data["results"]] == ["earlier"]
    assert [row["key"] for row in api(client, "events", place="baku").data["results"]] == ["troops-enter"]
    event = api(client, "events/troops-enter").data
    assert event["title"]["az"] == "Qoşunlar girir" and event["sources"][0]["key"] == "hrw-1991"
    assert api(client, "events/draft-event").status_code == 404


def test_sources_are_those_something_public_cites(client, archive):
    assert [row["key"] for row in api(client, "sources").data["results"]] == ["hrw-1991"]
    assert api(client, "sources/hrw-1991").data["author"] == "Human Rights Watch"
    assert api(client, "sources/private-letter").status_code == 404


def test_a_wrong_parameter_is_a_bad_request_that_names_it(client, archive):
    response = api(client, "victims", fate="happy")
    assert response.status_code == 400 and response.data["errors"][0]["parameter"] == "fate"
    assert api(client, "documents", date_from="20th January").status_code == 400
    assert api(client, "victims", limit=1000).status_code == 400


def test_any_other_address_under_the_api_is_a_json_404(client, db):
    response = client.get("/api/v1/nothing/here")
    assert response.status_code == 404 and json.loads(response.content)["detail"] == "Not Found"
    assert client.get("/api/v1/search/", {"q": "x"}).status_code == 200  # search's API is still there


def test_media_kind_of_files_in_answers(client, archive):
    data = api(client, f"testimonies/{archive.testimony.identifier}").data
    assert data["files"][0]["kind"] == MediaFile.Kind.AUDIO and data["files"][0]["duration"] > 0
