"""More than two other people on one testimony: more rows on the form (up to a limit the server keeps), and a
person added later on the status page, which works without JavaScript."""

import re

import pytest
from django.test import Client

from submissions.models import Submission, SubmissionEvent, SubmissionPerson, TransitionRefused
from submissions.services import (
    MAX_OTHER_PEOPLE,
    PersonDetails,
    submission_add_person,
    submission_claim,
)
from tests.factories import VictimFactory
from tests.submissions_tests.helpers import form_data, open_status_link

pytestmark = pytest.mark.django_db

SONS = ["Anar", "Elçin", "Vüqar", "Rəşad", "Tural"]
FULL = "This form takes at most 10 more people"


def _rows(names: list[str]) -> dict:
    data = {"others-TOTAL_FORMS": str(len(names))}
    for index, name in enumerate(names):
        data[f"others-{index}-new_surname"] = "Məmmədov"
        data[f"others-{index}-new_given_name"] = name
        data[f"others-{index}-new_fate"] = "killed"
    return data


def _status_path(client) -> str:
    page = client.get("/en/submit/received/").content.decode()
    return open_status_link(client, re.search(r"data-status-link>([^<]+)<", page).group(1))


# --- the form -------------------------------------------------------------------------------------------


def test_five_more_people_posted_without_javascript_all_reach_the_review_page(client, reviewer):
    response = client.post("/en/submit/", form_data(**_rows(SONS)))

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert [(p.position, p.new_given_name) for p in submission.others.all()] == list(enumerate(SONS, start=1))
    submission_claim(submission=submission, user=reviewer)
    staff = Client()
    staff.force_login(reviewer)
    html = staff.get(submission.get_review_url()).content.decode()
    for number, name in enumerate(SONS, start=2):
        assert f"Person {number}</h3>" in html
        assert f"Məmmədov {name}" in html
    # a decision for each at acceptance, the first person's included
    assert html.count('<fieldset class="choices"><legend>Person: ') == 1 + len(SONS)


@pytest.mark.parametrize("total", [MAX_OTHER_PEOPLE + 1, 1000])
def test_more_people_than_the_form_takes_is_refused_clearly_and_nothing_is_saved(client, total):
    names = [f"Son{n}" for n in range(MAX_OTHER_PEOPLE + 1)]
    response = client.post("/en/submit/", form_data(**{**_rows(names), "others-TOTAL_FORMS": str(total)}))

    assert response.status_code == 400
    html = response.content.decode()
    assert FULL in html
    assert 'href="#more-people"' in html  # listed in the summary at the top, linked to the rows
    assert not Submission.objects.exists()
    assert not SubmissionPerson.objects.exists()


def test_exactly_as_many_people_as_the_form_takes_is_fine(client):
    names = [f"Son{n}" for n in range(MAX_OTHER_PEOPLE)]
    assert client.post("/en/submit/", form_data(**_rows(names))).status_code == 302
    assert Submission.objects.get().others.count() == MAX_OTHER_PEOPLE


def test_the_form_carries_an_empty_row_for_the_add_person_button(client):
    html = client.get("/en/submit/").content.decode()
    template = re.search(r"<template data-person-template>(.*?)</template>", html, re.S).group(1)
    assert 'name="others-__prefix__-new_surname"' in template
    assert 'id="others-__prefix__-suggest-list"' in template and "Person __number__" in template
    assert 'name="others-MAX_NUM_FORMS" value="10"' in html
    # The button needs the script, so without it the button stays hidden and the fixed rows do the work.
    assert re.search(r'<p class="more-people__add" data-add-person-box hidden>', html)
    assert f'data-full="{FULL}' in html
    assert "more-people.js" in html


# --- the status page ------------------------------------------------------------------------------------


def test_the_family_adds_a_person_on_the_status_page_and_reviewers_see_a_likely_match(client, reviewer):
    match = VictimFactory(surname_az="Hüseynov", given_name_az="Elçin", surname_ru="Гусейнов")
    client.post("/en/submit/", form_data())
    url = _status_path(client)
    submission = Submission.objects.get()
    html = client.get(url).content.decode()
    assert "Add a person this testimony is about" in html
    assert 'name="person-person_name"' in html and "data-victim-picker" in html

    response = client.post(
        url,
        {
            "action": "person",
            "person-person_name": "Гусейнов Эльчин",
            "person-new_death_date": "1990-01-20",
        },
    )

    assert response.status_code == 302
    person = submission.others.get()
    assert (person.position, person.person_name, person.new_death_date) == (1, "Гусейнов Эльчин", "1990-01-20")
    event = submission.events.last()
    assert (event.action, event.actor) == ("family_added_person", SubmissionEvent.Actor.FAMILY)
    assert "Гусейнов Эльчин" in event.note
    assert "Гусейнов Эльчин" in client.get(url).content.decode()  # under "What you sent"

    staff = Client()
    staff.force_login(reviewer)
    review = staff.get(submission.get_review_url()).content.decode()
    assert "Person 2</h3>" in review and "Гусейнов Эльчин" in review
    assert f'name="victim" value="{match.identifier}"><input type="hidden" name="person" value="{person.pk}"' in review


def test_a_person_added_later_comes_after_the_others_and_answers_a_question(make_submission, reviewer):
    submission = make_submission(others=[PersonDetails(person_name="Anar")]).submission
    submission_claim(submission=submission, user=reviewer)
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.WAITING)

    added = submission_add_person(submission=submission, person=PersonDetails(new_surname="Məmmədov"))

    assert added.position == 2
    submission.refresh_from_db()
    assert submission.state == Submission.State.IN_REVIEW  # back in the reviewer's queue


def test_an_empty_person_is_refused_and_nothing_is_kept(client):
    client.post("/en/submit/", form_data())
    url = _status_path(client)
    events = SubmissionEvent.objects.count()

    response = client.post(url, {"action": "person", "person-person_name": "  "})

    assert response.status_code == 400
    assert "Tell us whom" in response.content.decode()
    assert not SubmissionPerson.objects.exists()
    assert SubmissionEvent.objects.count() == events


@pytest.mark.parametrize(
    "state",
    [Submission.State.ACCEPTED, Submission.State.DECLINED, Submission.State.WITHDRAWN, Submission.State.SPAM],
)
def test_no_person_can_be_added_once_the_submission_is_closed(client, state):
    client.post("/en/submit/", form_data())
    url = _status_path(client)
    Submission.objects.update(state=state)
    events = SubmissionEvent.objects.count()

    assert "Add a person this testimony is about" not in client.get(url).content.decode()
    response = client.post(url, {"action": "person", "person-person_name": "Hüseynov Elçin"})

    assert response.status_code == 409
    assert "This is not possible while the submission is" in response.content.decode()
    assert not SubmissionPerson.objects.exists()
    assert SubmissionEvent.objects.count() == events


def test_a_wrong_token_adds_no_one(client):
    client.post("/en/submit/", form_data())
    page = _status_path(client)
    response = Client().post(page, {"action": "person", "person-person_name": "Hüseynov Elçin"})
    assert response.status_code == 404
    assert not SubmissionPerson.objects.exists()


def test_the_status_page_adds_no_more_than_the_limit(make_submission):
    submission = make_submission(others=[PersonDetails(person_name=f"Son{n}") for n in range(MAX_OTHER_PEOPLE)])
    with pytest.raises(TransitionRefused):
        submission_add_person(submission=submission.submission, person=PersonDetails(person_name="One more"))
    assert submission.submission.others.count() == MAX_OTHER_PEOPLE
