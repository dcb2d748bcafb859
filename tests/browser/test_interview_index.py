"""The interview's index in Chromium: a point's link jumps the recording and names the point in the address; without
JavaScript the link opens the page at the point; a victim's "Mentioned in" link opens the testimony there."""

from decimal import Decimal

import pytest

from archive.models import IndexPoint, MediaFile
from tests.browser.test_records import attach, path, wav_bytes
from tests.factories import TestimonyFactory, VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def indexed_testimony():
    testimony = TestimonyFactory(title="Gecənin ifadəsi", languages=["az"])
    attach(testimony, wav_bytes(12), "recording.wav", MediaFile.Role.RECORDING)
    IndexPoint.objects.create(testimony=testimony, time=Decimal(0), title_en="Introduction", synopsis_en="Who speaks.")
    point = IndexPoint.objects.create(
        testimony=testimony, time=Decimal(8), title_en="The tanks", synopsis_en="Tanks at night.", keywords_en="tanks"
    )
    return testimony, point


def ready(page) -> None:
    page.wait_for_function("() => document.querySelector('[data-transcript-media]').readyState >= 1")


def test_a_point_of_the_index_jumps_the_recording(page, accessibility_violations):
    testimony, point = indexed_testimony()
    page.goto(path(testimony, "en"))
    ready(page)
    index = page.get_by_role("region", name="Index")
    assert f"{testimony.identifier}, 00:08–00:12" in index.inner_text()
    index.get_by_role("link", name="00:08 The tanks").click()
    page.wait_for_function("() => Math.abs(document.querySelector('audio').currentTime - 8) < 0.3")
    assert page.url.endswith(f"{path(testimony, 'en')}?t=8#point-{point.pk}")
    assert accessibility_violations(page) == []


def test_without_javascript_a_point_opens_the_page_there(browser, live_server):
    testimony, point = indexed_testimony()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = context.new_page()
    plain.goto(path(testimony, "en"))
    plain.get_by_role("link", name="00:08 The tanks").click()
    assert plain.url.endswith(f"?t=8#point-{point.pk}")
    assert plain.locator("audio").get_attribute("src").endswith("#t=8")
    assert plain.locator(f"#point-{point.pk}").is_visible()
    context.close()


def test_a_victims_moment_opens_the_testimony_at_it(page, accessibility_violations):
    _testimony, point = indexed_testimony()
    victim = VictimFactory()
    point.victims.add(victim)
    page.goto(path(victim, "en"))
    assert accessibility_violations(page) == []
    page.get_by_role("region", name="Mentioned in").get_by_role("link").click()
    ready(page)
    page.wait_for_function("() => Math.abs(document.querySelector('audio').currentTime - 8) < 0.3")
    assert page.url.endswith(f"?t=8#point-{point.pk}")
