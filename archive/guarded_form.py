"""The base of the public forms that take anonymous posts (corrections, access requests, remembrance messages): the
honeypot field and the signed stamp of ``archive.abuse``, checked in one place. The rate limit per address is the
view's (``archive.abuse.rate_limited``)."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from archive.abuse import StampError, issue_stamp, read_stamp


class GuardedForm(forms.Form):
    """A public form with the honeypot and the stamp. Each form names its stamp's salt (a stamp shown for one form
    is no good for another) and the setting that says how many seconds a person takes at least; it may say its
    refusals in its own words."""

    stamp_salt: ClassVar[str]
    min_fill_setting: ClassVar[str]
    honeypot_filled: ClassVar[str] = _(
        "The form could not be sent: a field meant to stay empty was filled in, as automatic form fillers do. "
        "Nothing was kept. Turn the form filler off for this page and send it again."
    )
    too_fast: ClassVar[str] = _("The form was sent very quickly. Nothing was kept: please check it and send it again.")
    stamp_bad: ClassVar[str] = _("This form is too old or was changed. Nothing was kept: please fill it in again.")

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
            raise ValidationError(self.stamp_bad, code="stamp") from None
        return self.cleaned_data["stamp"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(self.honeypot_filled, code="honeypot")
        if self.seconds_taken is not None and self.seconds_taken < getattr(settings, self.min_fill_setting):
            raise ValidationError(self.too_fast, code="too_fast")
        return cleaned
