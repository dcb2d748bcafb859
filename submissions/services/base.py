"""What every service of the package does the same way: the staff check, the row locked with its version check,
the move through the state table, the audit entry, files written all or nothing.

Private to ``submissions.services``: callers use the services, never these.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext

from archive.stored_files import store_file
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


@contextlib.contextmanager
def files_kept_only_on_success() -> Iterator[list[tuple[FieldFile, str]]]:
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


def store_files(
    submission: Submission, files: Sequence[IncomingFile], stored: list[tuple[FieldFile, str]]
) -> list[SubmissionFile]:
    """Write each file under a generated key, noting it in ``stored`` (see ``files_kept_only_on_success``)."""
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


def delete_after_commit(files: Iterable[FieldFile]) -> None:
    # After commit: if the transaction rolls back, the rows still point at the files, so keep them.
    for stored in files:
        if stored:
            transaction.on_commit(lambda storage=stored.storage, name=stored.name: storage.delete(name))


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
