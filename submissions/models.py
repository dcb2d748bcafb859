"""Submissions: what a family or witness sends through the public form. Private, always.

The submission as sent is kept unchanged; curators make records from it (``submissions.services``) and edit
those. Every step is a ``SubmissionEvent`` (who, when, what, note).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.models import Document, MediaFile, Testimony, Victim

# Crockford's base32 without 0, O, 1, I and L: read aloud over the phone without "zero or O?".
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 6
MAX_OTHER_PEOPLE = 10  # besides the first person: on the form (see forms.other_people_formset) and added later


def new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{code[:3]}-{code[3:]}"


def normalise_reference(text: str) -> str:
    """``k7m4qx`` or ``K7M 4QX`` → ``K7M-4QX``."""
    code = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{code[:3]}-{code[3:]}" if len(code) == REFERENCE_LENGTH else text.strip().upper()


def new_status_token() -> str:
    """At least 256 bits from the OS: the status link is the only key a family has."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # Only the hash is stored, so a copy of the database does not open anyone's status page.
    return hashlib.sha256(token.encode()).hexdigest()


class TransitionRefused(Exception):
    """The action is not possible in the submission's state (or someone else changed it first)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SubmissionQuerySet(models.QuerySet):
    def by_token(self, token: str) -> Submission | None:
        digest = hash_token(token)
        submission = self.filter(token_hash=digest).first()
        if submission is not None and hmac.compare_digest(submission.token_hash, digest):
            return submission
        return None

    def by_fingerprint(self, *, reference: str, fingerprint: str) -> Submission | None:
        """The submission whose current status link hashes to ``fingerprint`` (kept in the family's session); none
        once that link has been replaced."""
        submission = self.filter(reference=reference).first()
        if submission is not None and hmac.compare_digest(submission.token_hash, fingerprint):
            return submission
        return None

    def queue(self) -> SubmissionQuerySet:
        return self.order_by("created_at", "pk")


class PersonDescription(models.Model):
    """Whom a submission is about: a victim chosen from the archive, or a name to match, or a new person described;
    and what staff made of it (the victim linked, and whether it was created from the description)."""

    victim = models.ForeignKey(
        Victim,
        verbose_name=_("person chosen from the archive"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_name = models.CharField(_("name of the person, as typed"), max_length=300, blank=True)
    new_surname = models.CharField(_("surname"), max_length=100, blank=True)
    new_given_name = models.CharField(_("given name"), max_length=100, blank=True)
    new_patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    new_birth_date = models.CharField(_("date of birth"), max_length=40, blank=True)
    new_death_date = models.CharField(_("date of death or of what happened"), max_length=40, blank=True)
    new_fate = models.CharField(_("what happened"), max_length=16, choices=Victim.Fate.choices, blank=True)
    new_place = models.CharField(_("place"), max_length=200, blank=True)

    linked_victim = models.ForeignKey(
        Victim, verbose_name=_("victim linked"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_victim = models.BooleanField(_("victim record made from this submission"), default=False)

    class Meta:
        abstract = True

    @property
    def new_person_name(self) -> str:
        return " ".join(part for part in (self.new_surname, self.new_given_name, self.new_patronymic) if part)

    @property
    def is_empty(self) -> bool:
        return not (self.victim_id or self.person_name or self.new_surname)


class Submission(PersonDescription):
    class State(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        WAITING = "waiting", _("Waiting for the family")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn by the family")
        SPAM = "spam", _("Spam")

    # The one table of allowed state changes; every service goes through ``require_transition``.
    TRANSITIONS: dict[str, frozenset[str]] = {
        State.NEW: frozenset({State.IN_REVIEW, State.DECLINED, State.SPAM, State.WITHDRAWN}),
        State.IN_REVIEW: frozenset({State.WAITING, State.ACCEPTED, State.DECLINED, State.SPAM, State.WITHDRAWN}),
        State.WAITING: frozenset({State.IN_REVIEW, State.WAITING, State.DECLINED, State.SPAM, State.WITHDRAWN}),
        State.ACCEPTED: frozenset({State.WITHDRAWN}),
        State.DECLINED: frozenset({State.WITHDRAWN}),
        State.WITHDRAWN: frozenset(),
        State.SPAM: frozenset(),
    }
    OPEN_STATES = frozenset({State.NEW, State.IN_REVIEW, State.WAITING})

    class Consent(models.TextChoices):
        NAMED = "named", _("Publish with my name")
        ANONYMOUS = "anonymous", _("Publish anonymously (initials or a pseudonym)")
        ARCHIVE_ONLY = "archive_only", _("Keep in the archive only, never public")

    reference = models.CharField(_("reference"), max_length=7, unique=True, editable=False)
    token_hash = models.CharField(_("status token (SHA-256)"), max_length=64, unique=True, editable=False)
    form_token = models.CharField(
        _("form token"), max_length=64, unique=True, editable=False, help_text=_("One submission per form shown.")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_submissions",
    )
    language = models.CharField(_("language"), max_length=5, default="az")

    # Who sends it. Contact details are for staff only, never public.
    submitter_name = models.CharField(_("name"), max_length=200)
    submitter_email = models.EmailField(_("e-mail"), blank=True)
    submitter_phone = models.CharField(_("phone"), max_length=40, blank=True)
    relationship = models.CharField(_("relationship to the person"), max_length=200, blank=True)

    testimony_text = models.TextField(_("testimony"), blank=True)

    consent = models.CharField(_("consent"), max_length=12, choices=Consent.choices)
    pseudonym = models.CharField(_("initials or pseudonym"), max_length=100, blank=True)
    media_consent = models.BooleanField(_("photos and recordings may be shown"), default=False)
    rights_confirmed = models.BooleanField(_("has the right to share"), default=False)
    consent_text = models.TextField(_("consent wording agreed to"), editable=False)
    consent_version = models.CharField(_("consent version"), max_length=20, editable=False)
    consent_given_at = models.DateTimeField(_("consent given at"), editable=False)

    # What curators made of it.
    testimony = models.ForeignKey(
        Testimony,
        verbose_name=_("testimony created"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    documents = models.ManyToManyField(Document, verbose_name=_("documents created"), blank=True, related_name="+")
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        permissions = [("review_submission", _("Can triage submissions, talk with families and accept them"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(rights_confirmed=True), name="submission_rights_confirmed"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_review_url(self) -> str:
        return reverse("submissions:review_detail", kwargs={"reference": self.reference})

    def can_become(self, state: str) -> bool:
        return state in self.TRANSITIONS[self.state]

    def require_state(self, *states: str) -> None:
        if self.state not in states:
            raise TransitionRefused(
                _("This is not possible while the submission is “%(state)s”.") % {"state": self.get_state_display()}
            )

    def require_transition(self, state: str) -> None:
        if not self.can_become(state):
            raise TransitionRefused(
                _("A submission that is “%(state)s” cannot become “%(target)s”.")
                % {"state": self.get_state_display(), "target": self.State(state).label}
            )

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def family_may_change(self) -> bool:
        """Answer, add files, change consent: while it is open (consent also once accepted)."""
        return self.state in self.OPEN_STATES

    @property
    def family_may_withdraw(self) -> bool:
        return self.can_become(self.State.WITHDRAWN)

    @property
    def people(self) -> list[PersonDescription]:
        """Everyone the submission is about: the first person (kept on the submission itself), then the others."""
        return [self, *self.others.all()]


class SubmissionPerson(PersonDescription):
    """Another person the submission is about (the first one is described on the submission itself)."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="others")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("other person")
        verbose_name_plural = _("other people")

    def __str__(self) -> str:
        return f"{self.submission.reference} {self.position}"


def submission_file_name(instance: SubmissionFile, filename: str) -> str:
    """A generated key: the uploaded name never reaches storage."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"submissions/{instance.key.hex[:2]}/{instance.key.hex}.{extension}"


def submission_thumbnail_name(instance: SubmissionFile, filename: str) -> str:
    return f"submissions/thumbnails/{instance.key.hex[:2]}/{instance.key.hex}.jpg"


class ReceivedFile(models.Model):
    """What the archive learnt of a file a family sent (``archive.ingest.PreparedFile``), kept beside it."""

    Kind = MediaFile.Kind

    original_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=MediaFile.Kind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    source_sha256 = models.CharField(_("SHA-256 of the file as received"), max_length=64)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    duration = models.DecimalField(_("duration (seconds)"), max_digits=10, decimal_places=3, null=True, blank=True)
    codec = models.CharField(
        _("codec"),
        max_length=64,
        blank=True,
        help_text=_("As FFmpeg names it; video before sound, joined by “+”: opus, aac, pcm_s16le, h264+aac."),
    )

    class Meta:
        abstract = True


class SubmissionFile(ReceivedFile):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("file"), upload_to=submission_file_name, max_length=200, blank=True)
    thumbnail = models.FileField(_("thumbnail"), upload_to=submission_thumbnail_name, max_length=200, blank=True)
    media_file = models.OneToOneField(
        MediaFile,
        verbose_name=_("media file made from it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submission_file",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    purged_at = models.DateTimeField(
        _("file deleted at"), null=True, blank=True, help_text=_("Spam: the bytes are deleted, the record is kept.")
    )

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")

    def __str__(self) -> str:
        return f"{self.submission.reference} {self.get_kind_display()} {self.key.hex[:8]}"

    def get_absolute_url(self) -> str:
        return reverse("submissions:file", kwargs={"key": self.key})

    def get_thumbnail_url(self) -> str:
        return reverse("submissions:thumbnail", kwargs={"key": self.key}) if self.thumbnail else ""


class SubmissionMessage(models.Model):
    """A question from staff, an answer from the family, or a staff-only note."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question to the family")
        ANSWER = "answer", _("Message from the family")
        NOTE = "note", _("Internal note")
        DECISION = "decision", _("Decision")

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff author"), null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.submission.reference} {self.get_kind_display()}"

    @property
    def family_sees_it(self) -> bool:
        return self.kind != self.Kind.NOTE


class SubmissionEvent(models.Model):
    """The audit trail: every action on a submission, by whom, when, and why."""

    class Actor(models.TextChoices):
        FAMILY = "family", _("The family")
        STAFF = "staff", _("Staff")
        SYSTEM = "system", _("The system")

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="events")
    actor = models.CharField(_("actor"), max_length=8, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(_("from"), max_length=10, blank=True)
    to_state = models.CharField(_("to"), max_length=10, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")

    def __str__(self) -> str:
        return f"{self.submission.reference} {self.action} {self.created_at:%Y-%m-%d %H:%M}"


class PendingUploadQuerySet(models.QuerySet):
    def for_form(self, form_token: str) -> PendingUploadQuerySet:
        """The files received with one showing of the form; none without a token (a forged or expired stamp)."""
        return self.filter(form_token=form_token) if form_token else self.none()


class PendingUpload(ReceivedFile):
    """A file received with a form that came back with an error, kept until the same form (its one-time token) is
    sent again, so the family need not choose it or record it again. Private: no URL reaches it. Stored under the
    key and name its ``SubmissionFile`` will have, so sending the form only hands the stored file over."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    form_token = models.CharField(_("form token"), max_length=64, db_index=True, editable=False)
    file = models.FileField(_("file"), upload_to=submission_file_name, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=submission_thumbnail_name, max_length=200, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    objects = PendingUploadQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("file waiting for its form")
        verbose_name_plural = _("files waiting for their form")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key.hex[:8]}"

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1]
