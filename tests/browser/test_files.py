"""A PDF sent with an opening script is shown by Chromium's viewer from /files/, and its script never runs."""

import contextlib

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Error as PlaywrightError

from archive.ingest import prepare_upload
from archive.models import MediaFile
from archive.services import media_file_attach
from tests.factories import TestimonyFactory
from tests.submissions_tests import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _note_and_dismiss(seen: list[str]):
    def handle(dialog) -> None:
        seen.append(dialog.message)
        # A dialog may arrive as its page closes; dismissing it then must not break the browser's connection.
        with contextlib.suppress(PlaywrightError):
            dialog.dismiss()

    return handle


def test_a_pdf_with_an_opening_script_is_shown_without_running_it(browser, live_server, private_media_root):
    hostile = samples.hostile_pdf()
    media = media_file_attach(
        record=TestimonyFactory(),
        prepared=prepare_upload(ContentFile(hostile, name="letter.pdf")),
        role=MediaFile.Role.PAGE,
    )
    stored = private_media_root / media.file.name
    cleaned = stored.read_bytes()
    # Each half in a browser context of its own, closed only at the end: the viewer of the file as sent keeps
    # raising dialogs, which must not reach the other half.
    as_sent, as_stored = browser.new_context(base_url=live_server.url), browser.new_context(base_url=live_server.url)
    try:
        # The file as it was sent: Chromium's viewer runs its script even under the sandboxing policy, so only
        # cleaning at ingest stops it. (This is what makes the check below mean something.)
        stored.write_bytes(hostile)
        page = as_sent.new_page()
        dialogs: list[str] = []
        page.on("dialog", _note_and_dismiss(dialogs))
        with page.expect_event("dialog", timeout=20_000):  # a loaded machine starts the viewer slowly
            response = page.goto(media.get_absolute_url())
        assert "sandbox" in response.all_headers()["content-security-policy"]
        assert dialogs and set(dialogs) <= {"names", "opened", "page"}

        stored.write_bytes(cleaned)
        fresh = as_stored.new_page()
        seen: list[str] = []
        fresh.on("dialog", _note_and_dismiss(seen))
        response = fresh.goto(media.get_absolute_url() + "?again")  # not the copy in the browser's cache
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        fresh.wait_for_timeout(5000)
        assert seen == []
        assert len(fresh.frames) > 1  # the viewer's frame: the PDF is displayed, not blocked
    finally:
        as_stored.close()
        as_sent.close()
