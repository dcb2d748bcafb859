"""A testimony page's transcript in its translations: links that switch without JavaScript (?transcript=<language>),
the transcript as spoken shown unless the reader chooses, a captions track per language, strict WebVTT per language
under the publication rule, and machine drafts marked."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
import webvtt as webvtt_py
from django.utils import timezone

from archive.models import Access, MediaFile, SegmentTranslation, Status, Testimony, TranscriptSegment
from tests.factories import TestimonyFactory
from tests.memorial_tests.test_records import attach_recording, html, url

pytestmark = pytest.mark.django_db


def translated_testimony(**values) -> Testimony:
    testimony = TestimonyFactory(languages=["az"], **values)
    attach_recording(testimony)
    rows = [
        TranscriptSegment.objects.create(testimony=testimony, start=Decimal(start), end=end, text=text)
        for start, end, text in [
            ("0", Decimal("3"), "Başlayaq."),
            ("3", None, "Gecə atəş eşitdik."),
            ("6", None, "Səhər."),
        ]
    ]
    SegmentTranslation.objects.create(segment=rows[0], language="ru", text="Начнём.")
    SegmentTranslation.objects.create(segment=rows[1], language="ru", text="Ночью мы услышали стрельбу.")
    SegmentTranslation.objects.create(segment=rows[0], language="en", text="Let us begin.")
    return testimony


def test_the_page_shows_the_transcript_as_spoken_and_links_to_each_translation(client):
    testimony = translated_testimony()
    page = html(client.get(url(testimony, "ru")))
    # The page's language does not replace the original: the reader chooses.
    assert "Gecə atəş eşitdik." in page and "Ночью мы услышали стрельбу." not in page
    assert 'href="?transcript=ru#transcript-heading"' in page
    assert 'href="?transcript=en#transcript-heading"' in page
    # The translation in the page's language is offered first.
    assert page.index("?transcript=ru#") < page.index("?transcript=en#")
    assert 'href="?#transcript-heading" aria-current="true"' in page


def test_a_translation_chosen_by_link_shows_its_lines_and_marks_those_not_translated(client):
    testimony = translated_testimony()
    page = html(client.get(url(testimony, "en"), {"transcript": "ru"}))
    assert "Ночью мы услышали стрельбу." in page and "Gecə atəş eşitdik." not in page
    assert 'data-segments lang="ru"' in page
    assert '<span class="segment__text" data-segment-text lang="az">Səhər.</span>' in page
    assert "(not translated yet)" in page
    assert 'href="?transcript=ru#transcript-heading" aria-current="true"' in page
    # A time's link keeps the translation.
    assert 'href="?transcript=ru&amp;t=3#at-3"' in page


def test_a_language_without_a_translation_shows_the_original(client):
    testimony = translated_testimony()
    for value in ("xx", "az", "<script>"):
        page = html(client.get(url(testimony, "en"), {"transcript": value}))
        assert "Gecə atəş eşitdik." in page and '<script>"' not in page


def test_the_player_offers_a_track_per_language_with_srclang_and_label(client):
    testimony = translated_testimony()
    page = unescape(html(client.get(url(testimony, "en"))))
    transcript = url(testimony, "en", "testimony_transcript_vtt")
    assert f'<track kind="captions" src="{transcript}" srclang="az" label="Transcript (Azerbaijani)" default>' in page
    assert f'src="{transcript.replace(".vtt", ".ru.vtt")}" srclang="ru" label="Translation (Russian)">' in page
    assert f'src="{transcript.replace(".vtt", ".en.vtt")}" srclang="en" label="Translation (English)">' in page
    chosen = unescape(html(client.get(url(testimony, "en"), {"transcript": "en"})))
    assert 'srclang="en" label="Translation (English)" default>' in chosen
    assert 'label="Transcript (Azerbaijani)" default' not in chosen


def test_a_translations_webvtt_is_strict_and_keeps_the_originals_times(client, tmp_path):
    testimony = translated_testimony()
    original = client.get(url(testimony, "az", "testimony_transcript_vtt"))
    response = client.get(url(testimony, "az", "testimony_transcript_vtt").replace(".vtt", ".ru.vtt"))
    assert response.status_code == 200 and response["Content-Type"] == "text/vtt; charset=utf-8"
    for name, content in (("az.vtt", original.content), ("ru.vtt", response.content)):
        (tmp_path / name).write_bytes(content)
    spoken = webvtt_py.read(str(tmp_path / "az.vtt"))
    russian = webvtt_py.read(str(tmp_path / "ru.vtt"))
    assert [c.text for c in russian] == ["Начнём.", "Ночью мы услышали стрельбу."]
    # The second segment has no end: it ends where the third starts, in the translation as in the original.
    assert [(c.start, c.end) for c in russian] == [(c.start, c.end) for c in spoken][:2]
    assert russian[1].end == "00:00:06.000"


def hidden_translated():
    tomorrow = timezone.localdate() + timedelta(days=1)
    return [
        translated_testimony(status=Status.DRAFT),
        translated_testimony(status=Status.WITHDRAWN),
        translated_testimony(access=Access.PRIVATE),
        translated_testimony(access=Access.METADATA),  # listed, but its transcript is not public
        translated_testimony(embargo_until=tomorrow),
        translated_testimony(narrator_consent=Testimony.Consent.ARCHIVE_ONLY),
    ]


def test_no_translation_is_served_for_a_testimony_whose_transcript_is_not_public(client):
    for testimony in hidden_translated():
        address = url(testimony, "az", "testimony_transcript_vtt").replace(".vtt", ".ru.vtt")
        assert client.get(address).status_code == 404, testimony
        page = client.get(url(testimony, "en"), {"transcript": "ru"})
        assert "Ночью" not in html(page)


def test_a_language_with_no_translation_or_unknown_is_404(client):
    testimony = translated_testimony()
    base = url(testimony, "az", "testimony_transcript_vtt")
    assert client.get(base.replace(".vtt", ".az.vtt")).status_code == 404
    assert client.get(base.replace(".vtt", ".xx.vtt")).status_code == 404
    SegmentTranslation.objects.filter(language="en").delete()
    assert client.get(base.replace(".vtt", ".en.vtt")).status_code == 404


def test_the_ohms_file_carries_the_translation_and_the_public_rule_holds_for_it(client):
    testimony = translated_testimony()
    content = client.get(url(testimony, "az", "testimony_ohms")).content.decode()
    # One second language travels: English, the first the archive orders (no index point asks for another).
    assert "<transcript_alt_lang>en</transcript_alt_lang>" in content and "<translate>1</translate>" in content
    assert "<transcript_alt>WEBVTT" in content and "Let us begin." in content and "Начнём." not in content
    hidden = translated_testimony(access=Access.METADATA)
    assert client.get(url(hidden, "az", "testimony_ohms")).status_code == 404


def test_machine_drafts_are_marked_on_the_page_until_a_person_checks_them(client):
    testimony = translated_testimony()
    testimony.segments.filter(start=3).update(machine_draft=True)
    page = html(client.get(url(testimony, "en")))
    assert "segment--draft" in page and "machine draft</span>" in page
    assert "not yet checked by a person" in page
    testimony.segments.update(machine_draft=False)
    testimony.save()  # the kept page follows the content version
    page = html(client.get(url(testimony, "en")))
    assert "segment--draft" not in page and "not yet checked by a person" not in page


def test_a_recording_withheld_leaves_the_switch_without_moment_links(client):
    testimony = translated_testimony()
    MediaFile.objects.filter(testimony=testimony).update(withheld=True)
    page = html(client.get(url(testimony, "en"), {"transcript": "ru"}))
    assert "Ночью мы услышали стрельбу." in page and "t=3#at-3" not in page
