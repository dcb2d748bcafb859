"""The testimony page as people use it, in a real Chromium: captions, a moment to share, the player on a phone."""

from decimal import Decimal

import pytest

from archive.models import MediaFile, TranscriptSegment
from tests.browser.test_records import attach, path, wav_bytes
from tests.factories import TestimonyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def testimony_with_transcript(lines: int = 4, seconds: int = 12):
    testimony = TestimonyFactory(title="Gecənin ifadəsi", languages=["az"])
    attach(testimony, wav_bytes(seconds), "recording.wav", MediaFile.Role.RECORDING)
    step = Decimal(seconds) / lines
    for index in range(lines):
        TranscriptSegment.objects.create(
            testimony=testimony,
            start=(step * index).quantize(Decimal("0.1")),
            speaker="Rauf",
            text=f"Sətir {index + 1}: o gecə küçədə tank gördük, səhər izləri qalmışdı.",
        )
    return testimony


def ready(page) -> None:
    page.wait_for_function("() => document.querySelector('[data-transcript-media]').readyState >= 1")


def test_the_transcript_is_loaded_as_the_players_captions(page):
    testimony = testimony_with_transcript()
    page.goto(path(testimony, "en"))
    page.wait_for_function(
        "() => { const track = document.querySelector('audio').textTracks[0];"
        " return track && track.cues && track.cues.length === 4; }"
    )
    track = page.evaluate(
        "() => { const t = document.querySelector('audio').textTracks[0];"
        " return {kind: t.kind, language: t.language, label: t.label, mode: t.mode, first: t.cues[0].text,"
        " second: t.cues[1].startTime}; }"
    )
    assert track["kind"] == "captions" and track["language"] == "az" and track["label"] == "Transcript"
    assert track["mode"] == "showing"  # the default track
    assert "Sətir 1" in track["first"] and track["second"] == pytest.approx(3)


def test_share_this_moment_gives_a_link_to_the_page_that_opens_at_that_time(page, browser, live_server):
    testimony = testimony_with_transcript()
    page.goto(path(testimony, "en"))
    ready(page)
    page.evaluate("() => { document.querySelector('audio').currentTime = 7.4; }")
    page.wait_for_function("() => Math.abs(document.querySelector('audio').currentTime - 7.4) < 0.3")
    page.get_by_role("button", name="Share this moment").click()
    link = page.get_by_role("textbox", name="Link to this page at 00:07:")
    assert link.evaluate("field => field === document.activeElement")
    shared = link.input_value()
    assert shared == f"{live_server.url}{path(testimony, 'en')}?t=7#at-6"  # the page, not the recording's file

    page.goto(shared)
    ready(page)
    page.wait_for_function("() => Math.abs(document.querySelector('audio').currentTime - 7) < 0.3")
    page.wait_for_selector('#at-6[aria-current="true"]')
    assert page.locator("#at-6").is_visible()

    # Without JavaScript the same link opens the page at the line, marked, and the recording starts there.
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    plain = context.new_page()
    plain.goto(shared)
    line = plain.locator("#at-6.segment--moment")
    assert "The moment shared: 00:07" in line.inner_text()
    box = line.bounding_box()
    assert 0 <= box["y"] < PHONE["height"]  # scrolled to it
    assert plain.locator("audio").get_attribute("src").endswith("#t=7")
    context.close()


def test_on_a_phone_the_player_stays_in_view_while_the_transcript_scrolls(page):
    testimony = testimony_with_transcript(lines=40, seconds=40)
    page.set_viewport_size(PHONE)
    page.goto(path(testimony, "en"))
    ready(page)
    player = page.locator("[data-transcript-media]")
    start = player.bounding_box()

    page.locator(".segment").nth(20).scroll_into_view_if_needed()
    page.mouse.wheel(0, 600)
    page.wait_for_function("() => window.scrollY > 1500")
    box = player.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box  # on screen
    assert box["y"] < start["y"]  # it moved up with the page, then stuck
    # The line being read is not hidden under the player.
    page.locator(".segment").last.scroll_into_view_if_needed()
    last = page.locator(".segment").last.bounding_box()
    assert last["y"] >= box["y"] + box["height"] - 1 or last["y"] + last["height"] <= PHONE["height"]
    player_again = player.bounding_box()
    assert player_again["y"] >= 0 and player_again["y"] + player_again["height"] <= PHONE["height"]


def test_the_testimony_page_has_no_serious_accessibility_violations(page, accessibility_violations):
    testimony = testimony_with_transcript()
    page.goto(path(testimony, "en") + "?t=4#at-3")
    ready(page)
    page.get_by_role("button", name="Share this moment").click()
    assert accessibility_violations(page) == []
    page.set_viewport_size(PHONE)
    assert accessibility_violations(page) == []
