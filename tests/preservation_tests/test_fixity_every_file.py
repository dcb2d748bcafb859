"""Fixity of every stored file (issue #16 part 5): a record's thumbnail is audited against the SHA-256 recorded when
it was written, a file a family sent with a submission against the one recorded when it was received; the audit
walks originals, thumbnails, then submitted files, and resumes inside any of them. A thumbnail stored before digests
were recorded has its digest recorded by the first audit. BagIt export checks each thumbnail as it does originals."""

from __future__ import annotations

import hashlib
import json

import bagit
import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import MediaFile
from preservation import fixity, tasks
from preservation.models import AuditRun, FixityCheck
from submissions.services import submission_accept, submission_claim
from tests.preservation_tests.helpers import change_one_byte, delete_stored, photo, read_stored
from tests.submissions_tests.conftest import incoming

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(make_submission):
    """A file a family sent, waiting for the curators."""
    return make_submission(files=[incoming("ailə.jpg", photo("teal").read())]).submission.files.get()


def latest(kind: str, **row) -> FixityCheck:
    return FixityCheck.objects.filter(kind=kind, **row).latest("pk")


def test_a_changed_byte_in_a_thumbnail_fails_naming_the_thumbnail(media_storage, files, curator, client, settings):
    settings.LANGUAGE_CODE = "en"  # the mail is in the archive's language: here English, unprefixed
    damaged = files[1]
    change_one_byte(media_storage, damaged.thumbnail.name)

    with pytest.raises(CommandError, match="1 of 6 files failed") as failed:
        call_command("audit_fixity")

    assert damaged.thumbnail.name in str(failed.value) and damaged.file.name not in str(failed.value)
    check = latest("thumbnail", media_file=damaged)
    assert check.outcome == "fail" and check.path == damaged.thumbnail.name
    assert check.expected_sha256 == damaged.thumbnail_sha256 != check.computed_sha256 != ""
    assert check.record_identifier == damaged.record.identifier
    assert latest("original", media_file=damaged).outcome == "pass"  # the original itself is whole
    assert AuditRun.objects.get().problems == 1
    body = mail.outbox[0].body
    assert damaged.thumbnail.name in body and "thumbnail of a record's file" in body
    client.force_login(curator)
    home = client.get("/review/").content.decode()
    assert damaged.thumbnail.name in home and "Thumbnail of a record&#x27;s file" in home
    assert damaged.file.name not in home


def test_a_missing_submitted_file_is_missing_named_with_its_submission(
    media_storage, files, submitted, curator, client
):
    delete_stored(submitted.file.name)

    with pytest.raises(CommandError, match="1 of 7 files failed") as failed:
        call_command("audit_fixity")

    check = latest("submitted")
    assert (check.outcome, check.computed_sha256, check.expected_sha256) == ("missing", "", submitted.sha256)
    assert check.submission_file_id == submitted.pk and check.media_file_id is None
    assert check.media_key == submitted.key and check.path == submitted.file.name
    assert check.record_identifier == submitted.submission.reference
    assert f"missing: {submitted.file.name} ({submitted.submission.reference})" in str(failed.value)
    assert submitted.file.name in mail.outbox[0].body and submitted.submission.reference in mail.outbox[0].body
    client.force_login(curator)
    home = client.get("/en/review/").content.decode()
    assert submitted.file.name in home and "File sent by a family" in home and "Missing" in home


def test_a_whole_submitted_file_passes_and_an_accepted_one_is_still_audited(files, submitted, reviewer):
    submission_claim(submission=submitted.submission, user=reviewer)
    submission_accept(submission=submitted.submission, user=reviewer)

    call_command("audit_fixity")

    check = latest("submitted")
    assert check.outcome == "pass" and check.computed_sha256 == submitted.sha256
    accepted = MediaFile.objects.get(submission_file=submitted)
    assert latest("original", media_file=accepted).outcome == "pass"
    assert latest("thumbnail", media_file=accepted).outcome == "pass"


def test_an_interrupted_audit_resumes_inside_the_thumbnails_and_goes_on_to_submitted_files(
    files, submitted, monkeypatch
):
    real_check, calls = fixity.file_check, []

    def interrupted_on_the_fifth(row, **kwargs):
        calls.append(row.pk)
        if len(calls) == 5:
            raise KeyboardInterrupt
        return real_check(row, **kwargs)

    monkeypatch.setattr(fixity, "file_check", interrupted_on_the_fifth)
    with pytest.raises(CommandError, match=rf"after 4 files \(thumbnail, row {files[0].pk}\).*--resume"):
        call_command("audit_fixity")
    run = AuditRun.objects.get()
    assert (run.last_kind, run.last_pk, run.checked, run.finished_at) == ("thumbnail", files[0].pk, 4, None)
    monkeypatch.setattr(fixity, "file_check", real_check)

    call_command("audit_fixity", "--resume")

    run.refresh_from_db()
    assert run.finished_at is not None and run.checked == 7 and run.problems == 0
    checked = list(run.checks.order_by("pk").values_list("kind", "media_file_id", "submission_file_id"))
    assert checked == [
        *[("original", media.pk, None) for media in files],
        *[("thumbnail", media.pk, None) for media in files],
        ("submitted", None, submitted.pk),
    ]
    assert (run.last_kind, run.last_pk) == ("submitted", submitted.pk)


def test_the_scheduled_job_slices_across_kinds_and_ends_with_the_submitted_files(
    files, submitted, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(tasks, "slice_seconds", lambda: 0)  # one file a slice: each slice resumes the last

    with django_capture_on_commit_callbacks(execute=True):
        tasks.audit_fixity.apply()

    run = AuditRun.objects.get()
    assert run.finished_at is not None and run.checked == 7
    assert list(run.checks.order_by("pk").values_list("kind", flat=True)) == ["original"] * 3 + ["thumbnail"] * 3 + [
        "submitted"
    ]


def test_the_first_audit_after_upgrading_records_a_thumbnails_digest_then_checks_it(
    media_storage, files, client, curator
):
    # A thumbnail written before digests were recorded.
    MediaFile.objects.filter(pk=files[0].pk).update(thumbnail_sha256="")
    stored = hashlib.sha256(read_stored(files[0].thumbnail.name)).hexdigest()

    call_command("audit_fixity")  # no error: nothing failed

    files[0].refresh_from_db()
    assert files[0].thumbnail_sha256 == stored
    check = latest("thumbnail", media_file=files[0])
    assert (check.outcome, check.expected_sha256, check.computed_sha256) == ("recorded", "", stored)
    assert AuditRun.objects.get().problems == 0 and mail.outbox == []
    client.force_login(curator)
    assert "Every stored file passed its latest fixity check." in client.get("/en/review/").content.decode()

    # From then on the thumbnail is held to what was read.
    change_one_byte(media_storage, files[0].thumbnail.name)
    with pytest.raises(CommandError, match=files[0].thumbnail.name):
        call_command("audit_fixity")
    assert latest("thumbnail", media_file=files[0]).outcome == "fail"


def test_a_missing_thumbnail_without_a_digest_is_missing_and_nothing_is_recorded(files):
    MediaFile.objects.filter(pk=files[0].pk).update(thumbnail_sha256="")
    delete_stored(files[0].thumbnail.name)

    with pytest.raises(CommandError, match="missing"):
        call_command("audit_fixity")

    assert latest("thumbnail", media_file=files[0]).outcome == "missing"
    assert MediaFile.objects.get(pk=files[0].pk).thumbnail_sha256 == ""


def test_a_bag_is_refused_for_a_thumbnail_that_no_longer_matches_its_digest(media_storage, files, tmp_path):
    victim = files[0]
    change_one_byte(media_storage, victim.thumbnail.name)

    with pytest.raises(CommandError, match=victim.thumbnail.name):
        call_command("export_bag", victim.record.identifier, "--output", str(tmp_path / "bags"))
    assert list((tmp_path / "bags").iterdir()) == []


def test_a_bag_carries_each_thumbnails_digest_and_one_without_a_digest_yet_is_bagged_as_read(files, tmp_path):
    MediaFile.objects.filter(pk=files[1].pk).update(thumbnail_sha256="")
    out = tmp_path / "bags"

    call_command("export_bag", files[0].record.identifier, files[1].record.identifier, "--output", str(out))

    for media in files[:2]:
        bag = out / media.record.identifier
        bagit.Bag(str(bag)).validate()
        assert (bag / f"data/files/{media.key.hex}.thumbnail.jpg").read_bytes() == read_stored(media.thumbnail.name)
    metadata = json.loads((out / files[0].record.identifier / "data/metadata/record.json").read_text())
    assert metadata["files"][0]["thumbnail_sha256"] == files[0].thumbnail_sha256 != ""
