"""The family's side: the form in three languages, the confirmation, the status page, and abuse resistance."""

import re
import time

import pytest
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db import DatabaseError
from django.test import Client

from submissions.abuse import issue_stamp
from submissions.models import PendingUpload, Submission, SubmissionEvent
from tests.factories import VictimFactory
from tests.submissions_tests import samples
from tests.submissions_tests.helpers import form_data, open_status_link, pending_paths, stored_files

pytestmark = pytest.mark.django_db

PHOTO = ("family.jpg", samples.jpeg_with_gps(), "Rauf in 1989")
VOICE = ("voice.wav", samples.wav_bytes(), "Mother remembers")


def submit(client, prefix="", **kwargs):
    return client.post(f"{prefix}/submit/", form_data(**kwargs))


def status_link_of(client) -> str:
    page = client.get("/en/submit/received/").content.decode()
    return re.search(r"data-status-link>([^<]+)<", page).group(1).replace("http://testserver", "")


def status_url_of(client) -> str:
    """The status page, once the link on the confirmation page has been followed."""
    return open_status_link(client, status_link_of(client))


@pytest.mark.parametrize(("prefix", "language"), [("", "az"), ("/en", "en"), ("/ru", "ru")])
def test_form_renders_and_accepts_a_submission_in_each_language(client, prefix, language, private_media_root):
    page = client.get(f"{prefix}/submit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'lang="{language}"' in html
    assert 'name="stamp"' in html and 'enctype="multipart/form-data"' in html

    response = submit(client, prefix, files=[PHOTO, VOICE])

    assert response.status_code == 302, response.content.decode()[:2000]
    submission = Submission.objects.get()
    assert submission.language == language
    assert submission.files.count() == 2
    received = client.get(response["Location"])
    assert submission.reference in received.content.decode()
    assert received["Cache-Control"] == "private, no-store"
    assert received["Referrer-Policy"] == "same-origin"


def test_confirmation_gives_a_working_status_link_and_a_wrong_token_is_404(client):
    submit(client, "/en")
    url = status_link_of(client)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 43
    page = client.get(open_status_link(client, url))
    assert page.status_code == 200
    assert Submission.objects.get().reference in page.content.decode()
    assert client.get(url[:-5] + "AAAA/").status_code == 404
    assert client.get("/en/submissions/not-a-token/").status_code == 404


def test_the_family_gets_the_link_by_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, "/en")
    url = status_link_of(client)
    assert any(url in message.body for message in mail.outbox if message.to == ["leyla@example.org"])


def test_victim_can_be_chosen_from_the_archive(client):
    victim = VictimFactory(surname_az="Cəfərov")
    assert client.get(f"/en/submit/?victim={victim.identifier}").status_code == 200
    submit(client, "/en", victim=victim.identifier, person_name="", new_surname="")
    assert Submission.objects.get().victim == victim


def test_invalid_form_keeps_what_was_typed_and_saves_nothing(client):
    response = submit(client, "/en", submitter_email="", rights_confirmed="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rauf Məmmədov" in html
    assert 'role="alert"' in html
    assert not Submission.objects.exists()


def test_family_text_is_escaped(client, reviewer):
    submit(client, "/en", testimony_text="<script>alert('x')</script>", person_name="<b>Rauf</b>")
    client.force_login(reviewer)
    html = client.get(Submission.objects.get().get_review_url()).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<b>Rauf</b>" not in html


# --- hostile files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(samples.hostile_corpus()))
def test_hostile_file_is_refused_naming_it_and_nothing_is_stored(client, case, private_media_root):
    name, content = samples.hostile_corpus()[case]
    response = submit(client, "/en", files=[PHOTO, (name, content, "")])
    assert response.status_code == 400
    assert name in response.content.decode()
    assert not Submission.objects.exists()
    # The good photo is kept for the next attempt; the hostile file is not stored at all.
    assert [row.original_name for row in PendingUpload.objects.all()] == ["family.jpg"]
    assert sorted(stored_files(private_media_root)) == pending_paths(private_media_root)


def test_an_image_too_large_to_process_is_refused_on_the_form_saying_why(client, private_media_root):
    response = submit(client, "/en", files=[PHOTO, ("scan.png", samples.zero_png(), "")])

    assert response.status_code == 400
    page = response.content.decode()
    assert "“scan.png” is too large an image to process: its 9,990 × 10,000 pixels" in page
    assert "Save a copy with fewer pixels (or scan it at a lower resolution) and upload that." in page
    assert not Submission.objects.exists()
    assert [row.original_name for row in PendingUpload.objects.all()] == ["family.jpg"]
    assert sorted(stored_files(private_media_root)) == pending_paths(private_media_root)


def test_oversized_file_is_dropped_while_streaming(client, settings, private_media_root, monkeypatch):
    settings.ARCHIVE_MAX_UPLOAD_SIZE = {**settings.ARCHIVE_MAX_UPLOAD_SIZE, "audio": 10_000}
    long = samples.wav_bytes(seconds=10)  # several 64 KiB chunks
    written: dict[str, int] = {}
    completed: list[str] = []
    real_receive = TemporaryFileUploadHandler.receive_data_chunk
    real_complete = TemporaryFileUploadHandler.file_complete

    def receive(self, raw_data, start):  # what reaches the temporary file
        written[self.file_name] = written.get(self.file_name, 0) + len(raw_data)
        return real_receive(self, raw_data, start)

    def complete(self, file_size):
        completed.append(self.file_name)
        return real_complete(self, file_size)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", receive)
    monkeypatch.setattr(TemporaryFileUploadHandler, "file_complete", complete)

    response = submit(client, "/en", files=[PHOTO, ("long.wav", long, "")])

    assert response.status_code == 400
    # The upload handler's own words (prepare_upload would say "the limit for audio is"): it dropped the file.
    assert "“long.wav” is too large: the limit is 9.8\xa0KB." in response.content.decode()
    assert "family.jpg" in completed and "long.wav" not in completed
    assert written.get("long.wav", 0) <= 10_000 < len(long)  # never fully written, not even one chunk past the limit
    assert not Submission.objects.exists()
    assert [row.original_name for row in PendingUpload.objects.all()] == ["family.jpg"]
    assert sorted(stored_files(private_media_root)) == pending_paths(private_media_root)


def test_request_total_is_capped(client, settings, private_media_root):
    settings.SUBMISSION_MAX_TOTAL_BYTES = len(PHOTO[1]) + 1000
    response = submit(client, "/en", files=[PHOTO, VOICE])
    assert response.status_code == 400
    assert "voice.wav" in response.content.decode()
    assert not Submission.objects.exists()


def test_too_many_files_are_refused(client, settings, private_media_root):
    settings.SUBMISSION_MAX_FILES = 2
    files = [(f"photo{n}.png", samples.png_bytes(), "") for n in range(3)]
    response = submit(client, "/en", files=files)
    assert response.status_code == 400
    assert "photo2.png" in response.content.decode()
    assert not Submission.objects.exists()
    assert sorted(row.original_name for row in PendingUpload.objects.all()) == ["photo0.png", "photo1.png"]
    assert sorted(stored_files(private_media_root)) == pending_paths(private_media_root)


# --- abuse resistance ---------------------------------------------------------------------------------


def test_csrf_is_still_checked(private_media_root):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/en/submit/", form_data(files=[PHOTO]))
    assert response.status_code == 403
    assert not Submission.objects.exists()
    assert stored_files(private_media_root) == []


def test_honeypot_looks_accepted_but_keeps_nothing(client):
    response = submit(client, "/en", website="http://spam.example")
    assert response.status_code == 200
    assert not Submission.objects.exists()


def test_a_form_sent_faster_than_a_person_could_is_refused(client, settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 60
    response = submit(client, "/en")
    assert response.status_code == 400
    assert not Submission.objects.exists()
    settings.SUBMISSION_MIN_FILL_SECONDS = 5
    assert submit(client, "/en", stamp=issue_stamp(issued_at=time.time() - 30)).status_code == 302


def test_a_forged_or_missing_stamp_is_refused(client):
    assert submit(client, "/en", stamp="forged").status_code == 400
    assert not Submission.objects.exists()


def test_rate_limit_per_address(client, settings):
    settings.SUBMISSION_RATE_LIMIT = 2
    assert submit(client, "/en").status_code == 302
    assert submit(client, "/en").status_code == 302
    response = submit(client, "/en")
    assert response.status_code == 429
    assert Submission.objects.count() == 2
    assert "You can send it again after" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 3600
    other = client.post("/en/submit/", form_data(), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_mistakes_do_not_count_against_the_limit_of_accepted_submissions(client, settings):
    settings.SUBMISSION_RATE_LIMIT = 2
    for mistake in ({"rights_confirmed": ""}, {"submitter_name": ""}, {"submitter_email": ""}):
        assert submit(client, "/en", **mistake).status_code == 400
    assert submit(client, "/en").status_code == 302
    assert submit(client, "/en").status_code == 302
    assert submit(client, "/en").status_code == 429  # the accepted ones still count
    assert Submission.objects.count() == 2


def test_a_flood_of_refused_posts_is_blocked(client, settings):
    settings.SUBMISSION_RATE_LIMIT = 2
    codes = [submit(client, "/en", rights_confirmed="").status_code for _ in range(11)]
    assert codes == [400] * 10 + [429]  # five times the limit of accepted submissions
    assert submit(client, "/en").status_code == 429  # then even a good one waits
    assert not Submission.objects.exists()


def test_the_same_form_posted_twice_makes_one_submission(client):
    data = form_data(files=[PHOTO])
    first = client.post("/en/submit/", data)
    data["files-0-file"].seek(0)
    second = client.post("/en/submit/", data)
    assert first.status_code == second.status_code == 302
    assert Submission.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_same_form_from_another_browser_is_told_it_was_received(client):
    data = form_data()
    client.post("/en/submit/", data)
    response = Client().post("/en/submit/", data)
    assert response.status_code == 200
    assert Submission.objects.get().reference in response.content.decode()
    assert Submission.objects.count() == 1


# --- faults -------------------------------------------------------------------------------------------


def test_database_failure_mid_request_leaves_nothing(client, monkeypatch, private_media_root):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SubmissionEvent.objects, "create", broken)
    response = submit(client, "/en", files=[PHOTO, VOICE])
    assert response.status_code == 503
    assert "Nothing was kept" in response.content.decode()
    assert not Submission.objects.exists()
    assert stored_files(private_media_root) == []


def test_storage_failure_mid_request_leaves_nothing(client, monkeypatch, private_media_root):
    real_save = FileSystemStorage._save
    calls = []

    def failing_save(self, name, content):
        calls.append(name)
        if len(calls) > 2:  # the photo and its thumbnail are written; the recording fails
            raise OSError("device not ready")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", failing_save)
    response = submit(client, "/en", files=[PHOTO, VOICE])
    assert response.status_code == 503
    assert not Submission.objects.exists()
    assert stored_files(private_media_root) == []


# --- the status page ----------------------------------------------------------------------------------


def test_family_answers_adds_files_changes_consent_and_withdraws(client, reviewer):
    from submissions.services import submission_ask_family, submission_claim

    submit(client, "/en")
    url = status_url_of(client)
    submission = Submission.objects.get()
    submission_claim(submission=submission, user=reviewer)
    submission_ask_family(submission=submission, user=reviewer, question="Which street was it?")
    assert "Which street was it?" in client.get(url).content.decode()

    response = client.post(url, form_data(files=[VOICE], action="answer", **{"answer-text": "Azadlıq avenue."}))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.IN_REVIEW
    assert submission.files.count() == 1
    assert "Azadlıq avenue." in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "action": "consent",
            "consent-consent": "anonymous",
            "consent-pseudonym": "L. M.",
            "consent-media_consent": "no",
        },
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.consent, submission.media_consent, submission.pseudonym) == ("anonymous", False, "L. M.")

    assert client.post(url, {"action": "withdraw"}).status_code == 400  # not confirmed
    response = client.post(url, {"action": "withdraw", "withdraw-confirm": "on", "withdraw-reason": "Too soon."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.WITHDRAWN
    assert "Withdraw my submission" not in client.get(url).content.decode()


def test_a_hostile_file_on_the_status_page_is_refused_too(client, private_media_root):
    submit(client, "/en")
    url = status_url_of(client)
    before = stored_files(private_media_root)
    response = client.post(url, form_data(files=[("x.svg", b"<svg/>", "")], action="answer"))
    assert response.status_code == 400
    assert "x.svg" in response.content.decode()
    assert stored_files(private_media_root) == before
    assert Submission.objects.get().files.count() == 0


def test_the_same_testimony_filled_in_again_after_a_reload_makes_one_submission(client):
    # A reload or the Back button gives a fresh form; the family types the same testimony again.
    same = "My brother went out on the night of 19 January and did not come back."
    client.post("/en/submit/", form_data(testimony_text=same))
    again = Client().post("/en/submit/", form_data(testimony_text=same))
    assert again.status_code == 200
    assert Submission.objects.get().reference in again.content.decode()
    other_words = form_data()
    other_words["testimony_text"] = "Another night: my father did not come back from the Salyan barracks."
    assert Client().post("/en/submit/", other_words).status_code == 302
    assert Submission.objects.count() == 2
