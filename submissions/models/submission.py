"""The submission, whom it is about, and the one table of which action is allowed in which state."""

from __future__ import annotations

import datetime
import enum
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.models import Access, Document, Status, Testimony, Victim

# Crockford's base32 without 0, O, 1, I and L: read aloud over the phone without "zero or O?".
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 6
# The permission to review, defined once: Submission.Meta.permissions declares it, everything else checks it.
REVIEW_CODENAME = "review_submission"
REVIEW_PERMISSION = f"submissions.{REVIEW_CODENAME}"
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

    def waiting_long(self) -> SubmissionQuerySet:
        """Waiting for the family's answer for more than ``SUBMISSION_WAITING_DAYS`` since the last question."""
        cutoff = timezone.now() - datetime.timedelta(days=settings.SUBMISSION_WAITING_DAYS)
        asked = models.Max("events__created_at", filter=models.Q(events__action="asked_family"))
        return self.filter(state=Submission.State.WAITING).alias(asked=asked).filter(asked__lte=cutoff)

    def with_draft_records(self) -> SubmissionQuerySet:
        """Accepted, with a record made from it still a draft that could be published: a testimony the narrator
        allowed to be public, a document whose photograph may be shown, a victim record made from the description."""
        draft = Status.DRAFT
        unpublished = (
            models.Q(testimony__status=draft) & ~models.Q(testimony__narrator_consent=Testimony.Consent.ARCHIVE_ONLY)
            | models.Q(documents__status=draft) & ~models.Q(documents__access=Access.PRIVATE)
            | models.Q(created_victim=True, linked_victim__status=draft)
            | models.Q(others__created_victim=True, others__linked_victim__status=draft)
        )
        matching = self.model.objects.filter(unpublished).values("pk")
        return self.filter(state=Submission.State.ACCEPTED, pk__in=matching)


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

    OPEN_STATES = frozenset({State.NEW, State.IN_REVIEW, State.WAITING})

    class Action(enum.StrEnum):
        """What can be done to a submission. The values are what the review and status pages post as ``action``."""

        CLAIM = "claim"
        ASSIGN = "assign"
        ASK = "ask"
        NOTE = "note"
        LINK_VICTIM = "link"
        ACCEPT = "accept"
        DECLINE = "decline"
        SPAM = "spam"
        ANSWER = "answer"
        ADD_FILES = "files"
        ADD_PERSON = "person"
        CHANGE_CONSENT = "consent"
        WITHDRAW = "withdraw"
        REISSUE_LINK = "reissue_link"
        PURGE_FILES = "purge_files"

    # The one table of which action is allowed in which state, and the state it leads to (to itself: allowed, and
    # the state stays). Services go through ``require``/``state_after``; views, templates (``allowed``) and the
    # tests' action × state matrix read ``can``.
    ACTIONS: dict[str, dict[str, str]] = {
        Action.CLAIM: {State.NEW: State.IN_REVIEW, State.IN_REVIEW: State.IN_REVIEW, State.WAITING: State.WAITING},
        Action.ASSIGN: {State.NEW: State.IN_REVIEW, State.IN_REVIEW: State.IN_REVIEW, State.WAITING: State.WAITING},
        Action.ASK: {State.IN_REVIEW: State.WAITING, State.WAITING: State.WAITING},
        Action.NOTE: {state: state for state in State},
        Action.LINK_VICTIM: {state: state for state in OPEN_STATES},
        Action.ACCEPT: {State.IN_REVIEW: State.ACCEPTED},
        Action.DECLINE: dict.fromkeys(OPEN_STATES, State.DECLINED),
        Action.SPAM: dict.fromkeys(OPEN_STATES, State.SPAM),
        # An answer to a question puts the submission back in review.
        Action.ANSWER: {State.NEW: State.NEW, State.IN_REVIEW: State.IN_REVIEW, State.WAITING: State.IN_REVIEW},
        Action.ADD_FILES: {State.NEW: State.NEW, State.IN_REVIEW: State.IN_REVIEW, State.WAITING: State.IN_REVIEW},
        Action.ADD_PERSON: {State.NEW: State.NEW, State.IN_REVIEW: State.IN_REVIEW, State.WAITING: State.IN_REVIEW},
        # Once accepted, the records made from it follow the family's new choice.
        Action.CHANGE_CONSENT: {state: state for state in (*OPEN_STATES, State.ACCEPTED)},
        Action.WITHDRAW: dict.fromkeys((*OPEN_STATES, State.ACCEPTED, State.DECLINED), State.WITHDRAWN),
        # Spam never gets a new link: whoever sent it is not a family to answer.
        Action.REISSUE_LINK: {
            state: state for state in (*OPEN_STATES, State.ACCEPTED, State.DECLINED, State.WITHDRAWN)
        },
        Action.PURGE_FILES: {State.SPAM: State.SPAM},
    }

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
        permissions = [(REVIEW_CODENAME, _("Can triage submissions, talk with families and accept them"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(rights_confirmed=True), name="submission_rights_confirmed"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_review_url(self) -> str:
        return reverse("submissions:review_detail", kwargs={"reference": self.reference})

    def can(self, action: str) -> bool:
        """Whether ``action`` is allowed in the submission's state (``ACTIONS``)."""
        return self.state in self.ACTIONS[action]

    def require(self, action: str) -> None:
        if not self.can(action):
            raise TransitionRefused(
                _("This is not possible while the submission is “%(state)s”.") % {"state": self.get_state_display()}
            )

    def state_after(self, action: str) -> str:
        """The state ``action`` leads to from the present one; refused if it is not allowed here."""
        self.require(action)
        return self.ACTIONS[action][self.state]

    @property
    def allowed(self) -> dict[str, bool]:
        """``can`` for templates, by action value: ``{% if submission.allowed.accept %}``."""
        return {action.value: self.can(action) for action in self.Action}

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

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
