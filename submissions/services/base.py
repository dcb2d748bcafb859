"""What every service of the package does the same way: the staff check, the row locked with its version check,
the move through the state table, the audit entry, a submission's files written (all or nothing, with
``archive.stored_files``).

Private to ``submissions.services``: callers use the services, never these.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.storage import Storage
from django.utils import timezone
from django.utils.translation import gettext

from archive.media_processing import process_after_commit
from archive.stored_files import store_prepared
from submissions.inputs import IncomingFile, PersonDetails, SubmissionDetails
from submissions.models import REVIEW_PERMISSION, Submission, SubmissionEvent, SubmissionFile, TransitionRefused


def require_staff(user: AbstractBaseUser) -> None:
    if not user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied(gettext("Only reviewers and curators may do this."))


def lock(submission: Submission, expected_version: int | None) -> Submission:
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


def record_event(
    submission: Submission,
    *,
    action: SubmissionEvent.Action,
    user: AbstractBaseUser | None = None,
    actor: str = SubmissionEvent.Actor.STAFF,
    from_state: str = "",
    note: str = "",
) -> SubmissionEvent:
    """Save the submission with its version bumped, so a page shown before this step refuses to act on it."""
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


def move(submission: Submission, action: str) -> str:
    """Refuse ``action`` unless the model's table allows it in this state, and move to the state it leads to
    (often the same one); returns the state it left."""
    previous = submission.state
    submission.state = submission.state_after(action)
    if submission.state != previous and submission.state not in Submission.OPEN_STATES:
        submission.closed_at = timezone.now()
    return previous


def store_files(
    submission: Submission, files: Sequence[IncomingFile], stored: list[tuple[Storage, str]]
) -> list[SubmissionFile]:
    """Write each file under a generated key, noting it in ``stored`` (see ``files_kept_only_on_success``)."""
    rows = []
    for incoming in files:
        row = SubmissionFile(
            submission=submission,
            caption=incoming.caption.strip()[:500],
            **incoming.prepared.file_fields(),
        )
        store_prepared(row, incoming.prepared, stored)
        row.save()
        process_after_commit(row)  # a large recording: probed and stripped after the upload
        rows.append(row)
    return rows


def require_pseudonym(consent: str, pseudonym: str) -> None:
    if consent == Submission.Consent.ANONYMOUS and not pseudonym.strip():
        raise TransitionRefused(gettext("To publish anonymously, give the initials or the pseudonym to show."))


def person_values(person: PersonDetails | SubmissionDetails) -> dict:
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
