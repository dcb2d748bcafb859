"""A message of remembrance in Chromium: written on the form's own page, approved by a curator in the review desk,
then read on the victim's page; each page passes the accessibility audit and the Content Security Policy."""

import re

import pytest

from remembrance.models import Message
from tests.browser.conftest import watch_content_security_policy
from tests.factories import VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.REMEMBRANCE_MIN_FILL_SECONDS = 0


def test_a_message_goes_from_the_form_through_a_curator_to_the_victims_page(
    page, browser, live_server, curator, accessibility_violations
):
    victim = VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_en="Mammadov", given_name_en="Rauf")

    page.goto(f"/en/victims/{victim.identifier}/")
    page.get_by_role("link", name="Leave a message of remembrance").click()
    page.wait_for_url(f"**/en/victims/{victim.identifier}/remember/")
    assert accessibility_violations(page) == []

    page.get_by_role("button", name="Send the message").click()  # empty: the error summary leads to the field
    assert page.locator("#form-errors").is_visible()
    assert accessibility_violations(page) == []

    page.get_by_label("Your message").fill("<b>Unudulmayacaqsan.</b> https://spam.example/x")
    page.get_by_label("Your name (optional)").fill("Aygün")
    page.get_by_role("button", name="Send the message").click()
    page.wait_for_url(re.compile(r".*/remember/sent/\?m="))
    assert "<b>Unudulmayacaqsan.</b> […]" in page.locator("[data-sent-message]").inner_text()
    assert accessibility_violations(page) == []

    page.goto(f"/en/victims/{victim.identifier}/")
    assert page.get_by_text("Unudulmayacaqsan").count() == 0  # not before a curator approves it

    page.goto("/en/admin/login/?next=/en/review/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    page.wait_for_url("**/en/review/")
    page.get_by_role("link", name="See all 1").click()
    page.wait_for_url("**/en/review/remembrance/")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Approve").click()
    page.wait_for_url("**/en/review/remembrance/")
    assert "Approved" in page.locator(".flash").inner_text()
    assert Message.objects.get().state == Message.State.APPROVED

    page.get_by_role("link", name="Approved (1)").click()
    page.get_by_role("link", name="Məmmədov Rauf").click()
    page.wait_for_url(f"**/en/review/remembrance/victims/{victim.identifier}/")
    assert page.get_by_role("button", name="Reject").is_visible()
    assert accessibility_violations(page) == []

    # Another visitor (this browser may keep the page it saw for a minute: max-age).
    visitor = browser.new_context(base_url=live_server.url)
    reader = visitor.new_page()
    violations = watch_content_security_policy(reader)
    reader.goto(f"/en/victims/{victim.identifier}/")
    message = reader.locator(".remembrance__message")
    assert message.inner_text().startswith("<b>Unudulmayacaqsan.</b> […]")
    assert "Aygün" in message.inner_text()
    assert message.locator("a, b").count() == 0
    assert accessibility_violations(reader) == []
    visitor.close()
    assert violations == []


def test_closed_messages_show_their_note_in_the_browser(page, curator, accessibility_violations):
    from remembrance import services

    victim = VictimFactory(surname_az="Əliyeva", given_name_az="Leyla")
    services.messages_set_closed(victim=victim, closed=True, note="the family asked", user=curator)
    page.goto(f"/victims/{victim.identifier}/")
    assert page.locator("[data-remembrance-closed]").is_visible()
    assert page.get_by_role("link", name=re.compile("message of remembrance", re.I)).count() == 0
    page.goto(f"/victims/{victim.identifier}/remember/")
    assert page.locator("textarea").count() == 0
    assert accessibility_violations(page) == []
