"""Importing victims from the admin: upload, a preview with line-numbered problems and likely duplicates, confirm;
the same rules as the command (all or nothing unless told otherwise), each victim in history with the importing
user. Only those who may add victims import."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from archive.models import Status, Victim
from curation.admin import importing
from tests.curation_tests.test_import_victims import GUSEYNOVA, ISMAYILOV, MAMMADOV, csv_text
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

UPLOAD = "/en/admin/archive/victim/import/"


def upload(client, content: bytes, name: str = "victims.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def preview_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_the_list_offers_the_import_to_those_who_may_add_victims(client, curator, reviewer):
    client.force_login(curator)
    assert UPLOAD in client.get("/en/admin/archive/victim/").content.decode()
    client.force_login(reviewer)
    assert UPLOAD not in client.get("/en/admin/archive/victim/").content.decode()
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, csv_text([ISMAYILOV]).encode()).status_code == 403
    assert not Victim.objects.exists()


def test_a_good_file_is_previewed_then_imported_with_the_curator_in_every_history_entry(client, curator):
    client.force_login(curator)
    url = preview_url(upload(client, csv_text([MAMMADOV, GUSEYNOVA, ISMAYILOV]).encode()))

    page = client.get(url).content.decode()
    assert "victims.csv: 3 rows can be imported." in page
    assert "Məmmədov Əli Hüseyn oğlu" in page and "Salyan kazarmaları" in page
    assert not Victim.objects.exists()  # nothing saved by looking

    response = client.post(url, {"publish": "on"})

    assert response.status_code == 302
    assert Victim.objects.count() == 3 and set(Victim.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    for victim in Victim.objects.all():
        entry = victim.history.latest()
        assert (entry.history_user, entry.history_change_reason) == (curator, "imported from victims.csv")
    message = client.get(response["Location"]).content.decode()
    assert "Imported from victims.csv: 3 victims (published), 2 new places." in message
    assert client.get(url).status_code == 302  # the upload is let go once imported


def test_duplicates_in_the_file_and_in_the_archive_are_shown_with_lines_and_nothing_is_saved(client, curator):
    existing = VictimFactory(surname_az="İsmayılov", given_name_az="Şahin", surname_ru="", death_date="1990-01-20")
    rows = [
        {"surname_ru": "Исмаилов", "given_name_ru": "Шахин", "death_date": "1990-01-20"},
        {"surname_az": "Hüseynov", "given_name_az": "Elçin", "birth_date": "1970"},
        {"surname_ru": "Гусейнов", "given_name_ru": "Эльчин", "birth_date": "1970"},
        {"surname_az": "Quliyev", "fate": "dead"},
    ]
    client.force_login(curator)
    url = preview_url(upload(client, csv_text(rows).encode()))

    page = client.get(url).content.decode()
    assert f"line 2: likely the same person as {existing.identifier} (İsmayılov Şahin) — same surname and given" in page
    assert "line 4: likely the same person as line 3 — same surname and given name; born in the same year" in page
    assert "line 5: fate “dead” is not one of" in page

    page = client.post(url, {"skip_invalid": "on"}).content.decode()
    assert "Nothing was saved: some rows are likely people already in the archive" in page
    assert list(Victim.objects.all()) == [existing]

    response = client.post(url, {"skip_invalid": "on", "allow_duplicates": "on"})
    assert response.status_code == 302
    assert Victim.objects.count() == 4 and not Victim.objects.filter(surname_az="Quliyev").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (csv_text([{"surname_ru": "Гусейнова"}]).encode("cp1251"), "is not UTF-8 text: line 2"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), "is not a CSV file: it holds binary data"),
        (b"Mammadov,Ali\nGuliyev,Vugar\n", "unknown columns in the header: mammadov, ali"),
        (b"", "The submitted file is empty."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_at_once_saying_why(client, curator, content, expected):
    client.force_login(curator)

    response = upload(client, content)

    assert response.status_code == 200 and expected in response.content.decode()
    assert not list((importing._folder()).iterdir())  # nothing kept


def test_a_file_too_large_is_refused_before_it_is_read(client, curator, monkeypatch):
    monkeypatch.setattr(importing, "MAX_BYTES", 1000)
    client.force_login(curator)

    page = upload(client, csv_text([MAMMADOV] * 20).encode()).content.decode()

    assert re.search(r"The file is [\d.]+ MB; at most 0 MB can be imported here", page)


def test_an_upload_is_kept_for_its_own_session_only(client, curator):
    client.force_login(curator)
    url = preview_url(upload(client, csv_text([ISMAYILOV]).encode()))
    other = Client()
    other.force_login(curator)

    response = other.post(url, {})

    assert response.status_code == 302 and response["Location"].endswith(UPLOAD)
    assert not Victim.objects.exists()
    response = client.post(url, {})
    assert response.status_code == 302, re.findall(r"errornote[^>]*>([^<]*)", response.content.decode())
    assert Victim.objects.count() == 1
