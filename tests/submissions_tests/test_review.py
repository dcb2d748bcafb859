"""The staff side: queue, review page, actions through the services, private files, spam purge."""

import hashlib
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from archive.models import Status, Testimony, Victim
from submissions.models import Submission
from submissions.services import PersonDetails, submission_claim, submission_mark_spam
from tests.factories import UserFactory, VictimFactory
from tests.recordings import ffprobe_path, make_recording
from tests.submissions_tests import samples
from tests.submissions_tests.conftest import incoming
from tests.submissions_tests.helpers import form_data, stored_files

pytestmark = pytest.mark.django_db


def test_review_needs_a_staff_login(client, make_submission):
    submission = make_submission().submission
    for url in ["/en/review/", submission.get_review_url()]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(UserFactory(is_staff=False))
    assert client.get("/en/review/").status_code == 403


def test_queue_lists_oldest_first_with_counts_and_filters(client, reviewer, make_submission):
    first = make_submission().submission
    second = make_submission().submission
    spam = make_submission().submission
    submission_mark_spam(submission=spam, user=reviewer)
    client.force_login(reviewer)
    html = client.get("/en/review/").content.decode()
    assert html.index(first.reference) < html.index(second.reference)
    assert spam.reference not in html
    assert "Spam (1)" in html and "New (2)" in html
    assert spam.reference in client.get("/en/review/?state=spam").content.decode()
    submission_claim(submission=second, user=reviewer)
    mine = client.get("/en/review/?state=open&mine=1").content.decode()
    assert second.reference in mine and first.reference not in mine


def test_review_page_shows_everything_and_matches_victims_across_scripts(client, reviewer, make_submission):
    victim = VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_ru="Мамедов", death_date="1990-01-20")
    VictimFactory(surname_az="Cəfərov", given_name_az="Elçin")
    submission = make_submission(
        person_name="Мамедов Рауф", files=[incoming("family.jpg", samples.jpeg_with_gps(), "Rauf, 1989")]
    ).submission
    client.force_login(reviewer)
    html = client.get(submission.get_review_url()).content.decode()
    assert "leyla@example.org" in html  # contact: staff only
    assert "My brother went out" in html
    assert submission.files.get().get_absolute_url() in html
    assert victim.identifier in html and "Cəfərov Elçin" not in html

    response = client.post(
        submission.get_review_url(), {"action": "link", "version": submission.version, "victim": victim.identifier}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.linked_victim == victim


def test_actions_through_the_page_and_a_stale_page_is_told(client, reviewer, curator, make_submission):
    submission = make_submission().submission
    client.force_login(reviewer)
    url = submission.get_review_url()
    assert client.post(url, {"action": "claim", "version": submission.version}).status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.IN_REVIEW and submission.assigned_to == reviewer
    stale = submission.version

    client.post(url, {"action": "ask", "version": stale, "question": "Which street?"})
    submission.refresh_from_db()
    assert submission.state == Submission.State.WAITING

    other = Client()
    other.force_login(curator)
    response = other.post(url, {"action": "spam", "version": stale, "note": ""}, follow=True)
    assert "Someone else changed this submission" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == Submission.State.WAITING

    client.post(url, {"action": "note", "version": submission.version, "text": "Called the family."})
    assert submission.messages.filter(kind="note").exists()


def test_accept_through_the_page_leaves_records_unpublished(client, reviewer, make_submission):
    submission = make_submission(
        files=[incoming("family.jpg", samples.jpeg_with_gps(), "Rauf"), incoming("v.wav", samples.wav_bytes())]
    ).submission
    submission_claim(submission=submission, user=reviewer)
    submission.refresh_from_db()
    client.force_login(reviewer)
    keys = [str(row.key) for row in submission.files.all()]
    response = client.post(
        submission.get_review_url(),
        {"action": "accept", "version": submission.version, "person": "new", "title": "", "files": keys, "note": ""},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.ACCEPTED
    testimony = submission.testimony
    assert testimony.status == Status.DRAFT and not Testimony.objects.public().exists()
    assert testimony.provenance == Testimony.Provenance.SUBMISSION
    assert submission.linked_victim.surname_az == "Məmmədov"
    sent, kept = submission.files.get(kind="audio"), testimony.media.get()
    assert sent.codec == "pcm_s16le"
    assert (kept.codec, kept.duration, kept.sha256) == (sent.codec, sent.duration, sent.sha256)
    # The page lists every record made, each with its own state: publishing one does not publish the others.
    page = client.get(submission.get_review_url()).content.decode()
    made = re.search(r"<ul class=\"records-made\" data-records-made>(.*?)</ul>", page, re.S).group(1)
    records = [testimony, *submission.documents.all()]
    assert len(records) == 2 and made.count("<li>") == 2
    assert all(record.identifier in made for record in records) and made.count("Draft") == 2


@pytest.mark.parametrize("ffprobe", [True, False], ids=["ffprobe", "python"])
def test_opus_recording_keeps_its_codec_and_checksum_from_the_form_to_the_archive(
    client, reviewer, settings, tmp_path, ffprobe
):
    settings.FFPROBE_PATH = ffprobe_path() if ffprobe else ""
    opus = make_recording(tmp_path, "voice.webm")
    response = client.post("/en/submit/", form_data(files=[("mother.webm", opus, "Mother remembers")]))
    assert response.status_code == 302
    submission = Submission.objects.get()
    sent = submission.files.get()
    assert (sent.kind, sent.codec, sent.source_sha256) == ("audio", "opus", hashlib.sha256(opus).hexdigest())
    with sent.file.open("rb") as handle:
        stored = handle.read()  # without FFmpeg's tags (archive.ingest.metadata)
    assert sent.sha256 == hashlib.sha256(stored).hexdigest() != sent.source_sha256
    submission_claim(submission=submission, user=reviewer)
    submission.refresh_from_db()
    client.force_login(reviewer)

    page = client.get(submission.get_review_url()).content.decode()
    assert re.search(r"<strong>Audio</strong>: Mother remembers · 00:01 · <span class=\"codec\">opus</span>", page)

    response = client.post(
        submission.get_review_url(),
        {"action": "accept", "version": submission.version, "person": "new", "files": [str(sent.key)], "note": ""},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    kept = submission.testimony.media.get()
    assert (kept.kind, kept.codec, kept.sha256, kept.duration) == ("audio", "opus", sent.sha256, sent.duration)
    with kept.file.open("rb") as handle:
        assert handle.read() == stored


def test_submission_files_are_unreachable_without_the_permission_by_any_url_the_app_emits(
    client, reviewer, make_submission
):
    response = client.post("/en/submit/", form_data(files=[("family.jpg", samples.jpeg_with_gps(), "Rauf")]))
    assert response.status_code == 302
    submission = Submission.objects.get()
    row = submission.files.get()
    pages = [client.get("/en/submit/received/").content.decode()]
    status_url = re.search(r"data-status-link>([^<]+)<", pages[0]).group(1).replace("http://testserver", "")
    pages.append(client.get(status_url, follow=True).content.decode())  # the link leads on to the page
    staff = Client()
    staff.force_login(reviewer)
    pages.append(staff.get(submission.get_review_url()).content.decode())
    pages.append(staff.get("/en/review/").content.decode())
    urls = {url for page in pages for url in re.findall(r'(?:href|src)="(/[^"]*)"', page)}
    assert row.get_absolute_url() in urls and row.get_thumbnail_url() in urls  # the review page emits them

    file_bytes = submission.files.get().file.open("rb").read()
    outsider = Client()
    outsider.force_login(UserFactory(is_staff=True))  # staff, but neither reviewer nor curator
    for visitor in (Client(), outsider):
        for url in urls:
            response = visitor.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert file_bytes not in body, url
            assert not body.startswith(b"\xff\xd8"), url
    for url in (row.get_absolute_url(), row.get_thumbnail_url()):
        assert Client().get(url).status_code == 404
        assert outsider.get(url).status_code == 404
    served = staff.get(row.get_absolute_url())
    assert served.status_code == 200 and served["Cache-Control"] == "private, no-store"
    assert b"".join(served.streaming_content) == file_bytes
    assert row.file.name.startswith("submissions/") and "family" not in row.file.name


def test_spam_files_are_purged_after_the_retention_period(
    reviewer, make_submission, private_media_root, settings, django_capture_on_commit_callbacks
):
    settings.SUBMISSION_SPAM_RETENTION_DAYS = 30
    spam = make_submission(files=[incoming("x.png", samples.png_bytes())]).submission
    kept = make_submission(files=[incoming("y.png", samples.png_bytes())]).submission
    submission_mark_spam(submission=spam, user=reviewer)
    submission_mark_spam(submission=kept, user=reviewer)
    Submission.objects.filter(pk=spam.pk).update(closed_at=timezone.now() - timezone.timedelta(days=31))
    before = len(stored_files(private_media_root))

    with django_capture_on_commit_callbacks(execute=True):  # the bytes go once the purge is committed
        call_command("purge_spam_submissions")

    row = spam.files.get()
    assert row.purged_at is not None and not row.file and row.sha256
    assert kept.files.get().purged_at is None
    assert len(stored_files(private_media_root)) == before - 2  # the image and its thumbnail
    assert spam.events.last().action == "files_purged"


def test_accepting_chooses_each_other_persons_strong_match_and_names_the_files(client, reviewer, make_submission):
    known = VictimFactory(surname_az="Hüseynov", given_name_az="Elçin", death_date="1990-01-21")
    submission = make_submission(
        files=[incoming("voice.wav", samples.wav_bytes()), incoming("letter.jpg", samples.jpeg_with_gps())],
        others=[PersonDetails(new_surname="Гусейнов", new_given_name="Эльчин", new_death_date="1990-01-21")],
    ).submission
    submission_claim(submission=submission, user=reviewer)
    submission.refresh_from_db()
    client.force_login(reviewer)
    with translation.override("az"):
        page = client.get(submission.get_review_url()).content.decode()
        reasons = [translation.gettext("same surname and given name"), translation.gettext("same date of death")]
    assert "güclü uyğunluq" in page  # in the reviewer's language,
    assert "; ".join(reasons) in page  # the reasons too, as the Azerbaijani catalogue words them
    page = client.get(submission.get_review_url()).content.decode()
    [described] = submission.others.all()
    assert re.search(rf'value="{known.identifier}"[^>]*checked', page)  # chosen, and the form says so
    assert "a strong match" in page
    assert "voice.wav" in page and "letter.jpg" in page
    keys = [str(row.key) for row in submission.files.all()]
    response = client.post(
        submission.get_review_url(),
        {
            "action": "accept",
            "version": submission.version,
            "person": "new",
            "files": keys,
            f"other_{described.pk}": known.identifier,
        },
    )
    assert response.status_code == 302
    assert known in Submission.objects.get().testimony.victims.all()
    assert not Victim.objects.filter(surname_az="Гусейнов").exists() and Victim.objects.count() == 2


def test_a_hostile_pdf_sent_by_the_form_is_stored_clean_and_shown_to_reviewers_sandboxed(client, reviewer):
    hostile = samples.hostile_pdf()
    response = client.post("/en/submit/", form_data(files=[("letter.pdf", hostile, "His letter")]))
    assert response.status_code == 302, response.content.decode()[:2000]
    row = Submission.objects.get().files.get()
    with row.file.open("rb") as handle:
        stored = handle.read()
    for marker in (b"/JavaScript", b"/OpenAction", b"/EmbeddedFile", samples.PDF_AUTHOR.encode()):
        assert marker not in stored, marker
    assert row.source_sha256 == hashlib.sha256(hostile).hexdigest()
    assert (row.sha256, row.size) == (hashlib.sha256(stored).hexdigest(), len(stored))

    client.force_login(reviewer)
    served = client.get(row.get_absolute_url())
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == stored
    assert "sandbox" in served["Content-Security-Policy"]
    assert served["Content-Disposition"].startswith("inline;")
