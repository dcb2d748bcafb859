"""Forms of the desk's review pages: each action carries the row's ``version``, so of two staff acting at once the
second is told."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from requests_desk.selectors import handling_staff


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


def _text(label, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=5000, widget=forms.Textarea(attrs={"rows": rows}))


class AssignForm(ActionForm):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = handling_staff()
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class NoteForm(ActionForm):
    text = _text(_("Internal note (staff only)"), required=False)


class ApplyForm(ActionForm):
    message = _text(_("Message to the sender (optional): what was changed"), required=False)


class DeclineForm(ActionForm):
    reason = _text(_("Reason (the sender will read it)"))


class GrantForm(ActionForm):
    message = _text(_("Message to the requester (optional)"), required=False)


class AccessDeclineForm(ActionForm):
    reason = _text(_("Reason (the requester will read it)"))


class RevokeForm(ActionForm):
    reason = _text(_("Why access is withdrawn (for the record; the requester is not told)"))
