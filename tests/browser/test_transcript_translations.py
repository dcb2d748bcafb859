"""The transcript's translations in Chromium: a translation chosen by its link replaces the lines in place without
reloading the page or stopping the recording (the transcript's search follows it), the captions track follows the
choice; without JavaScript the same links open the page in the translation; the player lists a track per language."""

from decimal import Decimal

import pytest

from archive.models import MediaFile, SegmentTranslation, TranscriptSegment
from tests.browser.test_records import attach, path, wav_bytes
from tests.factories import TestimonyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def translated_testimony():
    testimony = TestimonyFactory(title="Gecənin ifadəsi", languages=["az"])
    attach(testimony, wav_bytes(12), "recording.wav", MediaFile.Role.RECORDING)
    rows = [
        TranscriptSegment.objects.create(testimony=testimony, start=Decimal(start), end=Decimal(end), text=text)
        for start, end, text in [("0", "4", "Başlayaq."), ("4", "8", "Gecə atəş eşitdik."), ("8", "12", "Səhər.")]
    ]
    SegmentTranslation.objects.create(segment=rows[0], language="ru", text="Начнём.")
    SegmentTranslation.objects.create(segment=rows[1], language="ru", text="Ночью мы услышали стрельбу.")
    SegmentTranslation.objects.create(segment=rows[1], language="en", text="At night we heard shooting.")
    return testimony


def lines(page) -> list[str]:
    return page.locator("[data-segment-text]").all_inner_texts()


def test_a_translation_replaces_the_lines_in_place_and_back(page, accessibility_violations):
    testimony = translated_testimony()
    page.goto(path(testimony, "en"))
    page.wait_for_function("() => document.querySelector('audio').readyState >= 1")
    tracks = page.locator("audio track")
    assert [tracks.nth(i).get_attribute("srclang") for i in range(tracks.count())] == ["az", "en", "ru"]
    assert lines(page) == ["Başlayaq.", "Gecə atəş eşitdik.", "Səhər."]
    page.evaluate("() => { window.sameDocument = true; document.querySelector('audio').currentTime = 5; }")
    versions = page.get_by_role("navigation", name="Transcript language")
    versions.get_by_role("link", name="Translation: Russian").click()
    page.wait_for_function("() => document.querySelector('[data-segment-text]').textContent === 'Начнём.'")
    assert lines(page) == ["Начнём.", "Ночью мы услышали стрельбу.", "Səhər."]
    assert page.evaluate("() => window.sameDocument === true")  # no reload
    assert abs(page.evaluate("() => document.querySelector('audio').currentTime") - 5) < 0.3
    assert page.url.endswith(f"{path(testimony, 'en')}?transcript=ru")
    assert page.locator("[data-untranslated]").count() == 1
    assert page.locator("[data-segments]").get_attribute("lang") == "ru"
    assert versions.get_by_role("link", name="Translation: Russian").get_attribute("aria-current") == "true"
    # The transcript's search finds the translation's words now.
    page.get_by_role("searchbox", name="Search the transcript").fill("стрельбу")
    page.wait_for_function("() => document.querySelectorAll('mark.hit').length === 1")
    assert accessibility_violations(page) == []
    versions.get_by_role("link", name="Translation: English").click()
    page.wait_for_function("() => document.querySelectorAll('[data-segment-text]')[1].textContent.startsWith('At')")
    assert lines(page) == ["Başlayaq.", "At night we heard shooting.", "Səhər."]
    assert page.locator("[data-untranslated]").count() == 2
    versions.get_by_role("link", name="As spoken (Azerbaijani)").click()
    page.wait_for_function("() => document.querySelectorAll('[data-segment-text]')[1].textContent.startsWith('Gecə')")
    assert lines(page) == ["Başlayaq.", "Gecə atəş eşitdik.", "Səhər."]
    assert page.locator("[data-untranslated]").count() == 0
    assert page.evaluate("() => window.sameDocument === true")


def test_without_javascript_the_links_open_the_page_in_the_translation(browser, live_server):
    testimony = translated_testimony()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = context.new_page()
    plain.goto(path(testimony, "en"))
    plain.get_by_role("link", name="Translation: Russian").click()
    assert "?transcript=ru" in plain.url
    assert plain.locator("[data-segment-text]").all_inner_texts() == [
        "Начнём.",
        "Ночью мы услышали стрельбу.",
        "Səhər.",
    ]
    assert plain.locator("[data-untranslated]").count() == 1
    plain.get_by_role("link", name="As spoken (Azerbaijani)").click()
    assert plain.locator("[data-segment-text]").all_inner_texts() == ["Başlayaq.", "Gecə atəş eşitdik.", "Səhər."]
    context.close()
