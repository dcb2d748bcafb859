"""The archive's public records: victims, testimonies and documents."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archive.dates import age_range
from archive.kinds import DOCUMENT, TESTIMONY, VICTIM
from archive.models.fields import DateBoundField, PartialDateField, partial_date_of
from archive.models.publication import IdentifiedRecord, PublishableQuerySet, Status, Translated
from archive.models.reference import Place, Source, Subject
from archive.names import az_sort_key, latin_from_cyrillic


class Rights(models.TextChoices):
    IN_COPYRIGHT = "InC", _("In copyright")
    EDUCATIONAL = "InC-EDU", _("In copyright — educational use permitted")
    NON_COMMERCIAL = "InC-NC", _("In copyright — non-commercial use permitted")
    NOT_EVALUATED = "CNE", _("Copyright not evaluated")
    NO_COPYRIGHT = "NoC-US", _("No known copyright")
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_NC = "CC-BY-NC-4.0", _("Creative Commons Attribution-NonCommercial 4.0")


# Each rights choice as the URI that readers, search engines, harvesters and IIIF viewers act on: RightsStatements.org
# and Creative Commons.
RIGHTS_URIS: dict[str, str] = {
    Rights.IN_COPYRIGHT: "http://rightsstatements.org/vocab/InC/1.0/",
    Rights.EDUCATIONAL: "http://rightsstatements.org/vocab/InC-EDU/1.0/",
    Rights.NON_COMMERCIAL: "http://rightsstatements.org/vocab/InC-NC/1.0/",
    Rights.NOT_EVALUATED: "http://rightsstatements.org/vocab/CNE/1.0/",
    Rights.NO_COPYRIGHT: "http://rightsstatements.org/vocab/NoC-US/1.0/",
    Rights.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Rights.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
}


class VictimStatus(models.TextChoices):
    """A victim's states: those of every record (``Status``), and merged into the record of the same person."""

    DRAFT = Status.DRAFT.value, Status.DRAFT.label
    PUBLISHED = Status.PUBLISHED.value, Status.PUBLISHED.label
    WITHDRAWN = Status.WITHDRAWN.value, Status.WITHDRAWN.label
    MERGED = "merged", _("Merged into another record")


# A merge of a merge of a merge…: followed this far at most, so that a loop made by hand can never hang a request.
_MERGE_HOPS = 20


class VictimQuerySet(PublishableQuerySet):
    def kept_in_place_of(self, identifier: str) -> Victim | None:
        """The record of this queryset kept in place of a merged victim's identifier, following merges of merges;
        None if ``identifier`` is not a merged victim's (or the kept record is not in the queryset: a record the
        public may not see leads nowhere, as if it never existed)."""
        current, seen = identifier, {identifier}
        for _hop in range(_MERGE_HOPS):
            kept = (
                Victim.objects.filter(identifier=current, status=VictimStatus.MERGED)
                .values_list("merged_into__identifier", flat=True)
                .first()
            )
            if kept is None or kept in seen:
                break
            current = kept
            seen.add(kept)
        if current == identifier:
            return None
        return self.filter(identifier=current, merged_into__isnull=True).first()


class Victim(Translated, IdentifiedRecord):
    RECORD_KIND = VICTIM

    class Gender(models.TextChoices):
        MALE = "m", _("Male")
        FEMALE = "f", _("Female")

    class Fate(models.TextChoices):
        KILLED = "killed", _("Killed")
        DIED_OF_WOUNDS = "died_of_wounds", _("Died of wounds")
        INJURED = "injured", _("Injured")
        MISSING = "missing", _("Missing")
        ARRESTED = "arrested", _("Arrested")

    surname_az = models.CharField(_("surname (Azerbaijani)"), max_length=100, blank=True)
    given_name_az = models.CharField(_("given name (Azerbaijani)"), max_length=100, blank=True)
    patronymic_az = models.CharField(_("patronymic (Azerbaijani)"), max_length=100, blank=True)
    surname_ru = models.CharField(_("surname (Russian)"), max_length=100, blank=True)
    given_name_ru = models.CharField(_("given name (Russian)"), max_length=100, blank=True)
    patronymic_ru = models.CharField(_("patronymic (Russian)"), max_length=100, blank=True)
    surname_en = models.CharField(_("surname (English)"), max_length=100, blank=True)
    given_name_en = models.CharField(_("given name (English)"), max_length=100, blank=True)
    patronymic_en = models.CharField(_("patronymic (English)"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = PartialDateField(_("date of birth"))
    birth_earliest = DateBoundField(source="birth_date", bound="earliest")
    birth_latest = DateBoundField(source="birth_date", bound="latest")
    death_date = PartialDateField(_("date of death"))
    death_earliest = DateBoundField(source="death_date", bound="earliest", db_index=True)
    death_latest = DateBoundField(source="death_date", bound="latest")
    fate = models.CharField(_("fate"), max_length=16, choices=Fate.choices, default=Fate.KILLED, db_index=True)
    incident_place = models.ForeignKey(
        Place,
        verbose_name=_("place of the incident"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="victims",
    )
    burial_place = models.ForeignKey(
        Place,
        verbose_name=_("burial place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="burials",
    )
    occupation_az = models.CharField(_("occupation (Azerbaijani)"), max_length=200, blank=True)
    occupation_en = models.CharField(_("occupation (English)"), max_length=200, blank=True)
    occupation_ru = models.CharField(_("occupation (Russian)"), max_length=200, blank=True)
    biography_az = models.TextField(_("biography (Azerbaijani)"), blank=True)
    biography_en = models.TextField(_("biography (English)"), blank=True)
    biography_ru = models.TextField(_("biography (Russian)"), blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="victims")
    sort_key = models.CharField(max_length=600, editable=False, db_index=True)
    # A victim's own status: a record's, and "merged" (with ``merged_into``), which only a merge sets.
    status = models.CharField(_("status"), max_length=10, choices=VictimStatus.choices, default=VictimStatus.DRAFT)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        editable=False,
        # A merged record is never deleted under its kept one (demo removal deletes the merged one first).
        on_delete=models.PROTECT,
        related_name="merged_records",
        help_text=_("The record of the same person this one was merged into; its address leads there."),
    )
    history = HistoricalRecords(m2m_fields=[sources])

    objects = VictimQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key", "identifier"]
        verbose_name = VICTIM.name
        verbose_name_plural = VICTIM.name_plural
        permissions = [("publish_victim", _("Can publish and withdraw victims"))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(surname_az="") | ~models.Q(surname_ru=""),
                name="victim_has_a_surname",
                violation_error_message=_("Give the surname in Azerbaijani or in Russian."),
            ),
            # Merged, and only merged, names the record kept in its place, never itself.
            models.CheckConstraint(
                condition=(
                    models.Q(status=VictimStatus.MERGED, merged_into__isnull=False)
                    & ~models.Q(merged_into=models.F("pk"))
                )
                | (~models.Q(status=VictimStatus.MERGED) & models.Q(merged_into__isnull=True)),
                name="victim_merged_names_the_kept_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.full_name}".strip()

    def name_parts(self, script: str) -> tuple[str, str, str]:
        return (
            getattr(self, f"surname_{script}"),
            getattr(self, f"given_name_{script}"),
            getattr(self, f"patronymic_{script}"),
        )

    @property
    def full_name(self) -> str:
        """Surname first, as in lists of the dead: Azerbaijani form, else the Russian one."""
        script = "az" if self.surname_az else "ru"
        return " ".join(part for part in self.name_parts(script) if part)

    def name_in(self, language: str) -> str:
        """The name as a reader of ``language`` reads it: on Russian pages the Russian form, on English pages the
        English form, where one is stored; else the Azerbaijani one (in Latin letters for English readers)."""
        if language in ("ru", "en") and getattr(self, f"surname_{language}"):
            return " ".join(part for part in self.name_parts(language) if part)
        return self.latin_name if language == "en" else self.full_name

    @property
    def shown_name(self) -> str:
        """The name in the active language's form (``name_in``)."""
        return self.name_in((get_language() or settings.LANGUAGE_CODE)[:2])

    @property
    def name_beside(self) -> str:
        """The Azerbaijani form, shown beside ``shown_name`` where that is another form; else empty."""
        return self.full_name if self.shown_name != self.full_name else ""

    @property
    def fate_label(self) -> str:
        """The fate in words that agree with the person's gender where the language has it ("Убит", "Убита");
        "Убит(а)" when the gender is not known."""
        return str(_FATE_BY_GENDER.get(self.gender, {}).get(self.fate, self.get_fate_display()))

    @property
    def latin_name(self) -> str:
        """The name in Azerbaijani Latin letters: the Azerbaijani form, else the Russian one in Latin letters."""
        if self.surname_az:
            return self.full_name
        return latin_from_cyrillic(self.full_name)

    @property
    def all_name_forms(self) -> list[str]:
        forms = [" ".join(p for p in self.name_parts(script) if p) for script in ("az", "ru", "en")]
        return [form for form in forms if form]

    @property
    def age_at_death(self) -> tuple[int, int] | None:
        return age_range(partial_date_of(self, "birth_date"), partial_date_of(self, "death_date"))

    def clean(self) -> None:
        super().clean()
        if not (self.surname_az.strip() or self.surname_ru.strip()):
            raise ValidationError(_("Give the surname in Azerbaijani or in Russian."), code="surname_required")
        birth, death = partial_date_of(self, "birth_date"), partial_date_of(self, "death_date")
        if birth and death and birth.earliest > death.latest:
            raise ValidationError({"death_date": _("The date of death is before the date of birth.")})

    @property
    def is_merged(self) -> bool:
        return self.status == VictimStatus.MERGED

    def _refuse_if_merged(self) -> None:
        if self.is_merged:
            raise ValidationError(
                _("%(record)s was merged into %(kept)s: publish or withdraw that record, or undo the merge first.")
                % {"record": self.identifier, "kept": self.merged_into.identifier if self.merged_into else "?"},
                code="merged",
            )

    def check_publishable(self) -> None:
        self._refuse_if_merged()
        super().check_publishable()

    def withdraw(self, reason: str, public_note: str = "") -> None:
        self._refuse_if_merged()
        super().withdraw(reason, public_note)

    def fill_sort_key(self) -> None:
        """Derive ``sort_key`` from the name; ``save()`` does, and so must any write that bypasses it (bulk_create)."""
        script = "az" if self.surname_az else "ru"
        self.sort_key = az_sort_key(*self.name_parts(script))

    def save(self, *args, **kwargs):
        self.fill_sort_key()
        super().save(*args, **kwargs)


# Each fate said of a man and of a woman (Russian agrees in gender; Azerbaijani and English say the same for both).
_FATE_BY_GENDER = {
    Victim.Gender.MALE: {
        Victim.Fate.KILLED: pgettext_lazy("fate of a man", "Killed"),
        Victim.Fate.DIED_OF_WOUNDS: pgettext_lazy("fate of a man", "Died of wounds"),
        Victim.Fate.INJURED: pgettext_lazy("fate of a man", "Injured"),
        Victim.Fate.MISSING: pgettext_lazy("fate of a man", "Missing"),
        Victim.Fate.ARRESTED: pgettext_lazy("fate of a man", "Arrested"),
    },
    Victim.Gender.FEMALE: {
        Victim.Fate.KILLED: pgettext_lazy("fate of a woman", "Killed"),
        Victim.Fate.DIED_OF_WOUNDS: pgettext_lazy("fate of a woman", "Died of wounds"),
        Victim.Fate.INJURED: pgettext_lazy("fate of a woman", "Injured"),
        Victim.Fate.MISSING: pgettext_lazy("fate of a woman", "Missing"),
        Victim.Fate.ARRESTED: pgettext_lazy("fate of a woman", "Arrested"),
    },
}


class NameVariant(models.Model):
    class Kind(models.TextChoices):
        SPELLING = "spelling", _("Other spelling")
        MAIDEN = "maiden", _("Maiden name")
        NICKNAME = "nickname", _("Known as")
        OTHER = "other", _("Other")

    victim = models.ForeignKey(Victim, verbose_name=_("victim"), on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SPELLING)
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("Where this form is found."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")
        constraints = [models.UniqueConstraint(fields=["victim", "name"], name="name_variant_unique_per_victim")]

    def __str__(self) -> str:
        return self.name


class TestimonyQuerySet(PublishableQuerySet):
    def public(self) -> TestimonyQuerySet:
        return super().public().exclude(narrator_consent=Testimony.Consent.ARCHIVE_ONLY)


class Testimony(Translated, IdentifiedRecord):
    RECORD_KIND = TESTIMONY

    class Consent(models.TextChoices):
        NAMED = "named", _("Publish with the narrator's name")
        ANONYMOUS = "anonymous", _("Publish anonymously")
        ARCHIVE_ONLY = "archive_only", _("Keep in the archive only (never public)")

    class Provenance(models.TextChoices):
        STAFF = "staff", _("Collected by archive staff")
        SUBMISSION = "submission", _("Sent through the public form")
        DONATION = "donation", _("Donated collection")

    title = models.CharField(_("title"), max_length=300)
    narrator_name = models.CharField(_("narrator's name"), max_length=200)
    narrator_relationship = models.CharField(
        _("narrator's relationship"), max_length=200, blank=True, help_text=_("e.g. mother, neighbour, witness")
    )
    narrator_consent = models.CharField(
        _("narrator's consent"), max_length=12, choices=Consent.choices, default=Consent.ARCHIVE_ONLY
    )
    narrator_pseudonym = models.CharField(
        _("pseudonym or initials"), max_length=100, blank=True, help_text=_("Shown instead of the name when anonymous.")
    )
    interviewer = models.CharField(_("interviewer"), max_length=200, blank=True)
    recorded_date = PartialDateField(_("date recorded"))
    recorded_earliest = DateBoundField(source="recorded_date", bound="earliest")
    recorded_latest = DateBoundField(source="recorded_date", bound="latest")
    recorded_place = models.ForeignKey(
        Place,
        verbose_name=_("place recorded"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="testimonies_recorded",
    )
    languages = models.JSONField(_("languages"), default=list, blank=True, help_text=_("Language codes, e.g. az, ru."))
    summary_az = models.TextField(_("summary (Azerbaijani)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    victims = models.ManyToManyField(Victim, verbose_name=_("victims"), blank=True, related_name="testimonies")
    subjects = models.ManyToManyField(Subject, verbose_name=_("subjects"), blank=True, related_name="testimonies")
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="testimonies")
    rights = models.CharField(_("rights"), max_length=16, choices=Rights.choices, default=Rights.IN_COPYRIGHT)
    rights_holder = models.CharField(_("rights holder"), max_length=200, blank=True)
    provenance = models.CharField(_("provenance"), max_length=12, choices=Provenance.choices, default=Provenance.STAFF)
    provenance_note = models.TextField(_("provenance note"), blank=True)
    history = HistoricalRecords(m2m_fields=[victims, subjects, sources])

    objects = TestimonyQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_earliest", "identifier"]
        verbose_name = TESTIMONY.name
        verbose_name_plural = TESTIMONY.name_plural
        permissions = [("publish_testimony", _("Can publish and withdraw testimonies"))]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}".strip()

    @property
    def narrator_display(self) -> str:
        """The narrator as the public may see them, by their consent."""
        if self.narrator_consent == self.Consent.NAMED:
            return self.narrator_name
        return self.narrator_pseudonym or str(_("Anonymous narrator"))

    def clean(self) -> None:
        super().clean()
        if self.narrator_consent == self.Consent.ARCHIVE_ONLY and self.status == Status.PUBLISHED:
            raise ValidationError({"status": _("The narrator asked that this testimony be kept in the archive only.")})
        codes = {code for code, _name in LANGUAGE_CHOICES}
        if not isinstance(self.languages, list) or any(code not in codes for code in self.languages):
            raise ValidationError({"languages": _("Use language codes: %(codes)s.") % {"codes": ", ".join(codes)}})

    def check_publishable(self) -> None:
        if self.narrator_consent == self.Consent.ARCHIVE_ONLY:
            raise ValidationError(_("The narrator asked that this testimony be kept in the archive only."))


LANGUAGE_CHOICES = [("az", _("Azerbaijani")), ("ru", _("Russian")), ("en", _("English")), ("other", _("Other"))]


class Document(Translated, IdentifiedRecord):
    RECORD_KIND = DOCUMENT

    class Kind(models.TextChoices):
        PHOTOGRAPH = "photograph", _("Photograph")
        LETTER = "letter", _("Letter")
        CERTIFICATE = "certificate", _("Certificate")
        NEWSPAPER = "newspaper", _("Newspaper")
        OFFICIAL = "official", _("Official record")
        POSTER = "poster", _("Poster")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    date = PartialDateField(_("date"))
    date_earliest = DateBoundField(source="date", bound="earliest", db_index=True)
    date_latest = DateBoundField(source="date", bound="latest")
    creator = models.CharField(_("creator"), max_length=300, blank=True)
    holding_institution = models.CharField(_("held by"), max_length=300, blank=True)
    reference = models.CharField(_("reference or call number"), max_length=200, blank=True)
    description_az = models.TextField(_("description (Azerbaijani)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    transcription = models.TextField(_("transcription"), blank=True)
    victims = models.ManyToManyField(Victim, verbose_name=_("victims"), blank=True, related_name="documents")
    testimonies = models.ManyToManyField(Testimony, verbose_name=_("testimonies"), blank=True, related_name="documents")
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="documents")
    rights = models.CharField(_("rights"), max_length=16, choices=Rights.choices, default=Rights.IN_COPYRIGHT)
    rights_holder = models.CharField(_("rights holder"), max_length=200, blank=True)
    history = HistoricalRecords(m2m_fields=[victims, testimonies, sources])

    class Meta:
        ordering = ["date_earliest", "identifier"]
        verbose_name = DOCUMENT.name
        verbose_name_plural = DOCUMENT.name_plural
        permissions = [("publish_document", _("Can publish and withdraw documents"))]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}".strip()
