"""Several people per submission: the family names more than one; accepting links the testimony to each."""

import pytest

from archive.models import Status, Victim
from submissions.models import Submission, SubmissionPerson
from submissions.services import (
    PersonDecision,
    PersonDetails,
    submission_accept,
    submission_claim,
    submission_link_victim,
    submission_withdraw,
)
from tests.factories import TestimonyFactory, VictimFactory
from tests.submissions_tests.helpers import form_data

pytestmark = pytest.mark.django_db


def test_the_form_takes_more_people_and_ignores_empty_rows(client):
    chosen = VictimFactory(surname_az="Cəfərov")
    response = client.post(
        "/en/submit/",
        form_data(
            **{
                "others-0-victim": chosen.identifier,
                "others-1-new_surname": "Hüseynov",
                "others-1-new_given_name": "Elçin",
                "others-1-new_fate": "injured",
            }
        ),
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    others = list(submission.others.all())
    assert [(p.position, p.victim, p.new_surname, p.new_fate) for p in others] == [
        (1, chosen, "", ""),
        (2, None, "Hüseynov", "injured"),
    ]
    assert [person.pk for person in submission.people] == [submission.pk, others[0].pk, others[1].pk]


def test_a_described_person_without_a_name_is_refused(client):
    response = client.post("/en/submit/", form_data(**{"others-0-new_death_date": "1990-01-20"}))
    assert response.status_code == 400
    assert "Give this person&#x27;s name" in response.content.decode()
    assert not Submission.objects.exists()


def test_the_form_works_without_javascript_with_fixed_optional_rows(client):
    html = client.get("/en/submit/").content.decode()
    assert 'name="others-TOTAL_FORMS" value="2"' in html
    assert 'name="others-0-victim"' in html and 'name="others-1-new_surname"' in html


def test_accept_links_the_testimony_to_every_person_and_creates_new_ones(make_submission, reviewer):
    known = VictimFactory(surname_az="Cəfərov")
    other_known = VictimFactory(surname_az="", given_name_az="", surname_ru="Алиев", given_name_ru="Ильгар")
    submission = make_submission(
        others=[
            PersonDetails(victim=known),
            PersonDetails(new_surname="Hüseynov", new_given_name="Elçin", new_death_date="1990-01-21"),
            PersonDetails(person_name="Someone"),
        ]
    ).submission
    first, described, unsure = submission.others.all()
    submission_claim(submission=submission, user=reviewer)
    testimony = submission_accept(
        submission=submission,
        user=reviewer,
        create_victim=True,
        others=[
            PersonDecision(person=first, victim=other_known),  # the reviewer corrects the family's choice
            PersonDecision(person=described, create=True),
            PersonDecision(person=unsure),
        ],
    )
    linked = set(testimony.victims.all())
    created = Victim.objects.get(surname_az="Hüseynov")
    assert created.status == Status.DRAFT and created.death_date == "1990-01-21"
    assert linked == {other_known, created, Victim.objects.get(surname_az="Məmmədov")}
    described.refresh_from_db()
    assert described.linked_victim == created and described.created_victim
    # In the archive's language and letters, whatever the family's: the Russian form of a name in Latin ones.
    assert testimony.title == "Məmmədov Rauf, Aliev İlqar və Hüseynov Elçin haqqında ifadə"

    # Withdrawal hides every record made from it, the victims created for the other people too.
    submission_withdraw(submission=Submission.objects.get(pk=submission.pk))
    created.refresh_from_db()
    assert created.status == Status.WITHDRAWN
    other_known.refresh_from_db()
    assert other_known.status == Status.PUBLISHED


def test_a_person_of_another_submission_is_refused(make_submission, reviewer):
    mine = make_submission().submission
    theirs = make_submission(others=[PersonDetails(person_name="X")]).submission
    stranger = SubmissionPerson.objects.get(submission=theirs)
    submission_claim(submission=mine, user=reviewer)
    from submissions.models import TransitionRefused

    with pytest.raises(TransitionRefused):
        submission_link_victim(submission=mine, user=reviewer, victim=VictimFactory(), person=stranger)


def test_review_page_shows_each_person_links_a_match_and_accepts_with_a_choice_per_person(
    client, reviewer, make_submission
):
    match = VictimFactory(surname_az="Hüseynov", given_name_az="Elçin", surname_ru="Гусейнов")
    submission = make_submission(others=[PersonDetails(person_name="Гусейнов Эльчин")]).submission
    person = submission.others.get()
    client.force_login(reviewer)
    submission_claim(submission=submission, user=reviewer)
    html = client.get(submission.get_review_url()).content.decode()
    assert "Гусейнов Эльчин" in html and f'name="person" value="{person.pk}"' in html
    submission.refresh_from_db()
    response = client.post(
        submission.get_review_url(),
        {"action": "link", "version": submission.version, "victim": match.identifier, "person": person.pk},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.linked_victim == match
    submission.refresh_from_db()
    response = client.post(
        submission.get_review_url(),
        {"action": "accept", "version": submission.version, "person": "new", f"other_{person.pk}": match.identifier},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.ACCEPTED
    assert match in submission.testimony.victims.all()
    assert submission.testimony.victims.count() == 2


def test_withdrawal_keeps_a_victim_record_that_other_testimonies_now_speak_of(make_submission, reviewer):
    submission = make_submission().submission  # describes a new person, Məmmədov Rauf
    submission_claim(submission=submission, user=reviewer)
    submission_accept(submission=submission, user=reviewer, create_victim=True)
    created = Victim.objects.get(surname_az="Məmmədov")
    neighbour = TestimonyFactory(title="A neighbour remembers Rauf")
    neighbour.victims.add(created)

    submission_withdraw(submission=Submission.objects.get(pk=submission.pk))

    created.refresh_from_db()
    assert created.status != Status.WITHDRAWN  # the neighbour's testimony still speaks of him
    assert Submission.objects.get(pk=submission.pk).testimony.status == Status.WITHDRAWN
