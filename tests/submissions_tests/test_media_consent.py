"""Issue #4: "publish my testimony" and "do not show my photographs and recordings" are two choices, kept apart.

The written testimony is published as the family chose; only the files they sent are withheld, and they follow
the family's later changes of mind on the status page.
"""

import pytest
from django.test import Client

from archive.models import MediaFile, TranscriptSegment
from archive.services import record_publish
from submissions.services import submission_accept, submission_claim
from tests.submissions_tests.helpers import open_status_link, status_link

pytestmark = pytest.mark.django_db

TEXT = "Qardaşım 19 yanvar gecəsi evdən çıxdı."


def consent_on_status_page(client, token: str, *, media: str) -> None:
    data = {"action": "consent", "consent-consent": "named", "consent-media_consent": media}
    assert client.post(open_status_link(client, status_link(token)), data).status_code == 302


def search(client, **params) -> dict:
    return client.get("/api/v1/search/", {"q": "qardaşım", "kind": "testimonies", **params}).json()


def assert_withheld(client, staff, testimony, document, files) -> None:
    page = client.get(testimony.get_absolute_url()).content.decode()
    assert TEXT in page  # the family's words are published
    assert "<audio" not in page and "<video" not in page and "<img" not in page
    assert "#t=" not in page
    for media in files:
        assert media.key.hex not in page
        assert client.get(media.get_absolute_url()).status_code == 404
        if media.thumbnail:
            assert client.get(media.get_thumbnail_url()).status_code == 404
        response = staff.get(media.get_absolute_url())  # curators still reach them, never from a shared cache
        assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert client.get(document.get_absolute_url()).status_code == 404  # a Document of the photo is the photo
    found = search(client)
    assert [hit["url"] for hit in found["results"]] == [f"http://testserver{testimony.get_absolute_url()}"]
    assert search(client, media="1")["count"] == 0


def test_no_media_consent_publishes_the_words_and_withholds_the_files_until_the_family_allows_them(
    client, make_submission, photo_and_recording, reviewer, curator
):
    receipt = make_submission(media_consent=False, files=photo_and_recording, testimony_text=TEXT)
    submission = receipt.submission
    submission_claim(submission=submission, user=reviewer)
    testimony = submission_accept(submission=submission, user=reviewer)
    TranscriptSegment.objects.create(testimony=testimony, start=3, text=TEXT)  # a curator time-codes it
    record_publish(record=testimony, user=curator)
    document = submission.documents.get()
    record_publish(record=document, user=curator)
    files = list(MediaFile.objects.filter(submission_file__submission=submission).order_by("pk"))
    assert {media.kind for media in files} == {MediaFile.Kind.IMAGE, MediaFile.Kind.AUDIO}
    staff = Client()
    staff.force_login(curator)

    assert_withheld(client, staff, testimony, document, files)

    consent_on_status_page(client, receipt.token, media="yes")

    page = client.get(testimony.get_absolute_url()).content.decode()
    recording = next(media for media in files if media.kind == MediaFile.Kind.AUDIO)
    photo = next(media for media in files if media.kind == MediaFile.Kind.IMAGE)
    assert TEXT in page and f'src="{recording.get_absolute_url()}"' in page
    assert 'href="?t=3#at-3"' in page  # a moment of the recording, as a link to share
    for media in files:
        assert client.get(media.get_absolute_url()).status_code == 200
    assert photo.key.hex in client.get(document.get_absolute_url()).content.decode()
    assert [hit["url"] for hit in search(client)["results"]] == [f"http://testserver{testimony.get_absolute_url()}#t=3"]
    assert search(client, media="1")["count"] == 1

    consent_on_status_page(client, receipt.token, media="no")

    assert_withheld(client, staff, testimony, document, files)
    history = [(entry.withheld, entry.history_change_reason, entry.history_user) for entry in recording.history.all()]
    assert history[:2] == [
        (True, "The family changed its consent.", None),
        (False, "The family changed its consent.", None),
    ]
    assert history[-1][0] is True  # withheld from the moment it was accepted
