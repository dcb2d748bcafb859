"""Forms of the family's status page (an answer, the consent changed, a person added, the submission withdrawn),
and of the page that sends a lost status link again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from submissions.forms.people import OtherPersonForm
from submissions.forms.public import ConsentFields


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
