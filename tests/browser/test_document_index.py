"""A document's contents in Chromium: a point's link turns the page viewer to its page; without JavaScript it is an
anchor to the page in the list; a victim's "Mentioned in" opens the document at the point."""

import pytest

from archive.models import DocumentIndexPoint, MediaFile
from tests.browser.test_records import attach, path, png_bytes
from tests.factories import DocumentFactory, VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def indexed_document():
    document = DocumentFactory(title="Məktub")
    pages = [
        attach(
            document,
            png_bytes(colour),
            f"page{number}.png",
            MediaFile.Role.PAGE,
            order=number,
            alt_text=f"Page {number}",
        )
        for number, colour in enumerate(("white", "grey", "black"), start=1)
    ]
    victim = VictimFactory(surname_en="Aliyev", given_name_en="Rauf")
    DocumentIndexPoint.objects.create(document=document, page=pages[0], title_en="The opening")
    point = DocumentIndexPoint.objects.create(document=document, page=pages[2], title_en="The funeral")
    point.victims.add(victim)
    return document, victim, point


def test_a_point_of_the_contents_turns_the_viewer_to_its_page(page, accessibility_violations):
    document, _victim, _point = indexed_document()
    page.goto(path(document, "en"))
    position = page.locator("[data-viewer-position]")
    assert position.inner_text() == "Page 1 of 3"
    contents = page.get_by_role("region", name="Contents")
    contents.get_by_role("link", name="p. 3 The funeral").click()
    page.wait_for_function("() => document.querySelector('[data-viewer-position]').textContent === 'Page 3 of 3'")
    assert page.url.endswith("#page-3")
    assert accessibility_violations(page) == []


def test_without_javascript_a_point_is_an_anchor_to_its_page(browser, live_server):
    document, _victim, _point = indexed_document()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = context.new_page()
    plain.goto(path(document, "en"))
    plain.get_by_role("link", name="p. 3 The funeral").click()
    assert plain.url.endswith("#page-3")
    assert plain.locator("#page-3").is_visible()
    context.close()


def test_a_victims_mention_opens_the_document_at_the_point(page):
    document, victim, point = indexed_document()
    page.goto(path(victim, "en"))
    page.get_by_role("region", name="Mentioned in").get_by_role("link", name="Məktub: The funeral").click()
    page.wait_for_url(f"**{path(document, 'en')}#index-point-{point.pk}")
    assert page.locator(f"#index-point-{point.pk}").is_visible()
