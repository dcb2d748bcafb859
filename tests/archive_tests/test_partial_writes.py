"""A write to storage that fails midway (a full disk) leaves no partial or empty file, whichever way the file came:
the public form, a refused post keeping its files, the admin, the ingest service."""

import errno

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from archive.ingest import prepare_upload
from archive.models import MediaFile
from archive.services import media_file_attach
from submissions.models import PendingUpload, Submission
from tests.archive_tests.test_admin import add_upload, admin_url, change_form_data, media_prefix
from tests.disk_full import disk_full_storages
from tests.factories import VictimFactory
from tests.submissions_tests import samples
from tests.submissions_tests.helpers import form_data

pytestmark = pytest.mark.django_db

WAV = samples.wav_bytes()  # 16 kB: more than the room left on the disk in these tests


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    with translation.override("en"):
        yield


def files_under(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.mark.parametrize("room", [0, 1000], ids=["empty", "partial"])
def test_ingest_service_leaves_no_file_when_the_disk_fills(settings, private_media_root, room):
    prepared = prepare_upload(SimpleUploadedFile("voice.wav", WAV))
    disk_full_storages(settings, private_media_root, room)

    with pytest.raises(OSError) as caught:
        media_file_attach(record=VictimFactory(), prepared=prepared, role=MediaFile.Role.RECORDING)

    assert caught.value.errno == errno.ENOSPC
    assert files_under(private_media_root) == []
    assert not MediaFile.objects.exists()


def test_a_thumbnail_that_does_not_fit_takes_its_photograph_with_it(settings, private_media_root):
    prepared = prepare_upload(SimpleUploadedFile("family.jpg", samples.jpeg_with_gps(size=(640, 480))))
    # Room for the photograph and half its thumbnail.
    disk_full_storages(settings, private_media_root, prepared.size + len(prepared.thumbnail.read()) // 2)

    with pytest.raises(OSError):
        media_file_attach(record=VictimFactory(), prepared=prepared, role=MediaFile.Role.PHOTO)

    assert files_under(private_media_root) == []


def test_admin_upload_on_a_full_disk_says_it_could_not_be_saved_and_keeps_nothing(
    client, curator, settings, private_media_root
):
    victim = VictimFactory(surname_az="Qasımov")
    client.force_login(curator)
    url = admin_url("victim", "change", victim.pk)
    page = client.get(url)
    data = add_upload(change_form_data(page), media_prefix(page), SimpleUploadedFile("voice.wav", WAV))
    data["surname_az"] = "Qasımova"
    disk_full_storages(settings, private_media_root, 1000)

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "The change could not be saved. Nothing was changed; try again." in response.content.decode()
    assert files_under(private_media_root) == []
    assert not MediaFile.objects.exists()
    victim.refresh_from_db()
    assert victim.surname_az == "Qasımov"  # nothing half-saved: the record's own change went too


def test_public_form_on_a_full_disk_answers_could_not_save_and_keeps_nothing(client, settings, private_media_root):
    disk_full_storages(settings, private_media_root, 1000)

    response = client.post("/en/submit/", form_data(files=[("voice.wav", WAV, "Mother remembers")]))

    assert response.status_code == 503
    assert "We could not save what you sent, because of a fault on our side." in response.content.decode()
    assert not Submission.objects.exists()
    assert files_under(private_media_root) == []


def test_a_refused_post_on_a_full_disk_keeps_no_partial_file(client, settings, private_media_root):
    disk_full_storages(settings, private_media_root, 1000)

    response = client.post(
        "/en/submit/", form_data(files=[("voice.wav", WAV, "Mother remembers")], rights_confirmed="")
    )

    assert response.status_code == 400
    assert "files you chose must be chosen again" in response.content.decode()
    assert not PendingUpload.objects.exists()
    assert files_under(private_media_root) == []
