"""What reviewers and curators do to a submission before (or instead of) accepting it: claim, assign, ask the family,
note, decline, mark as spam, link a likely victim. Each checks the permission and the version the page was shown at.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext

from archive.models import Victim
from submissions.models import (
    REVIEW_PERMISSION,
    Submission,
    SubmissionEvent,
    SubmissionMessage,
    SubmissionPerson,
    TransitionRefused,
)
from submissions.notifications import mail_after_commit, text_after_commit
from submissions.services.base import lock, move, record_event, require_staff

Action = Submission.Action
Event = SubmissionEvent.Action
# A question longer than this is cut in its text message, which then says the whole of it is on the status page.
QUESTION_IN_TEXT = 600


@transaction.atomic
def submission_claim(
    *, submission: Submission, user: AbstractBaseUser, expected_version: int | None = None
) -> Submission:
    """Take it on: a new submission goes into review; an open one changes hands."""
    require_staff(user)
    submission = lock(submission, expected_version)
    previous = move(submission, Action.CLAIM)
    submission.assigned_to = user
    record_event(submission, action=Event.CLAIMED, user=user, from_state=previous)
    return submission


@transaction.atomic
def submission_assign(
    *,
    submission: Submission,
    assignee: AbstractBaseUser,
    user: AbstractBaseUser,
    expected_version: int | None = None,
    review_url: str = "",
) -> Submission:
    """Hand it to a reviewer or curator (``assignee``), as a claim does for oneself: a new submission goes into
    review; an open one changes hands. The assignee is e-mailed when someone else assigns it (``review_url`` is
    the link in that e-mail)."""
    require_staff(user)
    if not assignee.is_active or not assignee.has_perm(REVIEW_PERMISSION):
        raise TransitionRefused(
            gettext("%(name)s does not review submissions: choose a reviewer or a curator.") % {"name": assignee}
        )
    submission = lock(submission, expected_version)
    previous = move(submission, Action.ASSIGN)
    submission.assigned_to = assignee
    event = record_event(submission, action=Event.ASSIGNED, user=user, from_state=previous, note=str(assignee))
    if assignee.pk != user.pk and assignee.email:
        mail_after_commit(
            "assigned",
            event=event,
            recipients=[assignee.email],
            user=str(user),
            reference=submission.reference,
            url=review_url or submission.get_review_url(),
        )
    return submission


@transaction.atomic
def submission_ask_family(
    *,
    submission: Submission,
    user: AbstractBaseUser,
    question: str,
    expected_version: int | None = None,
    lost_link_url: str = "",
    lost_link_phone_url: str = "",
) -> SubmissionMessage:
    """Ask the family something: shown on their status page, and sent with its words by e-mail and by text message
    to the contacts they gave. Only the token's hash is stored, so neither can carry the status link: each says how
    to return, and where to get a new link if it is lost (``lost_link_url`` with the e-mail address,
    ``lost_link_phone_url`` with the phone number)."""
    require_staff(user)
    # The form refuses an empty question (a field error); this only guards other callers.
    if not question.strip():
        raise ValidationError(gettext("Write the question."), code="required")
    submission = lock(submission, expected_version)
    previous = move(submission, Action.ASK)
    message = SubmissionMessage.objects.create(
        submission=submission, kind=SubmissionMessage.Kind.QUESTION, author=user, text=question.strip()
    )
    event = record_event(submission, action=Event.ASKED_FAMILY, user=user, from_state=previous, note=question.strip())
    _tell_family_of_question(submission, event, message.text, lost_link_url, lost_link_phone_url)
    return message


def _tell_family_of_question(
    submission: Submission, event: SubmissionEvent, question: str, lost_link_url: str, lost_link_phone_url: str
) -> None:
    if submission.submitter_email:
        mail_after_commit(
            "question",
            event=event,
            recipients=[submission.submitter_email],
            language=submission.language,
            reference=submission.reference,
            question=question,
            lost_url=lost_link_url or reverse("submissions:lost_link"),
        )
    if submission.submitter_phone:
        text_after_commit(
            "question",
            event=event,
            phone=submission.submitter_phone,
            language=submission.language,
            reference=submission.reference,
            question=Truncator(question).chars(QUESTION_IN_TEXT),
            shortened=len(question) > QUESTION_IN_TEXT,
            lost_url=lost_link_phone_url or reverse("submissions:lost_link_text"),
        )


@transaction.atomic
def submission_note(
    *, submission: Submission, user: AbstractBaseUser, text: str, expected_version: int | None = None
) -> SubmissionMessage:
    """A note for staff only; the family never sees it."""
    require_staff(user)
    if not text.strip():
        raise ValidationError(gettext("Write the note."), code="required")
    submission = lock(submission, expected_version)
    message = SubmissionMessage.objects.create(
        submission=submission, kind=SubmissionMessage.Kind.NOTE, author=user, text=text.strip()
    )
    record_event(submission, action=Event.NOTE, user=user, note=text.strip())
    return message


@transaction.atomic
def submission_decline(
    *, submission: Submission, user: AbstractBaseUser, reason: str, expected_version: int | None = None
) -> Submission:
    require_staff(user)
    if not reason.strip():
        raise ValidationError(gettext("Say why it is declined: the family will read it."), code="required")
    submission = lock(submission, expected_version)
    previous = move(submission, Action.DECLINE)
    SubmissionMessage.objects.create(
        submission=submission, kind=SubmissionMessage.Kind.DECISION, author=user, text=reason.strip()
    )
    record_event(submission, action=Event.DECLINED, user=user, from_state=previous, note=reason.strip())
    return submission


@transaction.atomic
def submission_mark_spam(
    *, submission: Submission, user: AbstractBaseUser, note: str = "", expected_version: int | None = None
) -> Submission:
    """Spam: out of the queue; its files are deleted after ``SUBMISSION_SPAM_RETENTION_DAYS``."""
    require_staff(user)
    submission = lock(submission, expected_version)
    previous = move(submission, Action.SPAM)
    record_event(submission, action=Event.MARKED_SPAM, user=user, from_state=previous, note=note.strip())
    return submission


@transaction.atomic
def submission_link_victim(
    *,
    submission: Submission,
    user: AbstractBaseUser,
    victim: Victim,
    expected_version: int | None = None,
    person: SubmissionPerson | None = None,
) -> Submission:
    """One click on a likely match: the person the submission is about (the first, or ``person`` of the others),
    before (or without) accepting."""
    require_staff(user)
    submission = lock(submission, expected_version)
    move(submission, Action.LINK_VICTIM)
    if person is None:
        submission.linked_victim = victim
    else:
        if person.submission_id != submission.pk:
            raise TransitionRefused(gettext("A chosen person does not belong to this submission."))
        person.linked_victim = victim
        person.save(update_fields=[Event.LINKED_VICTIM])
    record_event(submission, action=Event.LINKED_VICTIM, user=user, note=str(victim))
    return submission
