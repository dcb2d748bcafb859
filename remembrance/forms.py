"""The public form (a message, a name) and the staff's forms (a decision, closing or opening a victim's messages).

The public form is protected as the submission form is, without a CAPTCHA (``archive.abuse``): a honeypot field, a
signed stamp that times the form and makes each showing one message, and a rate limit per address in the view."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.guarded_form import GuardedForm
from remembrance.models import MAX_NAME, MAX_TEXT, Message
from remembrance.text import REMOVED, clean_message, has_words

STAMP_SALT = "remembrance.form-stamp"  # a stamp shown for another form is no good for this one
ONLY_LINKS = _("Write a few words: links and e-mail addresses are not kept, and nothing else was left.")


class MessageForm(GuardedForm):
    stamp_salt = STAMP_SALT
    min_fill_setting = "REMEMBRANCE_MIN_FILL_SECONDS"
    honeypot_filled = _(
        "The message could not be sent: a field meant to stay empty was filled in, as automatic form fillers do. "
        "Nothing was kept. Turn the form filler off for this page and send it again."
    )
    too_fast = _("The message was sent very quickly. Nothing was kept: please read it again and send it.")
    stamp_bad = _("This form is too old or was changed. Nothing was kept: please write your message again.")

    text = forms.CharField(
        label=_("Your message"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=MAX_NAME,
        required=False,
        help_text=_("Shown with your message. Leave it empty to write without a name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Formatted here, in the page's language: a lazy text formatted at import would be in the server's.
        self.fields["text"].help_text = gettext(
            "Up to %(count)s characters. Links and e-mail addresses are removed."
        ) % {"count": MAX_TEXT}

    def clean_text(self) -> str:
        text = clean_message(self.cleaned_data["text"])
        if not has_words(text):
            raise ValidationError(ONLY_LINKS, code="no_words")
        return text

    def clean_name(self) -> str:
        # A name is words, never an address: an address in it is dropped without a trace.
        name = clean_message(self.cleaned_data["name"]).replace(REMOVED, " ")
        return " ".join(name.split()) if has_words(name) else ""


class DecisionForm(forms.Form):
    """Approve or reject one message, as it was when the curator saw it (``seen``): a decision someone else took
    meanwhile is not overturned unseen."""

    decision = forms.ChoiceField(choices=[(name, name) for name in Message.DECISIONS])
    seen = forms.ChoiceField(choices=Message.State.choices)


class SettingForm(forms.Form):
    """Close a victim's messages, or open them again (``closed``, set by the page to the other of the two); the note
    says at whose request or why."""

    closed = forms.TypedChoiceField(
        choices=[("0", "0"), ("1", "1")], coerce=lambda value: value == "1", widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Why"),
        max_length=500,
        help_text=_("Staff only: e.g. “at the request of his sister, by phone on 3 March”."),
    )
