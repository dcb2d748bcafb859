"""The pages of single records: what a visitor, a citing researcher and a crawler get from them."""

import io
import json
import re
import wave
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from PIL import Image

from archive.ingest import prepare_upload
from archive.models import Access, MediaFile, Rights, Status, Testimony, TranscriptSegment
from archive.services import media_file_attach
from tests.factories import (
    DocumentFactory,
    NameVariantFactory,
    PlaceFactory,
    SourceFactory,
    SubjectFactory,
    TestimonyFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["az", "en", "ru"]


# --- helpers ------------------------------------------------------------------------------------------


def url(record, language: str = "az", name: str = "") -> str:
    with translation.override(language):
        if name:
            return reverse(f"memorial:{name}", kwargs={"identifier": record.identifier})
        return record.get_absolute_url()


def html(response) -> str:
    return response.content.decode()


def wav_bytes(seconds: float = 1.0, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(rate)
        output.writeframes(b"\x00\x01" * int(seconds * rate))
    return buffer.getvalue()


def png_bytes(colour: str = "grey") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


def attach(record, content: bytes, name: str, role: str, **extra) -> MediaFile:
    prepared = prepare_upload(ContentFile(content, name=name))
    return media_file_attach(record=record, prepared=prepared, role=role, **extra)


def attach_recording(testimony) -> MediaFile:
    return attach(testimony, wav_bytes(), "recording.wav", MediaFile.Role.RECORDING)


def add_segments(testimony, lines: list[tuple[str, str, str]]) -> None:
    for start, speaker, text in lines:
        TranscriptSegment.objects.create(testimony=testimony, start=Decimal(start), speaker=speaker, text=text)


def json_ld(page: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def hidden_records():
    tomorrow = timezone.localdate() + timedelta(days=1)
    return [
        VictimFactory(status=Status.DRAFT),
        VictimFactory(access=Access.PRIVATE),
        VictimFactory(embargo_until=tomorrow),
        VictimFactory(status=Status.WITHDRAWN),
        TestimonyFactory(status=Status.DRAFT),
        TestimonyFactory(narrator_consent=Testimony.Consent.ARCHIVE_ONLY),
        TestimonyFactory(embargo_until=tomorrow),
        DocumentFactory(access=Access.PRIVATE),
        DocumentFactory(status=Status.WITHDRAWN),
    ]


def kind_of(record) -> str:
    return record._meta.model_name


# --- every page, every language -----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_record_page_is_served_in_each_language_with_its_alternates(client, language):
    victim = VictimFactory()
    testimony = TestimonyFactory()
    document = DocumentFactory()
    for record in (victim, testimony, document):
        response = client.get(url(record, language))
        assert response.status_code == 200
        page = html(response)
        assert f'<html lang="{language}">' in page
        permanent = f"http://testserver{url(record, 'az')}"
        # Each language's page is its own canonical (one pointing at another language's would drop it from search).
        assert f'<link rel="canonical" href="http://testserver{url(record, language)}">' in page
        for code in LANGUAGES:
            assert f'<link rel="alternate" hreflang="{code}" href="http://testserver{url(record, code)}">' in page
        assert f'<link rel="alternate" hreflang="x-default" href="{permanent}">' in page
        assert f'<meta property="og:url" content="{permanent}">' in page


# --- publication rule ---------------------------------------------------------------------------------


def test_hidden_records_and_their_downloads_are_404(client):
    for record in hidden_records():
        kind = kind_of(record)
        names = ["", f"{kind}_bibtex", f"{kind}_csl"]
        if kind == "testimony":
            names += ["testimony_transcript_txt", "testimony_transcript_vtt"]
        for name in names:
            assert client.get(url(record, "en", name)).status_code == 404, (record, name)


def test_a_hidden_record_is_404_even_to_a_client_holding_its_etag(client):
    victim = VictimFactory()
    response = client.get(url(victim))
    etag, modified = response["ETag"], response["Last-Modified"]
    victim.status = Status.WITHDRAWN
    victim.save()
    assert client.get(url(victim), headers={"if-none-match": etag}).status_code == 404
    assert client.get(url(victim), headers={"if-modified-since": modified}).status_code == 404


# --- conditional GET ----------------------------------------------------------------------------------


def test_record_pages_answer_304_to_a_matching_etag_and_change_when_the_record_does(client):
    testimony = TestimonyFactory()
    first = client.get(url(testimony))
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(url(testimony), headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url(testimony), headers={"if-modified-since": first["Last-Modified"]}).status_code == 304

    assert client.get(url(testimony, "en"))["ETag"] != etag  # another language is another page

    testimony.title = "Yeni başlıq"
    testimony.save()
    changed = client.get(url(testimony), headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "Yeni başlıq" in html(changed)


def test_a_testimony_page_changes_its_etag_when_a_line_of_its_transcript_is_corrected(client):
    testimony = TestimonyFactory()
    line = TranscriptSegment.objects.create(testimony=testimony, start=Decimal(0), end=Decimal(4), text="Gecə idi.")
    etag = client.get(url(testimony))["ETag"]

    line.text = "Gecə yarısı idi."
    line.save()  # the testimony's own row is not saved: its dates stay as they were
    corrected = client.get(url(testimony), headers={"if-none-match": etag})
    assert corrected.status_code == 200
    assert "Gecə yarısı idi." in html(corrected)


def test_victim_page_changes_its_etag_when_a_testimony_about_them_is_published_or_withdrawn(client, curator):
    from archive.services import record_publish, record_withdraw

    victim = VictimFactory()
    testimony = TestimonyFactory(status=Status.DRAFT)
    testimony.victims.add(victim)
    etag = client.get(url(victim))["ETag"]

    record_publish(record=testimony, user=curator)
    published = client.get(url(victim), headers={"if-none-match": etag})
    assert published.status_code == 200
    assert testimony.title in html(published)

    etag = published["ETag"]
    record_withdraw(record=testimony, user=curator, reason="The family asked")
    withdrawn = client.get(url(victim), headers={"if-none-match": etag})
    assert withdrawn.status_code == 200
    assert testimony.title not in html(withdrawn)


def test_unlinking_a_document_changes_the_victim_page_etag(client):
    victim, document = VictimFactory(), DocumentFactory()
    document.victims.add(victim)
    etag = client.get(url(victim))["ETag"]
    document.victims.remove(victim)
    assert client.get(url(victim), headers={"if-none-match": etag}).status_code == 200


def test_last_modified_is_never_before_today_because_the_page_shows_the_access_date(client):
    document = DocumentFactory()
    type(document).objects.filter(pk=document.pk).update(updated_at=timezone.now() - timedelta(days=30))
    response = client.get(url(document))
    start_of_today = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    assert response["Last-Modified"] == http_date(start_of_today.timestamp())


# --- victim -------------------------------------------------------------------------------------------


def test_victim_page_shows_names_dates_age_places_and_photographs(client):
    place = PlaceFactory(name_en="Salyan barracks")
    cemetery = PlaceFactory(name_en="Alley of Martyrs")
    victim = VictimFactory(
        surname_az="Məmmədov",
        given_name_az="Əli",
        surname_ru="Мамедов",
        given_name_ru="Али",
        surname_en="Mammadov",
        given_name_en="Ali",
        birth_date="1945",
        death_date="1990-01",
        fate="died_of_wounds",
        incident_place=place,
        burial_place=cemetery,
    )
    NameVariantFactory(victim=victim, name="Mamedov Ali Hasan oglu")
    portrait = attach(victim, png_bytes(), "portrait.png", MediaFile.Role.PORTRAIT, alt_text="A young man")
    photo = attach(victim, png_bytes("white"), "photo.png", MediaFile.Role.PHOTO, caption_en="At the school gate")
    page = html(client.get(url(victim, "en")))
    for text in ("Məmmədov Əli", "Мамедов Али", "Mammadov Ali", "Mamedov Ali Hasan oglu"):
        assert text in page
    assert "<dd>1945</dd>" in page
    assert "<dd>January 1990</dd>" in page
    assert "<dd>44–45</dd>" in page
    assert "Died of wounds" in page
    assert "Salyan barracks" in page
    assert "Alley of Martyrs" in page
    assert portrait.get_thumbnail_url() in page
    assert photo.get_thumbnail_url() in page
    assert "At the school gate" in page


def test_victim_json_ld_gives_dates_only_at_the_precision_known(client):
    victim = VictimFactory(surname_az="Tarixli", birth_date="1948~", death_date="1990-01")
    data = json_ld(html(client.get(url(victim, "en"))))
    assert data["@type"] == "Person"
    assert data["identifier"] == victim.identifier
    assert data["deathDate"] == "1990-01"
    assert "birthDate" not in data  # "circa 1948" is not 1948

    exact = VictimFactory(birth_date="1965", death_date="1990-01-20")
    data = json_ld(html(client.get(url(exact, "en"))))
    assert (data["birthDate"], data["deathDate"]) == ("1965", "1990-01-20")


def test_json_ld_cannot_be_broken_out_of_by_record_text(client):
    victim = VictimFactory(biography_en="</script><script>alert(1)</script> & more")
    page = html(client.get(url(victim, "en")))
    assert "<script>alert(1)</script>" not in page
    assert "\\u003C/script\\u003E" in page
    assert json_ld(page)["description"].startswith("</script><script>alert(1)</script> & more")


# --- citation -----------------------------------------------------------------------------------------


def test_cite_block_gives_permanent_address_identifier_access_date_and_chicago_text(client):
    victim = VictimFactory(surname_az="Sitatlı", given_name_az="Rauf")
    page = html(client.get(url(victim, "en")))
    permanent = f"http://testserver/victims/{victim.identifier}/"
    today = timezone.localdate()
    assert f'<a href="{permanent}">{permanent}</a>' in page
    assert f'datetime="{today.isoformat()}"' in page
    assert f"“Sitatlı Rauf.” Memorial record. Yaddaş, {victim.identifier}. Accessed" in page
    assert f"{permanent}.</p>" in page
    assert url(victim, "en", "victim_bibtex") in page
    assert url(victim, "en", "victim_csl") in page


def test_bibtex_download_of_a_document(client):
    document = DocumentFactory(
        title="Order {No. 1} & 50% _draft_",
        creator="Military commandant",
        date="1990-01-20",
        holding_institution="State Archive",
        reference="f. 1, op. 2",
    )
    response = client.get(url(document, "en", "document_bibtex"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{document.identifier}.bib"'
    text = html(response)
    assert text.startswith(f"@misc{{{document.identifier},\n")
    assert r"title = {{Order \{No. 1\} \& 50\% \_draft\_}}" in text
    assert "author = {{Military commandant}}" in text
    assert "date = {1990-01-20}" in text
    assert "year = {1990}" in text
    assert f"url = {{http://testserver/documents/{document.identifier}/}}" in text
    assert f"urldate = {{{timezone.localdate().isoformat()}}}" in text
    assert "note = {State Archive, f. 1, op. 2}" in text
    assert text.count("{") == text.count("}")


def test_csl_json_download_of_a_testimony(client):
    testimony = TestimonyFactory(
        title="Gecə", narrator_name="Aygün Adlı", interviewer="Elçin Soruşan", recorded_date="circa 2004"
    )
    response = client.get(url(testimony, "en", "testimony_csl"))
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{testimony.identifier}.json"'
    [item] = json.loads(response.content)
    assert item["id"] == testimony.identifier
    assert item["type"] == "interview"
    assert item["title"] == "Gecə"
    assert item["author"] == [{"literal": "Aygün Adlı"}]
    assert item["interviewer"] == [{"literal": "Elçin Soruşan"}]
    assert item["issued"] == {"date-parts": [[2004]], "circa": True}
    assert item["URL"] == f"http://testserver/testimonies/{testimony.identifier}/"
    today = timezone.localdate()
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}


def test_victim_citation_downloads_are_named_by_identifier(client):
    victim = VictimFactory(surname_az="Adlı", given_name_az="Nigar")
    bib = client.get(url(victim, "az", "victim_bibtex"))
    assert bib["Content-Disposition"] == f'attachment; filename="{victim.identifier}.bib"'
    assert "title = {{Adlı Nigar}}" in html(bib)
    [item] = json.loads(client.get(url(victim, "az", "victim_csl")).content)
    assert item["title"] == "Adlı Nigar"
    assert "author" not in item


def test_citations_of_demo_records_say_they_are_invented(client):
    victim = VictimFactory(surname_az="Nümunəli", given_name_az="Elvin", is_demo=True)
    assert "note = {Invented demonstration data}" in html(client.get(url(victim, "en", "victim_bibtex")))
    [item] = json.loads(client.get(url(victim, "en", "victim_csl")).content)
    assert item["note"] == "Invented demonstration data"
    real = VictimFactory(surname_az="Adlı", given_name_az="Nigar")
    assert "note" not in html(client.get(url(real, "en", "victim_bibtex")))


# --- testimony ----------------------------------------------------------------------------------------


def test_testimony_has_a_player_and_a_time_coded_transcript(client):
    testimony = TestimonyFactory()
    recording = attach_recording(testimony)
    add_segments(testimony, [("0", "Müsahibəçi", "Başlayaq."), ("75.5", "Rauf", "Gecə atəş eşitdik.")])
    page = html(client.get(url(testimony, "en")))
    assert f'<audio controls preload="metadata" src="{recording.get_absolute_url()}"' in page
    # Each time is a link to this page at that moment, anchored on its line (the address to share).
    assert 'id="at-75.5"' in page and 'href="?t=75.5#at-75.5"' in page
    assert 'href="?t=0#at-0"' in page
    assert "01:15</a>" in page
    assert "Gecə atəş eşitdik." in page
    assert 'data-start="75.5"' in page
    assert "player.js" in page
    data = json_ld(page)
    assert data["@type"] == "CreativeWork"
    assert data["associatedMedia"][0]["@type"] == "AudioObject"
    assert data["associatedMedia"][0]["contentUrl"] == f"http://testserver{recording.get_absolute_url()}"


def test_seeking_in_the_recording_gets_partial_content(client):
    testimony = TestimonyFactory()
    recording = attach_recording(testimony)
    response = client.get(recording.get_absolute_url(), headers={"range": "bytes=1000-"})
    assert response.status_code == 206
    assert response["Content-Range"].startswith("bytes 1000-")


def test_testimony_shows_subjects_rights_related_victims_and_documents(client):
    victim = VictimFactory(surname_az="Əlaqəli")
    testimony = TestimonyFactory(rights=Rights.CC_BY, rights_holder="Ailə arxivi")
    testimony.victims.add(victim, VictimFactory(surname_az="Gizliyev", status=Status.DRAFT))
    testimony.subjects.add(SubjectFactory(name_en="Funerals"))
    document = DocumentFactory(title="Əlaqəli sənəd")
    document.testimonies.add(testimony)
    page = html(client.get(url(testimony, "en")))
    assert "Əlaqəli" in page
    assert "Gizliyev" not in page
    assert "Funerals" in page
    assert "Əlaqəli sənəd" in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in page
    assert "Ailə arxivi" in page


def test_transcript_downloads_as_text_and_webvtt(client):
    testimony = TestimonyFactory(title="Gecə")
    attach_recording(testimony)
    add_segments(
        testimony,
        [("0", "Müsahibəçi", "Başlayaq."), ("3.25", "Rauf", "Atəş <səsi> & tüstü."), ("3725", "", "Son.")],
    )
    text = client.get(url(testimony, "en", "testimony_transcript_txt"))
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text["Content-Disposition"] == f'attachment; filename="{testimony.identifier}.txt"'
    assert "[00:00:03] Rauf: Atəş <səsi> & tüstü." in html(text)
    assert "[01:02:05] Son." in html(text)

    vtt = client.get(url(testimony, "en", "testimony_transcript_vtt"))
    assert vtt["Content-Type"] == "text/vtt; charset=utf-8"
    assert vtt["Content-Disposition"] == f'attachment; filename="{testimony.identifier}.vtt"'
    body = html(vtt)
    assert body.startswith("WEBVTT\n\n")
    cues = re.findall(r"^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})$", body, re.M)
    assert cues == [
        ("00:00:00.000", "00:00:03.250"),
        ("00:00:03.250", "01:02:05.000"),
        ("01:02:05.000", "01:02:10.000"),
    ]
    assert "<v Rauf>Atəş &lt;səsi&gt; &amp; tüstü." in body
    for block in body.strip().split("\n\n")[1:]:  # every cue: an id, the timing line, then text
        lines = block.split("\n")
        assert len(lines) >= 3 and " --> " in lines[1]


def test_metadata_only_testimony_shows_a_notice_and_nothing_of_its_media(client):
    testimony = TestimonyFactory(access=Access.METADATA, transcript="Gizli mətn.", summary_en="What it is about.")
    recording = attach_recording(testimony)
    add_segments(testimony, [("0", "Rauf", "Gizli seqment.")])
    page = html(client.get(url(testimony, "en")))
    assert "What it is about." in page
    assert "available to researchers on request" in page
    for absent in ("<audio", "<video", "/files/", recording.get_absolute_url(), "Gizli mətn", "Gizli seqment"):
        assert absent not in page
    assert "transcript.txt" not in page
    assert "associatedMedia" not in json.dumps(json_ld(page))
    assert client.get(url(testimony, "en", "testimony_transcript_txt")).status_code == 404
    assert client.get(url(testimony, "en", "testimony_transcript_vtt")).status_code == 404
    # Still citable: its description is public.
    assert client.get(url(testimony, "en", "testimony_bibtex")).status_code == 200


def test_anonymous_narrators_name_is_in_no_page_data_citation_or_download(client):
    testimony = TestimonyFactory(
        narrator_name="Sevinc Həqiqiyeva",
        narrator_consent=Testimony.Consent.ANONYMOUS,
        narrator_pseudonym="S. H.",
    )
    attach_recording(testimony)
    # A curator typed the real name as the speaker: the public sees the pseudonym.
    add_segments(testimony, [("0", "Sevinc Həqiqiyeva", "O gecə evdə idim.")])
    responses = {
        name: client.get(url(testimony, "en", name))
        for name in ("", "testimony_bibtex", "testimony_csl", "testimony_transcript_txt", "testimony_transcript_vtt")
    }
    for name, response in responses.items():
        assert response.status_code == 200, name
        body = html(response)
        assert "Sevinc" not in body, name
        assert "Həqiqiyeva" not in body, name
    page = html(responses[""])
    assert json_ld(page)["author"] == {"@type": "Person", "name": "S. H."}
    assert "<v S. H.>O gecə evdə idim." in html(responses["testimony_transcript_vtt"])
    assert json.loads(responses["testimony_csl"].content)[0]["author"] == [{"literal": "S. H."}]


# --- document -----------------------------------------------------------------------------------------


def test_document_shows_pages_viewer_transcription_and_metadata(client):
    document = DocumentFactory(
        date="1990-01",
        creator="Komendantlıq",
        holding_institution="Dövlət Arxivi",
        reference="f. 1",
        transcription="Əmr №1",
        rights=Rights.NO_COPYRIGHT,
    )
    first = attach(document, png_bytes(), "p1.png", MediaFile.Role.PAGE, order=1, alt_text="Page one")
    second = attach(document, png_bytes("white"), "p2.png", MediaFile.Role.PAGE, order=2, alt_text="Page two")
    page = html(client.get(url(document, "en")))
    assert "January 1990" in page
    for text in ("Komendantlıq", "Dövlət Arxivi", "f. 1", "Əmr №1", "Page 1 of 2", "Page 2 of 2"):
        assert text in page
    for media in (first, second):
        assert f'src="{media.get_thumbnail_url()}"' in page
        assert f'href="{media.get_absolute_url()}" download' in page  # rights allow downloading
        assert f'data-full="{media.get_absolute_url()}"' in page
    assert "viewer.js" in page
    data = json_ld(page)
    assert data["@type"] == "ArchiveComponent"
    assert data["holdingArchive"]["name"] == "Dövlət Arxivi"
    assert data["dateCreated"] == "1990-01"


def test_document_in_copyright_is_shown_but_not_offered_for_download(client):
    document = DocumentFactory(rights=Rights.IN_COPYRIGHT)
    scan = attach(document, png_bytes(), "p1.png", MediaFile.Role.PAGE)
    page = html(client.get(url(document, "en")))
    assert f'href="{scan.get_absolute_url()}"' in page
    assert " download>" not in page.split('id="cite-heading"')[0]
    assert "may be viewed here but not downloaded" in page


def test_metadata_only_document_shows_no_pages(client):
    document = DocumentFactory(access=Access.METADATA, transcription="Əmr №1")
    scan = attach(document, png_bytes(), "p1.png", MediaFile.Role.PAGE)
    page = html(client.get(url(document, "en")))
    assert scan.get_absolute_url() not in page
    assert "Əmr №1" not in page
    assert "<img" not in page
    assert "available to researchers on request" in page


# --- content warnings ---------------------------------------------------------------------------------


def test_distressing_image_is_not_in_the_page_until_revealed(client):
    document = DocumentFactory()
    calm = attach(document, png_bytes(), "p1.png", MediaFile.Role.PAGE, order=1)
    hard = attach(document, png_bytes("black"), "p2.png", MediaFile.Role.PAGE, order=2, is_distressing=True)
    page = html(client.get(url(document, "en")))
    assert f'<img src="{calm.get_thumbnail_url()}"' in page
    assert f'<img src="{hard.get_thumbnail_url()}"' not in page  # nothing to load before the reveal
    assert f' href="{hard.get_absolute_url()}"' not in page
    assert "Content warning" in page
    reveal = f'href="?reveal={hard.key.hex}#media-{hard.key.hex}"'
    assert reveal in page

    revealed = html(client.get(url(document, "en"), {"reveal": hard.key.hex}))
    assert f'<img src="{hard.get_thumbnail_url()}"' in revealed
    assert f'<img src="{calm.get_thumbnail_url()}"' in revealed
    assert json.dumps(json_ld(revealed)).count(hard.get_absolute_url()) == 0  # never in crawler data
    og = re.search(r'<meta property="og:image" content="([^"]+)">', page)
    assert og is None or hard.get_absolute_url() not in og.group(1)


def test_distressing_portrait_is_not_the_social_card_image(client):
    victim = VictimFactory()
    portrait = attach(victim, png_bytes(), "p.png", MediaFile.Role.PORTRAIT, is_distressing=True)
    page = html(client.get(url(victim, "en")))
    assert f'<img src="{portrait.get_thumbnail_url()}"' not in page
    assert "Content warning" in page
    assert "og:image" not in page
    assert "image" not in json_ld(page)


# --- queries ------------------------------------------------------------------------------------------


def _selects(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    # ATOMIC_REQUESTS adds savepoints around the view; only reads depend on the data.
    return sum(1 for query in queries if query["sql"].lstrip().upper().startswith("SELECT"))


def _grow_victim(victim, count: int) -> None:
    for index in range(count):
        testimony = TestimonyFactory()
        testimony.victims.add(victim)
        DocumentFactory().victims.add(victim)
        NameVariantFactory(victim=victim, name=f"Variant {victim.pk}-{index}")
        victim.sources.add(SourceFactory())
        attach(victim, png_bytes(), "photo.png", MediaFile.Role.PHOTO)


def _grow_testimony(testimony, count: int) -> None:
    for index in range(count):
        testimony.victims.add(VictimFactory(incident_place=PlaceFactory()))
        DocumentFactory().testimonies.add(testimony)
        testimony.subjects.add(SubjectFactory())
        testimony.sources.add(SourceFactory())
        add_segments(testimony, [(str(index * 10), "Rauf", f"Line {index}")])
        attach_recording(testimony)


def _grow_document(document, count: int) -> None:
    for _index in range(count):
        document.victims.add(VictimFactory(incident_place=PlaceFactory()))
        document.testimonies.add(TestimonyFactory())
        document.sources.add(SourceFactory())
        attach(document, png_bytes(), "page.png", MediaFile.Role.PAGE)


@pytest.mark.parametrize(
    ("factory", "grow", "expected"),
    [
        # the archive's content version (for the ETag; the page cache's key reads it when the cache is on); the
        # record with its version and places; variants, sources, testimonies, documents; its images; the index
        # points of testimonies and of documents that speak of them
        (VictimFactory, _grow_victim, 9),
        # the content version; the record; subjects, sources, victims, documents; its recordings; its transcript and
        # its translations; its index (empty here: test_page_costs counts a full one)
        (TestimonyFactory, _grow_testimony, 10),
        # the content version; the record; sources, victims, testimonies; its files; its index (empty here:
        # test_page_costs counts a full one)
        (DocumentFactory, _grow_document, 7),
    ],
)
def test_record_pages_make_the_same_few_queries_for_1_and_10_related_records(client, settings, factory, grow, expected):
    settings.PAGE_CACHE_SECONDS = 0  # the page computed, as on the first request after a change
    few_record, many_record = factory(), factory()
    grow(few_record, 1)
    grow(many_record, 10)
    few = _selects(client, url(few_record, "en"))
    many = _selects(client, url(many_record, "en"))
    assert (few, many) == (expected, expected)


def test_metadata_only_notice_names_the_day_the_files_open(client):
    opens = timezone.localdate() + timedelta(days=30)
    testimony = TestimonyFactory(access=Access.METADATA, media_closed_until=opens)
    page = client.get(f"/en/testimonies/{testimony.identifier}/").content.decode()
    assert "closed until" in page
    assert str(opens.year) in page
    assert "The transcript." not in page


def test_a_written_testimony_is_headed_as_text_not_as_a_transcript(client):
    written = TestimonyFactory(transcript="My brother went out on the night of 19 January.")
    page = html(client.get(url(written, "en")))
    assert "Text of the testimony" in page and ">Transcript<" not in page
    recorded = TestimonyFactory(transcript="Gecə atəş eşitdik.")
    attach_recording(recorded)
    assert ">Transcript<" in html(client.get(url(recorded, "en")))


def test_the_admin_is_named_for_the_archive(client, curator):
    client.force_login(curator)
    assert "Yaddaş — the curators&#x27; desk" in html(client.get("/en/admin/"))
