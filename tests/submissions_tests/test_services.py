"""The submission state machine and its services: every allowed and every refused step, with its audit entry."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from archive.models import Access, MediaFile, Status, Testimony
from archive.services import record_publish
from submissions.forms import NoteForm, QuestionForm
from submissions.models import Submission, SubmissionEvent, SubmissionMessage, TransitionRefused
from submissions.services import (
    PersonDetails,
    submission_accept,
    submission_add_person,
    submission_ask_family,
    submission_assign,
    submission_change_consent,
    submission_claim,
    submission_decline,
    submission_family_answer,
    submission_link_victim,
    submission_mark_spam,
    submission_note,
    submission_purge_files,
    submission_withdraw,
)
from tests.factories import UserFactory, VictimFactory

State = Submission.State
Action = Submission.Action
ALL = list(State)

# The matrix: each service called in every state. The allowed states are written out here, as the specification
# the model's table (``Submission.ACTIONS``) is checked against, and the services against both.
ACTIONS = {
    Action.CLAIM: (lambda s, u: submission_claim(submission=s, user=u), {State.NEW, State.IN_REVIEW, State.WAITING}),
    Action.ASK: (
        lambda s, u: submission_ask_family(submission=s, user=u, question="When?"),
        {State.IN_REVIEW, State.WAITING},
    ),
    Action.DECLINE: (
        lambda s, u: submission_decline(submission=s, user=u, reason="Out of scope"),
        {State.NEW, State.IN_REVIEW, State.WAITING},
    ),
    Action.SPAM: (
        lambda s, u: submission_mark_spam(submission=s, user=u),
        {State.NEW, State.IN_REVIEW, State.WAITING},
    ),
    Action.ACCEPT: (lambda s, u: submission_accept(submission=s, user=u), {State.IN_REVIEW}),
    Action.WITHDRAW: (
        lambda s, u: submission_withdraw(submission=s),
        {State.NEW, State.IN_REVIEW, State.WAITING, State.ACCEPTED, State.DECLINED},
    ),
    Action.ANSWER: (
        lambda s, u: submission_family_answer(submission=s, text="In the evening."),
        {State.NEW, State.IN_REVIEW, State.WAITING},
    ),
    Action.ADD_PERSON: (
        lambda s, u: submission_add_person(submission=s, person=PersonDetails(person_name="Hüseynov Elçin")),
        {State.NEW, State.IN_REVIEW, State.WAITING},
    ),
    Action.CHANGE_CONSENT: (
        lambda s, u: submission_change_consent(
            submission=s, consent="anonymous", media_consent=False, pseudonym="L. M."
        ),
        {State.NEW, State.IN_REVIEW, State.WAITING, State.ACCEPTED},
    ),
    Action.NOTE: (lambda s, u: submission_note(submission=s, user=u, text="Checked the list."), set(ALL)),
    Action.ASSIGN: (
        lambda s, u: submission_assign(submission=s, assignee=u, user=u),
        {State.NEW, State.IN_REVIEW, State.WAITING},
    ),
    Action.LINK_VICTIM: (
        lambda s, u: submission_link_victim(submission=s, user=u, victim=VictimFactory(surname_az="Cəfərov")),
        {State.NEW, State.IN_REVIEW, State.WAITING},
    ),
    Action.PURGE_FILES: (lambda s, u: submission_purge_files(submission=s), {State.SPAM}),
}
EXPECTED_STATE = {
    Action.CLAIM: {State.NEW: State.IN_REVIEW},
    Action.ASSIGN: {State.NEW: State.IN_REVIEW},
    Action.ASK: {State.IN_REVIEW: State.WAITING, State.WAITING: State.WAITING},
    Action.DECLINE: dict.fromkeys(ALL, State.DECLINED),
    Action.SPAM: dict.fromkeys(ALL, State.SPAM),
    Action.ACCEPT: {State.IN_REVIEW: State.ACCEPTED},
    Action.WITHDRAW: dict.fromkeys(ALL, State.WITHDRAWN),
    Action.ANSWER: {State.WAITING: State.IN_REVIEW},
    Action.ADD_PERSON: {State.WAITING: State.IN_REVIEW},
}


@pytest.mark.parametrize("state", ALL)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_in_every_state_is_allowed_or_refused_by_the_table(action, state, make_submission, reviewer):
    submission = make_submission().submission
    Submission.objects.filter(pk=submission.pk).update(state=state)
    submission.refresh_from_db()
    call, allowed = ACTIONS[action]
    events_before = submission.events.count()
    assert submission.can(action) == (state in allowed)

    if state in allowed:
        call(submission, reviewer)
        submission.refresh_from_db()
        assert submission.state == EXPECTED_STATE.get(action, {}).get(state, state)
        assert submission.events.count() == events_before + 1
        event = submission.events.last()
        assert (event.from_state, event.to_state) == (state, submission.state)
        assert event.created_at is not None
    else:
        with pytest.raises(TransitionRefused):
            call(submission, reviewer)
        submission.refresh_from_db()
        assert submission.state == state
        assert submission.events.count() == events_before


def test_the_model_table_says_where_each_allowed_action_leads():
    for action, moves in Submission.ACTIONS.items():
        for state in ALL:
            submission = Submission(state=state)
            assert submission.can(action) == (state in moves)
            if state in moves:
                expected = EXPECTED_STATE.get(action, {}).get(state, state) if action in ACTIONS else moves[state]
                assert submission.state_after(action) == expected
            else:
                with pytest.raises(TransitionRefused):
                    submission.state_after(action)
    assert set(Submission.ACTIONS) == set(Action)


def test_an_empty_note_or_question_is_the_forms_error_not_a_refused_step(make_submission, reviewer):
    submission = make_submission().submission
    assert not NoteForm({"version": submission.version, "text": "   "}).is_valid()
    assert not QuestionForm({"version": submission.version, "question": ""}).is_valid()
    with pytest.raises(ValidationError):
        submission_note(submission=submission, user=reviewer, text=" ")
    assert submission.events.count() == 1


def test_received_submission_has_reference_hashed_token_and_consent_wording(make_submission, photo_and_recording):
    receipt = make_submission(files=photo_and_recording)
    submission = receipt.submission
    assert len(submission.reference) == 7 and submission.reference[3] == "-"
    assert not set(submission.reference.replace("-", "")) & set("01OIL")
    assert len(receipt.token) >= 43  # 32 random bytes
    assert receipt.token not in submission.token_hash
    assert Submission.objects.by_token(receipt.token) == submission
    assert Submission.objects.by_token(receipt.token + "x") is None
    assert "never make it public" not in submission.consent_text
    assert submission.consent_version and submission.consent_given_at
    assert submission.files.count() == 2
    assert submission.events.get().action == "received"


def test_family_is_mailed_the_link_and_reviewers_are_notified(
    make_submission, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receipt = make_submission()
    recipients = [message.to for message in mail.outbox]
    assert ["leyla@example.org"] in recipients
    assert [reviewer.email] in recipients
    family_mail = next(message for message in mail.outbox if message.to == ["leyla@example.org"])
    assert receipt.token in family_mail.body and receipt.submission.reference in family_mail.body
    staff_mail = next(message for message in mail.outbox if message.to == [reviewer.email])
    assert receipt.token not in staff_mail.body


def test_question_is_shown_to_the_family_and_mailed(make_submission, reviewer, django_capture_on_commit_callbacks):
    submission = make_submission().submission
    submission_claim(submission=submission, user=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        submission_ask_family(submission=submission, user=reviewer, question="Which street was it?")
    assert submission.messages.get().kind == SubmissionMessage.Kind.QUESTION
    assert any("question" in message.subject.lower() for message in mail.outbox)


def test_someone_without_the_permission_cannot_act(make_submission):
    submission = make_submission().submission
    outsider = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        submission_claim(submission=submission, user=outsider)


def test_second_of_two_staff_acting_at_once_is_told(make_submission, reviewer, curator):
    submission = make_submission().submission
    seen = submission.version
    submission_claim(submission=submission, user=reviewer, expected_version=seen)
    with pytest.raises(TransitionRefused, match="Someone else"):
        submission_mark_spam(submission=submission, user=curator, expected_version=seen)
    submission.refresh_from_db()
    assert submission.state == State.IN_REVIEW


def test_accept_creates_unpublished_records_with_the_files_and_keeps_the_submission(
    make_submission, photo_and_recording, reviewer, curator
):
    submission = make_submission(files=photo_and_recording).submission
    original = list(submission.files.values_list("sha256", "file"))
    submission_claim(submission=submission, user=reviewer)

    testimony = submission_accept(submission=submission, user=reviewer, create_victim=True)

    submission.refresh_from_db()
    assert submission.state == State.ACCEPTED
    assert testimony.provenance == Testimony.Provenance.SUBMISSION
    assert testimony.narrator_name == "Leyla Məmmədova"
    assert testimony.narrator_consent == Testimony.Consent.NAMED
    assert testimony.status == Status.DRAFT
    victim = submission.linked_victim
    assert victim.surname_az == "Məmmədov" and victim.status == Status.DRAFT
    assert list(testimony.victims.all()) == [victim]
    recording = testimony.media.get()
    assert recording.role == MediaFile.Role.RECORDING
    document = submission.documents.get()
    photo = document.media.get()
    assert photo.sha256 == submission.files.get(kind="image").sha256
    assert photo.thumbnail
    assert document.status == Status.DRAFT and document.access == Access.PUBLIC
    assert list(submission.files.values_list("sha256", "file")) == original  # the submission stays as sent
    with photo.file.open("rb") as handle:
        assert not Image.open(handle).getexif().get_ifd(0x8825)

    with pytest.raises(PermissionDenied):
        record_publish(record=testimony, user=reviewer)  # reviewers cannot publish
    record_publish(record=testimony, user=curator)
    assert Testimony.objects.public().filter(pk=testimony.pk).exists()


def test_accept_can_link_an_existing_victim(make_submission, reviewer):
    victim = VictimFactory(surname_az="Cəfərov")
    submission = make_submission().submission
    submission_claim(submission=submission, user=reviewer)
    testimony = submission_accept(submission=submission, user=reviewer, victim=victim)
    assert list(testimony.victims.all()) == [victim]
    assert not submission.created_victim


@pytest.mark.parametrize(
    ("consent", "narrator_consent"),
    [("anonymous", Testimony.Consent.ANONYMOUS), ("archive_only", Testimony.Consent.ARCHIVE_ONLY)],
)
def test_narrator_follows_consent(make_submission, reviewer, consent, narrator_consent, photo_and_recording):
    submission = make_submission(consent=consent, pseudonym="L. M.", files=photo_and_recording).submission
    submission_claim(submission=submission, user=reviewer)
    testimony = submission_accept(submission=submission, user=reviewer)
    assert testimony.narrator_consent == narrator_consent
    assert testimony.narrator_display == "L. M."
    if consent == "archive_only":
        assert submission.documents.get().access == Access.PRIVATE


@pytest.mark.parametrize(("consent", "access"), [("named", Access.PUBLIC), ("archive_only", Access.PRIVATE)])
def test_no_media_consent_withholds_the_files_but_not_the_written_testimony(
    make_submission, reviewer, photo_and_recording, consent, access
):
    """The whole path through the public pages is in test_media_consent.py."""
    submission = make_submission(consent=consent, media_consent=False, files=photo_and_recording).submission
    submission_claim(submission=submission, user=reviewer)
    testimony = submission_accept(submission=submission, user=reviewer)
    assert testimony.access == access
    assert submission.documents.get().access == Access.PRIVATE  # a Document of the family's photo is the photo
    made = MediaFile.objects.filter(submission_file__submission=submission)
    assert made.count() == 2 and all(media.withheld for media in made)


def test_withdrawal_hides_published_records_at_once_and_is_recorded(
    make_submission, photo_and_recording, reviewer, curator
):
    submission = make_submission(files=photo_and_recording).submission
    submission_claim(submission=submission, user=reviewer)
    testimony = submission_accept(submission=submission, user=reviewer, create_victim=True)
    record_publish(record=testimony, user=curator)
    document = submission.documents.get()
    record_publish(record=document, user=curator)

    submission_withdraw(submission=submission, reason="We changed our mind.")

    assert not Testimony.objects.public().filter(pk=testimony.pk).exists()
    assert not MediaFile.objects.public().filter(testimony=testimony).exists()
    assert not MediaFile.objects.public().filter(document=document).exists()
    testimony.refresh_from_db()
    assert testimony.status == Status.WITHDRAWN and testimony.narrator_consent == Testimony.Consent.ARCHIVE_ONLY
    event = submission.events.last()
    assert event.action == "withdrawn" and event.actor == SubmissionEvent.Actor.FAMILY
    assert event.note == "We changed our mind."


def test_changing_consent_to_archive_only_after_publication_hides_it(make_submission, reviewer, curator):
    submission = make_submission().submission
    submission_claim(submission=submission, user=reviewer)
    testimony = submission_accept(submission=submission, user=reviewer)
    record_publish(record=testimony, user=curator)
    old_wording = Submission.objects.get(pk=submission.pk).consent_text

    submission_change_consent(submission=submission, consent="archive_only", media_consent=False)

    assert not Testimony.objects.public().filter(pk=testimony.pk).exists()
    submission.refresh_from_db()
    assert submission.consent_text != old_wording
    assert old_wording in submission.events.last().note
