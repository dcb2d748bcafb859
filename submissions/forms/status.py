"""Forms of the family's status page (an answer, the consent changed, a person added, the submission withdrawn),
and of the pages that give a lost status link again (by e-mail, or with a code texted)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sms.phones import phone_key
from submissions.abuse import StampError, read_stamp
from submissions.forms.people import OtherPersonForm
from submissions.forms.public import ConsentFields
from submissions.models import CODE_DIGITS


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer or message"), required=False, max_length=50_000, widget=forms.Textarea(attrs={"rows": 5})
    )


class FamilyConsentForm(ConsentFields):
    pass


class AddPersonForm(OtherPersonForm):
    """One more person, added later on the status page: here the row cannot be left empty."""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and self.person().is_empty:
            self.add_error("person_name", _("Tell us whom: choose the person from the archive or write a name."))
        return cleaned


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw my submission. Anything published from it will be hidden at once.")
    )
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


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


class LostLinkTextForm(forms.Form):
    """The text-message route: the reference and the phone number given with the submission. Protected as the
    submission form is: a field only bots fill, and a signed stamp that says how long the form was open."""

    reference = LostLinkForm.base_fields["reference"]
    phone = forms.CharField(
        label=_("The phone number you gave"),
        max_length=40,
        help_text=_("With its country code if it is not an Azerbaijani number, e.g. +994 50 123 45 67."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    # Not for people: hidden from view and from screen readers; a bot that fills every field fills it.
    website = forms.CharField(label=_("Leave this empty"), required=False)
    stamp = forms.CharField(widget=forms.HiddenInput)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if not phone_key(phone):
            raise ValidationError(_("Write the phone number in digits, e.g. +994 50 123 45 67."), code="phone")
        return phone

    def clean_stamp(self) -> str:
        try:
            _token, seconds = read_stamp(self.cleaned_data["stamp"])
        except StampError:
            raise ValidationError(
                _("This form is too old or was changed. Please fill it in again."), code="stamp"
            ) from None
        if seconds < settings.SUBMISSION_MIN_FILL_SECONDS:
            raise ValidationError(
                _("The form was sent very quickly. Please check it and send it again."), code="too_fast"
            )
        return self.cleaned_data["stamp"]


class LinkCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The code we texted you"),
        max_length=20,
        help_text=_("The six digits of the text message."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).replace("-", "")
        if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
            raise ValidationError(
                _("The code is %(digits)d digits, as in the text message.") % {"digits": CODE_DIGITS}, code="code"
            )
        return code
