"""The e-mails and text messages the submission workflow sends. An e-mail is a pair of templates,
``submissions/email/<name>.subject.txt`` and ``<name>.txt``; a text one template, ``submissions/sms/<name>.txt``.
Each is rendered in the reader's language and sent by a background task once the transaction commits.

Services decide who is told what; this module only renders and sends, so the wording lives in templates (and the
translation catalogues) and not in Python strings.

Each mail is a ``SubmissionMail`` row (each text a ``SubmissionText``) of the step (``SubmissionEvent``) that sends
it, made in the step's transaction: a step rolled back sends nothing, and the task marks the row sent, so a task run
twice (a worker that died after sending) sends it once. The text is rendered at once, while the caller's values are
at hand (a family's status link exists only in the request that made it: only its hash is stored), and travels with
the task.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from archive.jobs import enqueue
from sms import phone_number
from submissions.models import SubmissionEvent, SubmissionMail, SubmissionText

# Twilio takes at most 1,600 characters; one in Azerbaijani or Russian letters goes as 67-character parts.
TEXT_MAX_CHARACTERS = 1600


def render_mail(name: str, *, language: str, context: dict[str, Any]) -> tuple[str, str]:
    """The subject and body of mail ``name`` in ``language``."""
    with translation.override(language):
        subject = render_to_string(f"submissions/email/{name}.subject.txt", context)
        body = render_to_string(f"submissions/email/{name}.txt", context)
    # A header cannot hold a line break; the body loses only the template file's own last newline.
    return " ".join(subject.split()), body.removesuffix("\n")


def mail_after_commit(
    name: str, *, event: SubmissionEvent, recipients: Sequence[str], language: str | None = None, **context: Any
) -> SubmissionMail | None:
    """Send mail ``name``, about ``event``'s step, to ``recipients`` once the current transaction commits (at once
    outside one), in the background. Staff mail defaults to the site's language."""
    from submissions import tasks  # tasks use the services, which use this module

    recipients = [address for address in recipients if address]
    if not recipients:
        return None
    subject, body = render_mail(name, language=language or settings.LANGUAGE_CODE, context=context)
    mail = SubmissionMail.objects.create(submission=event.submission, event=event, name=name, recipients=recipients)
    enqueue(tasks.send_mail, mail.pk, subject, body)
    return mail


def render_text(name: str, *, language: str, context: dict[str, Any]) -> str:
    """The body of text message ``name`` in ``language``: no blank lines but those the template means."""
    with translation.override(language):
        body = render_to_string(f"submissions/sms/{name}.txt", context)
    return body.strip()[:TEXT_MAX_CHARACTERS]


def text_after_commit(
    name: str, *, event: SubmissionEvent, phone: str, language: str, **context: Any
) -> SubmissionText | None:
    """Text message ``name``, about ``event``'s step, to ``phone`` (as the family typed it) once the current
    transaction commits, in the background. None when the number cannot be written in international form: no
    provider could deliver it, and staff still see the number on the review page."""
    from submissions import tasks

    number = phone_number(phone)
    if not number:
        return None
    body = render_text(name, language=language, context=context)
    text = SubmissionText.objects.create(submission=event.submission, event=event, name=name, phone=number)
    enqueue(tasks.send_text, text.pk, body)
    return text
