"""Acceptance: records made from a submission (victims, a testimony, documents, the files copied into them), and
what later happens to those records when the family changes its consent or withdraws.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from archive.ingest import PreparedFile
from archive.models import Access, Document, MediaFile, NameVariant, Status, Testimony, Victim
from archive.services import (
    may_publish,
    media_file_attach,
    media_files_withhold,
    record_publish,
    record_withdraw,
    save_with_history,
)
from submissions.inputs import PersonDecision
from submissions.models import PersonDescription, Submission, SubmissionEvent, SubmissionFile, TransitionRefused
from submissions.services.base import lock, move, record_event, require_staff

State = Submission.State
ARCHIVE_LANGUAGE = "az"  # titles the archive gives its records are in Azerbaijani, the archive's language


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
    publish: bool = False,
) -> Testimony:
    """Make records from the submission: link ``victim`` (or create one from the person described) for the first
    person, and for each of the other people what ``others`` decides (people left out are linked to no one); a Testimony
    (narrator per consent, provenance "submission"), a Document per photo or scan, the recordings on the
    testimony. Files are copied into the records with their checksums; the submission stays as it was sent.
    Everything is left unpublished for a curator to publish, unless ``publish``: then a curator (who may publish
    each kind of record) publishes at once, in the same transaction, what the family's consent allows
    (``publish_accepted``).

    The name the family typed for a person linked to a victim the archive already holds is kept as a variant of
    that victim's name (``keep_family_spelling``), so search finds the person by it later.

    The two consent choices act apart. How the testimony is published (with name, anonymously, archive only)
    decides its narrator and whether its text can ever be public. "Photographs and recordings must not be shown"
    withholds every file made from the submission (``MediaFile.withheld``) and keeps the Documents made from the
    photos and scans private, since such a Document is nothing but the family's photograph; the testimony's
    written text is still published.
    """
    require_staff(user)
    if publish and not may_publish_accepted(user):
        raise TransitionRefused(gettext("Only curators may publish: accept without publishing."))
    submission = lock(submission, expected_version)
    previous = move(submission, Submission.Action.ACCEPT)
    if victim is not None:
        keep_family_spelling(submission, victim, submission, user)
    if victim is None and create_victim:
        victim = _victim_from(submission, submission, user)
        submission.created_victim = True
    victims = [victim] if victim is not None else []
    for decision in others:
        person = decision.person
        if person.submission_id != submission.pk:
            raise TransitionRefused(gettext("A chosen person does not belong to this submission."))
        person.linked_victim = decision.victim
        if decision.victim is not None:
            keep_family_spelling(person, decision.victim, submission, user)
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
        access=testimony_access(consent),
    )
    testimony.full_clean()
    save_with_history(testimony, user=user, reason=f"from submission {submission.reference}")
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
            save_with_history(document, user=user, reason=f"from submission {submission.reference}")
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
    record_event(submission, action=SubmissionEvent.Action.ACCEPTED, user=user, from_state=previous, note=note.strip())
    if publish:
        publish_accepted(submission, testimony, documents, user)
    return testimony


def may_publish_accepted(user: AbstractBaseUser) -> bool:
    """Whether ``user`` may accept and publish in one step: only who may publish every kind of record made."""
    return all(may_publish(user, model) for model in (Victim, Testimony, Document))


def publish_accepted(
    submission: Submission, testimony: Testimony, documents: Sequence[Document], user: AbstractBaseUser
) -> None:
    """Publish what the family's consent allows of the records just made: the testimony (unless "archive only"),
    the documents whose photographs may be shown, and the victim records made from the submission's description.
    Victims the archive already held keep their own state."""
    records = [*_created_victims(submission)]
    if testimony.narrator_consent != Testimony.Consent.ARCHIVE_ONLY:
        records.append(testimony)
    records += [document for document in documents if document.access != Access.PRIVATE]
    for record in records:
        record_publish(record=record, user=user)


def _created_victims(submission: Submission) -> list[Victim]:
    return [person.linked_victim for person in submission.people if person.created_victim and person.linked_victim]


def keep_family_spelling(person: PersonDescription, victim: Victim, submission: Submission, user) -> None:
    """The name as the family wrote it, kept as a spelling variant of ``victim`` unless the record has it already
    (letter case and spacing aside)."""
    typed = " ".join((person.new_person_name or person.person_name).split())
    if not typed:
        return
    known = {" ".join(form.split()).casefold() for form in victim.all_name_forms}
    known |= {" ".join(name.split()).casefold() for name in victim.variants.values_list("name", flat=True)}
    if typed.casefold() in known:
        return
    variant = NameVariant(
        victim=victim,
        name=typed,
        kind=NameVariant.Kind.SPELLING,
        note=gettext("as the family wrote it (%(reference)s)") % {"reference": submission.reference},
    )
    save_with_history(variant, user=user, reason=f"from submission {submission.reference}")


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
    save_with_history(victim, user=user, reason=f"from submission {submission.reference}")
    return victim


def _default_title(submission: Submission, victims: Sequence[Victim]) -> str:
    """In the archive's language, whatever the family's, with the names in its letters: "… haqqında ifadə"."""
    with translation.override(ARCHIVE_LANGUAGE):
        if victims:
            return gettext("Testimony about %(name)s") % {"name": _joined([victim.latin_name for victim in victims])}
        return gettext("Testimony %(reference)s") % {"reference": submission.reference}


def _joined(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return gettext("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def _default_document_title(submission: Submission, row: SubmissionFile) -> str:
    with translation.override(ARCHIVE_LANGUAGE):
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


def hide_records(submission: Submission, *, reason: str) -> None:
    """Withdraw every record made from the submission, and make sure none can be published again."""
    for record in _records_of(submission):
        if isinstance(record, Testimony):
            record.narrator_consent = Testimony.Consent.ARCHIVE_ONLY
        if isinstance(record, Document):
            record.access = Access.PRIVATE
        if record.status == Status.WITHDRAWN:
            save_with_history(record, user=None, reason=f"withdrawn: {reason}")  # the family, who has no account
        else:
            record_withdraw(record=record, user=None, reason=reason)


def testimony_access(consent: str) -> str:
    """The testimony's text follows how it may be published; whether its files are shown is ``withheld``'s job."""
    return Access.PRIVATE if consent == Submission.Consent.ARCHIVE_ONLY else Access.PUBLIC


def apply_consent_to_records(submission: Submission, *, reason: str) -> None:
    """The records made from the submission follow the family's new choice, as ``submission_accept`` set them."""
    show_media = submission.media_consent and submission.consent != Submission.Consent.ARCHIVE_ONLY
    if submission.testimony_id:
        testimony = submission.testimony
        testimony.narrator_consent = submission.consent
        testimony.narrator_pseudonym = submission.pseudonym
        testimony.access = testimony_access(submission.consent)
        if submission.consent == Submission.Consent.ARCHIVE_ONLY and testimony.status == Status.PUBLISHED:
            record_withdraw(record=testimony, user=None, reason=reason)
        else:
            save_with_history(testimony, user=None, reason=reason)  # the family, who has no account
    for document in submission.documents.all():
        document.access = Access.PUBLIC if show_media else Access.PRIVATE
        save_with_history(document, user=None, reason=reason)  # the family, who has no account
    # The family has no account: the files' history says why, with no user.
    files = MediaFile.objects.filter(submission_file__submission=submission)
    media_files_withhold(files=files, withheld=not show_media, reason=reason)
