"""A storage fault while files are copied (accepting) or added (the status page) leaves nothing half-made, on the
local disk (the device failing) and in an S3 bucket (the server refusing writes): ``media_storage`` runs each test on
both.

Transactional tests: the request's own transaction commits or rolls back for real, so files whose rows were rolled
back must really be gone (``archive.stored_files``), as on a server.
"""

import pytest

from archive.models import Document, MediaFile, Testimony, Victim
from submissions.models import Submission, SubmissionFile, SubmissionMessage
from submissions.services import submission_claim
from tests.submissions_tests import samples
from tests.submissions_tests.helpers import form_data, open_status_link, status_link

# Without serialized_rollback, like test_lost_link_timing which runs before: a serialized test after a plain
# transactional one fails to restore the content types. The groups are made again by the ``staff_roles`` fixture.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

State = Submission.State


def test_a_storage_fault_while_accepting_leaves_no_record_and_no_file(
    client, reviewer, make_submission, photo_and_recording, media_storage
):
    submission = make_submission(files=photo_and_recording).submission
    submission_claim(submission=submission, user=reviewer)
    submission.refresh_from_db()
    before = media_storage.names()
    events, version = submission.events.count(), submission.version
    keys = [str(row.key) for row in submission.files.all()]
    client.force_login(reviewer)
    # The photograph and its thumbnail are copied into the archive; the recording fails.
    written = media_storage.refuse_writes_after(2)

    response = client.post(
        submission.get_review_url(),
        {"action": "accept", "version": version, "person": "new", "title": "", "files": keys, "note": ""},
        follow=True,
    )

    assert len(written) == 2  # something was half-done before the fault
    assert "The change could not be saved. Nothing was changed" in response.content.decode()
    assert not Testimony.objects.exists()
    assert not Victim.objects.exists()
    assert not Document.objects.exists()
    assert not MediaFile.objects.exists()
    submission.refresh_from_db()
    assert submission.state == State.IN_REVIEW and submission.version == version
    assert submission.testimony is None and submission.linked_victim is None
    assert submission.events.count() == events
    assert not submission.files.filter(media_file__isnull=False).exists()
    assert media_storage.names() == before  # the submission's own files, and no copies


def test_a_storage_fault_while_adding_files_on_the_status_page_keeps_nothing(client, make_submission, media_storage):
    receipt = make_submission()
    submission = receipt.submission
    before = media_storage.names()
    events, version = submission.events.count(), submission.version
    # The photograph and its thumbnail are stored; the recording fails.
    written = media_storage.refuse_writes_after(2)

    response = client.post(
        open_status_link(client, status_link(receipt.token)),
        form_data(
            files=[("family.jpg", samples.jpeg_with_gps(), "Rauf"), ("voice.wav", samples.wav_bytes(), "")],
            total_forms=2,
            action="answer",
            **{"answer-text": "Here are the photograph and my mother's voice."},
        ),
    )

    assert len(written) == 2
    assert response.status_code == 503
    assert "Nothing was kept" in response.content.decode()
    assert not SubmissionFile.objects.exists()
    assert not SubmissionMessage.objects.exists()
    submission.refresh_from_db()
    assert (submission.state, submission.version, submission.events.count()) == (State.NEW, version, events)
    assert media_storage.names() == before
