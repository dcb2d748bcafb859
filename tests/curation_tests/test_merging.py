"""Merging two victim records of one person: everything moves to the kept record, the other one leads there (301 in
three languages), both histories say so, search finds the person by either record's names, and a curator can undo
it. Only those who may publish victims may merge."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from PIL import Image

from archive import content_version
from archive.ingest import prepare_upload
from archive.models import MediaFile, NameVariant, Status, Victim, VictimStatus
from archive.services import media_file_attach
from curation.merging import merge_undo, victims_merge
from curation.models import MergeRecord
from search import selectors as search
from tests.factories import (
    DocumentFactory,
    NameVariantFactory,
    PlaceFactory,
    SourceFactory,
    TestimonyFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def png(colour: str) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=f"{colour}.png")


def attach_portrait(victim: Victim, colour: str) -> MediaFile:
    return media_file_attach(record=victim, prepared=prepare_upload(png(colour)), role=MediaFile.Role.PORTRAIT)


@pytest.fixture
def two_records():
    """One person recorded twice: in Azerbaijani with a portrait, and in Russian with more facts and material."""
    kept = VictimFactory(
        surname_az="Məmmədov",
        given_name_az="Rauf",
        patronymic_az="Əli oğlu",
        surname_ru="",
        birth_date="",
        death_date="1990-01-20",
        status=Status.PUBLISHED,
    )
    other = VictimFactory(
        surname_az="",
        given_name_az="",
        surname_ru="Мамедов",
        given_name_ru="Рауф",
        patronymic_ru="Алиевич",
        birth_date="1962",
        death_date="1990-01",
        incident_place=PlaceFactory(name_az="Salyan kazarmaları"),
        biography_ru="Был водителем.",
        status=Status.PUBLISHED,
    )
    NameVariantFactory(victim=other, name="Mamedov Rauf")
    NameVariantFactory(victim=kept, name="Mammadov Rauf")
    NameVariantFactory(victim=other, name="Mammadov Rauf")  # the kept record has it: it stays behind
    return kept, other


def test_merging_moves_everything_to_the_kept_record_and_fills_its_empty_fields(two_records, curator):
    kept, other = two_records
    testimony = TestimonyFactory()
    testimony.victims.add(other)
    shared = TestimonyFactory()
    shared.victims.add(kept, other)
    document = DocumentFactory()
    document.victims.add(other)
    attach_portrait(kept, "grey")
    moved_portrait = attach_portrait(other, "red")
    source = SourceFactory()
    other.sources.add(source)

    merge = victims_merge(kept=kept, other=other, user=curator, reason="The same driver, recorded twice.")

    kept.refresh_from_db()
    other.refresh_from_db()
    assert list(testimony.victims.all()) == [kept]
    assert list(shared.victims.all()) == [kept]
    assert list(document.victims.all()) == [kept]
    assert kept.media.count() == 2
    moved_portrait.refresh_from_db()
    assert moved_portrait.victim == kept
    assert moved_portrait.role == MediaFile.Role.PHOTO  # the kept record's own portrait stays the one shown
    assert list(kept.sources.all()) == [source] and not other.sources.exists()
    # The kept record's values stay; its empty ones come from the other record.
    assert (kept.surname_az, kept.given_name_az, kept.death_date) == ("Məmmədov", "Rauf", "1990-01-20")
    assert (kept.surname_ru, kept.given_name_ru, kept.patronymic_ru) == ("Мамедов", "Рауф", "Алиевич")
    assert kept.birth_date == "1962" and kept.incident_place.name_az == "Salyan kazarmaları"
    assert kept.biography_ru == "Был водителем."
    # Every spelling of the other record is a variant of the kept one, once.
    names = sorted(kept.variants.values_list("name", flat=True))
    assert names == ["Mamedov Rauf", "Mammadov Rauf"]
    assert other.variants.get().name == "Mammadov Rauf"
    # The other record is kept, merged, pointing at the kept one; the merge is in both histories, with the reason.
    assert other.status == VictimStatus.MERGED and other.merged_into == kept
    assert other.history.latest().history_change_reason == (
        f"merged into {kept.identifier}: The same driver, recorded twice."
    )
    assert other.history.latest().history_user == curator
    assert kept.history.latest().history_change_reason == (
        f"merged {other.identifier} into this record: The same driver, recorded twice."
    )
    assert testimony.history.latest().history_change_reason.startswith(f"merged {other.identifier} into this record")
    assert merge.merged_by == curator and not merge.is_undone


def test_the_other_records_name_forms_become_variants_of_the_kept_one(curator):
    kept = VictimFactory(surname_az="Hüseynov", given_name_az="Elçin", surname_ru="", death_date="1990-01-20")
    other = VictimFactory(
        surname_az="Hüseynov", given_name_az="Elcin", surname_ru="Гусейнов", given_name_ru="Эльчин", death_date=""
    )
    victims_merge(kept=kept, other=other, user=curator, reason="One person.")
    kept.refresh_from_db()
    # The Russian form filled the kept record's empty Russian fields; the other Latin spelling became a variant.
    assert (kept.surname_ru, kept.given_name_ru) == ("Гусейнов", "Эльчин")
    variant = kept.variants.get()
    assert (variant.name, variant.note) == ("Hüseynov Elcin", other.identifier)


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_the_merged_records_address_answers_301_to_the_kept_record(client, two_records, curator, language):
    kept, other = two_records
    victims_merge(kept=kept, other=other, user=curator, reason="One person.")
    prefix = "" if language == "az" else f"/{language}"

    response = client.get(f"{prefix}/victims/{other.identifier}/")

    assert response.status_code == 301
    assert response["Location"] == f"{prefix}/victims/{kept.identifier}/"
    assert client.get(response["Location"]).status_code == 200


def test_a_merged_record_kept_under_a_draft_answers_404_like_any_hidden_record(client, two_records, curator):
    kept, other = two_records
    Victim.objects.filter(pk=kept.pk).update(status=Status.DRAFT)
    victims_merge(kept=kept, other=other, user=curator, reason="One person.")

    assert client.get(f"/en/victims/{other.identifier}/").status_code == 404


def test_a_merge_of_a_merge_leads_to_the_last_record_kept(client, curator):
    first, second, third = (VictimFactory(surname_az="Qasımov", given_name_az="Arif", surname_ru="") for _n in range(3))
    victims_merge(kept=second, other=first, user=curator, reason="One person.")
    victims_merge(kept=third, other=second, user=curator, reason="One person.")

    response = client.get(f"/ru/victims/{first.identifier}/")

    assert response.status_code == 301
    assert response["Location"] == f"/ru/victims/{third.identifier}/"


def test_the_merged_record_is_gone_from_lists_search_sitemap_and_the_api(client, two_records, curator):
    kept, other = two_records
    testimony = TestimonyFactory(title="The barracks")
    testimony.victims.add(other)
    victims_merge(kept=kept, other=other, user=curator, reason="One person.")

    assert other.identifier not in client.get("/en/victims/").content.decode()
    assert kept.identifier in client.get("/en/victims/").content.decode()
    sitemap = client.get("/sitemap-victims.xml").content.decode()
    assert f"/victims/{kept.identifier}/" in sitemap and f"/victims/{other.identifier}/" not in sitemap
    api = client.get("/api/v1/search/", {"q": "Мамедов Рауф"}).json()
    assert [result["identifier"] for result in api["results"] if result["kind"] == "victims"] == [kept.identifier]
    feed = client.get("/en/feeds/recent/").content.decode()
    assert "The barracks" in feed  # the testimony stays public, now about the kept record
    assert testimony.identifier in feed
    assert list(Victim.objects.public()) == [kept]


@pytest.mark.parametrize("typed", ["Мамедов Рауф", "Mamedov Rauf", "Məmmədov Rauf", "Рауф Алиевич Мамедов"])
def test_search_by_any_of_the_other_records_names_finds_the_kept_one(two_records, curator, typed):
    kept, other = two_records
    victims_merge(kept=kept, other=other, user=curator, reason="One person.")

    results = search.search(typed, search.Filters(), page_size=50)

    assert [hit.identifier for hit in results.hits if hit.identifier.startswith("V-")] == [kept.identifier]


def test_searching_the_merged_identifier_finds_the_kept_record(two_records, curator):
    kept, other = two_records
    victims_merge(kept=kept, other=other, user=curator, reason="One person.")

    assert search.record_by_identifier(other.identifier)[1] == kept


def test_a_merge_changes_the_content_version_so_cached_pages_update(two_records, curator):
    kept, other = two_records
    before = content_version.current()
    victims_merge(kept=kept, other=other, user=curator, reason="One person.")
    assert content_version.current() != before


def test_undoing_a_merge_puts_back_what_moved_and_is_in_both_histories(client, two_records, curator):
    kept, other = two_records
    testimony = TestimonyFactory()
    testimony.victims.add(other)
    shared = TestimonyFactory()
    shared.victims.add(kept, other)
    document = DocumentFactory()
    document.victims.add(other)
    attach_portrait(kept, "grey")
    portrait = attach_portrait(other, "red")
    source = SourceFactory()
    other.sources.add(source)
    kept_before = {field: getattr(kept, field) for field in ("surname_ru", "birth_date", "incident_place_id")}
    merge = victims_merge(kept=kept, other=other, user=curator, reason="Looked alike.")

    merge_undo(merge=merge, user=curator, reason="Two brothers, after all.")

    kept.refresh_from_db()
    other.refresh_from_db()
    portrait.refresh_from_db()
    assert other.status == Status.PUBLISHED and other.merged_into is None
    assert list(testimony.victims.all()) == [other]
    assert set(shared.victims.all()) == {kept, other}
    assert list(document.victims.all()) == [other]
    assert (portrait.victim, portrait.role) == (other, MediaFile.Role.PORTRAIT)
    assert list(other.sources.all()) == [source] and not kept.sources.exists()
    assert {field: getattr(kept, field) for field in kept_before} == kept_before
    assert sorted(kept.variants.values_list("name", flat=True)) == ["Mammadov Rauf"]
    assert sorted(other.variants.values_list("name", flat=True)) == ["Mamedov Rauf", "Mammadov Rauf"]
    assert other.history.latest().history_change_reason == (
        f"merge into {kept.identifier} undone: Two brothers, after all."
    )
    assert kept.history.latest().history_change_reason == (
        f"merge of {other.identifier} undone: Two brothers, after all."
    )
    merge.refresh_from_db()
    assert merge.is_undone and merge.undone_by == curator
    assert client.get(f"/en/victims/{other.identifier}/").status_code == 200
    with pytest.raises(ValidationError, match="undone already"):
        merge_undo(merge=merge, user=curator, reason="Again.")


def test_a_field_edited_since_the_merge_keeps_its_new_value_when_undone(two_records, curator):
    kept, other = two_records
    merge = victims_merge(kept=kept, other=other, user=curator, reason="One person.")
    kept.refresh_from_db()
    kept.birth_date = "1961"
    kept.save()

    merge_undo(merge=merge, user=curator, reason="Two people.")

    kept.refresh_from_db()
    assert kept.birth_date == "1961" and kept.surname_ru == ""


def test_a_reviewer_may_not_merge_or_undo(two_records, reviewer, curator):
    kept, other = two_records
    with pytest.raises(PermissionDenied):
        victims_merge(kept=kept, other=other, user=reviewer, reason="One person.")
    other.refresh_from_db()
    assert other.status == Status.PUBLISHED and not MergeRecord.objects.exists()

    merge = victims_merge(kept=kept, other=other, user=curator, reason="One person.")
    with pytest.raises(PermissionDenied):
        merge_undo(merge=merge, user=reviewer, reason="No.")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("same", "cannot be merged into itself"),
        ("no_reason", "Say why"),
        ("already", "already merged"),
        ("dates", "date of death is before the date of birth"),
    ],
)
def test_a_refused_merge_changes_nothing(two_records, curator, change, message):
    kept, other = two_records
    testimony = TestimonyFactory()
    testimony.victims.add(other)
    reason, merged = "One person.", other
    if change == "same":
        merged = kept
    elif change == "no_reason":
        reason = "  "
    elif change == "already":
        third = VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_ru="")
        victims_merge(kept=third, other=other, user=curator, reason="One person.")
        testimony.victims.set([other])
    elif change == "dates":
        Victim.objects.filter(pk=other.pk).update(birth_date="1991")  # after the kept record's death

    with translation.override("en"), pytest.raises(ValidationError, match=message):
        victims_merge(kept=kept, other=merged, user=curator, reason=reason)

    kept.refresh_from_db()
    assert kept.birth_date == "" and kept.surname_ru == ""
    assert kept.status == Status.PUBLISHED
    assert not kept.variants.filter(note=other.identifier).exists()
    assert list(testimony.victims.all()) == [other]


def test_a_merged_record_cannot_be_published_or_withdrawn(two_records, curator):
    from archive.services import record_publish, record_withdraw

    kept, other = two_records
    victims_merge(kept=kept, other=other, user=curator, reason="One person.")
    other.refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError, match="was merged into"):
        record_publish(record=other, user=curator)
    with translation.override("en"), pytest.raises(ValidationError, match="was merged into"):
        record_withdraw(record=other, user=curator, reason="Why not.")


def test_merge_victims_command_merges_and_undo_merge_undoes(two_records):
    kept, other = two_records
    out = io.StringIO()

    call_command("merge_victims", kept.identifier, other.identifier.lower(), "--reason", "One person.", stdout=out)

    assert f"{other.identifier} merged into {kept.identifier}" in out.getvalue()
    other.refresh_from_db()
    assert other.merged_into == kept
    assert other.history.latest().history_user is None
    with pytest.raises(CommandError, match="already merged"):
        call_command("merge_victims", kept.identifier, other.identifier, "--reason", "Again.", stdout=io.StringIO())

    call_command("undo_merge", other.identifier, "--reason", "Two people.", stdout=io.StringIO())

    other.refresh_from_db()
    assert other.status == Status.PUBLISHED
    with pytest.raises(CommandError, match="There is no victim V-999999"):
        call_command("merge_victims", kept.identifier, "V-999999", "--reason", "x", stdout=io.StringIO())


def test_demo_records_merged_together_are_removed_with_the_demo(curator):
    from archive.demo.removal import remove_demo

    first, second = (
        VictimFactory(surname_az="Nümunəli", given_name_az="Elvin", surname_ru="", is_demo=True) for _n in range(2)
    )
    NameVariant.objects.create(victim=first, name="Numuneli Elvin")
    victims_merge(kept=second, other=first, user=curator, reason="Demo.")

    remove_demo()

    assert not Victim.objects.exists() and not MergeRecord.objects.exists()
