"""The transcript editor in Chromium: a curator plays and pauses the recording, splits a segment at the moment heard
and at the caret, joins two and retimes one, with the mouse and with the shortcuts, and finds it saved in the
database and its history, the recording playing on meanwhile."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from archive.models import MediaFile, TranscriptSegment
from tests.browser.test_curation_admin import PASSWORD, own_violations
from tests.browser.test_records import attach, wav_bytes
from tests.factories import TestimonyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def transcribed():
    testimony = TestimonyFactory(title="Gecənin ifadəsi", narrator_name="Rauf Əliyev", interviewer="Leyla")
    attach(testimony, wav_bytes(12), "recording.wav", MediaFile.Role.RECORDING)
    for start, end, role, text in [
        ("0", "4", "interviewer", "Başlayaq. O gecə harada idiniz?"),
        ("4", "10", "narrator", "Evdə idim. Pəncərədən tank gördüm."),
        ("10", "12", "interviewer", "Sağ olun."),
    ]:
        TranscriptSegment.objects.create(
            testimony=testimony, start=Decimal(start), end=Decimal(end), speaker_role=role, text=text
        )
    return testimony


def open_editor(page, testimony) -> None:
    editor = f"/en/admin/archive/testimony/{testimony.pk}/transcript/"
    page.goto(f"/en/admin/login/?next={editor}")
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    page.wait_for_url(f"**{editor}")
    page.wait_for_function("() => document.querySelector('[data-editor-media]').readyState >= 1")


def at(page, seconds: float) -> None:
    """Where the recording is heard (as if the curator had dragged the player's bar there)."""
    page.evaluate("(seconds) => { document.querySelector('[data-editor-media]').currentTime = seconds; }", seconds)
    page.wait_for_function(
        "(seconds) => Math.abs(document.querySelector('[data-editor-media]').currentTime - seconds) < 0.01", arg=seconds
    )


def caret(page, segment: int, position: int) -> None:
    text = page.locator(f"#segment-{segment} textarea")
    text.click()
    text.evaluate("(area, position) => area.setSelectionRange(position, position)", position)


def saved(page, reason: str) -> None:
    expect(page.get_by_role("status")).to_contain_text(f"Saved ({reason})")


def segments(testimony):
    return [(s.start, s.end, s.text) for s in testimony.segments.order_by("start")]


def test_with_the_mouse_a_curator_plays_splits_joins_and_retimes(page, live_server, curator, accessibility_violations):
    testimony = transcribed()
    open_editor(page, testimony)
    assert own_violations(accessibility_violations(page)) == []

    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("() => document.querySelector('[data-editor-media]').currentTime > 0.3")
    page.get_by_role("button", name="Pause", exact=True).click()
    assert page.evaluate("() => document.querySelector('[data-editor-media]').paused")

    at(page, 7)
    caret(page, 2, len("Evdə idim. "))
    page.get_by_role("button", name="Split segment 2").click()
    saved(page, "transcript editor: split segment 2")
    assert segments(testimony) == [
        (Decimal(0), Decimal(4), "Başlayaq. O gecə harada idiniz?"),
        (Decimal(4), Decimal(7), "Evdə idim."),
        (Decimal(7), Decimal(10), "Pəncərədən tank gördüm."),
        (Decimal(10), Decimal(12), "Sağ olun."),
    ]
    assert testimony.segments.get(start=7).speaker_role == "narrator"
    expect(page.locator("#segment-3 textarea")).to_be_focused()  # the curator goes on with the second part
    assert page.locator("#segment-3 legend").inner_text() == "Segment 3"

    page.get_by_role("button", name="Join segment 2 with the next").click()
    saved(page, "transcript editor: joined segments 2 and 3")
    assert segments(testimony)[1] == (Decimal(4), Decimal(10), "Evdə idim. Pəncərədən tank gördüm.")

    at(page, 3.5)
    page.locator("#segment-1").get_by_role("button", name="Mark end").click()
    expect(page.locator("#segment-1 input[name$='-end']")).to_have_value("00:00:03.500")
    page.get_by_role("button", name="Save").first.click()
    saved(page, "transcript editor: saved")
    assert segments(testimony)[0][1] == Decimal("3.5")

    reasons = list(
        TranscriptSegment.history.filter(testimony_id=testimony.pk, history_user=curator)
        .order_by("history_id")
        .values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "transcript editor: split segment 2",
        "transcript editor: split segment 2",
        "transcript editor: joined segments 2 and 3",
        "transcript editor: joined segments 2 and 3",
        "transcript editor: saved",
    ]


def test_with_the_shortcuts_a_curator_plays_splits_joins_and_retimes(page, live_server, curator):
    testimony = transcribed()
    open_editor(page, testimony)
    media = "document.querySelector('[data-editor-media]')"

    caret(page, 1, 0)
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => !{media}.paused && {media}.currentTime > 0.2")
    page.keyboard.press("Control+Space")
    page.wait_for_function(f"() => {media}.paused")
    assert page.locator("#segment-1 textarea").input_value() == "Başlayaq. O gecə harada idiniz?"  # nothing typed

    at(page, 9)
    page.keyboard.press("Alt+ArrowLeft")
    page.wait_for_function(f"() => Math.abs({media}.currentTime - 4) < 0.05")

    at(page, 6.25)
    caret(page, 2, len("Evdə idim."))
    page.keyboard.press("Alt+Enter")
    saved(page, "transcript editor: split segment 2")
    assert segments(testimony)[1:3] == [
        (Decimal(4), Decimal("6.25"), "Evdə idim."),
        (Decimal("6.25"), Decimal(10), "Pəncərədən tank gördüm."),
    ]
    expect(page.locator("#segment-3 textarea")).to_be_focused()

    page.locator("#segment-2 textarea").click()
    page.keyboard.press("Alt+J")
    saved(page, "transcript editor: joined segments 2 and 3")
    assert segments(testimony)[1] == (Decimal(4), Decimal(10), "Evdə idim. Pəncərədən tank gördüm.")

    at(page, 10.75)
    page.locator("#segment-3 textarea").click()
    page.keyboard.press("Alt+I")
    expect(page.locator("#segment-3 input[name$='-start']")).to_have_value("00:00:10.750")
    page.keyboard.press("Control+S")
    saved(page, "transcript editor: saved")
    assert segments(testimony)[2] == (Decimal("10.75"), Decimal(12), "Sağ olun.")
    entry = TranscriptSegment.history.filter(testimony_id=testimony.pk).latest("history_id")
    assert (entry.history_user, entry.history_change_reason) == (curator, "transcript editor: saved")


def test_a_bad_edit_is_refused_on_the_page_and_nothing_is_saved(page, live_server, curator):
    testimony = transcribed()
    before = segments(testimony)
    open_editor(page, testimony)
    page.locator("#segment-2 input[name$='-start']").fill("00:00:03")
    page.locator("#segment-1 textarea").fill("Başlayaq!")
    page.keyboard.press("Control+S")
    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("Nothing was saved.")
    expect(problems).to_contain_text("Segment 2: It starts before segment 1 above it ends")
    expect(page.locator("#segment-2 .errorlist")).to_contain_text("It starts before segment 1 above it ends")
    assert segments(testimony) == before


def test_a_segment_added_with_the_shortcut_goes_in_at_the_moment_heard(page, live_server, curator):
    testimony = transcribed()
    open_editor(page, testimony)
    at(page, 3)
    page.locator("#segment-1 textarea").click()
    page.keyboard.press("Alt+O")  # the question ends at 3 s
    at(page, 3.25)
    page.keyboard.press("Alt+N")
    page.keyboard.type("Pəncərədən?")  # the new segment's text has the focus
    at(page, 3.75)
    page.keyboard.press("Alt+O")
    page.keyboard.press("Control+S")
    saved(page, "transcript editor: saved")
    assert segments(testimony)[:3] == [
        (Decimal(0), Decimal(3), "Başlayaq. O gecə harada idiniz?"),
        (Decimal("3.25"), Decimal("3.75"), "Pəncərədən?"),
        (Decimal(4), Decimal(10), "Evdə idim. Pəncərədən tank gördüm."),
    ]
    assert testimony.segments.get(start="3.25").speaker_role == "interviewer"  # the speaker of the one before
    expect(page.locator("#segment-2 textarea")).to_have_value("Pəncərədən?")


def test_without_javascript_the_page_is_a_form_whose_buttons_save(browser, live_server, curator):
    testimony = transcribed()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = context.new_page()
    editor = f"/en/admin/archive/testimony/{testimony.pk}/transcript/"
    plain.goto(f"/en/admin/login/?next={editor}")
    plain.fill("#id_username", "curator")
    plain.fill("#id_password", PASSWORD)
    plain.get_by_role("button", name=re.compile("Log in", re.I)).click()
    plain.wait_for_url(f"**{editor}")
    assert not plain.locator("[data-editor-controls]").is_visible()  # the script's buttons, not without it
    assert not plain.get_by_role("button", name="Mark start").first.is_visible()
    plain.get_by_label("Moment").fill("00:07")
    plain.get_by_role("button", name="Split segment 2").click()
    plain.wait_for_url(f"**{editor}?t=7&focus=3")
    assert "Saved (transcript editor: split segment 2)" in plain.locator(".messagelist").inner_text()
    assert plain.locator("audio").get_attribute("src").endswith("#t=7")
    assert segments(testimony)[2] == (Decimal(7), Decimal(10), "Pəncərədən tank gördüm.")
    context.close()
