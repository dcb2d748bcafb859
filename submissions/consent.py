"""The consent wording a family agrees to. Each version is kept for ever: a submission stores the exact text it
was shown (in the language it was shown in) with the version and the date, so what was agreed can be proven.

Change the wording only by adding a new version; never edit a published one.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CONSENT_VERSION = "2025-1"

CHOICE_WORDING = {
    "named": _("The archive may publish my testimony with my name."),
    "anonymous": _("The archive may publish my testimony without my name, under my initials or the pseudonym I give."),
    "archive_only": _("The archive may keep my testimony, but must never make it public."),
}
MEDIA_WORDING = {
    True: _("The photographs and recordings I send may be shown to the public with the testimony."),
    False: _("The photographs and recordings I send must not be shown to the public."),
}
RIGHTS_WORDING = _(
    "I confirm that I have the right to share what I send (I made it, or the person who did agrees), and that "
    "the archive may keep it. I can change my choice or withdraw at any time from my private status page."
)


def consent_text(*, choice: str, media: bool) -> str:
    """The full statement for these choices, in the active language, as it will be stored."""
    return (
        "\n".join([str(CHOICE_WORDING[choice]), str(MEDIA_WORDING[bool(media)]), str(RIGHTS_WORDING)])
        + "\n"
        + gettext("Consent version %(version)s.") % {"version": CONSENT_VERSION}
    )
