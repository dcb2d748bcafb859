"""Only public records are found, and only by what their access level shows; the index follows every change."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from archive.models import Access, Status, Testimony, TranscriptSegment
from archive.services import record_publish, record_withdraw
from search import selectors
from search.models import NameWord, TextEntry
from tests.factories import DocumentFactory, NameVariantFactory, TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db

SECRET = "Zümrüdova"  # a word that only hidden records hold


def everywhere(client, q: str) -> str:
    """Everything a visitor can get for ``q``: results page, API and suggestions, as one text."""
    pages = [
        client.get("/en/search/", {"q": q}).content.decode(),
        client.get("/api/v1/search/", {"q": q}).content.decode(),
        client.get("/search/suggest/", {"q": q}).content.decode(),
    ]
    return "\n".join(pages)


def hidden_records():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return [
        VictimFactory(surname_az=SECRET, given_name_az="Qaralama", status=Status.DRAFT),
        VictimFactory(surname_az=SECRET, given_name_az="Gizli", access=Access.PRIVATE),
        VictimFactory(surname_az=SECRET, given_name_az="Embarqo", embargo_until=tomorrow),
        VictimFactory(surname_az=SECRET, given_name_az="Geri", status=Status.WITHDRAWN),
        TestimonyFactory(title=f"{SECRET} draft", status=Status.DRAFT),
        TestimonyFactory(title=f"{SECRET} archive", narrator_consent=Testimony.Consent.ARCHIVE_ONLY),
        TestimonyFactory(title=f"{SECRET} private", access=Access.PRIVATE),
        TestimonyFactory(title=f"{SECRET} embargo", embargo_until=tomorrow),
        DocumentFactory(title=f"{SECRET} withdrawn", status=Status.WITHDRAWN),
        DocumentFactory(title="Letter", transcription=f"{SECRET} private", access=Access.PRIVATE),
    ]


def test_hidden_records_are_never_found_anywhere(client, found):
    records = hidden_records()
    assert found(SECRET) == []
    assert found("Zumrudova") == []
    text = everywhere(client, SECRET)
    for record in records:
        assert record.identifier not in text
    assert "Qaralama" not in text and "Gizli" not in text
    assert client.get("/api/v1/search/", {"q": SECRET}).json()["count"] == 0
    assert client.get("/search/suggest/", {"q": SECRET[:4]}).json() == {"suggestions": []}


def test_metadata_only_testimony_is_found_by_title_and_summary_but_not_by_transcript(client, found):
    testimony = TestimonyFactory(
        title="Salyan kazarması",
        summary_en="A mother remembers the night.",
        transcript="Gecə yarısı tanklar Tbilisi prospektinə çıxdı.",
        access=Access.METADATA,
    )
    TranscriptSegment.objects.create(testimony=testimony, start=754, text="Tanklar prospektə çıxdı")
    assert found("kazarma") == [testimony.identifier]
    assert found("mother remembers") == [testimony.identifier]
    assert found("tanklar") == []
    assert found("Tbilisi") == []
    # Found by its title, the snippet still never shows the transcript or links to a moment.
    text = everywhere(client, "Salyan")
    assert testimony.identifier in text
    assert "prospekt" not in text and "#t=" not in text


def test_metadata_only_document_is_not_found_by_its_transcription(found):
    document = DocumentFactory(title="Teleqram", transcription="Məxfi əmr", access=Access.METADATA)
    assert found("Teleqram") == [document.identifier]
    assert found("əmr") == []
    document.access = Access.PUBLIC
    document.save()
    assert found("əmr") == [document.identifier]


def test_publishing_withdrawing_and_editing_update_results_at_once(curator, found):
    victim = VictimFactory(surname_az="Əsgərov", given_name_az="Natiq", status=Status.DRAFT)
    assert found("Askerov") == []
    record_publish(record=victim, user=curator)
    assert found("Askerov") == [victim.identifier]
    victim.surname_az = "Ələkbərov"
    victim.save()
    assert found("Askerov") == []
    assert found("Alakbarov Natiq") == [victim.identifier]
    NameVariantFactory(victim=victim, name="Алекперов")
    assert found("Alekperov") == [victim.identifier]
    record_withdraw(record=victim, user=curator, reason="Duplicate record")
    assert found("Alakbarov") == []


def test_a_passing_embargo_needs_no_reindex(found):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    testimony = TestimonyFactory(title="Şəhidlər xiyabanı", embargo_until=tomorrow)
    assert found("xiyaban") == []
    # The embargo passes: only the date changes (a queryset update sends no signal to re-index).
    Testimony.objects.filter(pk=testimony.pk).update(embargo_until=timezone.localdate() - dt.timedelta(days=1))
    assert found("xiyaban") == [testimony.identifier]


def test_a_stale_index_cannot_leak_a_withdrawn_record(found):
    victim = VictimFactory(surname_az="Bağırov", given_name_az="Fuad")
    type(victim).objects.filter(pk=victim.pk).update(status=Status.WITHDRAWN)  # no signal: index untouched
    assert NameWord.objects.filter(victim=victim).exists()
    assert found("Bağırov") == []


def test_transcript_segments_are_indexed_when_added_or_removed(found):
    testimony = TestimonyFactory(title="Yol", transcript="")
    segment = TranscriptSegment.objects.create(testimony=testimony, start=12, text="Təcili yardım maşını gəldi")
    assert found("tacili yardim") == [testimony.identifier]
    segment.delete()
    assert found("tacili") == []


def test_rebuild_command_rebuilds_the_index_from_scratch(found):
    victim = VictimFactory(surname_az="Rəhimov", given_name_az="Oqtay")
    testimony = TestimonyFactory(title="Körpü")
    document = DocumentFactory(title="Qəzet")
    NameWord.objects.all().delete()
    TextEntry.objects.all().delete()
    assert found("Rahimov") == [] and found("Körpü") == []
    call_command("rebuild_search_index", verbosity=0)
    assert found("Rahimov") == [victim.identifier]
    assert found("Körpü") == [testimony.identifier]
    assert found("Qəzet") == [document.identifier]
    call_command("rebuild_search_index", verbosity=0)  # twice is the same as once
    assert NameWord.objects.filter(victim=victim).count() == len(set(NameWord.objects.values_list("key", flat=True)))


def test_suggestions_only_name_public_victims():
    VictimFactory(surname_az="Sadıqov", given_name_az="Elman")
    VictimFactory(surname_az="Sadıqova", given_name_az="Aygün", status=Status.DRAFT)
    assert [s.label for s in selectors.suggest("Sadiq")] == ["Sadıqov Elman"]


def test_a_testimony_is_found_by_the_names_of_the_public_people_it_is_about(client, curator, found):
    testimony = TestimonyFactory(title="Gecə", summary_en="A mother remembers the night.")
    victim = VictimFactory(surname_az="Şirinov", given_name_az="Natiq", surname_ru="Ширинов", status=Status.DRAFT)
    testimony.victims.add(victim)
    assert found("Ширинов Натик", kind="testimonies") == []  # a hidden person's name finds nothing
    assert testimony.identifier not in everywhere(client, "Ширинов")
    record_publish(record=victim, user=curator)
    assert found("Ширинов Натик", kind="testimonies") == [testimony.identifier]
    assert testimony.identifier in everywhere(client, "Shirinov")  # the cached answer changed too
    victim.surname_az, victim.surname_ru = "Şahbazov", "Шахбазов"
    victim.save()
    assert found("Shirinov", kind="testimonies") == [] and found("Shahbazov", kind="testimonies")
    testimony.victims.remove(victim)
    assert found("Shahbazov", kind="testimonies") == []
    assert testimony.identifier not in everywhere(client, "Shahbazov")


def test_deleting_a_person_forgets_their_name_in_the_records_about_them(found):
    # Only demonstration records are ever deleted (remove_demo); real ones are withdrawn.
    document = DocumentFactory(title="Arayış")
    victim = VictimFactory(surname_az="Nəcəfov", given_name_az="Oqtay", is_demo=True)
    document.victims.add(victim)
    assert found("Najafov", kind="documents") == [document.identifier]
    victim.delete()
    assert found("Najafov", kind="documents") == []


def test_a_named_narrator_finds_their_testimony_and_an_anonymous_one_never_by_name(client, found):
    named = TestimonyFactory(title="Gecə", narrator_name="Leyla Quliyeva", narrator_consent=Testimony.Consent.NAMED)
    hidden = TestimonyFactory(
        title="Səhər",
        narrator_name="Zərifə Bağırova",
        narrator_pseudonym="Z. B.",
        narrator_consent=Testimony.Consent.ANONYMOUS,
    )
    assert found("Leyla Quliyeva", kind="testimonies") == [named.identifier]
    assert found("Zərifə", kind="testimonies") == [] and found("Bagirova", kind="testimonies") == []
    assert hidden.identifier not in everywhere(client, "Zərifə Bağırova")
    hidden.narrator_consent = Testimony.Consent.NAMED
    hidden.save()  # the narrator agrees to be named
    assert found("Bagirova", kind="testimonies") == [hidden.identifier]
