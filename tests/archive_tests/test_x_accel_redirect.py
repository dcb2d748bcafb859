"""Behind nginx (FILES_X_ACCEL_REDIRECT), a file on the local disk is handed to nginx by name once the publication
rule allows it; the answer carries the headers nginx passes on. Through nginx: memorial_tests/test_deploy_nginx.py."""

import pytest

from archive.models import Access
from archive.views import FILE_CSP
from tests.memorial_tests.test_deploy_nginx import recording

pytestmark = pytest.mark.django_db


def test_a_public_file_is_handed_to_nginx_by_its_stored_name(client, settings):
    settings.FILES_X_ACCEL_REDIRECT = "/_stored/"
    media = recording()

    response = client.get(media.get_absolute_url(), HTTP_RANGE="bytes=0-9")

    assert response.status_code == 200  # nginx answers the range itself
    assert response["X-Accel-Redirect"] == f"/_stored/{media.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == media.content_type
    assert response["Content-Security-Policy"] == FILE_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert media.testimony.identifier in response["Content-Disposition"]


def test_a_file_the_public_may_not_see_is_never_handed_over(client, settings):
    settings.FILES_X_ACCEL_REDIRECT = "/_stored/"
    media = recording(access=Access.PRIVATE)

    response = client.get(media.get_absolute_url())

    assert response.status_code == 404
    assert not response.has_header("X-Accel-Redirect")


def test_files_in_s3_are_still_signed_urls(client, settings, s3_bucket):
    settings.FILES_X_ACCEL_REDIRECT = "/_stored/"
    media = recording()

    response = client.get(media.get_absolute_url())

    assert response.status_code == 302
    assert "X-Amz-Signature=" in response["Location"]
    assert not response.has_header("X-Accel-Redirect")
