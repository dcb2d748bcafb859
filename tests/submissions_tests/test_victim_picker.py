"""Choosing the person from the archive scales: the form carries one identifier, never a list of every name, so
the page costs the same with five victims or a million; only public victims can be chosen, and a victim's page
leads to the form with the person already chosen."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Status
from submissions.models import Submission
from tests.factories import PlaceFactory, VictimFactory
from tests.submissions_tests.helpers import form_data, open_status_link

pytestmark = pytest.mark.django_db

REFUSED = "No published person in the archive has the number"


def _form_page(client, path: str = "/en/submit/") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_person_is_chosen_by_identifier(client):
    victim = VictimFactory(surname_az="Cəfərov", given_name_az="Elçin")
    response = client.post("/en/submit/", form_data(victim=victim.identifier, person_name="", new_surname=""))
    assert response.status_code == 302
    assert Submission.objects.get().victim == victim


def test_an_identifier_typed_loosely_is_understood(client):
    victim = VictimFactory(surname_az="Cəfərov")
    number = int(victim.identifier.split("-")[1])
    response = client.post("/en/submit/", form_data(victim=f" v-{number} ", **{"others-0-victim": f"V{number:06d}"}))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.victim == victim and [person.victim for person in submission.others.all()] == [victim]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN, None])
def test_a_draft_withdrawn_or_unknown_identifier_is_refused_saying_the_same(client, status):
    identifier = VictimFactory(surname_az="Gizli", status=status).identifier if status else "V-999999"
    response = client.post("/en/submit/", form_data(victim=identifier))
    assert response.status_code == 400
    html = response.content.decode()
    assert f"{REFUSED} {identifier}." in html  # one message whatever the reason: a draft is never revealed
    assert "Gizli" not in html
    assert not Submission.objects.exists()


def test_an_unknown_identifier_in_another_row_is_refused_too(client):
    response = client.post("/en/submit/", form_data(**{"others-1-victim": "V-999999"}))
    assert response.status_code == 400
    assert f"{REFUSED} V-999999." in response.content.decode()
    assert not Submission.objects.exists()


def test_coming_from_a_victims_page_the_person_is_already_chosen(client):
    victim = VictimFactory(
        surname_az="Cəfərov", given_name_az="Elçin", birth_date="1965", death_date="1990-01-20",
        incident_place=PlaceFactory(name_en="Salyan barracks"),
    )  # fmt: skip
    html, _queries = _form_page(client, f"/en/submit/?victim={victim.identifier}")
    assert f'name="victim" value="{victim.identifier}"' in html
    assert 'name="person_name" value="Cəfərov Elçin"' in html
    chosen = re.search(r"<div class=\"victim-picker__chosen\" data-victim-chosen>(.*?)</div>", html, re.S)
    assert chosen, "the chosen person is shown"
    assert f'href="{victim.get_absolute_url()}" target="_blank" rel="noopener"' in chosen[1]
    assert "Cəfərov Elçin" in chosen[1] and "1965 – 1990-01-20 · Salyan barracks · " + victim.identifier in chosen[1]
    assert "Empty the number field" in chosen[1]  # how to undo it without JavaScript
    # Only the first person is chosen: the other rows (two, and the empty one for "Add another person") are not.
    assert html.count("data-victim-chosen>") == 1 and html.count("data-victim-chosen hidden>") == 3


@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN, None])
def test_a_non_public_identifier_in_the_address_is_ignored_silently(client, status):
    identifier = VictimFactory(surname_az="Gizli", status=status).identifier if status else "V-999999"
    html, _queries = _form_page(client, f"/en/submit/?victim={identifier}")
    assert f'value="{identifier}"' not in html and "Gizli" not in html  # (the language links keep the address)
    assert REFUSED not in html and 'class="error"' not in html
    assert "data-victim-chosen>" not in html


def test_the_person_chosen_stays_chosen_when_the_form_comes_back_with_an_error(client):
    victim = VictimFactory(surname_az="Cəfərov", given_name_az="Elçin")
    response = client.post("/en/submit/", form_data(victim=victim.identifier, submitter_name=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'name="victim" value="{victim.identifier}"' in html
    assert '<div class="victim-picker__chosen" data-victim-chosen>' in html


def test_the_form_page_costs_the_same_however_many_victims(client):
    VictimFactory.create_batch(5)
    small, small_queries = _form_page(client)
    VictimFactory.create_batch(195)
    large, large_queries = _form_page(client)
    assert large_queries == small_queries
    assert abs(len(large) - len(small)) < 50  # the form's stamp and token vary a little; no name is listed
    assert "Ad150" not in large and '<option value="V-' not in large
    assert len(large.encode()) < 60_000


def test_the_status_page_adds_a_person_by_identifier_and_refuses_a_draft(client):
    victim = VictimFactory(surname_az="Hüseynov", given_name_az="Elçin")
    draft = VictimFactory(surname_az="Gizli", status=Status.DRAFT)
    client.post("/en/submit/", form_data())
    page = client.get("/en/submit/received/").content.decode()
    status_path = open_status_link(client, re.search(r"data-status-link>([^<]+)<", page).group(1))

    refused = client.post(status_path, {"action": "person", "person-victim": draft.identifier})
    assert refused.status_code == 400
    assert f"{REFUSED} {draft.identifier}." in refused.content.decode()
    assert "Gizli" not in refused.content.decode()

    added = client.post(status_path, {"action": "person", "person-victim": victim.identifier})
    assert added.status_code == 302
    assert [person.victim for person in Submission.objects.get().others.all()] == [victim]


@pytest.mark.parametrize(
    ("prefix", "text"),
    [
        ("", "Bu şəxs haqqında ifadə və ya fotoşəkil göndərin"),
        ("/en", "Share a testimony or photos about this person"),
        ("/ru", "Поделиться свидетельством или фотографиями об этом человеке"),
    ],
)
def test_a_victims_page_leads_to_the_form_with_the_person_chosen(client, prefix, text):
    victim = VictimFactory(surname_az="Cəfərov", given_name_az="Elçin")
    html = client.get(f"{prefix}/victims/{victim.identifier}/").content.decode()
    link = f'<a href="{prefix}/submit/?victim={victim.identifier}">{text}</a>'
    assert link in html
    form = client.get(f"{prefix}/submit/?victim={victim.identifier}").content.decode()
    assert f'name="victim" value="{victim.identifier}"' in form


def test_a_merged_records_identifier_chooses_the_record_kept_in_its_place(client, curator):
    from curation.merging import victims_merge

    kept = VictimFactory(surname_az="Cəfərov", given_name_az="Elçin")
    merged = VictimFactory(surname_az="Cəfərov", given_name_az="Elçin")
    victims_merge(kept=kept, other=merged, user=curator, reason="One person.")

    response = client.post("/en/submit/", form_data(victim=merged.identifier, person_name="", new_surname=""))

    assert response.status_code == 302
    assert Submission.objects.get().victim == kept
