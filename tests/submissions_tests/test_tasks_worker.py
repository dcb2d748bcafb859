"""Mail through the real Redis and a real Celery worker: sent by the worker, once however often its task runs."""

from __future__ import annotations

import pytest
from celery import shared_task
from django.core import mail

from archive import jobs
from submissions import tasks
from submissions.models import Submission, SubmissionEvent, SubmissionMail
from tests.celery_worker import wait_until
from tests.submissions_tests.helpers import form_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

reached: list[str] = []


@shared_task(base=jobs.Job, name="tests.tasks_worker.marker")
def marker(label: str) -> None:
    """Sent after other tasks: one worker takes its queue in order, so once this has run, they have."""
    reached.append(label)


def test_a_submissions_mail_is_sent_by_the_worker(background_worker, client, reviewer):
    response = client.post("/en/submit/", form_data(rights_confirmed="on"))
    assert response.status_code == 302

    wait_until(lambda: len(mail.outbox) == 2, message="the worker never sent the two mails")
    submission = Submission.objects.get()
    assert sorted(message.to[0] for message in mail.outbox) == sorted([submission.submitter_email, reviewer.email])
    assert submission.reference in mail.outbox[0].subject
    wait_until(lambda: not SubmissionMail.objects.filter(sent_at__isnull=True).exists())


def test_a_mail_task_run_twice_sends_one_mail(background_worker, make_submission):
    reached.clear()
    submission = make_submission(submitter_email="").submission  # no mail of its own, and no reviewer to tell
    event = submission.events.get(action=SubmissionEvent.Action.RECEIVED)
    row = SubmissionMail.objects.create(submission=submission, event=event, name="question", recipients=["a@b.example"])

    for _ in range(2):  # as a task given back by a worker that died, and run again
        jobs.enqueue(tasks.send_mail, row.pk, "A question", "Please answer on your status page.")
    jobs.enqueue(marker, "after both")
    wait_until(lambda: reached == ["after both"])

    assert [message.subject for message in mail.outbox] == ["A question"]
    assert SubmissionMail.objects.get(pk=row.pk).sent_at is not None
