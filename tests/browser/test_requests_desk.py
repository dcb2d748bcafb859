"""Corrections and access requests in Chromium: a reader reports a correction from a record's page and a curator
closes it; a researcher asks for a closed record's files, a curator grants it and the researcher opens them. Every
new page passes the axe audit, and none breaks the Content Security Policy."""

import re

import pytest
from django.core import mail

from archive.models import Access
from requests_desk.models import AccessRequest, Correction
from tests.browser.conftest import watch_content_security_policy
from tests.factories import VictimFactory
from tests.memorial_tests.test_records import attach, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.PUBLIC_REQUEST_MIN_FILL_SECONDS = 0


@pytest.fixture
def staff_page(browser, live_server, curator):
    """A curator signed in, in a browser of their own, watched for policy violations as the ``page`` fixture is."""
    context = browser.new_context(base_url=live_server.url)
    desk = context.new_page()
    violations = watch_content_security_policy(desk)
    desk.goto("/en/admin/login/?next=/en/review/")
    desk.fill("#id_username", "curator")
    desk.fill("#id_password", PASSWORD)
    desk.get_by_role("button", name=re.compile("Log in", re.I)).click()
    desk.wait_for_url("**/en/review/")
    yield desk
    context.close()
    assert not violations, "the Content Security Policy blocked:\n" + "\n".join(violations)


def test_a_reader_reports_a_correction_and_a_curator_applies_it(page, staff_page, accessibility_violations):
    victim = VictimFactory(surname_az="Qasımov", given_name_az="Elçin")
    page.goto(f"/en/victims/{victim.identifier}/")
    page.get_by_role("link", name="Report a correction").click()
    page.wait_for_url("**/correction/")
    assert accessibility_violations(page) == []

    page.get_by_role("button", name="Send the correction").click()  # nothing filled in
    assert "Nothing was sent yet" in page.get_by_role("alert").inner_text()
    assert accessibility_violations(page) == []
    page.get_by_label("What is wrong?").fill("The date of death is given as 20 January.")
    page.get_by_label("What is right?").fill("He died of his wounds on 22 January 1990.")
    page.get_by_label("How do you know?").fill("I am his sister.")
    page.get_by_label("Your e-mail").fill("leyla@example.org")
    page.get_by_role("button", name="Send the correction").click()
    page.wait_for_url("**/correction/sent/")
    reference = page.locator("[data-reference]").inner_text().strip()
    assert reference == Correction.objects.get().reference
    assert accessibility_violations(page) == []

    staff_page.goto("/en/review/")
    staff_page.locator("#work-corrections-new").locator("..").get_by_role("link", name=reference).click()
    staff_page.wait_for_load_state()
    assert accessibility_violations(staff_page) == []
    staff_page.get_by_role("button", name="Claim").click()
    staff_page.wait_for_load_state()
    staff_page.get_by_label("Message to the sender (optional): what was changed").fill("The date is corrected.")
    staff_page.get_by_role("button", name="Applied: close and tell the sender").click()
    staff_page.wait_for_load_state()
    assert staff_page.locator("[data-state]").inner_text() == "Applied"
    assert accessibility_violations(staff_page) == []
    staff_page.goto("/en/review/corrections/?state=all")
    assert reference in staff_page.locator("table.queue").inner_text()
    assert accessibility_violations(staff_page) == []
    assert any("The date is corrected." in message.body for message in mail.outbox)


def test_a_researcher_asks_for_closed_files_and_opens_them_once_granted(
    page, staff_page, browser, live_server, accessibility_violations
):
    victim = VictimFactory(surname_az="Rəhimov", access=Access.METADATA)
    attach(victim, png_bytes("red"), "portrait.png", "portrait")
    page.goto(f"/en/victims/{victim.identifier}/")
    page.locator(".ask-archive").get_by_role("link", name="Request access").click()
    page.wait_for_url("**/request-access/")
    assert accessibility_violations(page) == []
    page.get_by_label("Your name").fill("Aysel Rzayeva")
    page.get_by_label("Your e-mail").fill("aysel@university.example")
    page.get_by_label("Why do you need the files?").fill("A study of the families' testimonies.")
    page.get_by_label(re.compile("I will use these files only")).check()
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url("**/request-access/sent/")
    assert accessibility_violations(page) == []
    access_request = AccessRequest.objects.get()

    staff_page.goto(f"/en/review/access/{access_request.reference}/")
    assert accessibility_violations(staff_page) == []
    staff_page.get_by_role("button", name=re.compile("Grant: mail a link valid 14 days")).click()
    staff_page.wait_for_load_state()
    assert staff_page.locator("[data-state]").inner_text() == "Granted"
    staff_page.goto("/en/review/access/?state=granted")
    assert access_request.reference in staff_page.locator("table.queue").inner_text()
    assert accessibility_violations(staff_page) == []

    link = re.search(r"https?://\S+/access/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.wait_for_url("**/access/files/**")
    assert accessibility_violations(page) == []
    first_file = page.locator("[data-access-files] a").first
    with page.expect_response(re.compile(r"/access/files/.+/[0-9a-f-]{36}/$")) as answer:
        first_file.click()
    assert answer.value.status == 200 and answer.value.headers["content-type"] == "image/png"

    staff_page.goto(f"/en/review/access/{access_request.reference}/")
    staff_page.get_by_label(re.compile("Why access is withdrawn")).fill("The family asked us to close them again.")
    staff_page.get_by_role("button", name="Withdraw access now").click()
    staff_page.wait_for_load_state()
    assert "File fetched" in staff_page.locator("[data-uses]").inner_text()
    assert accessibility_violations(staff_page) == []
    ended = page.goto(link)
    assert ended.status == 410
    assert accessibility_violations(page) == []
