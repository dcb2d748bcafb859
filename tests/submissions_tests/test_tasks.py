"""The submissions' background tasks with no broker (the embedded default): every mail is a row of its step, sent
once by a task after the commit; the scheduled purges are the commands' work."""

from __future__ import annotations

import datetime
import json
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from archive import jobs
from archive.models import FailedTask
from submissions import tasks
from submissions.models import PendingUpload, Submission, SubmissionEvent, SubmissionMail
from submissions.services import submission_ask_family, submission_claim, submission_mark_spam
from tests.submissions_tests import samples
from tests.submissions_tests.conftest import incoming
from tests.submissions_tests.helpers import form_data, stored_files

WAIT = 30  # seconds: a guard against a hung test


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_a_broker_the_mail_is_sent_after_the_response(client, settings, reviewer):
    settings.BACKGROUND_TASKS_SYNC = False
    response = client.post("/en/submit/", form_data(rights_confirmed="on"))
    assert response.status_code == 302
    jobs.wait_for_jobs(timeout=WAIT)
    submission = Submission.objects.get()
    family, staff = sorted(mail.outbox, key=lambda message: message.to != [submission.submitter_email])
    assert submission.reference in family.subject and "/en/submissions/" in family.body
    assert staff.to == [reviewer.email]
    received = submission.events.get(action=SubmissionEvent.Action.RECEIVED)
    assert sorted(received.mails.values_list("name", flat=True)) == ["new_submission", "received"]
    assert all(row.sent_at is not None for row in SubmissionMail.objects.all())


def test_a_mail_task_run_twice_sends_once(make_submission, django_capture_on_commit_callbacks):
    sent = []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_submission()
    for callback in callbacks:  # the mail tasks, run twice each (a worker that died before acknowledging)
        callback()
        sent.append(len(mail.outbox))
        callback()
        sent.append(len(mail.outbox))
    assert sent == [1, 1]  # the family's mail; no reviewer has an address here
    row = SubmissionMail.objects.get()
    assert row.name == "received" and row.sent_at is not None
    assert tasks.send_mail.apply(args=(row.pk, "again", "again")).result is False
    assert len(mail.outbox) == 1


def test_a_step_rolled_back_sends_nothing(make_submission, curator, django_capture_on_commit_callbacks):
    submission = submission_claim(submission=make_submission().submission, user=curator)
    mail.outbox.clear()
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        submission_ask_family(submission=submission, user=curator, question="When was the photograph taken?")
        raise RuntimeError
    assert mail.outbox == [] and not SubmissionMail.objects.filter(name="question").exists()


def test_a_mail_server_that_keeps_failing_is_retried_then_shown_to_staff_without_the_link(
    make_submission, monkeypatch, client, curator, django_capture_on_commit_callbacks
):
    tries = []

    def refused(*args, **kwargs):
        tries.append(1)
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    monkeypatch.setattr(tasks, "django_send_mail", refused)
    with django_capture_on_commit_callbacks(execute=True):
        receipt = make_submission()
    assert len(tries) == tasks.send_mail.max_retries + 1
    failed = FailedTask.objects.get()
    row = SubmissionMail.objects.get()
    assert (
        failed.task_name == "submissions.send_mail"
        and "SMTPServerDisconnected: the mail server went away" in failed.error
    )
    # The failure keeps only which mail; the mail's row keeps its recipient and text, status link included.
    assert failed.arguments == [row.pk] and failed.keyword_arguments == {} and not failed.arguments_private
    assert receipt.token not in json.dumps(model_to_dict(failed), default=str)
    assert row.sent_at is None and row.recipients == ["leyla@example.org"]
    assert receipt.token in row.body and receipt.submission.reference in row.subject

    client.force_login(curator)
    home = client.get("/en/admin/").content.decode()
    assert "the mail server went away" in home and receipt.token not in home
    detail = client.get(f"/en/admin/archive/failedtask/{failed.pk}/change/").content.decode()
    assert receipt.token not in detail
    submission_page = client.get(f"/en/admin/submissions/submission/{receipt.submission.pk}/change/").content.decode()
    assert row.subject in submission_page and receipt.token not in submission_page  # waiting, its link not shown

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/admin/archive/failedtask/", {"action": "retry", "_selected_action": [failed.pk]}, follow=True
        )
    assert "1 task is run again." in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["leyla@example.org"] and receipt.token in message.body
    row.refresh_from_db()
    assert row.sent_at is not None and (row.subject, row.body) == ("", "")  # the link is no longer kept
    assert FailedTask.objects.get().resolution == FailedTask.Resolution.RETRIED


def test_a_failed_mail_dismissed_by_staff_lets_go_of_its_text(
    make_submission, monkeypatch, curator, django_capture_on_commit_callbacks
):
    def refused(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"leyla@example.org": (550, b"no such mailbox")})

    monkeypatch.setattr(tasks, "django_send_mail", refused)
    with django_capture_on_commit_callbacks(execute=True):
        make_submission()
    assert SubmissionMail.objects.get().body
    jobs.failed_task_dismiss(failed=FailedTask.objects.get(), user=curator)
    row = SubmissionMail.objects.get()
    assert (row.subject, row.body, row.sent_at) == ("", "", None)
    assert FailedTask.objects.get().resolution == FailedTask.Resolution.DISMISSED


def test_the_scheduled_purges_are_the_commands_work(
    client, reviewer, make_submission, private_media_root, settings, django_capture_on_commit_callbacks
):
    response = client.post(
        "/en/submit/", form_data(files=[("family.jpg", samples.jpeg_with_gps(), "")], rights_confirmed="")
    )
    assert response.status_code == 400  # refused (no rights box): its file is kept, pending
    PendingUpload.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    spam = make_submission(files=[incoming("x.png", samples.png_bytes())]).submission
    submission_mark_spam(submission=spam, user=reviewer)
    Submission.objects.filter(pk=spam.pk).update(closed_at=timezone.now() - datetime.timedelta(days=31))
    assert len(stored_files(private_media_root)) == 4  # the pending photo, the spam image, their thumbnails

    with django_capture_on_commit_callbacks(execute=True):
        jobs.run_here(tasks.purge_pending_uploads)
        jobs.run_here(tasks.purge_spam_submissions)
    assert not PendingUpload.objects.exists()
    assert spam.files.get().purged_at is not None
    assert stored_files(private_media_root) == []
    # Run again (beat fires while a worker retries): nothing more to do, nothing failed.
    assert tasks.purge_spam_submissions.apply().result == 0
    assert tasks.purge_pending_uploads.apply().result == 0
    assert not FailedTask.objects.exists()
