"""Text messages (``sms``): the backend chosen by SMS_URL, numbers in international form, and Twilio's official client
against a local server that speaks Twilio's Messages API, failing as Twilio can: the failure is logged, the task is
retried, and a text that still fails waits for staff (FailedTask) without being lost."""

from __future__ import annotations

import io
import json
import logging
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.core import checks

import sms
from archive import jobs
from archive.models import FailedTask
from memorial.checks import texts_not_printed
from sms.config import SmsUrlError, backend_from_url
from sms.phones import phone_key, phone_number
from submissions.models import SubmissionText
from submissions.services import submission_ask_family, submission_claim

ACCOUNT = "AC" + "0" * 32
TOKEN = "test-auth-token"


class FakeTwilio(ThreadingHTTPServer):
    """Twilio's ``POST /2010-04-01/Accounts/<sid>/Messages.json`` on 127.0.0.1: answers with the next status of
    ``statuses`` (201 once they run out), and keeps what it received."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _TwilioHandler)
        self.statuses: list[int] = []
        self.received: list[dict] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _TwilioHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        server: FakeTwilio = self.server
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        server.received.append({"path": self.path, "auth": self.headers.get("Authorization", ""), **form})
        status = server.statuses.pop(0) if server.statuses else 201
        if status == 201:
            body = {"sid": "SM" + uuid.uuid4().hex, "status": "queued", "to": form["To"][0], "body": form["Body"][0]}
        else:
            body = {"code": 20500, "message": "Service unavailable", "status": status}
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def twilio(settings):
    server = FakeTwilio()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND, settings.SMS_OPTIONS = backend_from_url(f"twilio://{ACCOUNT}:{TOKEN}@+15005550006")
    settings.SMS_OPTIONS["api_base_url"] = server.url
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def phone_only(make_submission, reviewer):
    receipt = make_submission(submitter_email="", submitter_phone="+994 50 123 45 67", language="en")
    return submission_claim(submission=receipt.submission, user=reviewer)


def test_sms_url_names_the_backend_and_its_options():
    assert backend_from_url("console://") == ("sms.backends.console.SmsBackend", {})
    assert backend_from_url("locmem://") == ("sms.backends.locmem.SmsBackend", {})
    assert backend_from_url("twilio://ACabc:to%2Fken@Yaddas?timeout=10") == (
        "sms.backends.twilio.SmsBackend",
        {"account_sid": "ACabc", "auth_token": "to/ken", "sender": "Yaddas", "timeout": "10"},
    )
    for wrong in ("smtp://x", "twilio://ACabc@+1500", "twilio://ACabc:token@", "console"):
        with pytest.raises(SmsUrlError):
            backend_from_url(wrong)


def test_numbers_are_written_as_a_provider_takes_them():
    assert phone_number("+994 50 123-45-67") == "+994501234567"
    assert phone_number("(050) 123 45 67") == "+994501234567"
    assert phone_number("00994501234567") == "+994501234567"
    assert phone_number("994501234567") == "+994501234567"
    assert phone_number("+7 (912) 345-67-89") == "+79123456789"
    assert phone_number("call my neighbour") == phone_number("+12") == phone_number("+٠٥٠١٢٣٤٥٦٧") == ""
    assert phone_key("050 123 45 67") == phone_key("+994501234567")
    assert phone_key("12 34 56") == "123456" and phone_key("12") == ""


def test_the_console_backend_prints_each_message():
    stream = io.StringIO()

    sent = sms.get_backend("sms.backends.console.SmsBackend", stream=stream).send_messages(
        [sms.TextMessage(to="+994501234567", body="Salam")]
    )

    assert sent == 1
    assert "Text message to +994501234567\nSalam\n" in stream.getvalue()


def test_the_deploy_checks_warn_when_texts_are_printed(settings):
    settings.SMS_BACKEND = "sms.backends.console.SmsBackend"
    [warning] = texts_not_printed(None)
    assert warning.id == "memorial.W005" and warning.level == checks.WARNING
    settings.SMS_BACKEND = "sms.backends.twilio.SmsBackend"
    assert texts_not_printed(None) == []


def test_twilio_sends_the_question_through_its_official_client(
    twilio, phone_only, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission_ask_family(submission=phone_only, user=reviewer, question="Which street?")

    [request] = twilio.received
    assert request["path"] == f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    assert request["auth"].startswith("Basic ")
    assert request["To"] == ["+994501234567"] and request["From"] == ["+15005550006"]
    assert "Which street?" in request["Body"][0]
    text = SubmissionText.objects.get(name="question")
    assert text.sent_at is not None and text.provider_id.startswith("SM")


def test_a_twilio_failure_is_logged_and_retried_and_nothing_is_lost(
    twilio, phone_only, reviewer, caplog, django_capture_on_commit_callbacks
):
    twilio.statuses = [503, 500]  # then 201

    with caplog.at_level(logging.WARNING, logger="sms"), django_capture_on_commit_callbacks(execute=True):
        message = submission_ask_family(submission=phone_only, user=reviewer, question="Which street?")

    assert message.pk  # the reviewer's question was saved: the provider is not the request's business
    assert len(twilio.received) == 3
    failures = [record for record in caplog.records if record.name == "sms.backends.twilio"]
    assert len(failures) == 2
    assert "+99450*****67" in failures[0].getMessage() and "+994501234567" not in failures[0].getMessage()
    assert "Which street?" not in failures[0].getMessage()
    assert SubmissionText.objects.get(name="question").sent_at is not None
    assert not FailedTask.objects.exists()


def test_a_text_twilio_keeps_refusing_waits_for_staff_and_is_sent_once_retried(
    twilio, phone_only, reviewer, curator, client, django_capture_on_commit_callbacks
):
    twilio.statuses = [500] * 6  # the first try and five retries

    with django_capture_on_commit_callbacks(execute=True):
        submission_ask_family(submission=phone_only, user=reviewer, question="Which street?")

    failed = FailedTask.objects.get()
    assert failed.task_name == "submissions.send_text" and failed.arguments_private
    assert "SmsError" in failed.error and failed.attempts == 6
    text = SubmissionText.objects.get(name="question")
    assert text.sent_at is None
    client.force_login(curator)
    assert "submissions.send_text" in client.get("/en/admin/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        jobs.failed_task_retry(failed=failed, user=curator)

    assert len(twilio.received) == 7
    assert "Which street?" in twilio.received[-1]["Body"][0]
    text.refresh_from_db()
    assert text.sent_at is not None
    # Run once more (a second delivery): already sent, not sent again.
    from submissions import tasks

    assert tasks.send_text.apply(args=(text.pk, "again")).result is False
    assert len(twilio.received) == 7


def test_an_unreachable_twilio_is_a_failure_like_a_refusal(settings, twilio):
    settings.SMS_OPTIONS = {**settings.SMS_OPTIONS, "api_base_url": "http://127.0.0.1:9", "timeout": "2"}

    with pytest.raises(sms.SmsError):
        sms.send_text("+994501234567", "Salam")
