import hashlib
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.views.defaults import server_error

from archive.models import Access, MediaFile, Status, Testimony
from tests.factories import DocumentFactory, PlaceFactory, SourceFactory, TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db

DEMO_WARNING_EN = "This page shows invented demonstration data — not real people"


def victim_url(victim, language: str = "az") -> str:
    with translation.override(language):
        return reverse("memorial:victim", kwargs={"identifier": victim.identifier})


def record_url(record, language: str = "az") -> str:
    with translation.override(language):
        return record.get_absolute_url()


def list_url(language: str = "az") -> str:
    with translation.override(language):
        return reverse("memorial:victims")


def new_testimony_about(victim, **fields) -> Testimony:
    testimony = TestimonyFactory(**fields)
    testimony.victims.add(victim)
    return testimony


def new_document_about(victim, **fields):
    document = DocumentFactory(**fields)
    document.victims.add(victim)
    return document


def html(response) -> str:
    return response.content.decode()


def attach_media(record, *, role: str, kind: str = MediaFile.Kind.IMAGE, alt_text: str = "") -> MediaFile:
    content = b"not really an image, but stored like one"
    digest = hashlib.sha256(content).hexdigest()
    media = MediaFile(
        role=role,
        kind=kind,
        content_type="image/jpeg" if kind == MediaFile.Kind.IMAGE else "audio/mpeg",
        size=len(content),
        sha256=digest,
        source_sha256=digest,
        alt_text=alt_text,
        **{record._meta.model_name: record},
    )
    media.file.save("upload.jpg" if kind == MediaFile.Kind.IMAGE else "upload.mp3", ContentFile(content), save=False)
    media.save()
    return media


def hidden_victims():
    tomorrow = timezone.localdate() + timedelta(days=1)
    return {
        "draft": VictimFactory(surname_az="Qaralamov", status=Status.DRAFT),
        "private": VictimFactory(surname_az="Gizliyev", access=Access.PRIVATE),
        "embargoed": VictimFactory(surname_az="Möhlətov", embargo_until=tomorrow),
        "withdrawn": VictimFactory(surname_az="Geriçəkilmiş", status=Status.WITHDRAWN),
    }


# Pages load


def test_home_list_and_detail_pages_load(client):
    victim = VictimFactory(surname_az="Nümunəli")
    testimony = new_testimony_about(victim)
    document = new_document_about(victim)
    for url in [
        reverse("memorial:home"),
        list_url(),
        victim_url(victim),
        testimony.get_absolute_url(),
        document.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'id="main"' in html(response)


def test_home_counts_public_victims_by_fate_from_the_archive(client):
    VictimFactory.create_batch(3, fate="killed")
    VictimFactory(fate="injured")
    hidden_victims()  # four more killed, none of them public
    page = html(client.get("/en/"))
    assert "records of 4 people" in page
    assert "<dt>Killed</dt><dd>3</dd>" in page
    assert "<dt>Injured</dt><dd>1</dd>" in page


def test_home_lists_only_public_testimonies_newest_first(client):
    now = timezone.now()
    older = TestimonyFactory(title="Köhnə ifadə", published_at=now - timedelta(days=2))
    newer = TestimonyFactory(title="Yeni ifadə", published_at=now)
    TestimonyFactory(title="Qaralama ifadə", status=Status.DRAFT)
    TestimonyFactory(title="Arxiv ifadəsi", narrator_consent=Testimony.Consent.ARCHIVE_ONLY)
    page = html(client.get(reverse("memorial:home")))
    assert page.index(newer.title) < page.index(older.title)
    assert "Qaralama ifadə" not in page
    assert "Arxiv ifadəsi" not in page


# Publication rule


@pytest.mark.parametrize("state", ["draft", "private", "embargoed", "withdrawn"])
def test_hidden_victim_is_neither_listed_nor_reachable(client, state):
    VictimFactory(surname_az="Görünənov")
    victim = hidden_victims()[state]
    listing = html(client.get(list_url()))
    assert "Görünənov" in listing
    assert victim.surname_az not in listing
    assert victim.identifier not in listing
    assert client.get(victim_url(victim)).status_code == 404


def test_hidden_testimony_and_document_are_404(client):
    draft = TestimonyFactory(status=Status.DRAFT)
    archive_only = TestimonyFactory(narrator_consent=Testimony.Consent.ARCHIVE_ONLY)
    private_document = DocumentFactory(access=Access.PRIVATE)
    for record in (draft, archive_only, private_document):
        assert client.get(record.get_absolute_url()).status_code == 404


def test_not_found_page_is_friendly_and_translated(client):
    response = client.get("/en/victims/V-999999/")
    assert response.status_code == 404
    assert "Page not found" in html(response)
    assert 'lang="en"' in html(response)


def test_related_records_on_a_victim_page_are_public_ones_only(client):
    victim = VictimFactory()
    new_testimony_about(victim, title="Dərc olunmuş ifadə")
    new_testimony_about(victim, title="Qaralama ifadə", status=Status.DRAFT)
    new_document_about(victim, title="Açıq sənəd")
    new_document_about(victim, title="Gizli sənəd", access=Access.PRIVATE)
    page = html(client.get(victim_url(victim)))
    assert "Dərc olunmuş ifadə" in page
    assert "Açıq sənəd" in page
    assert "Qaralama ifadə" not in page
    assert "Gizli sənəd" not in page


# Media and metadata-only records


def test_public_victim_shows_portrait_with_its_description(client):
    victim = VictimFactory()
    portrait = attach_media(victim, role=MediaFile.Role.PORTRAIT, alt_text="Hərbi formada gənc kişi")
    page = html(client.get(victim_url(victim)))
    assert portrait.get_absolute_url() in page
    assert 'alt="Hərbi formada gənc kişi"' in page


def test_metadata_only_victim_is_listed_but_shows_no_portrait(client):
    victim = VictimFactory(surname_az="Yalnızadov", access=Access.METADATA)
    portrait = attach_media(victim, role=MediaFile.Role.PORTRAIT, alt_text="Portret")
    assert "Yalnızadov" in html(client.get(list_url()))
    page = html(client.get(victim_url(victim, "en")))
    assert portrait.get_absolute_url() not in page
    assert "<img" not in page
    assert "available to researchers on request" in page


def test_testimony_plays_its_recording_loading_only_its_metadata(client):
    testimony = TestimonyFactory(transcript="Gecə atəş səsləri eşitdik.")
    recording = attach_media(testimony, role=MediaFile.Role.RECORDING, kind=MediaFile.Kind.AUDIO)
    page = html(client.get(testimony.get_absolute_url()))
    assert f'<audio controls preload="metadata" src="{recording.get_absolute_url()}"' in page
    assert "Gecə atəş səsləri eşitdik." in page


def test_metadata_only_testimony_hides_recording_and_transcript(client):
    testimony = TestimonyFactory(access=Access.METADATA, transcript="Gecə atəş səsləri eşitdik.")
    recording = attach_media(testimony, role=MediaFile.Role.RECORDING, kind=MediaFile.Kind.AUDIO)
    page = html(client.get(record_url(testimony, "en")))
    assert "<audio" not in page
    assert recording.get_absolute_url() not in page
    assert "Gecə atəş səsləri" not in page
    assert "available to researchers on request" in page


def test_metadata_only_document_hides_pages_and_transcription(client):
    document = DocumentFactory(access=Access.METADATA, transcription="Əmr №1")
    scan = attach_media(document, role=MediaFile.Role.PAGE, alt_text="Birinci səhifə")
    page = html(client.get(document.get_absolute_url()))
    assert scan.get_absolute_url() not in page
    assert "Əmr №1" not in page


def test_public_document_shows_its_pages(client):
    document = DocumentFactory(transcription="Əmr №1")
    scan = attach_media(document, role=MediaFile.Role.PAGE, alt_text="Birinci səhifə")
    page = html(client.get(document.get_absolute_url()))
    assert scan.get_absolute_url() in page
    assert 'alt="Birinci səhifə"' in page
    assert "Əmr №1" in page


# Consent


def test_anonymous_narrators_real_name_is_never_on_the_page(client):
    victim = VictimFactory()
    testimony = TestimonyFactory(
        narrator_name="Sevinc Həqiqiyeva",
        narrator_consent=Testimony.Consent.ANONYMOUS,
        narrator_pseudonym="S. H.",
        narrator_relationship="mərhumun bacısı",
    )
    testimony.victims.add(victim)
    for url in (testimony.get_absolute_url(), victim_url(victim), reverse("memorial:home")):
        page = html(client.get(url))
        assert "Sevinc" not in page
        assert "Həqiqiyeva" not in page
        assert "S. H." in page
    assert "mərhumun bacısı" not in html(client.get(testimony.get_absolute_url()))


def test_named_narrator_is_shown_with_relationship(client):
    testimony = TestimonyFactory(narrator_name="Rauf Adlı", narrator_relationship="qonşu")
    page = html(client.get(testimony.get_absolute_url()))
    assert "Rauf Adlı (qonşu)" in page


# Order and queries


def test_names_are_in_azerbaijani_alphabetical_order(client):
    for surname in ["Çələbiyev", "İsmayılov", "Cəfərov", "Işıqlı", "Əliyev", "Ağayev"]:
        VictimFactory(surname_az=surname, given_name_az="Ad")
    page = html(client.get(list_url()))
    expected = ["Ağayev", "Cəfərov", "Çələbiyev", "Əliyev", "Işıqlı", "İsmayılov"]
    positions = [page.index(f"{surname} Ad") for surname in expected]
    assert positions == sorted(positions)


def test_list_is_paginated_by_fifty(client):
    VictimFactory.create_batch(51)
    first = html(client.get(list_url("en")))
    assert first.count('class="record"') == 50
    assert "Page 1 of 2" in first
    second = html(client.get(list_url("en"), {"page": 2}))
    assert second.count('class="record"') == 1


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(list_url()).status_code == 200
    # ATOMIC_REQUESTS adds savepoints around the view; only reads depend on the page size.
    return sum(1 for query in queries if query["sql"].lstrip().upper().startswith("SELECT"))


def test_list_makes_the_same_number_of_queries_for_5_and_30_victims(client):
    for _ in range(5):
        VictimFactory(incident_place=PlaceFactory())
    few = _list_queries(client)
    for _ in range(25):
        VictimFactory(incident_place=PlaceFactory())
    many = _list_queries(client)
    assert few == many


# Dates, ages, languages


def test_partial_dates_are_shown_as_known_and_no_day_is_invented(client):
    year_only = VictimFactory(birth_date="1965", death_date="1990-01")
    circa = VictimFactory(birth_date="1948~", death_date="1990-01-20")
    uncertain = VictimFactory(birth_date="1948?", death_date="1990-01-20")

    page = html(client.get(victim_url(year_only, "en")))
    assert "1965" in page
    assert "January 1990" in page
    assert "Jan. 1, 1990" not in page
    assert "1965-01-01" not in page

    page = html(client.get(victim_url(circa, "en")))
    assert "circa 1948" in page
    assert "Jan. 20, 1990" in page

    page = html(client.get(victim_url(uncertain, "en")))
    assert '1948<abbr class="uncertain" title="uncertain">?</abbr>' in page


def test_list_shows_dates_as_known(client):
    VictimFactory(surname_az="Tarixli", birth_date="1948~", death_date="1990-01")
    page = html(client.get(list_url("en")))
    assert "circa 1948 – January 1990" in page


def test_age_at_death_is_a_range_when_the_birthday_is_unknown(client):
    ranged = VictimFactory(birth_date="1945", death_date="1990-01-20")
    exact = VictimFactory(birth_date="1950-03-01", death_date="1990-01-20")
    assert "<dd>44–45</dd>" in html(client.get(victim_url(ranged, "en")))
    assert "<dd>39</dd>" in html(client.get(victim_url(exact, "en")))


def test_names_in_every_script_and_variants_are_shown(client):
    victim = VictimFactory(
        surname_az="Məmmədov",
        given_name_az="Əli",
        surname_ru="Мамедов",
        given_name_ru="Али",
        surname_en="Mammadov",
        given_name_en="Ali",
    )
    victim.variants.create(name="Mamedov Ali")
    page = html(client.get(victim_url(victim, "en")))
    for form in ("Məmmədov Əli", "Мамедов Али", "Mammadov Ali", "Mamedov Ali"):
        assert form in page


def test_biography_falls_back_to_another_language_with_a_note(client):
    victim = VictimFactory(biography_az="Tələbə idi.", occupation_az="tələbə")
    english = html(client.get(victim_url(victim, "en")))
    assert "Tələbə idi." in english
    assert "This text is in Azerbaijani." in english
    assert 'lang="az"' in english
    azerbaijani = html(client.get(victim_url(victim)))
    assert "Tələbə idi." in azerbaijani
    assert 'class="language-note"' not in azerbaijani


def test_text_in_the_visitors_language_is_preferred(client):
    victim = VictimFactory(biography_az="Tələbə idi.", biography_en="He was a student.")
    page = html(client.get(victim_url(victim, "en")))
    assert "He was a student." in page
    assert "Tələbə idi." not in page
    assert 'class="language-note"' not in page


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_victim_page_is_served_in_each_language(client, language):
    victim = VictimFactory()
    response = client.get(victim_url(victim, language))
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html(response)


def test_language_switcher_links_to_the_same_page_in_each_language(client):
    victim = VictimFactory()
    page = html(client.get(victim_url(victim)))
    for code in ("az", "en", "ru"):
        assert f'<a href="{victim_url(victim, code)}" hreflang="{code}" lang="{code}"' in page
    assert "csrfmiddlewaretoken" not in page  # nothing of one visitor's: the page can be kept whole
    # The old form's address still works for links and bookmarks made before.
    response = client.post(reverse("set_language"), {"language": "ru", "next": victim_url(victim)})
    assert response.status_code == 302
    assert response["Location"] == victim_url(victim, "ru")


def test_victim_page_offers_a_permanent_citation(client):
    victim = VictimFactory()
    victim.sources.add(SourceFactory(title="Qara Yanvar: sənədlər"))
    page = html(client.get(victim_url(victim, "en")))
    assert f"http://testserver{victim_url(victim, 'en')}" in page
    assert victim.identifier in page
    assert "Qara Yanvar: sənədlər" in page


# Demonstration data


def test_demo_banner_and_badge_show_when_a_demo_record_is_on_the_page(client):
    demo = VictimFactory(surname_az="Uydurulmuşov", is_demo=True)
    VictimFactory(surname_az="Həqiqiyev")
    for url in ("/en/", list_url("en"), victim_url(demo, "en")):
        page = html(client.get(url))
        assert DEMO_WARNING_EN in page, url
    listing = html(client.get(list_url("en")))
    assert listing.count('class="badge badge--demo"') == 2  # the banner's and the demo record's


def test_no_demo_banner_without_demo_records(client):
    victim = VictimFactory()
    new_testimony_about(victim)
    for url in ("/en/", list_url("en"), victim_url(victim, "en")):
        page = html(client.get(url))
        assert DEMO_WARNING_EN not in page, url
        assert "badge--demo" not in page, url


def test_demo_testimony_on_a_real_victims_page_brings_the_banner(client):
    victim = VictimFactory()
    new_testimony_about(victim, is_demo=True)
    assert DEMO_WARNING_EN in html(client.get(victim_url(victim, "en")))


def test_demo_banner_is_in_azerbaijani_on_the_default_site(client):
    """Needs compiled messages (compilemessages), as `make test` does."""
    VictimFactory(is_demo=True)
    page = html(client.get(list_url()))
    assert "Bu səhifədə nümayiş üçün uydurulmuş məlumatlar var — real insanlar deyil" in page


def test_server_error_page_renders_without_database_or_context(rf, django_assert_num_queries):
    with translation.override("en"), django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_a_person_with_no_date_of_death_is_shown_as_born_not_with_an_open_dash(client):
    VictimFactory(surname_az="Yaralıyev", birth_date="1974-08", death_date="", fate="injured")
    page = html(client.get(list_url("en")))
    assert "born August 1974" in page
    assert "August 1974 –" not in page
