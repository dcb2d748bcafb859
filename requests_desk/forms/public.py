"""The public forms: report a correction, request access. No account; protected as the submission form is (a
honeypot field, a signed stamp that times the form, a rate limit per address in the view)."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from archive.abuse import StampError, issue_stamp, read_stamp
from requests_desk.inputs import AccessRequestDetails, CorrectionDetails
from requests_desk.terms import TERMS_WORDING

HONEYPOT_FILLED = _(
    "The form could not be sent: a field meant to stay empty was filled in, as automatic form fillers do. "
    "Nothing was kept. Turn the form filler off for this page and send it again."
)
TOO_FAST = _("The form was sent very quickly. Nothing was kept: please check it and send it again.")
STAMP_BAD = _("This form is too old or was changed. Nothing was kept: please fill it in again.")


class GuardedForm(forms.Form):
    """A public form with the honeypot and the stamp. The stamp is signed with the form's own salt, so a stamp
    shown for one form is no good for another."""

    stamp_salt: ClassVar[str]

    # Not for people: hidden from view and from screen readers; a bot that fills every field fills it.
    website = forms.CharField(label=_("Leave this empty"), required=False)
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.form_token = ""
        self.seconds_taken: float | None = None

    @classmethod
    def fresh_initial(cls) -> dict[str, str]:
        return {"stamp": issue_stamp(salt=cls.stamp_salt)}

    def clean_stamp(self) -> str:
        try:
            self.form_token, self.seconds_taken = read_stamp(self.cleaned_data["stamp"], salt=self.stamp_salt)
        except StampError:
            raise ValidationError(STAMP_BAD, code="stamp") from None
        return self.cleaned_data["stamp"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(HONEYPOT_FILLED, code="honeypot")
        if self.seconds_taken is not None and self.seconds_taken < settings.PUBLIC_REQUEST_MIN_FILL_SECONDS:
            raise ValidationError(TOO_FAST, code="too_fast")
        return cleaned


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
