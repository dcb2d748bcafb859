"""Taking a submission in: the form sent at last, and the files kept from its earlier, refused posts.

A pending file is stored under the key and name its ``SubmissionFile`` will have, so when the form is finally sent
``pending_hand_over`` only gives the stored file a new owner, in the submission's transaction: if that rolls back,
the file is still pending and the family can send again; nothing is copied and nothing is left behind.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import Storage
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from archive.ingest.prepared import FILE_FIELDS
from archive.media_processing import process_after_commit
from archive.stored_files import delete_after_commit, files_kept_only_on_success, store_prepared
from submissions.consent import CONSENT_VERSION, consent_text
from submissions.inputs import IncomingFile, KeptUpload, SubmissionDetails
from submissions.models import (
    PendingUpload,
    Submission,
    SubmissionEvent,
    SubmissionFile,
    SubmissionPerson,
    TransitionRefused,
    hash_token,
    new_reference,
    new_status_token,
)
from submissions.notifications import mail_after_commit, text_after_commit
from submissions.pending import NO_LONGER_KEPT, PendingFiles, pending_within_limits
from submissions.selectors import reviewer_emails
from submissions.services.base import person_values, require_pseudonym, store_files

State = Submission.State
logger = logging.getLogger(__name__)
RESENT_WINDOW = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Receipt:
    """What the family is given once: the reference to read aloud and the private status token."""

    submission: Submission
    token: str


class DuplicateSubmission(Exception):
    def __init__(self, submission: Submission) -> None:
        super().__init__(submission.reference)
        self.submission = submission


@dataclass(frozen=True)
class Links:
    """The addresses mailed with a new submission, built by the view that knows the site's host."""

    status_url: Callable[[str], str]
    review_url: Callable[[Submission], str] | None = None
    lost_link_url: str = ""
    lost_link_phone_url: str = ""


@dataclass(frozen=True)
class Attempt:
    """What became of one post of the submission form: received (``receipt``), a copy of a form already received
    (``duplicate``), or refused with ``refusals`` (and ``files_lost`` when files sent this time were not kept)."""

    receipt: Receipt | None = None
    duplicate: Submission | None = None
    refusals: list[str] = field(default_factory=list)
    files_lost: bool = False


def submission_attempt(
    *,
    details: SubmissionDetails | None,
    files: Sequence[IncomingFile],
    pending: PendingFiles,
    stamp: str,
    form_token: str,
    links: Links,
    refusals: Sequence[str] = (),
) -> Attempt:
    """One post of the submission form, after its fields were checked: ``details`` is None when they were refused
    (the form shows why), ``refusals`` are the files refused as they arrived. The limits are applied over the files
    kept from earlier posts (``pending``, under the form's ``stamp``) and the new ones; when nothing stands in the
    way the submission is created. Otherwise the files that passed their checks are kept for the next post.

    A database or storage fault while creating is raised: nothing was kept, and the caller says so.
    """
    incoming, over = pending_within_limits(pending.kept_rows, files)
    reasons = [*refusals, *over]
    if pending.missing:
        reasons.append(str(NO_LONGER_KEPT))
    if details is not None and not reasons:
        try:
            receipt = submission_create(
                details=details,
                files=incoming,
                pending=pending.kept,
                form_token=form_token,
                status_url=links.status_url,
                review_url=links.review_url,
                lost_link_url=links.lost_link_url,
                lost_link_phone_url=links.lost_link_phone_url,
            )
        except DuplicateSubmission as duplicate:
            return Attempt(duplicate=duplicate.submission)
        except TransitionRefused as refused:  # a kept file purged meanwhile, the limits passed
            reasons.append(refused.message)
        else:
            return Attempt(receipt=receipt)
    return Attempt(refusals=reasons, files_lost=not _kept_for_next_attempt(stamp, pending, incoming))


def _kept_for_next_attempt(stamp: str, pending: PendingFiles, incoming: Sequence[IncomingFile]) -> bool:
    """Keep the files that passed their checks for the next post of this form, and forget those the family
    unticked. False when files sent this time could not be kept (no valid stamp, a fault)."""
    if not stamp:
        return not incoming
    try:
        pending_uploads_update(form_token=stamp, files=incoming, kept=pending.kept, removed=pending.removed)
    except (DatabaseError, OSError):
        logger.exception("Files of a refused submission could not be kept")
        return not incoming
    return True


def submission_create(
    *,
    details: SubmissionDetails,
    files: Sequence[IncomingFile],
    form_token: str,
    status_url: Callable[[str], str],
    review_url: Callable[[Submission], str] | None = None,
    lost_link_url: str = "",
    lost_link_phone_url: str = "",
    pending: Sequence[KeptUpload] = (),
) -> Receipt:
    """Receive a submission with its files, all or nothing. ``status_url(token)`` builds the private link mailed
    to the family; ``review_url(submission)`` the staff link mailed to the Reviewers group; ``lost_link_url`` is
    the page where a lost status link can be replaced (``lost_link_phone_url``: with a code texted to the phone
    given, which is texted the reference and that page). ``pending`` are the files this form brought with an
    earlier, refused attempt that the family kept (``submissions.pending``); they come first, before the new
    ``files``.

    Raises ``DuplicateSubmission`` when this form was already sent (the one-time ``form_token``).
    """
    if not details.rights_confirmed:
        raise TransitionRefused(gettext("Confirm that you have the right to share what you send."))
    require_pseudonym(details.consent, details.pseudonym)
    if Submission.objects.filter(form_token=form_token).exists():
        raise DuplicateSubmission(Submission.objects.get(form_token=form_token))
    if (earlier := _sent_before(details)) is not None:
        raise DuplicateSubmission(earlier)
    token = new_status_token()
    with files_kept_only_on_success() as stored, transaction.atomic():
        submission = Submission(
            reference=_unused_reference(),
            token_hash=hash_token(token),
            form_token=form_token,
            submitter_name=details.submitter_name.strip(),
            submitter_email=details.submitter_email.strip(),
            submitter_phone=details.submitter_phone.strip(),
            relationship=details.relationship.strip(),
            **person_values(details),
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
            SubmissionPerson(submission=submission, position=position, **person_values(person))
            for position, person in enumerate(others, start=1)
        )
        handed_over = pending_hand_over(submission=submission, kept=pending, files=files)
        store_files(submission, files, stored)
        received = SubmissionEvent.objects.create(
            submission=submission,
            actor=SubmissionEvent.Actor.FAMILY,
            action=SubmissionEvent.Action.RECEIVED,
            to_state=submission.state,
            note=gettext("%(count)d file(s).") % {"count": len(handed_over) + len(files)},
        )
    if submission.submitter_email:
        mail_after_commit(
            "received",
            event=received,
            recipients=[submission.submitter_email],
            language=submission.language,
            reference=submission.reference,
            url=status_url(token),
            lost_url=lost_link_url or reverse("submissions:lost_link"),
        )
    if submission.submitter_phone:
        text_after_commit(
            "received",
            event=received,
            phone=submission.submitter_phone,
            language=submission.language,
            reference=submission.reference,
            lost_url=lost_link_phone_url or reverse("submissions:lost_link_text"),
        )
    mail_after_commit(
        "new_submission",
        event=received,
        recipients=reviewer_emails(),
        reference=submission.reference,
        review_url=review_url(submission) if review_url else "",
    )
    return Receipt(submission=submission, token=token)


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


def _unused_reference() -> str:
    for _attempt in range(20):
        reference = new_reference()
        if not Submission.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("No free reference after 20 attempts")  # 30⁶ codes: never in practice


def pending_uploads_update(
    *,
    form_token: str,
    files: Sequence[IncomingFile] = (),
    kept: Sequence[KeptUpload] = (),
    removed: Sequence[str] = (),
) -> list[PendingUpload]:
    """After a refused attempt: forget the pending files the family unticked (``removed`` keys), keep the captions
    of those still ticked, and keep the new ``files`` (already checked, and within the limits) for the next attempt.
    All or nothing: if a file cannot be written, none of this attempt's files is kept. Returns the new rows."""
    if not form_token:
        raise ValueError("A pending upload belongs to a form token.")
    with files_kept_only_on_success() as stored, transaction.atomic():
        gone = list(PendingUpload.objects.select_for_update().for_form(form_token).filter(key__in=removed))
        PendingUpload.objects.filter(pk__in=[row.pk for row in gone]).delete()
        delete_after_commit(file for row in gone for file in (row.file, row.thumbnail))
        for item in kept:
            PendingUpload.objects.for_form(form_token).filter(key=item.key).update(caption=item.caption.strip()[:500])
        rows = [_keep(form_token, incoming, stored) for incoming in files]
    return rows


def _keep(form_token: str, incoming: IncomingFile, stored: list[tuple[Storage, str]]) -> PendingUpload:
    prepared = incoming.prepared
    row = PendingUpload(form_token=form_token, caption=incoming.caption.strip()[:500], **prepared.file_fields())
    store_prepared(row, prepared, stored)
    row.save()
    return row


def pending_hand_over(
    *, submission: Submission, kept: Sequence[KeptUpload], files: Sequence[IncomingFile] = ()
) -> list[SubmissionFile]:
    """Inside the transaction that creates ``submission``: the kept pending files of its form become its files
    (same stored file, key and facts; the caption as the form shows it now), the limits checked over them and the
    new ``files`` together; the pending files not kept are deleted once the transaction commits.

    Raises TransitionRefused if a kept file is no longer pending (purged meanwhile) or the limits are passed."""
    rows = {row.key.hex: row for row in PendingUpload.objects.select_for_update().for_form(submission.form_token)}
    if any(item.key not in rows for item in kept):
        raise TransitionRefused(str(NO_LONGER_KEPT))
    chosen = [rows[item.key] for item in kept]
    _taken, refusals = pending_within_limits(chosen, files)
    if refusals:
        raise TransitionRefused(refusals[0])
    handed = [
        SubmissionFile.objects.create(
            submission=submission,
            key=row.key,
            file=row.file.name,
            thumbnail=row.thumbnail.name or "",
            caption=item.caption.strip()[:500],
            **{name: getattr(row, name) for name in FILE_FIELDS},
        )
        for item, row in zip(kept, chosen, strict=True)
    ]
    for handed_over in handed:
        process_after_commit(handed_over)  # kept unprocessed while pending
    PendingUpload.objects.filter(pk__in=[row.pk for row in rows.values()]).delete()
    kept_keys = {item.key for item in kept}
    delete_after_commit(file for key, row in rows.items() if key not in kept_keys for file in (row.file, row.thumbnail))
    return handed
