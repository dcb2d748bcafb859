"""Forms of the public submission pages and the review page. Fields are listed explicitly."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

from archive.ingest import IngestError, prepare_upload
from archive.models import Victim, parse_identifier
from search.selectors import Suggestion
from submissions.abuse import StampError, read_stamp
from submissions.consent import CHOICE_WORDING, MEDIA_WORDING, RIGHTS_WORDING
from submissions.inputs import IncomingFile, PersonDecision, PersonDetails, SubmissionDetails
from submissions.models import MAX_OTHER_PEOPLE, Submission, SubmissionPerson
from submissions.selectors import reviewing_staff

FILE_SLOTS = 4
# What the public form requires beyond single fields; submit.js checks the same before sending (client_checks).
NEED_CONTACT = _("Give an e-mail address or a phone number, so we can reach you.")
NEED_TESTIMONY = _("Write your testimony, or add a recording or a file.")
NEED_PERSON = _("Tell us whom your testimony is about: choose or write a name.")
NEED_PSEUDONYM = _("To publish anonymously, give the initials or the pseudonym to show instead of your name.")
OTHER_PEOPLE_SLOTS = 2  # rows shown for more people; empty ones are ignored, so the form works without JavaScript
# With JavaScript, "Add another person" adds rows up to MAX_OTHER_PEOPLE (the formset refuses more); without it,
# more people are added afterwards on the status page (AddPersonForm).
PERSON_FIELDS = [
    "victim", "person_name", "new_surname", "new_given_name", "new_patronymic",
    "new_birth_date", "new_death_date", "new_fate", "new_place",
]  # fmt: skip


class VictimField(forms.CharField):
    """A public victim by permanent identifier (``V-000123``), never a list of them: the archive holds up to a
    million names. With JavaScript the "Name of the person" combobox (victim-picker.js, fed by the search
    suggestions) fills it in; without, it comes from a victim's page (``/submit/?victim=V-000123``) or is typed."""

    default_error_messages = {
        "unknown": _(
            "No published person in the archive has the number %(identifier)s. Check the number, or leave it "
            "empty and write the name: we will find the person."
        ),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            # Not kept across pages by keep-answers.js: a choice must be made, and seen, on the page that sends it.
            forms.TextInput(
                attrs={
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "autocapitalize": "characters",
                    "data-not-kept": "",
                }
            ),
        )
        super().__init__(**kwargs)

    @staticmethod
    def normalise(value: str) -> str:
        """``v-123``, ``V000123`` and ``V-000123`` are the same identifier."""
        return parse_identifier(value, prefixes="V") or (value or "").strip().upper()

    @staticmethod
    def find(identifier: str) -> Victim | None:
        """The public victim with this identifier, or None (drafts and withdrawn records alike: never revealed)."""
        identifier = VictimField.normalise(identifier)
        if not identifier:
            return None
        return Victim.objects.public().select_related("incident_place").filter(identifier=identifier).first()

    def clean(self, value) -> Victim | None:
        value = super().clean(value)
        if not value:
            return None
        victim = self.find(value)
        if victim is None:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"identifier": self.normalise(value)}
            )
        return victim

    def prepare_value(self, value):
        return value.identifier if isinstance(value, Victim) else value

    def has_changed(self, initial, data) -> bool:
        return self.normalise(self.prepare_value(initial) or "") != self.normalise(data or "")


class FileSlotForm(forms.Form):
    """One file and its caption. The file is checked (and images cleaned) here, by archive.ingest."""

    # Empty files reach prepare_upload, whose message names the file.
    file = forms.FileField(label=_("File"), required=False, allow_empty_file=True)
    caption = forms.CharField(
        label=_("What is it? (caption)"),
        required=False,
        max_length=500,
        help_text=_("e.g. “My father at work, 1988” or “Mother remembers the night of 19 January”."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        try:
            self.prepared = prepare_upload(upload)
        except IngestError as error:
            raise ValidationError(error.message, code=error.code) from None
        return upload

    def incoming(self) -> IncomingFile | None:
        prepared = getattr(self, "prepared", None)
        if prepared is None:
            return None
        return IncomingFile(prepared=prepared, caption=self.cleaned_data.get("caption", ""))


class BaseFileSlotFormSet(forms.BaseFormSet):
    def incoming(self) -> list[IncomingFile]:
        return [item for form in self.forms if (item := form.incoming()) is not None]


def file_formset(extra: int = FILE_SLOTS):
    return forms.formset_factory(
        FileSlotForm,
        formset=BaseFileSlotFormSet,
        extra=extra,
        max_num=settings.SUBMISSION_MAX_FILES,
        absolute_max=settings.SUBMISSION_MAX_FILES,
        validate_max=True,
    )


def _consent_choices():
    return [(value, CHOICE_WORDING[value]) for value in Submission.Consent.values]


class ConsentFields(forms.Form):
    consent = forms.ChoiceField(
        label=_("May the archive publish your testimony?"), choices=_consent_choices, widget=forms.RadioSelect
    )
    pseudonym = forms.CharField(
        label=_("Initials or pseudonym (required if anonymous)"),
        required=False,
        max_length=100,
        help_text=_("If you publish anonymously, this is shown instead of your name, e.g. “L. M.” or “a neighbour”."),
    )
    media_consent = forms.TypedChoiceField(
        label=_("May your photographs and recordings be shown?"),
        choices=[("yes", MEDIA_WORDING[True]), ("no", MEDIA_WORDING[False])],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent") == Submission.Consent.ANONYMOUS and not (cleaned.get("pseudonym") or "").strip():
            self.add_error("pseudonym", NEED_PSEUDONYM)
        return cleaned


class PersonForm(forms.Form):
    """Whom the testimony is about: chosen from the archive, or a name in any spelling, or a new person described."""

    victim = VictimField(
        label=_("The person's number in the archive, if you know it"),
        required=False,
        help_text=_(
            "It is on the person's page in the archive, e.g. V-000123. Leave it empty if you do not know it: "
            "the name is enough."
        ),
    )
    person_name = forms.CharField(
        label=_("Name of the person"),
        required=False,
        max_length=300,
        help_text=_("As you know it, in any spelling. We will find them in the archive."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    new_surname = forms.CharField(label=_("Surname"), required=False, max_length=100)
    new_given_name = forms.CharField(label=_("Given name"), required=False, max_length=100)
    new_patronymic = forms.CharField(label=_("Patronymic (father's name)"), required=False, max_length=100)
    new_birth_date = forms.CharField(
        label=_("Date of birth"), required=False, max_length=40, help_text=_("As much as you know: 1965, or 1965-03.")
    )
    new_death_date = forms.CharField(label=_("Date of death or of what happened"), required=False, max_length=40)
    new_fate = forms.ChoiceField(
        label=_("What happened to them"), required=False, choices=[("", "—"), *Victim.Fate.choices]
    )
    new_place = forms.CharField(label=_("Where it happened"), required=False, max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._prechosen: Victim | None = None
        if not self.is_bound and (wanted := self.initial.get("victim")):
            # From a victim's page (?victim=V-000123). Anything but a public victim is dropped without a word:
            # the form must not tell whether a draft or a withdrawn record has that number.
            victim = VictimField.find(wanted.identifier if isinstance(wanted, Victim) else str(wanted))
            if victim is None:
                self.initial.pop("victim")
            else:
                self._prechosen = victim
                self.initial["victim"] = victim.identifier
                self.initial.setdefault("person_name", victim.full_name)

    @property
    def chosen(self) -> Suggestion | None:
        """The person chosen from the archive, as "is this the person?" shows them (name, dates, place, link)."""
        victim = getattr(self, "cleaned_data", {}).get("victim") if self.is_bound else self._prechosen
        return Suggestion.of(victim) if victim is not None else None

    def person(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(victim=data.get("victim"), **{name: data.get(name) or "" for name in PERSON_FIELDS[1:]})


class OtherPersonForm(PersonForm):
    """One more person the testimony is about; an empty row is ignored."""

    def clean(self):
        cleaned = super().clean()
        described = any(cleaned.get(name) for name in PERSON_FIELDS[3:])
        named = cleaned.get("victim") or cleaned.get("person_name") or cleaned.get("new_surname")
        if described and not named:
            self.add_error("new_surname", _("Give this person's name, or choose them from the archive."))
        return cleaned


class AddPersonForm(OtherPersonForm):
    """One more person, added later on the status page: here the row cannot be left empty."""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and self.person().is_empty:
            self.add_error("person_name", _("Tell us whom: choose the person from the archive or write a name."))
        return cleaned


class BaseOtherPeopleFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _("This form takes at most %(num)d more people. Write about the others in your testimony."),
    }

    @property
    def full_message(self) -> str:
        """What "Add another person" says once the form holds as many people as it takes."""
        return self.error_messages["too_many_forms"] % {"num": self.max_num}

    def people(self) -> list[PersonDetails]:
        found = [form.person() for form in self.forms if form.is_valid()]
        return [person for person in found if not person.is_empty]


def other_people_formset(extra: int = OTHER_PEOPLE_SLOTS):
    return forms.formset_factory(
        OtherPersonForm,
        formset=BaseOtherPeopleFormSet,
        extra=extra,
        max_num=MAX_OTHER_PEOPLE,
        absolute_max=MAX_OTHER_PEOPLE,
        validate_max=True,
    )


class SubmissionForm(ConsentFields, PersonForm):
    submitter_name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    submitter_email = forms.EmailField(
        label=_("Your e-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    submitter_phone = forms.CharField(
        label=_("Your phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    relationship = forms.CharField(
        label=_("Your relationship to the person"),
        required=False,
        max_length=200,
        help_text=_("e.g. sister, son, neighbour, witness."),
    )
    testimony_text = forms.CharField(
        label=_("Your testimony"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Write what you remember, in any language. You can also send a recording instead."),
    )
    rights_confirmed = forms.BooleanField(label=RIGHTS_WORDING)
    # Not for people: hidden from view and from screen readers; a bot that fills every field fills it.
    website = forms.CharField(label=_("Leave this empty"), required=False)
    stamp = forms.CharField(widget=forms.HiddenInput)

    field_order = [
        "submitter_name", "submitter_email", "submitter_phone", "relationship",
        "victim", "person_name", "new_surname", "new_given_name", "new_patronymic",
        "new_birth_date", "new_death_date", "new_fate", "new_place",
        "testimony_text", "consent", "pseudonym", "media_consent", "rights_confirmed", "website", "stamp",
    ]  # fmt: skip

    def __init__(self, *args, has_files: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.has_files = has_files
        self.form_token = ""
        self.seconds_taken: float | None = None

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_stamp(self) -> str:
        try:
            self.form_token, self.seconds_taken = read_stamp(self.cleaned_data["stamp"])
        except StampError:
            raise ValidationError(
                _("This form is too old or was changed. Nothing was kept: please fill it in again."), code="stamp"
            ) from None
        return self.cleaned_data["stamp"]

    def clean(self):
        cleaned = super().clean()
        if self.seconds_taken is not None and self.seconds_taken < settings.SUBMISSION_MIN_FILL_SECONDS:
            raise ValidationError(
                _("The form was sent very quickly. Please check it and send it again."),
                code="too_fast",
            )
        if not (cleaned.get("submitter_email") or cleaned.get("submitter_phone")):
            self.add_error("submitter_email", NEED_CONTACT)
        if not (cleaned.get("testimony_text") or "").strip() and not self.has_files:
            self.add_error("testimony_text", NEED_TESTIMONY)
        if not (cleaned.get("victim") or cleaned.get("person_name") or cleaned.get("new_surname")):
            self.add_error("person_name", NEED_PERSON)
        return cleaned

    def details(self, *, others: list[PersonDetails] | None = None) -> SubmissionDetails:
        data = self.cleaned_data
        names = [name for name in SubmissionDetails.__dataclass_fields__ if name in data and name != "language"]
        return SubmissionDetails(**{name: data[name] for name in names}, others=list(others or []))

    def client_checks(self) -> list[dict]:
        """What ``clean`` requires, for the page to check before sending (submit.js), in the same words as the
        server's summary: so a long recording is not uploaded only to be refused for a missing name. Each check
        passes when any of ``fields`` is filled (or ticked; with ``files``, also when a file is chosen or kept);
        ``valid`` ones when the browser finds the field well-formed; ``when`` limits a check to a choice. The server
        still decides."""

        def check(name: str, message, *, target: str = "", **rule) -> dict:
            field = self[target or name]
            anchor = field.id_for_label or f"{field.auto_id}_0"  # radio buttons: the first one
            return {"fields": [name], "target": anchor, "message": f"{field.label}: {message}", **rule}

        required = forms.Field.default_error_messages["required"]
        return [
            check("submitter_name", required),
            {**check("submitter_email", NEED_CONTACT), "fields": ["submitter_email", "submitter_phone"]},
            check("submitter_email", EmailValidator.message, valid=True),
            {**check("person_name", NEED_PERSON), "fields": ["victim", "person_name", "new_surname"]},
            check("testimony_text", NEED_TESTIMONY, files=True),
            check("consent", required),
            check("pseudonym", NEED_PSEUDONYM, when={"consent": Submission.Consent.ANONYMOUS}),
            check("media_consent", required),
            check("rights_confirmed", required),
        ]


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer or message"), required=False, max_length=50_000, widget=forms.Textarea(attrs={"rows": 5})
    )


class FamilyConsentForm(ConsentFields):
    pass


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw my submission. Anything published from it will be hidden at once.")
    )
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- review ---------------------------------------------------------------------------------------------


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class QuestionForm(ActionForm):
    question = forms.CharField(
        label=_("Question to the family"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(ActionForm):
    text = forms.CharField(
        label=_("Internal note (staff only)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeclineForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason (the family will read it)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SpamForm(ActionForm):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class AssignForm(ActionForm):
    """Hand the submission to a reviewer or curator (the service checks that they review)."""

    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewing_staff()
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class LinkVictimForm(ActionForm):
    victim = forms.ModelChoiceField(queryset=Victim.objects.all(), to_field_name="identifier")
    # Empty for the first person; one of the other people otherwise (the service checks it is this submission's).
    person = forms.ModelChoiceField(queryset=SubmissionPerson.objects.all(), required=False)


class AcceptForm(ActionForm):
    NEW = "new"
    NONE = "none"

    person = forms.CharField(label=_("Person"), initial=NONE)
    title = forms.CharField(label=_("Title of the testimony"), required=False, max_length=300)
    files = forms.ModelMultipleChoiceField(
        label=_("Files to take into the records"),
        queryset=None,
        required=False,
        to_field_name="key",
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args, submission: Submission, likely: dict[int, list] | None = None, **kwargs) -> None:
        """``likely``: the likely matches of each other person (by its pk), offered as choices too, so accepting
        does not make a new record of someone the archive already holds."""
        super().__init__(*args, **kwargs)
        self.fields["files"].queryset = submission.files.filter(purged_at__isnull=True)
        self.fields["files"].label_from_instance = lambda row: " · ".join(
            filter(None, [row.original_name, row.caption, row.get_kind_display()])
        )
        self.others = list(submission.others.select_related("victim", "linked_victim"))
        likely = likely or {}
        for person in self.others:
            self.fields[self.other_field(person)] = forms.ChoiceField(
                label=person.new_person_name or person.person_name or str(person.victim),
                choices=self._choices_for(person, [match.victim for match in likely.get(person.pk, [])]),
                initial=(person.linked_victim or person.victim).identifier
                if (person.linked_victim or person.victim)
                else self.NONE,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def other_field(person: SubmissionPerson) -> str:
        return f"other_{person.pk}"

    def _choices_for(self, person: SubmissionPerson, likely: list[Victim]) -> list[tuple[str, str]]:
        chosen = dict.fromkeys(filter(None, [person.linked_victim, person.victim]))
        choices = [(victim.identifier, str(victim)) for victim in chosen]
        choices += [
            (
                victim.identifier,
                _("%(victim)s (%(identifier)s), a likely match") % {"victim": victim, "identifier": victim.identifier},
            )
            for victim in likely[:3]
            if victim not in chosen
        ]
        if person.new_surname or person.person_name:
            choices.append((self.NEW, _("Create a new victim record from the description")))
        return [*choices, (self.NONE, _("No victim"))]

    @property
    def other_fields(self) -> list:
        """The bound radio groups of the other people, for the template to loop over."""
        return [self[self.other_field(person)] for person in self.others]

    def decisions(self) -> list[PersonDecision]:
        decisions = []
        for person in self.others:
            value = self.cleaned_data[self.other_field(person)]
            victim = Victim.objects.filter(identifier=value).first() if value not in (self.NEW, self.NONE) else None
            decisions.append(PersonDecision(person=person, victim=victim, create=value == self.NEW))
        return decisions

    def clean_person(self) -> str:
        value = self.cleaned_data["person"]
        if value in (self.NEW, self.NONE):
            return value
        if not Victim.objects.filter(identifier=value).exists():
            raise ValidationError(_("Choose a victim from the list."))
        return value

    def victim(self) -> Victim | None:
        value = self.cleaned_data["person"]
        return Victim.objects.get(identifier=value) if value not in (self.NEW, self.NONE) else None


# --- a lost status link ---------------------------------------------------------------------------------


class LostLinkForm(forms.Form):
    reference = forms.CharField(
        label=_("Your reference"),
        max_length=20,
        help_text=_("Six letters and digits, e.g. K7M-4QX. It was shown when you sent your testimony."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("The e-mail address you gave"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
