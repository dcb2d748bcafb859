"""The family's actions, from the status page (and the lost-link page): answer, add files or a person, change the
consent, withdraw, get a new status link. The family has no account: each entry is logged with the family as actor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from archive.stored_files import files_kept_only_on_success
from submissions.consent import CONSENT_VERSION, consent_text
from submissions.inputs import IncomingFile, PersonDetails
from submissions.models import (
    MAX_OTHER_PEOPLE,
    Submission,
    SubmissionEvent,
    SubmissionMessage,
    SubmissionPerson,
    TransitionRefused,
    hash_token,
    new_status_token,
    normalise_reference,
)
from submissions.notifications import mail_after_commit
from submissions.services.acceptance import apply_consent_to_records, hide_records
from submissions.services.base import (
    lock,
    move,
    person_values,
    record_event,
    require_pseudonym,
    store_files,
)

Action = Submission.Action
Event = SubmissionEvent.Action


def submission_family_answer(*, submission: Submission, text: str, files: Sequence[IncomingFile] = ()) -> Submission:
    """The family writes back (and may add files). An answer to a question puts it back in review."""
    with files_kept_only_on_success() as stored, transaction.atomic():
        submission = lock(submission, None)
        previous = move(submission, Action.ANSWER if text.strip() else Action.ADD_FILES)
        if not text.strip() and not files:
            raise TransitionRefused(gettext("Write an answer or add a file."))
        if text.strip():
            SubmissionMessage.objects.create(
                submission=submission, kind=SubmissionMessage.Kind.ANSWER, text=text.strip()
            )
        if files:
            store_files(submission, files, stored)
        record_event(
            submission,
            action=Event.FAMILY_ANSWERED if text.strip() else Event.FAMILY_ADDED_FILES,
            actor=SubmissionEvent.Actor.FAMILY,
            from_state=previous,
            note=gettext("%(count)d file(s) added.") % {"count": len(files)} if files else "",
        )
    return submission


def submission_add_files(*, submission: Submission, files: Sequence[IncomingFile]) -> Submission:
    if not files:
        raise TransitionRefused(gettext("Choose at least one file."))
    return submission_family_answer(submission=submission, text="", files=files)


@transaction.atomic
def submission_add_person(*, submission: Submission, person: PersonDetails) -> SubmissionPerson:
    """The family names one more person the testimony is about, from the status page. Allowed while it is open, like
    an answer or added files (once accepted, the records are already made); like an answer, it puts a submission
    waiting for the family back in review. Reviewers see the person, with likely matches, on the review page."""
    if person.is_empty:
        raise TransitionRefused(gettext("Tell us whom: choose the person from the archive or write a name."))
    submission = lock(submission, None)
    previous = move(submission, Action.ADD_PERSON)
    positions = list(submission.others.values_list("position", flat=True))
    if len(positions) >= MAX_OTHER_PEOPLE:
        raise TransitionRefused(
            gettext("This submission already names %(num)d more people. Write about the others in a message.")
            % {"num": MAX_OTHER_PEOPLE}
        )
    added = SubmissionPerson.objects.create(
        submission=submission, position=max(positions, default=0) + 1, **person_values(person)
    )
    name = added.new_person_name or added.person_name
    if added.victim is not None:
        name = f"{added.victim.full_name} ({added.victim.identifier})" + (f", {name}" if name else "")
    record_event(
        submission,
        action=Event.FAMILY_ADDED_PERSON,
        actor=SubmissionEvent.Actor.FAMILY,
        from_state=previous,
        note=gettext("Person added: %(name)s") % {"name": name},
    )
    return added


@transaction.atomic
def submission_change_consent(
    *, submission: Submission, consent: str, media_consent: bool, pseudonym: str = ""
) -> Submission:
    """The family changes its choice. Records already made from it follow at once (and stop being public if the
    new choice says so); the new wording is stored with its version and date, the old one stays in the log."""
    submission = lock(submission, None)
    move(submission, Action.CHANGE_CONSENT)
    if consent not in Submission.Consent.values:
        raise TransitionRefused(gettext("Choose how the testimony may be used."))
    require_pseudonym(consent, pseudonym)
    before = submission.consent_text
    submission.consent = consent
    submission.media_consent = media_consent
    submission.pseudonym = pseudonym.strip()
    submission.consent_text = consent_text(choice=consent, media=media_consent)
    submission.consent_version = CONSENT_VERSION
    submission.consent_given_at = timezone.now()
    if submission.state == Submission.State.ACCEPTED:
        apply_consent_to_records(submission, reason=gettext("The family changed its consent."))
    record_event(
        submission,
        action=Event.CONSENT_CHANGED,
        actor=SubmissionEvent.Actor.FAMILY,
        note=gettext("Before:\n%(before)s") % {"before": before},
    )
    return submission


@transaction.atomic
def submission_withdraw(*, submission: Submission, reason: str = "") -> Submission:
    """The family takes it back. Anything published from it is hidden at once; nothing is deleted."""
    submission = lock(submission, None)
    previous = move(submission, Action.WITHDRAW)
    note = reason.strip() or gettext("Withdrawn by the family.")
    hide_records(
        submission,
        reason=gettext("Withdrawn by the family who sent it (%(reference)s).") % {"reference": submission.reference},
    )
    record_event(submission, action=Event.WITHDRAWN, actor=SubmissionEvent.Actor.FAMILY, from_state=previous, note=note)
    return submission


def submission_reissue_link(*, reference: str, email: str, status_url: Callable[[str], str]) -> bool:
    """The family lost its status link: if ``reference`` and ``email`` are those of one submission (and it is not
    spam), a new token replaces the old one (which stops working at once) and the new link is e-mailed to the
    address the submission was sent with, never to another. Returns whether a link was sent; the view must not
    tell the visitor, so that the form reveals nothing about who sent what."""
    email = email.strip()
    if not email:
        return False
    with transaction.atomic():
        found = Submission.objects.filter(reference=normalise_reference(reference)).first()
        if found is None or not found.can(Action.REISSUE_LINK):
            return False
        if not found.submitter_email or found.submitter_email.casefold() != email.casefold():
            return False
        submission = lock(found, None)
        move(submission, Action.REISSUE_LINK)
        token = new_status_token()
        submission.token_hash = hash_token(token)
        event = record_event(
            submission,
            action=Event.LINK_REISSUED,
            actor=SubmissionEvent.Actor.FAMILY,
            note=gettext("A new status link was sent to the submitter's e-mail address."),
        )
        with translation.override(submission.language):
            # The link opens the page in the language the e-mail is written in.
            url = status_url(token)
        mail_after_commit(
            "new_link",
            event=event,
            recipients=[submission.submitter_email],
            language=submission.language,
            reference=submission.reference,
            url=url,
        )
    return True
