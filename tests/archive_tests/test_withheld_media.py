"""A withheld file: kept from the public whatever its record's access, seen by curators, changed in the admin."""

import pytest
from django.urls import reverse
from django.utils import translation

from archive.models import MediaFile
from archive.services import media_files_withhold
from tests.archive_tests.test_admin import change_form_data, media_prefix
from tests.archive_tests.test_media_views import attach_portrait, attach_recording
from tests.factories import TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db


def test_a_withheld_file_of_a_public_record_is_not_public():
    shown = attach_portrait(VictimFactory())
    kept = attach_recording(TestimonyFactory())
    media_files_withhold(files=[kept], withheld=True, reason="the family did not allow it")

    assert list(MediaFile.objects.public()) == [shown]
    assert kept.testimony.is_public and kept.testimony.shows_media


def test_a_withheld_file_and_its_thumbnail_are_not_found_by_the_public_but_curators_fetch_them(client, curator):
    media = attach_portrait(VictimFactory())
    media_files_withhold(files=[media], withheld=True, reason="the family did not allow it")

    assert client.get(media.get_absolute_url()).status_code == 404
    assert client.get(media.get_thumbnail_url()).status_code == 404
    client.force_login(curator)
    for url in (media.get_absolute_url(), media.get_thumbnail_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_withholding_is_kept_in_the_files_history_with_who_and_why(curator):
    media = attach_recording(TestimonyFactory())

    assert media_files_withhold(files=[media], withheld=True, reason="consent changed", user=curator) == 1
    assert media_files_withhold(files=[media], withheld=True, reason="again") == 0

    latest = media.history.first()
    assert (latest.withheld, latest.history_user, latest.history_change_reason) == (True, curator, "consent changed")


def test_curator_withholds_a_file_on_its_own_page(client, curator):
    media = attach_portrait(VictimFactory())
    client.force_login(curator)
    url = reverse("admin:archive_mediafile_change", args=[media.pk])
    page = client.get(url)
    with translation.override("az"):  # the admin speaks the default language
        warning = str(MediaFile._meta.get_field("withheld").help_text)
    assert "ailənin razılığ" in warning and warning in page.content.decode()  # it says where the flag comes from
    data = change_form_data(page)
    data["withheld"] = "on"

    assert client.post(url, data).status_code == 302
    media.refresh_from_db()
    assert media.withheld
    assert media.history.first().history_user == curator
    assert (
        client.get(reverse("admin:archive_mediafile_changelist"), {"withheld__exact": "1"}).context["cl"].result_count
        == 1
    )


def test_curator_sees_and_changes_the_flag_in_the_records_inline(client, curator):
    victim = VictimFactory()
    media = attach_portrait(victim)
    media_files_withhold(files=[media], withheld=True, reason="the family did not allow it")
    client.force_login(curator)
    url = reverse("admin:archive_victim_change", args=[victim.pk])
    page = client.get(url)
    prefix = media_prefix(page)
    data = change_form_data(page)
    assert data[f"{prefix}-0-withheld"] == "on"

    del data[f"{prefix}-0-withheld"]
    assert client.post(url, data).status_code == 302
    media.refresh_from_db()
    assert not media.withheld
    assert MediaFile.objects.public().filter(pk=media.pk).exists()
