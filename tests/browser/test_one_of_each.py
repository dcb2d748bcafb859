"""One warning and one site search box a page, as a visitor sees it in Chromium."""

import pytest

from archive.models import MediaFile
from tests.browser.test_records import attach, path, png_bytes
from tests.factories import DocumentFactory, VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VISIBLE_WARNINGS = """() => [...document.querySelectorAll('.content-warning')]
  .filter(box => [...box.querySelectorAll('p')].some(text => text.offsetParent !== null && text.textContent.trim()))
  .length"""


def test_a_distressing_document_page_is_announced_once(page):
    document = DocumentFactory(title="Sarsıdıcı fotoşəkil")
    attach(document, png_bytes("black"), "page.png", MediaFile.Role.PAGE, is_distressing=True, alt_text="Scene")
    page.goto(path(document, "en"))
    page.wait_for_selector(".document-pages.is-enhanced")
    assert page.evaluate(VISIBLE_WARNINGS) == 1  # the viewer's; the thumbnail keeps only its button
    assert page.get_by_role("button", name="Show the page").is_visible()

    page.get_by_role("button", name="Show the page").click()
    page.locator("[data-viewer-stage] img[alt=Scene]").wait_for()
    assert page.evaluate(VISIBLE_WARNINGS) == 0


def test_the_home_and_search_pages_show_one_search_box(page):
    VictimFactory(surname_az="Kazımov", given_name_az="Rauf")
    for address in ("/en/", "/en/search/?q=Kaz%C4%B1mov", "/ru/search/"):
        page.goto(address)
        assert page.locator("input[type=search]:visible").count() == 1, address
        assert page.get_by_role("search").count() == 1, address
