"""Merging from the victims' list: an action on exactly two victims, a confirmation page with both side by side and
what survives, the curator choosing which record is kept; undoing from the merged record's page. A reviewer can do
neither."""

import re

import pytest

from archive.models import Status, Victim, VictimStatus
from curation.merging import victims_merge
from curation.models import MergeRecord
from tests.factories import TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHANGELIST = "/en/admin/archive/victim/"


@pytest.fixture
def pair():
    published = VictimFactory(
        surname_az="Rzayev", given_name_az="Elşən", surname_ru="", birth_date="", status=Status.PUBLISHED
    )
    draft = VictimFactory(
        surname_az="", given_name_az="", surname_ru="Рзаев", given_name_ru="Эльшан", birth_date="1968",
        status=Status.DRAFT,
    )  # fmt: skip
    TestimonyFactory().victims.add(draft)
    return published, draft


def action(client, victims, **extra):
    data = {"action": "merge_selected", "_selected_action": [victim.pk for victim in victims], **extra}
    return client.post(CHANGELIST, data, follow=False)


def test_the_confirmation_shows_both_records_side_by_side_and_what_survives(client, curator, pair):
    published, draft = pair
    client.force_login(curator)

    page = action(client, [published, draft]).content.decode()

    assert f"{published.identifier} (kept)" in page and f"{draft.identifier} (merged)" in page  # the public one
    assert re.search(r"Date of birth</th>\s*<td[^>]*>—</td>\s*<td>1968</td>\s*<td[^>]*><strong>1968</strong>", page)
    assert f"(from {draft.identifier})" in page
    assert "same surname and given name" in page
    assert re.search(r"Testimonies: T-\d+", page)

    # Choosing the other record shows the result of keeping it instead, the reason typed so far kept.
    page = action(client, [published, draft], kept=draft.pk, show="1", reason="Seen twice").content.decode()
    assert f"{draft.identifier} (kept)" in page and "Seen twice" in page
    assert "is public and" in page  # keeping the draft would take the person out of public view: it says so
    assert not MergeRecord.objects.exists()


def test_merging_from_the_confirmation_page_needs_a_reason_and_then_merges(client, curator, pair):
    published, draft = pair
    client.force_login(curator)

    page = action(client, [published, draft], kept=published.pk, apply="1", reason=" ").content.decode()
    assert "Say why." in page
    assert not MergeRecord.objects.exists()

    response = action(client, [published, draft], kept=published.pk, apply="1", reason="One man, two lists.")

    assert response.status_code == 302 and response["Location"].endswith(f"/archive/victim/{published.pk}/change/")
    draft.refresh_from_db()
    assert draft.merged_into == published and draft.status == VictimStatus.MERGED
    assert MergeRecord.objects.get().merged_by == curator


@pytest.mark.parametrize("count", [1, 3])
def test_merging_takes_exactly_two_victims(client, curator, count):
    victims = [VictimFactory() for _n in range(count)]
    client.force_login(curator)

    response = client.post(
        CHANGELIST, {"action": "merge_selected", "_selected_action": [v.pk for v in victims]}, follow=True
    )

    assert "Select exactly two victims to merge." in response.content.decode()
    assert not Victim.objects.filter(status=VictimStatus.MERGED).exists()


def test_a_reviewer_is_not_offered_the_merge_and_cannot_post_it(client, reviewer, pair):
    published, draft = pair
    client.force_login(reviewer)

    assert "merge_selected" not in client.get(CHANGELIST).content.decode()
    action(client, [published, draft], kept=published.pk, apply="1", reason="Sneaky.")

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and not MergeRecord.objects.exists()


def test_the_merged_records_page_is_read_only_and_undoes_the_merge(client, curator, reviewer, pair):
    published, draft = pair
    victims_merge(kept=published, other=draft, user=curator, reason="One man, two lists.")
    page_url = f"/en/admin/archive/victim/{draft.pk}/change/"
    undo_url = f"/en/admin/archive/victim/{draft.pk}/undo-merge/"

    client.force_login(reviewer)
    page = client.get(page_url).content.decode()
    assert "Merged into" in page and published.identifier in page and "Undo this merge" not in page
    assert client.get(undo_url).status_code == 403

    client.force_login(curator)
    page = client.get(page_url).content.decode()
    assert "Undo this merge" in page and 'name="_save"' not in page  # read, not edited
    kept_page = client.get(f"/en/admin/archive/victim/{published.pk}/change/").content.decode()
    assert f"{draft.identifier}" in kept_page and "merged into this record" in kept_page
    history = client.get(f"/en/admin/archive/victim/{draft.pk}/history/").content.decode()
    assert f"merged into {published.identifier}: One man, two lists." in history and "Undo this merge" in history

    assert "Say why." in client.post(undo_url, {"reason": ""}).content.decode()
    response = client.post(undo_url, {"reason": "Two cousins."})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.merged_into is None
    assert draft.testimonies.exists()
    history = client.get(f"/en/admin/archive/victim/{draft.pk}/history/").content.decode()
    assert f"merge into {published.identifier} undone: Two cousins." in history
    assert client.get(undo_url).status_code == 404  # nothing left to undo


def test_merges_are_listed_for_those_who_read_victims(client, reviewer, curator, pair):
    published, draft = pair
    victims_merge(kept=published, other=draft, user=curator, reason="One man, two lists.")
    client.force_login(reviewer)

    page = client.get("/en/admin/curation/mergerecord/").content.decode()

    assert draft.identifier in page and "One man, two lists." in page and "in force" in page
