"""What carries a file or a person into a service: plain values, filled in by forms and the pending-upload code.

A leaf module: it imports nothing of ``submissions`` at run time, so forms, ``submissions.pending`` and the
services can all import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation

from archive.ingest import PreparedFile
from archive.models import Victim

if TYPE_CHECKING:
    from submissions.models import SubmissionPerson


@dataclass(frozen=True)
class IncomingFile:
    prepared: PreparedFile
    caption: str = ""


@dataclass(frozen=True)
class KeptUpload:
    """A pending file the family kept ticked on the form, with the caption it shows now."""

    key: str  # PendingUpload.key, as hex
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
