"""A form that comes back with an error keeps the files that passed their checks, for that form only, until it is
sent again (or they are removed, or purged); a fault on the final save leaves them pending and nothing half-made."""

import datetime
import hashlib
import re

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.utils import timezone

from submissions.abuse import issue_stamp
from submissions.models import PendingUpload, Submission, SubmissionEvent
from submissions.uploads import SubmissionUploadHandler
from tests.submissions_tests import samples
from tests.submissions_tests.helpers import form_data, open_status_link, pending_paths, stored_files

pytestmark = pytest.mark.django_db

JPEG = samples.jpeg_with_gps()
WAV = samples.wav_bytes()
PHOTO = ("family.jpg", JPEG, "Rauf in 1989")
VOICE = ("voice.wav", WAV, "Mother remembers")


def offered(html: str) -> dict[str, str]:
    """The pending files the page lists: key → caption shown."""
    keys = re.findall(r'name="pending-offered" value="([0-9a-f]{32})"', html)
    return {key: re.search(rf'name="pending-{key}-caption"[^>]* value="([^"]*)"', html).group(1) for key in keys}


def as_sent_again(html: str, data: dict, *, untick: tuple[str, ...] = (), files=(), **overrides) -> dict:
    """The form as the browser sends it from the re-shown page: every listed file ticked unless in ``untick``, the
    file fields empty but for ``files`` (name, bytes, caption) chosen now."""
    listed = offered(html)
    data = {key: value for key, value in data.items() if not key.startswith("files-") or key.endswith("FORMS")}
    data.update({key: value for key, value in form_data(files=files).items() if key.startswith("files-")})
    data.update(
        {
            "pending-offered": list(listed),
            "pending-keep": [key for key in listed if key not in untick],
            **{f"pending-{key}-caption": caption for key, caption in listed.items()},
        }
    )
    data.update(overrides)
    return data


def refused_once(client, *files, **overrides):
    data = form_data(files=list(files), rights_confirmed="", **overrides)
    response = client.post("/en/submit/", data)
    assert response.status_code == 400
    return data, response.content.decode()


def test_files_of_a_refused_form_are_kept_and_sent_with_it(client, media_storage):
    data, html = refused_once(client, PHOTO, VOICE)

    assert "Already received" in html
    assert "Keep “family.jpg” (Image," in html and "Keep “voice.wav” (Audio," in html
    assert "must be chosen again" not in html
    rows = list(PendingUpload.objects.all())
    assert [row.original_name for row in rows] == ["family.jpg", "voice.wav"]
    for row in rows:  # names only: no address reaches a pending file
        assert row.file.name not in html and f"/{row.key}" not in html

    response = client.post("/en/submit/", as_sent_again(html, data, rights_confirmed="on"))

    assert response.status_code == 302, response.content.decode()[:3000]
    submission = Submission.objects.get()
    sent = {row.original_name: row for row in submission.files.all()}
    assert list(sent) == ["family.jpg", "voice.wav"]
    assert sent["family.jpg"].caption == "Rauf in 1989" and sent["voice.wav"].caption == "Mother remembers"
    for original, row in ((JPEG, sent["family.jpg"]), (WAV, sent["voice.wav"])):
        assert row.source_sha256 == hashlib.sha256(original).hexdigest()
        with row.file.open("rb") as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == row.sha256
    assert sent["family.jpg"].thumbnail
    assert not PendingUpload.objects.exists()
    expected = sorted(f.name for row in sent.values() for f in (row.file, row.thumbnail) if f)
    assert media_storage.names() == expected  # the submission's files, and nothing else
    assert submission.events.get().note == "2 file(s)."


def test_captions_can_be_changed_and_new_files_added(client):
    data, html = refused_once(client, PHOTO)
    key = next(iter(offered(html)))
    again = as_sent_again(
        html, data, files=[VOICE], rights_confirmed="on", **{f"pending-{key}-caption": "Rauf at home"}
    )
    assert client.post("/en/submit/", again).status_code == 302
    files = Submission.objects.get().files.all()
    assert [(row.original_name, row.caption) for row in files] == [
        ("family.jpg", "Rauf at home"),
        ("voice.wav", "Mother remembers"),
    ]


def test_a_kept_file_counts_as_the_testimony(client):
    data, html = refused_once(client, VOICE, testimony_text="")
    assert client.post("/en/submit/", as_sent_again(html, data, rights_confirmed="on")).status_code == 302
    assert Submission.objects.get().files.count() == 1


def test_an_unticked_file_is_removed_with_its_stored_file(
    client, private_media_root, django_capture_on_commit_callbacks
):
    data, html = refused_once(client, PHOTO, VOICE)
    photo = PendingUpload.objects.get(original_name="family.jpg")

    # Still refused (no name either): the unticked photo is gone at once, the recording stays.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/submit/", as_sent_again(html, data, untick=(photo.key.hex,), submitter_name=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "family.jpg" not in html and "voice.wav" in html
    assert [row.original_name for row in PendingUpload.objects.all()] == ["voice.wav"]
    assert sorted(stored_files(private_media_root)) == pending_paths(private_media_root)

    voice = PendingUpload.objects.get()
    again = as_sent_again(html, data, untick=(voice.key.hex,), rights_confirmed="on")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/en/submit/", again).status_code == 302
    assert Submission.objects.get().files.count() == 0
    assert not PendingUpload.objects.exists()
    assert stored_files(private_media_root) == []


def test_another_form_cannot_claim_them(client, private_media_root):
    data, html = refused_once(client, PHOTO)
    other = as_sent_again(html, data, rights_confirmed="on", stamp=issue_stamp())
    response = client.post("/en/submit/", other)
    assert response.status_code == 400
    assert "A file you sent earlier is no longer kept" in response.content.decode()
    assert "family.jpg" not in response.content.decode() and not offered(response.content.decode())
    assert not Submission.objects.exists()
    row = PendingUpload.objects.get()  # still waiting for its own form, untouched
    assert row.form_token != "" and row.original_name == "family.jpg"
    assert sorted(stored_files(private_media_root)) == pending_paths(private_media_root)
    assert client.post("/en/submit/", as_sent_again(html, data, rights_confirmed="on")).status_code == 302
    assert Submission.objects.get().files.count() == 1


def test_limits_apply_to_kept_and_new_files_together(client, settings, private_media_root):
    settings.SUBMISSION_MAX_FILES = 2
    data, html = refused_once(client, PHOTO, VOICE)
    third = ("more.png", samples.png_bytes(), "")
    response = client.post("/en/submit/", as_sent_again(html, data, files=[third], rights_confirmed="on"))
    assert response.status_code == 400
    assert "“more.png” was not taken: at most 2 files can be sent at once." in response.content.decode()
    assert not Submission.objects.exists()
    assert PendingUpload.objects.count() == 2

    settings.SUBMISSION_MAX_FILES = 10
    kept = sum(row.size for row in PendingUpload.objects.all())
    settings.SUBMISSION_MAX_TOTAL_BYTES = kept + 10
    response = client.post(
        "/en/submit/", as_sent_again(response.content.decode(), data, files=[third], rights_confirmed="on")
    )
    assert response.status_code == 400
    assert "“more.png” was not taken: everything sent at once may be at most" in response.content.decode()

    settings.SUBMISSION_MAX_TOTAL_BYTES = 3 * 1024**3
    again = as_sent_again(response.content.decode(), data, files=[third], rights_confirmed="on")
    assert client.post("/en/submit/", again).status_code == 302
    assert Submission.objects.get().files.count() == 3


def test_a_database_fault_on_sending_leaves_them_pending(client, monkeypatch, private_media_root):
    data, html = refused_once(client, PHOTO, VOICE)
    before = pending_paths(private_media_root)

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(SubmissionEvent.objects, "create", broken)
        response = client.post("/en/submit/", as_sent_again(html, data, rights_confirmed="on"))
    assert response.status_code == 503
    assert not Submission.objects.exists()
    assert PendingUpload.objects.count() == 2
    assert sorted(stored_files(private_media_root)) == before
    assert "family.jpg" in response.content.decode()

    assert client.post("/en/submit/", as_sent_again(html, data, rights_confirmed="on")).status_code == 302
    assert Submission.objects.get().files.count() == 2


def pending_names() -> list[str]:
    """The stored names of the pending uploads' files and thumbnails, sorted."""
    return sorted(name for row in PendingUpload.objects.all() for name in (row.file.name, row.thumbnail.name) if name)


def test_a_storage_fault_on_sending_leaves_no_orphan(client, media_storage):
    data, html = refused_once(client, PHOTO)
    before = pending_names()
    assert media_storage.names() == before

    media_storage.refuse_writes_after(0)
    response = client.post("/en/submit/", as_sent_again(html, data, files=[VOICE], rights_confirmed="on"))

    assert response.status_code == 503
    assert not Submission.objects.exists()
    assert PendingUpload.objects.count() == 1
    assert media_storage.names() == before


def test_a_storage_fault_while_keeping_says_to_choose_the_files_again(client, media_storage):
    written = media_storage.refuse_writes_after(2)  # the photo and its thumbnail are written; the recording fails

    _data, html = refused_once(client, PHOTO, VOICE)

    assert len(written) == 2
    assert "files you chose must be chosen again" in html
    assert not PendingUpload.objects.exists()
    assert media_storage.names() == []


def test_a_forged_stamp_keeps_nothing(client, private_media_root):
    response = client.post("/en/submit/", form_data(files=[PHOTO], stamp="forged"))
    assert response.status_code == 400
    assert "files you chose must be chosen again" in response.content.decode()
    assert not PendingUpload.objects.exists()
    assert stored_files(private_media_root) == []


def test_old_pending_uploads_are_purged(client, private_media_root, django_capture_on_commit_callbacks):
    refused_once(client, PHOTO)
    refused_once(client, VOICE)
    old = PendingUpload.objects.get(original_name="family.jpg")
    PendingUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))

    call_command("purge_pending_uploads", "--dry-run")
    assert PendingUpload.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_pending_uploads")

    assert [row.original_name for row in PendingUpload.objects.all()] == ["voice.wav"]
    assert sorted(stored_files(private_media_root)) == pending_paths(private_media_root)


def test_a_file_purged_meanwhile_is_asked_for_again(client):
    data, html = refused_once(client, PHOTO)
    call_command("purge_pending_uploads", "--hours", "-1")  # as if the day had passed while the page stayed open
    response = client.post("/en/submit/", as_sent_again(html, data, rights_confirmed="on"))
    assert response.status_code == 400  # not sent silently without it
    html = response.content.decode()
    assert "A file you sent earlier is no longer kept. Please choose it again." in html
    assert not offered(html)
    assert client.post("/en/submit/", as_sent_again(html, data, rights_confirmed="on")).status_code == 302
    assert Submission.objects.get().files.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_database_transaction_is_open_while_an_upload_arrives(client, monkeypatch, settings):
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"]
    seen = []
    real_new_file = SubmissionUploadHandler.new_file

    def new_file(self, *args, **kwargs):
        seen.append(transaction.get_connection().in_atomic_block)
        return real_new_file(self, *args, **kwargs)

    monkeypatch.setattr(SubmissionUploadHandler, "new_file", new_file)
    assert client.post("/en/submit/", form_data(files=[PHOTO])).status_code == 302
    status_page = client.get("/en/submit/received/").content.decode()
    url = open_status_link(client, re.search(r"data-status-link>([^<]+)<", status_page).group(1))
    assert client.post(url, form_data(files=[VOICE], action="files")).status_code == 302
    assert seen == [False, False]
    assert Submission.objects.get().files.count() == 2
