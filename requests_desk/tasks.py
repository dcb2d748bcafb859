"""The desk's background task (``archive.jobs``): its mails."""

from __future__ import annotations

import contextlib

from celery import shared_task
from django.core.mail import send_mail as django_send_mail
from django.db import connection, transaction
from django.utils import timezone

from archive.jobs import Job
from requests_desk.models import DeskMail


@shared_task(base=Job, name="requests_desk.send_mail", arguments_private=True)
def send_mail(mail_id: int, subject: str, body: str) -> bool:
    """Send one ``DeskMail``, once: a mail already sent (or whose row is gone) is not sent again. As the submissions'
    mails: the row is locked while sending where the database can lock a row, and read without a lock on SQLite,
    whose one worker thread never runs two tasks at once. An access link is in the body: the arguments are private."""
    locking = connection.features.has_select_for_update
    with transaction.atomic() if locking else contextlib.nullcontext():
        rows = DeskMail.objects.filter(pk=mail_id)
        mail = (rows.select_for_update() if locking else rows).first()
        if mail is None or mail.sent_at is not None:
            return False
        django_send_mail(subject, body, None, mail.recipients, fail_silently=False)
        rows.update(sent_at=timezone.now())
    return True
