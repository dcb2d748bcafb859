"""Translations of a transcript: parallel tracks on the original's times, imported per language from WebVTT (strict:
a cue off the original's times refuses the file with its line and saves nothing), exported per language, carried
by OHMS XML as transcript_alt for the second language, kept when the original is imported again on the same times,
and found by search."""

from decimal import Decimal

import pytest
import webvtt as webvtt_py
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from archive.exchange import ohms
from archive.exchange.errors import ExchangeError
from archive.exchange.records import import_ohms, import_webvtt, ohms_file
from archive.exchange.translations import import_translation, staff_translation_webvtt
from archive.models import SegmentTranslation, TranscriptSegment
from tests.factories import TestimonyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def testimony_with_segments(**values):
    testimony = TestimonyFactory(languages=["az"], **values)
    for start, end, text in [("0", "3.5", "Başlayaq."), ("3.5", "9.25", "Gecə atəş eşitdik."), ("10", None, "Səhər.")]:
        TranscriptSegment.objects.create(
            testimony=testimony, start=Decimal(start), end=Decimal(end) if end else None, text=text
        )
    return testimony


RUSSIAN = """WEBVTT

1
00:00:00.000 --> 00:00:03.500
Начнём.

2
00:00:03.500 --> 00:00:09.250
<v.narrator Рассказчик>Ночью мы услышали стрельбу.
"""


def texts(testimony, language):
    return list(
        SegmentTranslation.objects.filter(segment__testimony=testimony, language=language)
        .order_by("segment__start")
        .values_list("segment__start", "text")
    )


def test_a_translation_is_imported_onto_the_segments_with_the_same_times():
    testimony = testimony_with_segments()
    assert import_translation(testimony, "ru", RUSSIAN.encode(), filename="ru.vtt") == 2
    assert texts(testimony, "ru") == [
        (Decimal("0.000"), "Начнём."),
        (Decimal("3.500"), "Ночью мы услышали стрельбу."),
    ]
    row = SegmentTranslation.objects.get(segment__start=0)
    assert row.history.first().history_change_reason.startswith("Imported translation (ru)")
    # The original is untouched: times, texts and speakers.
    assert list(testimony.segments.values_list("text", flat=True)) == ["Başlayaq.", "Gecə atəş eşitdik.", "Səhər."]


def test_a_new_import_in_a_language_replaces_that_language_only():
    testimony = testimony_with_segments()
    import_translation(testimony, "ru", RUSSIAN.encode())
    import_translation(testimony, "en", b"WEBVTT\n\n00:00:00.000 --> 00:00:03.500\nLet us begin.\n")
    import_translation(
        testimony, "ru", b"WEBVTT\n\n00:00:03.500 --> 00:00:09.250\n\xd0\x9d\xd0\xbe\xd1\x87\xd1\x8c\xd1\x8e.\n"
    )
    assert texts(testimony, "ru") == [(Decimal("3.500"), "Ночью.")]
    assert texts(testimony, "en") == [(Decimal("0.000"), "Let us begin.")]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        # off the original's end by a millisecond
        (
            "WEBVTT\n\n00:00:00.000 --> 00:00:03.501\nНачнём.\n",
            3,
            "The segment starting at 00:00:00.000 ends at 00:00:03.500",
        ),
        # a start where the transcript has no segment
        (
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.500\nНачнём.\n",
            4,
            "No segment of the transcript starts at 00:00:01.000",
        ),
        # a segment without an end ends where the next starts (or 5 s on, for the last)
        ("WEBVTT\n\n00:00:10.000 --> 00:00:12.000\nУтро.\n", 3, "ends at 00:00:15.000"),
        # not strict WebVTT: out of order
        (
            "WEBVTT\n\n00:00:03.500 --> 00:00:09.250\nA\n\n00:00:00.000 --> 00:00:03.500\nB\n",
            6,
            "cues must be in order",
        ),
    ],
)
def test_a_translation_off_the_original_times_is_refused_with_its_line_and_nothing_saved(content, line, message):
    testimony = testimony_with_segments()
    import_translation(testimony, "ru", RUSSIAN.encode())
    before = texts(testimony, "ru")
    with pytest.raises(ExchangeError) as refused:
        import_translation(testimony, "ru", content.encode())
    assert any(problem.line == line and message in problem.message for problem in refused.value.problems), [
        str(problem) for problem in refused.value.problems
    ]
    assert texts(testimony, "ru") == before


def test_the_exported_translation_is_strict_webvtt_on_the_original_times(tmp_path):
    testimony = testimony_with_segments()
    import_translation(testimony, "ru", RUSSIAN.encode())
    exported = staff_translation_webvtt(testimony, "ru")
    path = tmp_path / "ru.vtt"
    path.write_text(exported, encoding="utf-8")
    captions = webvtt_py.read(str(path))
    assert [(c.start, c.end) for c in captions] == [("00:00:00.000", "00:00:03.500"), ("00:00:03.500", "00:00:09.250")]
    assert captions[0].text == "Начнём."
    # What is exported is imported again unchanged.
    import_translation(testimony, "ru", exported.encode())
    assert texts(testimony, "ru")[1] == (Decimal("3.500"), "Ночью мы услышали стрельбу.")


def test_importing_the_original_again_on_the_same_times_keeps_its_translations():
    testimony = testimony_with_segments()
    import_translation(testimony, "ru", RUSSIAN.encode())
    corrected = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:03.500\nBaşlayaq!\n\n00:00:03.500 --> 00:00:09.000\nGecə.\n"
        "\n00:00:10.000 --> 00:00:15.000\nSəhər.\n"
    )
    import_webvtt(testimony, corrected.encode())
    # The first segment kept its times and its translation; the second was retimed, and its translation went.
    assert texts(testimony, "ru") == [(Decimal("0.000"), "Начнём.")]


def test_ohms_carries_the_second_languages_translation_as_transcript_alt_and_reads_it_back():
    testimony = testimony_with_segments()
    import_translation(testimony, "ru", RUSSIAN.encode())
    import_translation(testimony, "en", b"WEBVTT\n\n00:00:00.000 --> 00:00:03.500\nLet us begin.\n")
    from archive.exchange.records import cues_of, staff_segments
    from archive.exchange.translations import staff_translation_cues

    content = ohms_file(
        testimony,
        [],
        cues_of(staff_segments(testimony)),
        site="https://yaddas.example",
        translations=staff_translation_cues(testimony),
    )
    record = ohms.read(content, site_host="yaddas.example")
    assert record.alt_language == "en"  # one second language: the first translation's (no point says otherwise)
    assert [cue.text for cue in record.alt_cues] == ["Let us begin."]
    assert b"<translate>1</translate>" in content
    SegmentTranslation.objects.all().delete()
    import_ohms(testimony, content, site_host="yaddas.example")
    assert texts(testimony, "en") == [(Decimal("0.000"), "Let us begin.")]
    assert texts(testimony, "ru") == []  # a third language does not travel through OHMS


def test_an_admin_import_of_a_translation_with_bad_times_shows_the_lines_and_saves_nothing(client, curator):
    testimony = testimony_with_segments()
    client.force_login(curator)
    address = f"/en/admin/archive/testimony/{testimony.pk}/exchange/"
    bad = SimpleUploadedFile("ru.vtt", b"WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nA\n", content_type="text/vtt")
    response = client.post(address, {"file": bad, "translation": "ru"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 3:" in page and "keeps the original&#x27;s times" in page
    assert not SegmentTranslation.objects.exists()
    good = SimpleUploadedFile("ru.vtt", RUSSIAN.encode(), content_type="text/vtt")
    response = client.post(address, {"file": good, "translation": "ru"})
    assert response.status_code == 302
    assert SegmentTranslation.objects.filter(language="ru").count() == 2
    page = client.get(address).content.decode()
    assert f"/en/admin/archive/testimony/{testimony.pk}/exchange/transcript.ru.vtt" in page
    export = client.get(f"/en/admin/archive/testimony/{testimony.pk}/exchange/transcript.ru.vtt")
    assert export.status_code == 200 and "Начнём." in export.content.decode()


def test_a_curator_adds_a_translation_on_a_segments_page(client, curator):
    testimony = testimony_with_segments()
    segment = testimony.segments.first()
    client.force_login(curator)
    address = f"/en/admin/archive/transcriptsegment/{segment.pk}/change/"
    assert client.get(address).status_code == 200
    form = {
        "testimony": testimony.pk,
        "start": "0",
        "end": "3.5",
        "speaker_role": "",
        "speaker": "",
        "text": segment.text,
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "0",
        "translations-0-language": "en",
        "translations-0-text": "Let us begin.",
    }
    response = client.post(address, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert texts(testimony, "en") == [(Decimal("0.000"), "Let us begin.")]


def test_search_finds_a_testimony_by_its_translations_words(client):
    from archive.models import Access, Status

    testimony = testimony_with_segments(status=Status.PUBLISHED, access=Access.PUBLIC)
    import_translation(testimony, "ru", RUSSIAN.encode())
    response = client.get("/en/search/", {"q": "стрельбу"})
    assert testimony.identifier in response.content.decode()
    SegmentTranslation.objects.all().delete()
    response = client.get("/en/search/", {"q": "стрельбу"})
    assert testimony.identifier not in response.content.decode()


def test_a_search_hit_in_a_translation_shows_its_words_and_moment(client):
    from archive.models import Access, Status
    from tests.memorial_tests.test_records import attach_recording

    testimony = testimony_with_segments(status=Status.PUBLISHED, access=Access.PUBLIC)
    attach_recording(testimony)
    import_translation(testimony, "ru", RUSSIAN.encode())
    page = client.get("/en/search/", {"q": "стрельбу"}).content.decode()
    assert "<mark>стрельбу</mark>" in page
    assert f"{testimony.get_absolute_url()}#t=3" in page
