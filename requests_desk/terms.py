"""The terms a researcher agrees to when asking for a record's closed files: shown on the form, stored with the
request in the words and language they were shown in."""

from django.utils.translation import gettext_lazy as _

TERMS_VERSION = "2026-01"
TERMS_WORDING = _(
    "I will use these files only for the purpose I described. I will not publish them or pass them on without the "
    "archive’s written permission, and I will cite the archive and the record’s identifier in anything I make from "
    "them."
)
