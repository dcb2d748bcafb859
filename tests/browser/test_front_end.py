"""On a phone, in a real Chromium: a record page keeps its layout while its images arrive, styled by one stylesheet."""

import io
import time

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from archive.ingest import prepare_upload
from archive.models import MediaFile
from archive.services import media_file_attach
from tests.factories import DocumentFactory, VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The layout shift of everything seen so far (what Lighthouse's CLS adds up), once the page has settled.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


def layout_shift_once_shown(page, images: str) -> float:
    """The page's layout shift, measured once the images matching ``images`` have arrived."""
    page.wait_for_function(
        "selector => [...document.querySelectorAll(selector)].every(image => image.complete && image.naturalWidth)",
        arg=images,
    )
    return page.evaluate(LAYOUT_SHIFT)


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "grey").save(buffer, "PNG")
    return buffer.getvalue()


def attach(record, role: str, width: int, height: int) -> MediaFile:
    prepared = prepare_upload(ContentFile(png(width, height), name="scan.png"))
    return media_file_attach(record=record, prepared=prepared, role=role, alt_text="A grey rectangle")


def slow_files(page) -> None:
    """Images arrive well after the text has been laid out, as on a slow phone network."""

    def hold(route):
        time.sleep(0.4)
        route.continue_()

    page.route("**/files/**", hold)


def test_a_victim_page_on_a_phone_does_not_shift_while_the_portrait_arrives(page):
    victim = VictimFactory(surname_en="Portrait")
    attach(victim, MediaFile.Role.PORTRAIT, 960, 1200)
    attach(victim, MediaFile.Role.PHOTO, 1600, 900)
    page.set_viewport_size({"width": 375, "height": 700})
    slow_files(page)
    page.goto(f"/en/victims/{victim.identifier}/")
    assert layout_shift_once_shown(page, ".portrait img") < 0.01
    assert page.evaluate("document.styleSheets.length") == 1


def test_a_documents_pages_keep_their_place_while_they_arrive(page):
    document = DocumentFactory()
    attach(document, MediaFile.Role.PAGE, 1240, 1754)
    attach(document, MediaFile.Role.PAGE, 1240, 1754)
    page.set_viewport_size({"width": 375, "height": 700})
    slow_files(page)
    # Without the viewer, so what is measured is the images alone: viewer.js puts its viewer above the list of
    # pages when it runs, which moves the list if the browser painted it before (README, Front end).
    page.route("**/js/viewer*.js", lambda route: route.abort())
    page.goto(f"/en/documents/{document.identifier}/")
    assert layout_shift_once_shown(page, "#page-1 img") < 0.01
    assert page.evaluate("document.styleSheets.length") == 1
