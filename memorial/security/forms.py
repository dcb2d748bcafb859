"""The admin's sign-in form, which asks for the second factor of those who have one, and the setup form."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from memorial.security.two_factor import has_second_factor, verified_device

CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false", "size": 20}
)


class StaffLoginForm(AdminAuthenticationForm):
    """Username, password and, for whoever has set up a second factor, a code from it or a recovery code.

    A wrong code is a failed sign-in like a wrong password: django-axes counts it towards the lockout.
    """

    otp_token = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=32,
        strip=True,
        widget=CODE_WIDGET,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your recovery codes. Leave it empty if you "
            "have not set up two-factor authentication yet."
        ),
    )
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": _("Enter the code from your authenticator app, or one of your recovery codes."),
        "code_invalid": _("This code is wrong, or was already used. Enter the code your app shows now."),
    }

    def clean(self) -> dict:
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not has_second_factor(user):
            return cleaned
        token = cleaned.get("otp_token", "")
        if not token:
            raise forms.ValidationError(self.error_messages["code_required"], code="code_required")
        device = verified_device(user=user, token=token)
        if device is None:
            user_login_failed.send(
                sender=type(self), credentials={"username": cleaned.get("username")}, request=self.request
            )
            raise forms.ValidationError(self.error_messages["code_invalid"], code="code_invalid")
        user.otp_device = device  # django-otp marks the session verified when the sign-in completes
        return cleaned


class AuthenticatorCodeForm(forms.Form):
    """The first code from a newly added authenticator app, which proves it was set up right."""

    token = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10}),
        help_text=_("The six digits the app shows for Yaddaş."),
    )
