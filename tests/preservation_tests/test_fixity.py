"""Fixity audits (issue #16 part 5): every stored file read back and compared with the SHA-256 recorded at ingest,
on the disk and in an S3 bucket; failures told to the curators by mail, on the staff home and by the command's
exit; each check kept for good; an interrupted audit resumed where it stopped."""

from __future__ import annotations

import contextlib
import hashlib
import io
import tracemalloc

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import ManagementUtility, call_command
from django.core.management import base as management_base
from django.core.management.base import CommandError

from archive.object_storage import PrivateS3Storage
from memorial.celery import app as celery_app
from preservation import fixity, tasks
from preservation.models import AppendOnlyRefused, AuditRun, FixityCheck
from preservation.reading import CHUNK_BYTES, read_chunks, stored_sha256
from tests.preservation_tests.helpers import change_one_byte, delete_stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(monkeypatch):
    """Run the command as an operator does, returning its exit status and what it wrote to stderr. (A command run
    from the command line closes the database connections as it ends: here the test's own.)"""
    monkeypatch.setattr(management_base.connections, "close_all", lambda: None)

    def run(*args: str) -> tuple[int, str]:
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            try:
                ManagementUtility(["manage.py", "audit_fixity", *args]).execute()
            except SystemExit as exit_:
                return int(exit_.code or 0), err.getvalue()
        return 0, err.getvalue()

    return run


def test_every_stored_file_passes_when_nothing_changed(media_storage, files, curator, audit):
    status, _ = audit()

    assert status == 0
    checks = list(FixityCheck.objects.order_by("pk"))
    # The originals in the order of their rows, then their thumbnails in the same order.
    assert [(check.kind, check.media_file_id) for check in checks] == [
        *[("original", media.pk) for media in files],
        *[("thumbnail", media.pk) for media in files],
    ]
    for check, media in zip(checks, files + files, strict=True):
        stored, recorded = (
            (media.file, media.sha256) if check.kind == "original" else (media.thumbnail, media.thumbnail_sha256)
        )
        assert check.outcome == FixityCheck.Outcome.PASS and recorded
        assert check.expected_sha256 == check.computed_sha256 == recorded
        assert check.path == stored.name and check.record_identifier == media.record.identifier
        assert check.agent == "audit_fixity command" and check.software.startswith("Yaddaş ")
    run = AuditRun.objects.get()
    assert (run.checked, run.problems, run.finished_at is not None) == (6, 0, True)
    assert mail.outbox == []


def test_a_changed_byte_fails_and_a_deleted_file_is_missing_each_named_with_a_non_zero_exit(
    media_storage, files, curator, audit
):
    changed, deleted, whole = files
    change_one_byte(media_storage, changed.file.name)
    delete_stored(deleted.file.name)

    status, errors = audit()

    assert status != 0
    assert changed.file.name in errors and changed.record.identifier in errors
    assert deleted.file.name in errors and deleted.record.identifier in errors
    assert whole.file.name not in errors
    outcomes = {check.media_file_id: check for check in FixityCheck.objects.filter(kind="original")}
    assert outcomes[changed.pk].outcome == "fail"
    assert outcomes[changed.pk].computed_sha256 not in ("", changed.sha256)
    assert (outcomes[deleted.pk].outcome, outcomes[deleted.pk].computed_sha256) == ("missing", "")
    assert outcomes[whole.pk].outcome == "pass"


def test_curators_are_mailed_each_failing_file(files, curator, reviewer, private_media_root, settings):
    settings.LANGUAGE_CODE = "en"  # the mail is written in the archive's language: read here in English
    change_one_byte(type("Disk", (), {"root": private_media_root})(), files[0].file.name)
    delete_stored(files[1].file.name)

    with pytest.raises(CommandError, match="2 of 6 files failed"):
        call_command("audit_fixity")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [curator.email]
    assert "2 stored files failed" in message.subject
    for media in files[:2]:
        assert media.file.name in message.body and media.record.identifier in message.body
    assert files[0].sha256 in message.body
    assert files[2].file.name not in message.body


def test_the_staff_home_shows_failing_files_to_curators_until_they_pass_again(client, files, curator, reviewer):
    original = default_storage.open(files[0].file.name).read()
    delete_stored(files[0].file.name)
    with pytest.raises(CommandError):
        call_command("audit_fixity")

    client.force_login(curator)
    home = client.get("/en/review/").content.decode()
    assert "Stored files that failed their fixity check" in home
    assert files[0].file.name in home and files[0].record.identifier in home and "Missing" in home
    assert files[1].file.name not in home
    every_failure = client.get("/en/admin/preservation/fixitycheck/?outcome__in=fail,missing")
    assert every_failure.status_code == 200 and "?outcome__in=fail,missing" in home
    assert files[0].file.name in every_failure.content.decode()
    assert files[1].file.name not in every_failure.content.decode()
    client.force_login(reviewer)
    assert "fixity" not in client.get("/en/review/").content.decode()

    # Restored from a backup, the next audit passes and the notice goes.
    default_storage.save(files[0].file.name, ContentFile(original))
    call_command("audit_fixity")
    client.force_login(curator)
    home = client.get("/en/review/").content.decode()
    assert "Every stored file passed its latest fixity check." in home
    assert files[0].file.name not in home


def test_an_interrupted_audit_resumes_after_the_last_file_it_checked(files, monkeypatch):
    real_check, calls = fixity.file_check, []

    def interrupted_on_the_third(media, **kwargs):
        calls.append(media.pk)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_check(media, **kwargs)

    monkeypatch.setattr(fixity, "file_check", interrupted_on_the_third)
    with pytest.raises(CommandError, match="--resume"):
        call_command("audit_fixity")
    run = AuditRun.objects.get()
    assert (run.checked, run.last_kind, run.last_pk, run.finished_at) == (2, "original", files[1].pk, None)
    monkeypatch.setattr(fixity, "file_check", real_check)

    call_command("audit_fixity", "--resume")

    run.refresh_from_db()
    assert AuditRun.objects.count() == 1 and run.finished_at is not None and run.checked == 6
    checked = list(FixityCheck.objects.order_by("pk").values_list("kind", "media_file_id", "run_id"))
    assert checked == [(kind, media.pk, run.pk) for kind in ("original", "thumbnail") for media in files]


def test_a_storage_that_fails_stops_the_audit_where_it_can_resume(files, monkeypatch):
    real_read, calls = fixity.stored_sha256, []

    def unreachable_on_the_second(storage, name):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("the bucket did not answer")
        return real_read(storage, name)

    monkeypatch.setattr(fixity, "stored_sha256", unreachable_on_the_second)
    with pytest.raises(CommandError, match="could not be read after 1 files"):
        call_command("audit_fixity")
    assert list(FixityCheck.objects.values_list("media_file_id", flat=True)) == [files[0].pk]
    monkeypatch.setattr(fixity, "stored_sha256", real_read)

    call_command("audit_fixity", "--resume")
    assert sorted(FixityCheck.objects.values_list("kind", "media_file_id", "outcome")) == [
        (kind, media.pk, "pass") for kind in ("original", "thumbnail") for media in files
    ]


def test_without_an_unfinished_audit_resume_starts_a_new_one(files):
    call_command("audit_fixity")
    call_command("audit_fixity", "--resume")
    assert AuditRun.objects.count() == 2 and FixityCheck.objects.count() == 12


def test_the_scheduled_job_audits_in_slices_and_mails_at_the_end(
    files, curator, monkeypatch, django_capture_on_commit_callbacks
):
    assert settings.CELERY_BEAT_SCHEDULE["audit-fixity"]["task"] in celery_app.tasks
    monkeypatch.setattr(tasks, "slice_seconds", lambda: 0)  # one file a slice
    delete_stored(files[2].file.name)

    with django_capture_on_commit_callbacks(execute=True):
        tasks.audit_fixity.apply()

    run = AuditRun.objects.get()
    assert run.agent == "scheduled job" and run.finished_at is not None and run.checked == 6
    assert set(FixityCheck.objects.values_list("agent", flat=True)) == {"scheduled job"}
    assert FixityCheck.objects.count() == 6
    assert len(mail.outbox) == 1 and files[2].file.name in mail.outbox[0].body


def test_the_scheduled_job_takes_up_an_interrupted_scheduled_audit(files):
    run = fixity.audit_start(agent=fixity.AGENT_SCHEDULED)
    fixity.file_check(files[0], run=run, agent=run.agent)
    AuditRun.objects.filter(pk=run.pk).update(last_pk=files[0].pk, checked=1)
    command_run = fixity.audit_start(agent=fixity.AGENT_COMMAND)  # an operator's own audit is left to them

    assert tasks.audit_fixity.apply().get() == run.pk

    run.refresh_from_db()
    assert run.finished_at is not None and run.checked == 6
    assert list(run.checks.order_by("pk").values_list("kind", "media_file_id")) == [
        (kind, media.pk) for kind in ("original", "thumbnail") for media in files
    ]
    command_run.refresh_from_db()
    assert command_run.finished_at is None and not command_run.checks.exists()


def test_a_fixity_check_is_never_changed_or_deleted(files, client, curator, admin_client):
    call_command("audit_fixity")
    check = FixityCheck.objects.first()

    check.outcome = FixityCheck.Outcome.FAIL
    with pytest.raises(AppendOnlyRefused):
        check.save()
    with pytest.raises(AppendOnlyRefused):
        check.delete()
    with pytest.raises(AppendOnlyRefused):
        FixityCheck.objects.filter(pk=check.pk).update(outcome="fail")
    with pytest.raises(AppendOnlyRefused):
        FixityCheck.objects.all().delete()
    assert FixityCheck.objects.get(pk=check.pk).outcome == "pass"

    page = f"/en/admin/preservation/fixitycheck/{check.pk}/change/"
    client.force_login(curator)
    assert client.get(page).status_code == 200
    assert client.post(page, {"outcome": "fail"}).status_code == 403
    assert (
        admin_client.post(f"/en/admin/preservation/fixitycheck/{check.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert admin_client.get("/en/admin/preservation/fixitycheck/add/").status_code == 403
    assert FixityCheck.objects.get(pk=check.pk).outcome == "pass"


LARGE = 24 * 1024 * 1024


def store_large() -> tuple[str, str]:
    data = bytes(range(256)) * (LARGE // 256)
    return default_storage.save("records/ff/large.bin", ContentFile(data)), hashlib.sha256(data).hexdigest()


def test_a_large_file_on_disk_is_hashed_in_bounded_memory():
    name, expected = store_large()

    tracemalloc.start()
    try:
        assert stored_sha256(default_storage, name) == expected
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024, f"{peak / 2**20:.1f} MiB"


def test_a_large_object_in_s3_is_streamed_a_chunk_at_a_time(s3_bucket, monkeypatch):
    # The S3 server runs in this process, so its own copy of the object would count in a memory measure: what is
    # shown instead is that the object is never downloaded whole (S3Storage.open spools all of it first).
    name, expected = store_large()
    monkeypatch.setattr(PrivateS3Storage, "_open", lambda *args, **kwargs: pytest.fail("downloaded whole"))

    chunks = [len(chunk) for chunk in read_chunks(default_storage, name)]

    assert sum(chunks) == LARGE and max(chunks) <= CHUNK_BYTES
    assert stored_sha256(default_storage, name) == expected
