"""Forms of the public submission pages and the review page. Fields are listed explicitly."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from archive.ingest import IngestError, prepare_upload
from archive.models import Victim
from submissions.abuse import StampError, read_stamp
from submissions.consent import CHOICE_WORDING, MEDIA_WORDING, RIGHTS_WORDING
from submissions.models import Submission
from submissions.services import IncomingFile, SubmissionDetails

FILE_SLOTS = 4


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
        label=_("Initials or pseudonym (if anonymous)"),
        required=False,
        max_length=100,
        help_text=_("Shown instead of your name. Leave empty to be shown as “anonymous narrator”."),
    )
    media_consent = forms.TypedChoiceField(
        label=_("May your photographs and recordings be shown?"),
        choices=[("yes", MEDIA_WORDING[True]), ("no", MEDIA_WORDING[False])],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class SubmissionForm(ConsentFields):
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
    victim = forms.ModelChoiceField(
        label=_("The person, if already in the archive"),
        queryset=Victim.objects.none(),
        to_field_name="identifier",
        required=False,
        empty_label=_("— not in the list, or I am not sure —"),
    )
    person_name = forms.CharField(
        label=_("Name of the person"),
        required=False,
        max_length=300,
        help_text=_("As you know it, in any spelling. We will find them in the archive."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-suggest": "1"}),
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
        self.fields["victim"].queryset = Victim.objects.public().order_by("sort_key")
        self.fields["victim"].label_from_instance = lambda victim: f"{victim.full_name} ({victim.identifier})"
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
                _("The form was sent very quickly. Please check it, choose your files again, and send it."),
                code="too_fast",
            )
        if not (cleaned.get("submitter_email") or cleaned.get("submitter_phone")):
            self.add_error("submitter_email", _("Give an e-mail address or a phone number, so we can reach you."))
        if not (cleaned.get("testimony_text") or "").strip() and not self.has_files:
            self.add_error("testimony_text", _("Write your testimony, or add a recording or a file."))
        if not (cleaned.get("victim") or cleaned.get("person_name") or cleaned.get("new_surname")):
            self.add_error("person_name", _("Tell us whom your testimony is about: choose or write a name."))
        return cleaned

    def details(self) -> SubmissionDetails:
        data = self.cleaned_data
        names = [name for name in SubmissionDetails.__dataclass_fields__ if name in data and name != "language"]
        return SubmissionDetails(**{name: data[name] for name in names})


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


class LinkVictimForm(ActionForm):
    victim = forms.ModelChoiceField(queryset=Victim.objects.all(), to_field_name="identifier")


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

    def __init__(self, *args, submission: Submission, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].queryset = submission.files.filter(purged_at__isnull=True)
        self.fields["files"].label_from_instance = lambda row: row.caption or row.get_kind_display()

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
