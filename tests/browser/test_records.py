"""A visitor listens to a testimony, searches its transcript, turns a document's pages and opens a warning."""

import io
import wave
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from PIL import Image

from archive.ingest import prepare_upload
from archive.models import MediaFile, Rights, TranscriptSegment
from archive.services import media_file_attach
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def wav_bytes(seconds: int = 12, rate: int = 8000) -> bytes:
    """A quiet tone long enough to seek in."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(rate)
        output.writeframes(b"\x10\x00\xf0\xff" * (seconds * rate // 2))
    return buffer.getvalue()


def png_bytes(colour: str, size: tuple[int, int] = (300, 400)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def attach(record, content: bytes, name: str, role: str, **extra) -> MediaFile:
    return media_file_attach(
        record=record, prepared=prepare_upload(ContentFile(content, name=name)), role=role, **extra
    )


def path(record, language: str = "az") -> str:
    # Built in the language asked for, whatever language an earlier test left active in this thread.
    with translation.override(language):
        return record.get_absolute_url()


def testimony_with_recording():
    victim = VictimFactory(surname_az="Dinlənilən")
    testimony = TestimonyFactory(title="Gecənin ifadəsi", summary_en="An account of the night.")
    testimony.victims.add(victim)
    attach(testimony, wav_bytes(), "recording.wav", MediaFile.Role.RECORDING)
    lines = [
        ("0", "Müsahibəçi", "Başlayaq: o gecə harada idiniz?"),
        ("3", "Rauf", "Evdə idim, pəncərədən tank gördüm."),
        ("6", "Rauf", "Səhər küçədə tank izləri vardı."),
        ("9", "Müsahibəçi", "Sağ olun."),
    ]
    for start, speaker, text in lines:
        TranscriptSegment.objects.create(testimony=testimony, start=Decimal(start), speaker=speaker, text=text)
    return testimony


def document_with_pages():
    document = DocumentFactory(title="Üç səhifəlik məktub", transcription="Əziz anam...", rights=Rights.CC_BY)
    for order, colour in enumerate(["white", "lightgrey", "beige"], start=1):
        attach(
            document, png_bytes(colour), f"page-{order}.png", MediaFile.Role.PAGE, order=order, alt_text=f"Page {order}"
        )
    return document


def test_clicking_a_transcript_line_seeks_the_real_recording_and_follows_playback(page):
    testimony = testimony_with_recording()
    page.goto(path(testimony, "en"))
    audio = page.locator("audio[data-transcript-media]")
    page.wait_for_function("() => document.querySelector('audio').readyState >= 1")
    assert page.evaluate("document.querySelector('audio').duration") == pytest.approx(12, abs=0.1)

    page.get_by_text("Səhər küçədə tank izləri vardı.").click()
    page.wait_for_function("() => document.querySelector('audio').currentTime >= 6")
    assert page.evaluate("document.querySelector('audio').currentTime") == pytest.approx(6, abs=0.6)
    page.wait_for_selector('.segment[data-start="6"][aria-current="true"]')
    current = page.locator('.segment[aria-current="true"]')
    assert current.count() == 1
    assert "Səhər küçədə" in current.inner_text()

    page.get_by_role("link", name="Play from 00:03").click()
    page.wait_for_function("() => Math.abs(document.querySelector('audio').currentTime - 3) < 0.6")
    page.wait_for_selector('.segment[data-start="3"][aria-current="true"]')
    audio.evaluate("media => media.pause()")


def test_transcript_search_finds_a_word_and_moves_between_hits_by_keyboard(page):
    testimony = testimony_with_recording()
    page.goto(path(testimony, "en"))
    search = page.get_by_role("searchbox", name="Search the transcript")
    search.fill("tank")
    status = page.locator("[data-search-status]")
    page.wait_for_function("() => document.querySelector('[data-search-status]').textContent.includes('of 2')")
    assert status.inner_text() == "Match 1 of 2"
    assert page.locator("mark.hit").count() == 2
    assert "pəncərədən" in page.locator("mark.hit--current").evaluate("mark => mark.closest('li').textContent")

    search.press("Enter")
    assert status.inner_text() == "Match 2 of 2"
    assert "Səhər" in page.locator("mark.hit--current").evaluate("mark => mark.closest('li').textContent")
    search.press("Shift+Enter")
    assert status.inner_text() == "Match 1 of 2"
    page.get_by_role("button", name="Previous match").click()
    assert status.inner_text() == "Match 2 of 2"

    search.fill("yoxdur")
    page.wait_for_function("() => document.querySelector('[data-search-status]').textContent === 'No matches'")
    assert page.locator("mark.hit").count() == 0


def test_distressing_image_is_not_requested_until_the_visitor_reveals_it(page):
    victim = VictimFactory(surname_az="Xəbərdar")
    hard = attach(victim, png_bytes("black"), "photo.png", MediaFile.Role.PHOTO, is_distressing=True, alt_text="Scene")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path(victim, "en"))
    page.wait_for_load_state("networkidle")
    assert not any(hard.key.hex in url.replace("-", "") for url in requested)
    assert page.get_by_role("img", name="Scene").count() == 0

    page.get_by_role("link", name="Show the image").click()
    image = page.get_by_role("img", name="Scene")
    image.wait_for()
    page.wait_for_function("() => document.querySelector('img[alt=Scene]').complete")
    assert any(str(hard.key) in url for url in requested)
    assert "reveal=" not in page.url  # revealed in place, no reload


def test_distressing_image_is_revealed_without_javascript(browser, live_server):
    victim = VictimFactory(surname_az="Skriptsiz")
    attach(victim, png_bytes("black"), "photo.png", MediaFile.Role.PHOTO, is_distressing=True, alt_text="Scene")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(path(victim, "en"))
    assert page.get_by_role("img", name="Scene").count() == 0
    page.get_by_role("link", name="Show the image").click()
    page.wait_for_url("**reveal=*")
    assert page.get_by_role("img", name="Scene").count() == 1
    context.close()


def test_document_pages_turn_and_zoom_from_the_keyboard(page):
    document = document_with_pages()
    page.goto(path(document, "en"))
    position = page.locator("[data-viewer-position]")
    assert position.inner_text() == "Page 1 of 3"
    stage = page.locator("[data-viewer-stage]")
    stage.focus()
    page.keyboard.press("ArrowRight")
    assert position.inner_text() == "Page 2 of 3"
    assert page.locator("[data-viewer-stage] img").get_attribute("alt") == "Page 2"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # stays on the last page
    assert position.inner_text() == "Page 3 of 3"
    assert page.get_by_role("button", name="Next page").is_disabled()
    page.keyboard.press("ArrowLeft")
    assert position.inner_text() == "Page 2 of 3"

    width = stage.locator("img").evaluate("image => image.getBoundingClientRect().width")
    page.keyboard.press("+")
    assert page.locator("[data-viewer-zoom-level]").inner_text() == "150%"
    zoomed = stage.locator("img").evaluate("image => image.getBoundingClientRect().width")
    assert zoomed == pytest.approx(width * 1.5, rel=0.05)
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert page.locator("[data-viewer-zoom-level]").inner_text() == "75%"
    page.get_by_role("button", name="Previous page").click()
    assert position.inner_text() == "Page 1 of 3"


def test_document_pages_are_links_to_the_full_images_without_javascript(browser, live_server):
    document = document_with_pages()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(path(document, "en"))
    assert not page.locator("[data-viewer-ui]").is_visible()
    assert page.get_by_role("link", name="Page 2", exact=True).count() == 1  # the thumbnail, named by its image
    page.get_by_role("link", name="Page 2", exact=True).click()
    assert "/files/" in page.url
    context.close()


def test_record_pages_have_no_serious_accessibility_violations(page, accessibility_violations):
    testimony = testimony_with_recording()
    document = document_with_pages()
    victim = testimony.victims.get()
    attach(victim, png_bytes("black"), "photo.png", MediaFile.Role.PHOTO, is_distressing=True, alt_text="Scene")
    for address in [path(victim), path(testimony, "en"), path(document, "ru")]:
        page.goto(address)
        page.wait_for_load_state("networkidle")
        assert accessibility_violations(page) == [], address
    page.set_viewport_size({"width": 320, "height": 640})
    for address in [path(victim), path(testimony), path(document)]:
        page.goto(address)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, address
