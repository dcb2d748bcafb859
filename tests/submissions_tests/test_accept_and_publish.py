"""Accepting a submission: the likely person chosen for the reviewer when the match is strong, accepting and
publishing in one step for curators, the family's spelling kept, titles in the archive's language."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from archive.models import Document, NameVariant, Status, Testimony, Victim
from submissions.models import Submission
from submissions.services import PersonDetails, submission_claim
from tests.factories import VictimFactory
from tests.submissions_tests import samples
from tests.submissions_tests.conftest import incoming

pytestmark = pytest.mark.django_db


def checked(page: str, value: str) -> bool:
    return bool(re.search(rf'<input type="radio" name="[^"]+" value="{re.escape(value)}"[^>]*checked', page))


def accept(client, submission: Submission, **fields) -> object:
    submission.refresh_from_db()
    keys = [str(row.key) for row in submission.files.all()]
    data = {"action": "accept", "version": submission.version, "files": keys, "note": "", **fields}
    return client.post(submission.get_review_url(), data, follow=True)


def test_a_strong_match_is_chosen_and_said_so(client, reviewer, make_submission):
    known = VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", death_date="1990-01-20")
    submission = make_submission().submission  # the family describes "Məmmədov Rauf", died 20 January 1990
    submission_claim(submission=submission, user=reviewer)
    client.force_login(reviewer)
    page = client.get(submission.get_review_url()).content.decode()
    assert checked(page, known.identifier)
    assert not checked(page, "none")
    assert "a strong match" in page


def test_without_a_strong_match_nothing_is_chosen_for_the_reviewer(client, reviewer, make_submission):
    VictimFactory(surname_az="Məmmədov", given_name_az="Tofiq", death_date="1975")
    submission = make_submission().submission
    submission_claim(submission=submission, user=reviewer)
    client.force_login(reviewer)
    page = client.get(submission.get_review_url()).content.decode()
    assert checked(page, "none")
    assert "a strong match" not in page


def test_a_victim_linked_to_one_person_is_not_offered_for_another(client, reviewer, make_submission):
    known = VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", death_date="1990-01-20")
    submission = make_submission(
        victim=known, others=[PersonDetails(new_surname="Məmmədov", new_given_name="Rauf")]
    ).submission
    submission_claim(submission=submission, user=reviewer)
    client.force_login(reviewer)
    page = client.get(submission.get_review_url()).content.decode()
    [other] = submission.others.all()
    other_radios = re.findall(rf'name="other_{other.pk}" value="([^"]+)"', page)
    assert known.identifier not in other_radios
    assert checked(page, known.identifier)  # the first person: the family's own choice


def test_curator_accepts_and_publishes_in_one_step(client, curator, make_submission):
    submission = make_submission(
        files=[incoming("photo.jpg", samples.jpeg_with_gps()), incoming("scan.png", samples.png_bytes())]
    ).submission
    submission_claim(submission=submission, user=curator)
    client.force_login(curator)
    page = client.get(submission.get_review_url()).content.decode()
    assert 'name="publish" value="1"' in page

    response = accept(client, submission, person="new", publish="1")

    assert response.status_code == 200
    submission.refresh_from_db()
    testimony = submission.testimony
    victim = Victim.objects.get(surname_az="Məmmədov")
    documents = list(submission.documents.all())
    assert len(documents) == 2
    for record in [testimony, victim, *documents]:
        record.refresh_from_db()
        assert record.status == Status.PUBLISHED and record.is_public, record
        assert record.history.first().history_change_reason == "published"
        assert record.history.first().history_user == curator
    assert victim in testimony.victims.all()
    assert client.get(testimony.get_absolute_url()).status_code == 200


def test_accept_and_publish_keeps_what_the_family_did_not_allow(client, curator, make_submission):
    submission = make_submission(
        files=[incoming("photo.jpg", samples.jpeg_with_gps())],
        consent=Submission.Consent.ARCHIVE_ONLY,
        media_consent=False,
    ).submission
    submission_claim(submission=submission, user=curator)
    client.force_login(curator)
    accept(client, submission, person="new", publish="1")
    submission.refresh_from_db()
    assert submission.testimony.status == Status.DRAFT  # archive only: never public
    assert [document.status for document in submission.documents.all()] == [Status.DRAFT]  # not to be shown
    assert Victim.objects.get(surname_az="Məmmədov").status == Status.PUBLISHED  # the person is remembered


def test_a_reviewer_cannot_publish_and_nothing_is_made(client, reviewer, make_submission):
    submission = make_submission().submission
    submission_claim(submission=submission, user=reviewer)
    client.force_login(reviewer)
    assert 'name="publish" value="1"' not in client.get(submission.get_review_url()).content.decode()

    response = accept(client, submission, person="new", publish="1")

    errors = [str(message) for message in response.context["messages"] if message.level_tag == "error"]
    assert errors == ["Only curators may publish: accept without publishing."]
    submission.refresh_from_db()
    assert submission.state == Submission.State.IN_REVIEW and submission.testimony is None
    assert not Testimony.objects.exists() and not Victim.objects.exists() and not Document.objects.exists()


def test_the_familys_spelling_is_kept_as_a_name_variant(client, reviewer, make_submission):
    known = VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_ru="Мамедов", given_name_ru="Рауф")
    submission = make_submission(new_surname="Mamedov", new_given_name="Rauf").submission
    submission_claim(submission=submission, user=reviewer)
    client.force_login(reviewer)
    accept(client, submission, person=known.identifier)
    variant = NameVariant.objects.get(victim=known)
    assert (variant.name, variant.kind) == ("Mamedov Rauf", NameVariant.Kind.SPELLING)
    assert submission.reference in variant.note
    assert known.surname_az == Victim.objects.get(pk=known.pk).surname_az  # the archive's form stays
    assert variant.history.first().history_user == reviewer


def test_a_spelling_the_record_already_has_is_not_added_again(client, reviewer, make_submission):
    known = VictimFactory(surname_az="Məmmədov", given_name_az="Rauf")
    submission = make_submission(new_surname="MƏMMƏDOV", new_given_name="Rauf").submission
    submission_claim(submission=submission, user=reviewer)
    client.force_login(reviewer)
    accept(client, submission, person=known.identifier)
    assert not NameVariant.objects.exists()


def test_titles_are_in_azerbaijani_whatever_the_familys_language(client, reviewer, make_submission):
    with translation.override("ru"):
        submission = make_submission(new_surname="Мамедов", new_given_name="Рауф", language="ru").submission
    submission_claim(submission=submission, user=reviewer)
    client.force_login(reviewer)
    accept(client, submission, person="new")
    submission.refresh_from_db()
    assert submission.testimony.title == "Mamedov Rauf haqqında ifadə"
