"""A curator merges two records of one person and imports a list of victims, in Chromium, through the admin's own
pages: the merge confirmation with both records side by side, and the import preview with its line-numbered
problems and likely duplicates."""

import re

import pytest
from playwright.sync_api import expect

from archive.models import Status, Victim, VictimStatus
from tests.curation_tests.test_import_victims import csv_text
from tests.factories import TestimonyFactory, VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


def own_violations(violations: list[str]) -> list[str]:
    """The page's own: Django's admin colours its breadcrumb links alone, on every admin page."""
    return [found for found in violations if not (found.startswith("link-in-text-block") and ".breadcrumbs" in found)]


def sign_in(page) -> None:
    page.goto("/en/admin/login/?next=/en/admin/archive/victim/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    page.wait_for_url("**/en/admin/archive/victim/")


def test_a_curator_merges_two_records_choosing_the_one_kept_and_the_old_address_leads_to_it(
    page, browser, live_server, curator, accessibility_violations
):
    azerbaijani = VictimFactory(
        surname_az="Səfərov", given_name_az="Natiq", surname_ru="", birth_date="", status=Status.PUBLISHED
    )
    russian = VictimFactory(
        surname_az="", given_name_az="", surname_ru="Сафаров", given_name_ru="Натик", birth_date="1966-03",
        status=Status.PUBLISHED,
    )  # fmt: skip
    testimony = TestimonyFactory(title="At the barracks")
    testimony.victims.add(russian)
    sign_in(page)

    for victim in (azerbaijani, russian):
        page.locator(f"input[name=_selected_action][value='{victim.pk}']").check()
    page.select_option("select[name=action]", label="Merge the two selected victims…")
    page.get_by_role("button", name="Go").click()

    table = page.locator("table.merge-table")
    assert f"{russian.identifier} (kept)" in table.text_content()
    assert own_violations(accessibility_violations(page)) == []  # by default the one more material names
    assert "same surname and given name" in page.locator("main").inner_text()

    # The curator keeps the Azerbaijani record instead: the page shows what that record will hold.
    page.locator(f"input[name=kept][value='{azerbaijani.pk}']").check()
    page.get_by_role("button", name="Show the result of keeping this one").click()
    expect(table).to_contain_text(f"{azerbaijani.identifier} (kept)")
    birth = table.locator("tr", has_text="Date of birth")
    assert birth.locator("td").all_inner_texts() == ["—", "1966-03", f"1966-03 (from {russian.identifier})"]
    assert "At the barracks" in page.locator("ul.moving").inner_text()
    page.get_by_label("Why are these one person?").fill("The same man in the Azerbaijani and the Russian lists.")
    page.get_by_role("button", name=f"Merge {russian.identifier} into {azerbaijani.identifier}").click()

    page.wait_for_url(f"**/admin/archive/victim/{azerbaijani.pk}/change/")
    assert f"{russian.identifier} was merged into {azerbaijani.identifier}" in page.locator(".messagelist").inner_text()
    russian.refresh_from_db()
    assert russian.status == VictimStatus.MERGED and russian.merged_into_id == azerbaijani.pk
    assert list(testimony.victims.all()) == [azerbaijani]

    visitor = browser.new_context(base_url=live_server.url).new_page()
    response = visitor.goto(f"/ru/victims/{russian.identifier}/")
    assert response.request.redirected_from.response().status == 301
    assert visitor.url.endswith(f"/ru/victims/{azerbaijani.identifier}/")
    assert "Сафаров Натик" in visitor.locator("main").inner_text()  # the merged record's name, kept with the person
    visitor.context.close()

    # Undone from the merged record's own page.
    page.goto(f"/en/admin/archive/victim/{russian.pk}/change/")
    page.get_by_role("link", name="Undo this merge…").click()
    page.get_by_label("Why is the merge undone?").fill("Two men of the same name after all.")
    page.get_by_role("button", name="Undo the merge").click()
    assert "is undone" in page.locator(".messagelist").inner_text()
    russian.refresh_from_db()
    assert russian.status == Status.PUBLISHED and list(testimony.victims.all()) == [russian]


def test_a_curator_imports_a_list_after_seeing_its_problems_and_likely_duplicates(
    page, curator, accessibility_violations
):
    existing = VictimFactory(surname_az="Əsgərov", given_name_az="Vaqif", surname_ru="", death_date="1990-01-20")
    rows = [
        {"surname_ru": "Аскеров", "given_name_ru": "Вагиф", "death_date": "1990-01-20"},
        {"surname_az": "Nəcəfov", "given_name_az": "Fuad", "birth_date": "1971"},
        {"surname_az": "Najafov", "given_name_az": "Fuad", "birth_date": "1971"},
        {"surname_az": "Quliyev", "death_date": "1990-13-01"},
        {"surname_az": "Bayramov", "given_name_az": "Elnur", "place": "Bakı limanı"},
    ]
    sign_in(page)

    page.get_by_role("link", name="Import from CSV").click()
    page.set_input_files(
        "input[type=file]", files=[{"name": "list.csv", "mimeType": "text/csv", "buffer": csv_text(rows).encode()}]
    )
    page.get_by_role("button", name="Check the file").click()

    assert "list.csv: 4 rows can be imported." in page.locator(".summary").inner_text()
    problems = page.locator("ul.import-problems").inner_text()
    assert "line 5: death_date “1990-13-01”: there is no month 13." in problems
    duplicates = page.locator("ul.import-duplicates").inner_text()
    assert f"line 2: likely the same person as {existing.identifier} (Əsgərov Vaqif)" in duplicates
    assert "line 4: likely the same person as line 3 — same surname and given name; born in the same year" in duplicates
    assert page.locator("table.import-rows tbody tr").count() == 4
    assert own_violations(accessibility_violations(page)) == []

    page.get_by_label("Skip invalid rows").check()
    page.get_by_role("button", name="Import", exact=True).click()
    assert "Nothing was saved" in page.locator(".errornote").inner_text()
    assert list(Victim.objects.all()) == [existing]

    page.get_by_label("Skip invalid rows").check()
    page.get_by_label("Import likely duplicates too").check()
    page.get_by_role("button", name="Import", exact=True).click()

    page.wait_for_url("**/en/admin/archive/victim/")
    assert "Imported from list.csv: 4 victims (drafts), 1 new place." in page.locator(".messagelist").inner_text()
    assert Victim.objects.count() == 5
    assert {victim.history.latest().history_user for victim in Victim.objects.exclude(pk=existing.pk)} == {curator}
