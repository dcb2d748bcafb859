"""The submissions' background tasks (``archive.jobs``): the lost-link job, every mail, and the scheduled purges."""

from __future__ import annotations

import contextlib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail as django_send_mail
from django.db import connection, transaction
from django.utils import timezone, translation

from archive.jobs import Job
from archive.stored_files import discard_uncommitted_files
from submissions import services
from submissions.models import SubmissionMail

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


@shared_task(base=Job, name="submissions.send_mail", arguments_private=True)
def send_mail(mail_id: int, subject: str, body: str) -> bool:
    """Send one ``SubmissionMail``, once: a mail already sent (or whose row is gone) is not sent again. The row is
    locked while sending, so two runs at once send it once; a run that dies after sending and before marking it
    sends it again when run again (at least once: a lost status link is worse than a second copy).

    A database that cannot lock a row (SQLite) would lock the whole table for as long as the mail server takes, and
    keep the request that sends the next mail from writing it: there the row is read without a lock (its one worker
    thread never runs two tasks at once)."""
    locking = connection.features.has_select_for_update
    with transaction.atomic() if locking else contextlib.nullcontext():
        rows = SubmissionMail.objects.filter(pk=mail_id)
        mail = (rows.select_for_update() if locking else rows).first()
        if mail is None or mail.sent_at is not None:
            return False
        django_send_mail(subject, body, None, mail.recipients, fail_silently=False)
        rows.update(sent_at=timezone.now())
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
