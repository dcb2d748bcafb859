"""The pages at the edges of public trust pass the accessibility audit: a withdrawn record's page (410) and a search
that finds nothing, with its alternatives."""

import pytest

from archive.models import Status
from archive.services import record_publish, record_withdraw
from tests.factories import VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_withdrawn_records_page(page, curator, accessibility_violations):
    victim = VictimFactory(status=Status.DRAFT, surname_az="Vəliyev", given_name_az="Emil")
    record_publish(record=victim, user=curator)
    record_withdraw(record=victim, user=curator, reason="internal", public_note="Withdrawn at the family's request.")
    response = page.goto(f"/en/victims/{victim.identifier}/")
    assert response.status == 410
    assert "Withdrawn at the family's request." in page.locator("main").inner_text()
    assert accessibility_violations(page) == []


def test_a_search_that_finds_nothing(page, accessibility_violations):
    VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_ru="")
    VictimFactory(surname_az="Əliyev", given_name_az="Zaur", surname_ru="")
    page.goto("/en/search/?q=M%C9%99mm%C9%99dov+Zaur")
    assert page.get_by_text("Did you mean:").is_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Tell the archive about this person").click()
    page.wait_for_url("**/en/submit/?name=*")
    assert page.locator("#id_person_name").input_value() == "Məmmədov Zaur"
