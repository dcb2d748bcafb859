"""The e-mails the submission workflow sends: each is a pair of templates, ``submissions/email/<name>.subject.txt``
and ``<name>.txt``, rendered in the reader's language and sent once the transaction commits.

Services decide who is told what; this module only renders and sends, so the wording lives in templates (and the
translation catalogues) and not in Python strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def render_mail(name: str, *, language: str, context: dict[str, Any]) -> tuple[str, str]:
    """The subject and body of mail ``name`` in ``language``."""
    with translation.override(language):
        subject = render_to_string(f"submissions/email/{name}.subject.txt", context)
        body = render_to_string(f"submissions/email/{name}.txt", context)
    # A header cannot hold a line break; the body loses only the template file's own last newline.
    return " ".join(subject.split()), body.removesuffix("\n")


def mail_after_commit(name: str, *, recipients: Sequence[str], language: str | None = None, **context: Any) -> None:
    """Send mail ``name`` to ``recipients`` once the current transaction commits (at once outside one). Rendered
    now, while the caller's values are at hand; staff mail defaults to the site's language."""
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    subject, body = render_mail(name, language=language or settings.LANGUAGE_CODE, context=context)
    # After commit: a rolled-back change must not have announced itself.
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=True))
