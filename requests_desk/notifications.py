"""The mails the desk sends to the people who wrote to it: each a pair of templates,
``requests_desk/email/<name>.subject.txt`` and ``<name>.txt``, rendered in the language of the form they used.

Services decide who is told what; this module renders and sends. Each mail is a ``DeskMail`` row of the step that
sends it, made in the step's transaction: a step rolled back sends nothing. The text is rendered at once, while
the caller's values are at hand (an access link exists only in the request that made it: only its hash is stored),
and travels with the task, which marks the row sent, so a task run twice sends it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from archive.jobs import enqueue
from requests_desk import tasks
from requests_desk.models import AccessEvent, CorrectionEvent, DeskMail


def render_mail(name: str, *, language: str, context: dict[str, Any]) -> tuple[str, str]:
    """The subject and body of mail ``name`` in ``language``."""
    with translation.override(language):
        subject = render_to_string(f"requests_desk/email/{name}.subject.txt", context)
        body = render_to_string(f"requests_desk/email/{name}.txt", context)
    # A header cannot hold a line break; the body loses only the template file's own last newline.
    return " ".join(subject.split()), body.removesuffix("\n")


def mail_after_commit(
    name: str, *, event: CorrectionEvent | AccessEvent, recipients: Sequence[str], language: str, **context: Any
) -> DeskMail | None:
    """Send mail ``name``, about ``event``'s step, to ``recipients`` once the current transaction commits."""
    recipients = [address for address in recipients if address]
    if not recipients:
        return None
    subject, body = render_mail(name, language=language, context=context)
    step = {"correction_event": event} if isinstance(event, CorrectionEvent) else {"access_event": event}
    mail = DeskMail.objects.create(name=name, recipients=recipients, **step)
    enqueue(tasks.send_mail, mail.pk, subject, body)
    return mail
