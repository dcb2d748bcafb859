"""Every change to a submission: called by the public views, the review pages, the admin and the tests alike.

Each service is keyword-only, atomic, checks the state machine on a row locked with ``select_for_update``
(so of two staff acting at once the second is told), bumps ``version`` and writes a ``SubmissionEvent``.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.ingest import PreparedFile
from archive.models import Access, Document, MediaFile, Status, Testimony, Victim
from archive.roles import CURATORS, REVIEWERS
from archive.services import media_file_attach, media_files_withhold
from archive.stored_files import store_file
from submissions.consent import CONSENT_VERSION, consent_text
from submissions.models import (
    PersonDescription,
    Submission,
    SubmissionEvent,
    SubmissionFile,
    SubmissionMessage,
    SubmissionPerson,
    TransitionRefused,
    hash_token,
    new_reference,
    new_status_token,
    normalise_reference,
)
from submissions.pending import KeptUpload, pending_hand_over

State = Submission.State
REVIEW_PERMISSION = "submissions.review_submission"
MAX_OTHER_PEOPLE = 10  # besides the first person: on the form (see forms.other_people_formset) and added later


@dataclass(frozen=True)
class IncomingFile:
    prepared: PreparedFile
    caption: str = ""


@dataclass
class PersonDetails:
    """Another person the submission is about, as the form collected it."""

    victim: Victim | None = None
    person_name: str = ""
    new_surname: str = ""
    new_given_name: str = ""
    new_patronymic: str = ""
    new_birth_date: str = ""
    new_death_date: str = ""
    new_fate: str = ""
    new_place: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.victim or self.person_name.strip() or self.new_surname.strip())


@dataclass(frozen=True)
class PersonDecision:
    """What the reviewer makes of one of the other people at acceptance: a victim, a new one, or none."""

    person: SubmissionPerson
    victim: Victim | None = None
    create: bool = False


@dataclass
class SubmissionDetails:
    """What the public form collects, as plain values (the form lists its fields; this carries them)."""

    submitter_name: str
    consent: str
    rights_confirmed: bool
    submitter_email: str = ""
    submitter_phone: str = ""
    relationship: str = ""
    victim: Victim | None = None
    person_name: str = ""
    new_surname: str = ""
    new_given_name: str = ""
    new_patronymic: str = ""
    new_birth_date: str = ""
    new_death_date: str = ""
    new_fate: str = ""
    new_place: str = ""
    testimony_text: str = ""
    pseudonym: str = ""
    media_consent: bool = False
    others: list[PersonDetails] = field(default_factory=list)
    language: str = field(default_factory=lambda: translation.get_language() or settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class Receipt:
    """What the family is given once: the reference to read aloud and the private status token."""

    submission: Submission
    token: str


# --- helpers ------------------------------------------------------------------------------------------


def _require_staff(user: AbstractBaseUser) -> None:
    if not user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied(gettext("Only reviewers and curators may do this."))


def _lock(submission: Submission, expected_version: int | None) -> Submission:
    """The row, locked for this transaction; refuse if someone changed it since the page was shown."""
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if expected_version is not None and locked.version != expected_version:
        raise TransitionRefused(
            gettext(
                "Someone else changed this submission while you were looking at it (it is now “%(state)s”). "
                "Nothing was done: reload the page and check before acting again."
            )
            % {"state": locked.get_state_display()}
        )
    return locked


def _record(
    submission: Submission,
    *,
    action: str,
    user: AbstractBaseUser | None = None,
    actor: str = SubmissionEvent.Actor.STAFF,
    from_state: str = "",
    note: str = "",
) -> SubmissionEvent:
    submission.version += 1
    submission.save()
    return SubmissionEvent.objects.create(
        submission=submission,
        actor=actor,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        from_state=from_state or submission.state,
        to_state=submission.state,
        note=note,
    )


def _move(submission: Submission, state: str) -> str:
    """Change state through the model's table of allowed transitions; returns the state it left."""
    submission.require_transition(state)
    previous = submission.state
    submission.state = state
    if state not in Submission.OPEN_STATES:
        submission.closed_at = timezone.now()
    return previous


@contextlib.contextmanager
def _files_kept_only_on_success() -> Iterator[list[tuple[FieldFile, str]]]:
    """Files written inside are deleted if anything in the block fails (a later row, the audit entry...).
    If an enclosing transaction rolls back after the block, ``archive.stored_files`` deletes them at the end of
    the request.
    """
    stored: list[tuple[FieldFile, str]] = []
    try:
        yield stored
    except BaseException:
        for field_file, name in stored:
            field_file.storage.delete(name)
        raise


def _store_files(
    submission: Submission, files: Sequence[IncomingFile], stored: list[tuple[FieldFile, str]]
) -> list[SubmissionFile]:
    """Write each file under a generated key, noting it in ``stored`` (see ``_files_kept_only_on_success``)."""
    rows = []
    for incoming in files:
        prepared = incoming.prepared
        row = SubmissionFile(
            submission=submission,
            caption=incoming.caption.strip()[:500],
            **prepared.file_fields(),
        )
        prepared.content.seek(0)
        stored_file = store_file(row.file, f"file.{prepared.extension}", prepared.content)
        stored.append((stored_file, stored_file.name))
        if prepared.thumbnail is not None:
            prepared.thumbnail.seek(0)
            thumbnail = store_file(row.thumbnail, "thumbnail.jpg", prepared.thumbnail)
            stored.append((thumbnail, thumbnail.name))
        row.save()
        rows.append(row)
    return rows


def reviewing_staff():
    """Who may be assigned a submission: the active members of the Reviewers and Curators groups."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=[REVIEWERS, CURATORS], is_active=True)
        .distinct()
        .order_by("username")
    )


def _staff_emails() -> list[str]:
    users = get_user_model().objects.filter(groups__name=REVIEWERS, is_active=True).exclude(email="")
    return sorted({user.email for user in users})


def _require_pseudonym(consent: str, pseudonym: str) -> None:
    if consent == Submission.Consent.ANONYMOUS and not pseudonym.strip():
        raise TransitionRefused(gettext("To publish anonymously, give the initials or the pseudonym to show."))


def _person_values(person: PersonDetails | SubmissionDetails) -> dict:
    return {
        "victim": person.victim,
        "person_name": person.person_name.strip(),
        "new_surname": person.new_surname.strip(),
        "new_given_name": person.new_given_name.strip(),
        "new_patronymic": person.new_patronymic.strip(),
        "new_birth_date": person.new_birth_date.strip(),
        "new_death_date": person.new_death_date.strip(),
        "new_fate": person.new_fate,
        "new_place": person.new_place.strip(),
    }


def _mail_after_commit(subject: str, body: str, recipients: list[str]) -> None:
    # After commit: a rolled-back submission must not have announced itself.
    if recipients:
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=True))


# --- the family's side --------------------------------------------------------------------------------


def submission_create(
    *,
    details: SubmissionDetails,
    files: Sequence[IncomingFile],
    form_token: str,
    status_url: Callable[[str], str],
    review_url: Callable[[Submission], str] | None = None,
    lost_link_url: str = "",
    pending: Sequence[KeptUpload] = (),
) -> Receipt:
    """Receive a submission with its files, all or nothing. ``status_url(token)`` builds the private link mailed
    to the family; ``review_url(submission)`` the staff link mailed to the Reviewers group; ``lost_link_url`` is
    the page where a lost status link can be replaced. ``pending`` are the files this form brought with an earlier,
    refused attempt that the family kept (``submissions.pending``); they come first, before the new ``files``.

    Raises ``DuplicateSubmission`` when this form was already sent (the one-time ``form_token``).
    """
    if not details.rights_confirmed:
        raise TransitionRefused(gettext("Confirm that you have the right to share what you send."))
    _require_pseudonym(details.consent, details.pseudonym)
    if Submission.objects.filter(form_token=form_token).exists():
        raise DuplicateSubmission(Submission.objects.get(form_token=form_token))
    if (earlier := _sent_before(details)) is not None:
        raise DuplicateSubmission(earlier)
    token = new_status_token()
    with _files_kept_only_on_success() as stored, transaction.atomic():
        submission = Submission(
            reference=_unused_reference(),
            token_hash=hash_token(token),
            form_token=form_token,
            submitter_name=details.submitter_name.strip(),
            submitter_email=details.submitter_email.strip(),
            submitter_phone=details.submitter_phone.strip(),
            relationship=details.relationship.strip(),
            **_person_values(details),
            testimony_text=details.testimony_text.strip(),
            consent=details.consent,
            pseudonym=details.pseudonym.strip(),
            media_consent=details.media_consent,
            rights_confirmed=True,
            consent_text=consent_text(choice=details.consent, media=details.media_consent),
            consent_version=CONSENT_VERSION,
            consent_given_at=timezone.now(),
            language=(details.language or settings.LANGUAGE_CODE)[:5],
        )
        try:
            with transaction.atomic():
                submission.save()
        except IntegrityError:
            # Two copies of one form raced past the check above: the first one wins.
            existing = Submission.objects.filter(form_token=form_token).first()
            if existing is not None:
                raise DuplicateSubmission(existing) from None
            raise
        others = [person for person in details.others if not person.is_empty]
        SubmissionPerson.objects.bulk_create(
            SubmissionPerson(submission=submission, position=position, **_person_values(person))
            for position, person in enumerate(others, start=1)
        )
        handed_over = pending_hand_over(submission=submission, kept=pending, files=files)
        _store_files(submission, files, stored)
        SubmissionEvent.objects.create(
            submission=submission,
            actor=SubmissionEvent.Actor.FAMILY,
            action="received",
            to_state=submission.state,
            note=gettext("%(count)d file(s).") % {"count": len(handed_over) + len(files)},
        )
    if submission.submitter_email:
        _mail_after_commit(
            gettext("Your testimony was received: %(reference)s") % {"reference": submission.reference},
            gettext(
                "Thank you. The archive received what you sent.\n\nReference: %(reference)s\n"
                "Your private status page (keep this link to yourself): %(url)s\n\n"
                "There you can see what happens to it, answer our questions, add files, change your consent "
                "or withdraw it. Keep this e-mail: the archive stores only a fingerprint of the link, so it cannot "
                "send it again. If you lose it, ask for a new link with your reference and this e-mail address: "
                "%(lost_url)s"
            )
            % {
                "reference": submission.reference,
                "url": status_url(token),
                "lost_url": lost_link_url or reverse("submissions:lost_link"),
            },
            [submission.submitter_email],
        )
    with translation.override(settings.LANGUAGE_CODE):
        _mail_after_commit(
            f"New submission {submission.reference}",
            f"A new submission arrived: {submission.reference}.\n"
            + (f"Review it: {review_url(submission)}\n" if review_url else ""),
            _staff_emails(),
        )
    return Receipt(submission=submission, token=token)


RESENT_WINDOW = datetime.timedelta(days=1)


def _sent_before(details: SubmissionDetails) -> Submission | None:
    """The same testimony from the same address or phone in the last day, still open: a form filled in again after
    a reload or the Back button, not a new testimony (new files go on the status page of the first)."""
    text = details.testimony_text.strip()
    email, phone = details.submitter_email.strip(), details.submitter_phone.strip()
    if not text or not (email or phone):
        return None
    sender = Q(submitter_email__iexact=email) if email else Q(submitter_phone=phone)
    return (
        Submission.objects.filter(sender, testimony_text=text, created_at__gte=timezone.now() - RESENT_WINDOW)
        .exclude(state__in=[State.WITHDRAWN, State.SPAM, State.DECLINED])
        .order_by("created_at")
        .first()
    )


class DuplicateSubmission(Exception):
    def __init__(self, submission: Submission) -> None:
        super().__init__(submission.reference)
        self.submission = submission


def _unused_reference() -> str:
    for _attempt in range(20):
        reference = new_reference()
        if not Submission.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("No free reference after 20 attempts")  # 30⁶ codes: never in practice


def submission_family_answer(*, submission: Submission, text: str, files: Sequence[IncomingFile] = ()) -> Submission:
    """The family writes back (and may add files). An answer to a question puts it back in review."""
    with _files_kept_only_on_success() as stored, transaction.atomic():
        submission = _lock(submission, None)
        submission.require_state(*Submission.OPEN_STATES)
        if not text.strip() and not files:
            raise TransitionRefused(gettext("Write an answer or add a file."))
        previous = submission.state
        if submission.state == State.WAITING:
            _move(submission, State.IN_REVIEW)
        if text.strip():
            SubmissionMessage.objects.create(
                submission=submission, kind=SubmissionMessage.Kind.ANSWER, text=text.strip()
            )
        if files:
            _store_files(submission, files, stored)
        _record(
            submission,
            action="family_answered" if text.strip() else "family_added_files",
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
    submission = _lock(submission, None)
    submission.require_state(*Submission.OPEN_STATES)
    positions = list(submission.others.values_list("position", flat=True))
    if len(positions) >= MAX_OTHER_PEOPLE:
        raise TransitionRefused(
            gettext("This submission already names %(num)d more people. Write about the others in a message.")
            % {"num": MAX_OTHER_PEOPLE}
        )
    previous = submission.state
    if submission.state == State.WAITING:
        _move(submission, State.IN_REVIEW)
    added = SubmissionPerson.objects.create(
        submission=submission, position=max(positions, default=0) + 1, **_person_values(person)
    )
    name = added.new_person_name or added.person_name
    if added.victim is not None:
        name = f"{added.victim.full_name} ({added.victim.identifier})" + (f", {name}" if name else "")
    _record(
        submission,
        action="family_added_person",
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
    submission = _lock(submission, None)
    submission.require_state(*Submission.OPEN_STATES, State.ACCEPTED)
    if consent not in Submission.Consent.values:
        raise TransitionRefused(gettext("Choose how the testimony may be used."))
    _require_pseudonym(consent, pseudonym)
    before = submission.consent_text
    submission.consent = consent
    submission.media_consent = media_consent
    submission.pseudonym = pseudonym.strip()
    submission.consent_text = consent_text(choice=consent, media=media_consent)
    submission.consent_version = CONSENT_VERSION
    submission.consent_given_at = timezone.now()
    if submission.state == State.ACCEPTED:
        _apply_consent_to_records(submission, reason=gettext("The family changed its consent."))
    _record(
        submission,
        action="consent_changed",
        actor=SubmissionEvent.Actor.FAMILY,
        note=gettext("Before:\n%(before)s") % {"before": before},
    )
    return submission


@transaction.atomic
def submission_withdraw(*, submission: Submission, reason: str = "") -> Submission:
    """The family takes it back. Anything published from it is hidden at once; nothing is deleted."""
    submission = _lock(submission, None)
    previous = _move(submission, State.WITHDRAWN)
    note = reason.strip() or gettext("Withdrawn by the family.")
    _hide_records(
        submission,
        reason=gettext("Withdrawn by the family who sent it (%(reference)s).") % {"reference": submission.reference},
    )
    _record(submission, action="withdrawn", actor=SubmissionEvent.Actor.FAMILY, from_state=previous, note=note)
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
        found = Submission.objects.filter(reference=normalise_reference(reference)).exclude(state=State.SPAM).first()
        if found is None or not found.submitter_email or found.submitter_email.casefold() != email.casefold():
            return False
        submission = _lock(found, None)
        token = new_status_token()
        submission.token_hash = hash_token(token)
        _record(
            submission,
            action="link_reissued",
            actor=SubmissionEvent.Actor.FAMILY,
            note=gettext("A new status link was sent to the submitter's e-mail address."),
        )
        with translation.override(submission.language):
            _mail_after_commit(
                gettext("Your new status link: %(reference)s") % {"reference": submission.reference},
                gettext(
                    "You asked for a new link to your private status page (reference %(reference)s):\n%(url)s\n\n"
                    "Keep it to yourself. The link you had before no longer works. If you did not ask for this, "
                    "you can ignore this e-mail: only someone who reads it can use the new link."
                )
                % {"reference": submission.reference, "url": status_url(token)},
                [submission.submitter_email],
            )
    return True


# --- the staff's side ---------------------------------------------------------------------------------


@transaction.atomic
def submission_claim(
    *, submission: Submission, user: AbstractBaseUser, expected_version: int | None = None
) -> Submission:
    """Take it on: a new submission goes into review; an open one changes hands."""
    _require_staff(user)
    submission = _lock(submission, expected_version)
    submission.require_state(*Submission.OPEN_STATES)
    previous = submission.state
    if submission.state == State.NEW:
        _move(submission, State.IN_REVIEW)
    submission.assigned_to = user
    _record(submission, action="claimed", user=user, from_state=previous)
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
    _require_staff(user)
    if not assignee.is_active or not assignee.has_perm(REVIEW_PERMISSION):
        raise TransitionRefused(
            gettext("%(name)s does not review submissions: choose a reviewer or a curator.") % {"name": assignee}
        )
    submission = _lock(submission, expected_version)
    submission.require_state(*Submission.OPEN_STATES)
    previous = submission.state
    if submission.state == State.NEW:
        _move(submission, State.IN_REVIEW)
    submission.assigned_to = assignee
    _record(submission, action="assigned", user=user, from_state=previous, note=str(assignee))
    if assignee.pk != user.pk and assignee.email:
        with translation.override(settings.LANGUAGE_CODE):
            _mail_after_commit(
                gettext("Submission %(reference)s is assigned to you") % {"reference": submission.reference},
                gettext("%(user)s assigned submission %(reference)s to you.\n%(url)s")
                % {"user": user, "reference": submission.reference, "url": review_url or submission.get_review_url()},
                [assignee.email],
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
) -> SubmissionMessage:
    """Ask the family something: shown on their status page and announced by e-mail. Only the token's hash is
    stored, so the e-mail cannot carry the status link: it says how to return, and where to get a new link
    (``lost_link_url``) if it is lost."""
    _require_staff(user)
    if not question.strip():
        raise TransitionRefused(gettext("Write the question."))
    submission = _lock(submission, expected_version)
    submission.require_state(State.IN_REVIEW, State.WAITING)
    previous = _move(submission, State.WAITING)
    message = SubmissionMessage.objects.create(
        submission=submission, kind=SubmissionMessage.Kind.QUESTION, author=user, text=question.strip()
    )
    _record(submission, action="asked_family", user=user, from_state=previous, note=question.strip())
    _mail_question(submission, lost_link_url)
    return message


def _mail_question(submission: Submission, lost_link_url: str) -> None:
    if submission.submitter_email:
        with translation.override(submission.language):
            # The status link is not stored (only its hash), so the e-mail points to the one they were given.
            _mail_after_commit(
                gettext("A question about your testimony %(reference)s") % {"reference": submission.reference},
                gettext(
                    "The archive has a question about what you sent (reference %(reference)s).\n\n"
                    "To read it and answer, open your private status page: the link shown on the screen when you "
                    "sent your testimony, and e-mailed to you then. For your safety this e-mail cannot contain "
                    "that link: the archive keeps only a fingerprint of it.\n\n"
                    "Lost the link? Ask for a new one with your reference %(reference)s and this e-mail address "
                    "here: %(lost_url)s\nThe new link will be sent to this address, and the old one will stop "
                    "working."
                )
                % {"reference": submission.reference, "lost_url": lost_link_url or reverse("submissions:lost_link")},
                [submission.submitter_email],
            )


@transaction.atomic
def submission_note(
    *, submission: Submission, user: AbstractBaseUser, text: str, expected_version: int | None = None
) -> SubmissionMessage:
    """A note for staff only; the family never sees it."""
    _require_staff(user)
    if not text.strip():
        raise TransitionRefused(gettext("Write the note."))
    submission = _lock(submission, expected_version)
    message = SubmissionMessage.objects.create(
        submission=submission, kind=SubmissionMessage.Kind.NOTE, author=user, text=text.strip()
    )
    _record(submission, action="note", user=user, note=text.strip())
    return message


@transaction.atomic
def submission_decline(
    *, submission: Submission, user: AbstractBaseUser, reason: str, expected_version: int | None = None
) -> Submission:
    _require_staff(user)
    if not reason.strip():
        raise TransitionRefused(gettext("Say why it is declined: the family will read it."))
    submission = _lock(submission, expected_version)
    previous = _move(submission, State.DECLINED)
    SubmissionMessage.objects.create(
        submission=submission, kind=SubmissionMessage.Kind.DECISION, author=user, text=reason.strip()
    )
    _record(submission, action="declined", user=user, from_state=previous, note=reason.strip())
    return submission


@transaction.atomic
def submission_mark_spam(
    *, submission: Submission, user: AbstractBaseUser, note: str = "", expected_version: int | None = None
) -> Submission:
    """Spam: out of the queue; its files are deleted after ``SUBMISSION_SPAM_RETENTION_DAYS``."""
    _require_staff(user)
    submission = _lock(submission, expected_version)
    previous = _move(submission, State.SPAM)
    _record(submission, action="marked_spam", user=user, from_state=previous, note=note.strip())
    return submission


@transaction.atomic
def submission_purge_files(*, submission: Submission) -> int:
    """Delete the stored bytes of a spam submission (the rows, checksums and log stay). Returns files deleted."""
    submission = _lock(submission, None)
    submission.require_state(State.SPAM)
    count = 0
    now = timezone.now()
    for row in submission.files.filter(purged_at__isnull=True):
        names = [(f.storage, f.name) for f in (row.file, row.thumbnail) if f]
        row.file = ""
        row.thumbnail = ""
        row.purged_at = now
        row.save()
        # After commit: if this transaction rolls back, the rows still point at the files, so keep them.
        for storage, name in names:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        count += 1
    _record(
        submission,
        action="files_purged",
        actor=SubmissionEvent.Actor.SYSTEM,
        note=gettext("%(count)d file(s) deleted.") % {"count": count},
    )
    return count


def spam_due_for_purge(*, days: int | None = None) -> list[Submission]:
    days = settings.SUBMISSION_SPAM_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return list(
        Submission.objects.filter(state=State.SPAM, closed_at__lte=cutoff, files__purged_at__isnull=True)
        .exclude(files__file="")
        .distinct()
    )


@transaction.atomic
def submission_accept(
    *,
    submission: Submission,
    user: AbstractBaseUser,
    victim: Victim | None = None,
    create_victim: bool = False,
    title: str = "",
    files: Sequence[SubmissionFile] | None = None,
    note: str = "",
    expected_version: int | None = None,
    others: Sequence[PersonDecision] = (),
) -> Testimony:
    """Make records from the submission: link ``victim`` (or create one from the person described) for the first
    person, and for each of the other people what ``others`` decides (people left out are linked to no one); a Testimony
    (narrator per consent, provenance "submission"), a Document per photo or scan, the recordings on the
    testimony. Files are copied into the records with their checksums; the submission stays as it was sent.
    Everything is left unpublished: a Curator publishes.

    The two consent choices act apart. How the testimony is published (with name, anonymously, archive only)
    decides its narrator and whether its text can ever be public. "Photographs and recordings must not be shown"
    withholds every file made from the submission (``MediaFile.withheld``) and keeps the Documents made from the
    photos and scans private, since such a Document is nothing but the family's photograph; the testimony's
    written text is still published.
    """
    _require_staff(user)
    submission = _lock(submission, expected_version)
    previous = _move(submission, State.ACCEPTED)
    if victim is None and create_victim:
        victim = _victim_from(submission, submission, user)
        submission.created_victim = True
    victims = [victim] if victim is not None else []
    for decision in others:
        person = decision.person
        if person.submission_id != submission.pk:
            raise TransitionRefused(gettext("A chosen person does not belong to this submission."))
        person.linked_victim = decision.victim
        if decision.victim is None and decision.create:
            person.linked_victim = _victim_from(person, submission, user)
            person.created_victim = True
        person.save(update_fields=["linked_victim", "created_victim"])
        if person.linked_victim is not None and person.linked_victim not in victims:
            victims.append(person.linked_victim)
    consent = submission.consent
    show_media = submission.media_consent and consent != Submission.Consent.ARCHIVE_ONLY
    testimony = Testimony(
        title=title.strip() or _default_title(submission, victims),
        narrator_name=submission.submitter_name,
        narrator_relationship=submission.relationship,
        narrator_consent=consent,
        narrator_pseudonym=submission.pseudonym,
        recorded_date=timezone.localdate(submission.created_at).isoformat(),
        languages=[submission.language] if submission.language in ("az", "ru", "en") else [],
        transcript=submission.testimony_text,
        provenance=Testimony.Provenance.SUBMISSION,
        provenance_note=f"{submission.reference}",
        rights_holder=submission.submitter_name if consent == Submission.Consent.NAMED else "",
        status=Status.DRAFT,
        access=_testimony_access(consent),
    )
    testimony._history_user = user
    testimony._change_reason = f"from submission {submission.reference}"
    testimony.full_clean()
    testimony.save()
    testimony.victims.add(*victims)
    chosen = list(submission.files.filter(purged_at__isnull=True)) if files is None else list(files)
    documents = []
    caption_field = f"caption_{submission.language if submission.language in ('az', 'en', 'ru') else 'az'}"
    for order, row in enumerate(chosen):
        if row.submission_id != submission.pk or not row.file:
            raise TransitionRefused(gettext("A chosen file does not belong to this submission."))
        captions = {caption_field: row.caption}
        if row.kind in (MediaFile.Kind.AUDIO, MediaFile.Kind.VIDEO):
            media = media_file_attach(
                record=testimony,
                prepared=_prepared_from(row),
                role=MediaFile.Role.RECORDING,
                order=order,
                withheld=not show_media,
                user=user,
                **captions,
            )
        else:
            document = Document(
                kind=Document.Kind.PHOTOGRAPH if row.kind == MediaFile.Kind.IMAGE else Document.Kind.OTHER,
                title=row.caption or _default_document_title(submission, row),
                rights_holder=testimony.rights_holder,
                status=Status.DRAFT,
                access=Access.PUBLIC if show_media else Access.PRIVATE,
                **{f"description_{caption_field[-2:]}": row.caption},
            )
            document._history_user = user
            document._change_reason = f"from submission {submission.reference}"
            document.save()
            document.testimonies.add(testimony)
            document.victims.add(*victims)
            role = MediaFile.Role.PHOTO if row.kind == MediaFile.Kind.IMAGE else MediaFile.Role.PAGE
            media = media_file_attach(
                record=document,
                prepared=_prepared_from(row),
                role=role,
                order=0,
                withheld=not show_media,
                user=user,
                alt_text=row.caption,
                **captions,
            )
            documents.append(document)
        row.media_file = media
        row.save(update_fields=["media_file"])
    submission.testimony = testimony
    submission.linked_victim = victim
    submission.documents.add(*documents)
    _record(submission, action="accepted", user=user, from_state=previous, note=note.strip())
    return testimony


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
    _require_staff(user)
    submission = _lock(submission, expected_version)
    submission.require_state(*Submission.OPEN_STATES)
    if person is None:
        submission.linked_victim = victim
    else:
        if person.submission_id != submission.pk:
            raise TransitionRefused(gettext("A chosen person does not belong to this submission."))
        person.linked_victim = victim
        person.save(update_fields=["linked_victim"])
    _record(submission, action="linked_victim", user=user, note=str(victim))
    return submission


def _victim_from(person: PersonDescription, submission: Submission, user: AbstractBaseUser) -> Victim:
    surname = person.new_surname or person.person_name.split(" ")[0]
    if not surname:
        raise TransitionRefused(gettext("The submission describes no person to create: choose a victim instead."))
    # Which script the family typed in decides where the name goes: the archive keeps Az Latin and Ru Cyrillic.
    cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in surname)
    script = "ru" if cyrillic else "az"
    victim = Victim(
        **{
            f"surname_{script}": surname,
            f"given_name_{script}": person.new_given_name,
            f"patronymic_{script}": person.new_patronymic,
        },
        birth_date=person.new_birth_date,
        death_date=person.new_death_date,
        fate=person.new_fate or Victim.Fate.KILLED,
        status=Status.DRAFT,
        biography_az=gettext("Place given by the family: %(place)s") % {"place": person.new_place}
        if person.new_place
        else "",
    )
    try:
        victim.full_clean()
    except Exception:  # noqa: BLE001 - a partial date the family typed loosely must not block the rest
        victim.birth_date = victim.death_date = ""
    victim._history_user = user
    victim._change_reason = f"from submission {submission.reference}"
    victim.save()
    return victim


def _default_title(submission: Submission, victims: Sequence[Victim]) -> str:
    with translation.override(submission.language):
        if victims:
            return gettext("Testimony about %(name)s") % {"name": ", ".join(victim.full_name for victim in victims)}
        return gettext("Testimony %(reference)s") % {"reference": submission.reference}


def _default_document_title(submission: Submission, row: SubmissionFile) -> str:
    with translation.override(submission.language):
        if row.kind == MediaFile.Kind.IMAGE:
            return gettext("Photograph sent by the family (%(reference)s)") % {"reference": submission.reference}
        return gettext("Document sent by the family (%(reference)s)") % {"reference": submission.reference}


def _prepared_from(row: SubmissionFile) -> PreparedFile:
    """The stored, already checked file as a PreparedFile, so the record keeps the same bytes and checksums."""
    thumbnail = None
    if row.thumbnail:
        with row.thumbnail.open("rb") as handle:
            thumbnail = ContentFile(handle.read(), name="thumbnail.jpg")
    return PreparedFile.from_stored(
        row,
        content=File(row.file.storage.open(row.file.name, "rb")),
        extension=row.file.name.rsplit(".", 1)[-1],
        thumbnail=thumbnail,
    )


def _records_of(submission: Submission) -> list:
    """The records made from the submission. A victim record made from it that other testimonies or documents now
    speak of belongs to the archive as well, and stays (the curators see the withdrawal in the history)."""
    records = []
    if submission.testimony_id:
        records.append(submission.testimony)
    documents = list(submission.documents.all())
    records.extend(documents)
    for person in submission.people:
        if person.created_victim and person.linked_victim_id:
            victim = person.linked_victim
            elsewhere = victim.testimonies.exclude(pk=submission.testimony_id).exists() or (
                victim.documents.exclude(pk__in=[document.pk for document in documents]).exists()
            )
            if not elsewhere:
                records.append(victim)
    return records


def _save_record(record, reason: str) -> None:
    record._change_reason = reason
    record._history_user = None  # the family, who has no account
    record.save()


def _hide_records(submission: Submission, *, reason: str) -> None:
    """Withdraw every record made from the submission, and make sure none can be published again."""
    for record in _records_of(submission):
        if isinstance(record, Testimony):
            record.narrator_consent = Testimony.Consent.ARCHIVE_ONLY
        if isinstance(record, Document):
            record.access = Access.PRIVATE
        if record.status != Status.WITHDRAWN:
            record.withdraw(reason)
        _save_record(record, f"withdrawn: {reason}")


def _testimony_access(consent: str) -> str:
    """The testimony's text follows how it may be published; whether its files are shown is ``withheld``'s job."""
    return Access.PRIVATE if consent == Submission.Consent.ARCHIVE_ONLY else Access.PUBLIC


def _apply_consent_to_records(submission: Submission, *, reason: str) -> None:
    """The records made from the submission follow the family's new choice, as ``submission_accept`` set them."""
    show_media = submission.media_consent and submission.consent != Submission.Consent.ARCHIVE_ONLY
    if submission.testimony_id:
        testimony = submission.testimony
        testimony.narrator_consent = submission.consent
        testimony.narrator_pseudonym = submission.pseudonym
        testimony.access = _testimony_access(submission.consent)
        if submission.consent == Submission.Consent.ARCHIVE_ONLY and testimony.status == Status.PUBLISHED:
            testimony.withdraw(reason)
        _save_record(testimony, reason)
    for document in submission.documents.all():
        document.access = Access.PUBLIC if show_media else Access.PRIVATE
        _save_record(document, reason)
    # The family has no account: the files' history says why, with no user.
    files = MediaFile.objects.filter(submission_file__submission=submission)
    media_files_withhold(files=files, withheld=not show_media, reason=reason)


ACTION_LABELS = {
    "received": _("Received"),
    "claimed": _("Claimed"),
    "assigned": _("Assigned"),
    "asked_family": _("Question to the family"),
    "family_answered": _("The family answered"),
    "family_added_files": _("The family added files"),
    "family_added_person": _("The family added a person"),
    "consent_changed": _("Consent changed"),
    "note": _("Internal note"),
    "declined": _("Declined"),
    "marked_spam": _("Marked as spam"),
    "files_purged": _("Files deleted"),
    "accepted": _("Accepted"),
    "linked_victim": _("Victim linked"),
    "link_reissued": _("New status link sent"),
    "withdrawn": _("Withdrawn"),
}
