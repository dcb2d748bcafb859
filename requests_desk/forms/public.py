"""The public forms: report a correction, request access. No account; protected as the submission form is (a
honeypot field, a signed stamp that times the form, a rate limit per address in the view)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.guarded_form import GuardedForm as BaseGuardedForm
from requests_desk.inputs import AccessRequestDetails, CorrectionDetails
from requests_desk.terms import TERMS_WORDING


class GuardedForm(BaseGuardedForm):
    min_fill_setting = "PUBLIC_REQUEST_MIN_FILL_SECONDS"


def _text(label, *, help_text="", rows: int = 4, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class CorrectionForm(GuardedForm):
    stamp_salt = "requests_desk.correction-stamp"

    what_is_wrong = _text(
        _("What is wrong?"), help_text=_("Quote or describe what the page says, e.g. “The date of birth is 1965”.")
    )
    what_is_right = _text(_("What is right?"), help_text=_("What it should say instead."))
    source = _text(
        _("How do you know?"),
        help_text=_("A document, a book, a grave, a family member: e.g. “I am his sister” or a book and its page."),
        rows=3,
    )
    sender_name = forms.CharField(
        label=_("Your name"), required=False, max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    sender_email = forms.EmailField(
        label=_("Your e-mail"),
        required=False,
        help_text=_("If you give it, we will tell you what we did. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["what_is_wrong", "what_is_right", "source", "sender_name", "sender_email", "website", "stamp"]

    def details(self) -> CorrectionDetails:
        data = self.cleaned_data
        return CorrectionDetails(
            what_is_wrong=data["what_is_wrong"],
            what_is_right=data["what_is_right"],
            source=data["source"],
            sender_name=data["sender_name"],
            sender_email=data["sender_email"],
        )


class AccessRequestForm(GuardedForm):
    stamp_salt = "requests_desk.access-stamp"

    requester_name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    requester_email = forms.EmailField(
        label=_("Your e-mail"),
        help_text=_("The link to the files is sent here. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    purpose = _text(
        _("Why do you need the files?"),
        help_text=_("Your research or work, your institution if you have one, and what you will do with the files."),
        rows=5,
    )
    terms_agreed = forms.BooleanField(label=TERMS_WORDING)

    field_order = ["requester_name", "requester_email", "purpose", "terms_agreed", "website", "stamp"]

    def details(self) -> AccessRequestDetails:
        data = self.cleaned_data
        return AccessRequestDetails(
            requester_name=data["requester_name"],
            requester_email=data["requester_email"],
            purpose=data["purpose"],
            terms_agreed=data["terms_agreed"],
        )
