"""The public submission form: the submitter, the person, the testimony and its files, and the consent."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

from archive.ingest import IngestError, prepare_upload
from submissions.abuse import StampError, read_stamp
from submissions.consent import CHOICE_WORDING, MEDIA_WORDING, RIGHTS_WORDING
from submissions.forms.people import PersonForm
from submissions.inputs import IncomingFile, PersonDetails, SubmissionDetails
from submissions.models import Submission

FILE_SLOTS = 4
# What the public form requires beyond single fields; submit.js checks the same before sending (client_checks).
NEED_CONTACT = _("Give an e-mail address or a phone number, so we can reach you.")
NEED_TESTIMONY = _("Write your testimony, or add a recording or a file.")
NEED_PERSON = _("Tell us whom your testimony is about: choose or write a name.")
NEED_PSEUDONYM = _("To publish anonymously, give the initials or the pseudonym to show instead of your name.")


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
