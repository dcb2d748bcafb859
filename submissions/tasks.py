"""The submissions' background tasks (``archive.jobs``): the lost-link jobs, every mail and text message, and the
scheduled purges."""

from __future__ import annotations

import contextlib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail as django_send_mail
from django.db import connection, transaction
from django.utils import timezone, translation

import sms
from archive.jobs import Job
from archive.stored_files import discard_uncommitted_files
from submissions import services
from submissions.models import SubmissionMail, SubmissionText

TOKEN_SLOT = "TOKEN-SLOT"


@shared_task(base=Job, name="submissions.reissue_link")
def reissue_link(reference: str, email: str, status_url_templates: dict[str, str]) -> bool:
    """The lost-link job, run after the response: the matching, the new token, the log entry and the mail, so the
    page's response time says nothing about whether the reference and address matched. ``status_url_templates`` is
    the absolute status link in each language with ``TOKEN_SLOT`` for the token (built by the view: a task has no
    request). Run twice, it sends a second new link, which replaces the first: harmless, as the family asked."""

    def status_url(token: str) -> str:
        # Called by the service in the submission's language.
        template = status_url_templates.get(translation.get_language(), status_url_templates[settings.LANGUAGE_CODE])
        return template.replace(TOKEN_SLOT, token)

    return services.submission_reissue_link(reference=reference, email=email, status_url=status_url)


class MailJob(Job):
    """A mail that fails for good keeps its text on its ``SubmissionMail`` row, for staff to send it again: the text
    holds the family's private status link, which the row keeps where only the staff who may read the submission see
    it, while the failure (``FailedTask``, read by other staff) keeps only the row's id."""

    def kept_for_retry(self, args: list, kwargs: dict) -> tuple[list, dict]:
        mail_id, subject, body = _mail_arguments(*args, **kwargs)
        if subject or body:
            SubmissionMail.objects.filter(pk=mail_id, sent_at__isnull=True).update(subject=subject, body=body)
        return [mail_id], {}

    def forget_kept(self, args: list, kwargs: dict) -> None:
        mail_id, _subject, _body = _mail_arguments(*args, **kwargs)
        SubmissionMail.objects.filter(pk=mail_id).update(subject="", body="")


def _mail_arguments(mail_id: int, subject: str = "", body: str = "") -> tuple[int, str, str]:
    return mail_id, subject, body


@shared_task(base=MailJob, name="submissions.send_mail")
def send_mail(mail_id: int, subject: str = "", body: str = "") -> bool:
    """Send one ``SubmissionMail``, once: a mail already sent (or whose row is gone) is not sent again. The row is
    locked while sending, so two runs at once send it once; a run that dies after sending and before marking it
    sends it again when run again (at least once: a lost status link is worse than a second copy). Sent again by
    staff after it failed for good, it takes the text its row kept (``MailJob``), and the row lets go of it once sent.

    A database that cannot lock a row (SQLite) would lock the whole table for as long as the mail server takes, and
    keep the request that sends the next mail from writing it: there the row is read without a lock (its one worker
    thread never runs two tasks at once)."""
    locking = connection.features.has_select_for_update
    with transaction.atomic() if locking else contextlib.nullcontext():
        rows = SubmissionMail.objects.filter(pk=mail_id)
        mail = (rows.select_for_update() if locking else rows).first()
        if mail is None or mail.sent_at is not None:
            return False
        if not body:
            subject, body = mail.subject, mail.body
        if not body:
            raise ValueError(f"Mail {mail_id} has no text to send: it was not kept (a failure dismissed)")
        django_send_mail(subject, body, None, mail.recipients, fail_silently=False)
        rows.update(sent_at=timezone.now(), subject="", body="")
    return True


@shared_task(base=Job, name="submissions.send_link_code", arguments_private=True)
def send_link_code(attempt_id: int, reference: str, phone: str) -> bool:
    """The lost-link job of the text-message route, run after the response: if ``reference`` and ``phone`` are one
    submission's, a code is made for the attempt and texted. Run twice, the second run finds the code made and
    sends nothing more."""
    return services.link_code_send(attempt_id=attempt_id, reference=reference, phone=phone)


@shared_task(base=Job, name="submissions.send_text", arguments_private=True)
def send_text(text_id: int, body: str) -> bool:
    """Send one ``SubmissionText``, once, as ``send_mail`` sends a mail (the row locked while sending where the
    database can). A provider that refuses or cannot be reached raises ``sms.SmsError`` (logged by the backend):
    the task is retried with backoff, and one that still fails is listed for staff (``FailedTask``) with the row
    still unsent; nothing is lost."""
    locking = connection.features.has_select_for_update
    with transaction.atomic() if locking else contextlib.nullcontext():
        rows = SubmissionText.objects.filter(pk=text_id)
        text = (rows.select_for_update() if locking else rows).first()
        if text is None or text.sent_at is not None:
            return False
        message = sms.send_text(text.phone, body)
        rows.update(sent_at=timezone.now(), provider_id=message.provider_id[:64])
    return True


# The scheduled jobs (CELERY_BEAT_SCHEDULE): the same services the management commands call.


@shared_task(base=Job, name="submissions.purge_pending_uploads")
def purge_pending_uploads() -> int:
    """Files kept from refused posts of the form, never sent again (``purge_pending_uploads``)."""
    with discard_uncommitted_files():
        return services.pending_uploads_purge()


@shared_task(base=Job, name="submissions.purge_spam_submissions")
def purge_spam_submissions() -> int:
    """The files of spam past its retention (``purge_spam_submissions``); returns the number of files deleted."""
    with discard_uncommitted_files():
        return sum(count for _submission, count in services.spam_submissions_purge())
