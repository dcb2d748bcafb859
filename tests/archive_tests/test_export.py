import csv
import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from archive.importing import COLUMNS
from archive.models import NameVariant, Place, Victim
from archive.resources import SpreadsheetSafeCSV, VictimResource
from tests.factories import NameVariantFactory, PlaceFactory, VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are checked as written; the default language (az) may translate them."""
    with translation.override("en"):
        yield


@pytest.fixture
def mammadov(db):
    victim = VictimFactory(
        surname_az="Məmmədov",
        given_name_az="Əli",
        patronymic_az="Hüseyn oğlu",
        surname_ru="Мамедов",
        given_name_ru="Али",
        patronymic_ru="Гусейн оглы",
        surname_en="Mammadov",
        given_name_en="Ali",
        gender=Victim.Gender.MALE,
        birth_date="circa 1965",
        death_date="1990-01-20",
        fate=Victim.Fate.DIED_OF_WOUNDS,
        incident_place=PlaceFactory(name_az="Salyan kazarmaları", name_en="Salyan barracks"),
        biography_az="Tələbə idi.\nŞəhid oldu.",
        biography_ru="Был студентом, «Азинефтехим».",
    )
    NameVariantFactory(victim=victim, name="Mamedov Ali")
    NameVariantFactory(victim=victim, name="Мамедов Али Гусейнович")
    return victim


def test_csv_export_has_the_import_columns_after_identifier_status_and_access(mammadov):
    text = VictimResource().export(Victim.objects.all()).csv

    rows = list(csv.DictReader(io.StringIO(text)))

    assert tuple(csv.reader(io.StringIO(text)).__next__()) == ("identifier", "status", "access", *COLUMNS)
    (row,) = rows
    assert row["identifier"] == mammadov.identifier
    assert (row["status"], row["access"]) == ("published", "public")
    assert (row["surname_az"], row["given_name_az"], row["patronymic_az"]) == ("Məmmədov", "Əli", "Hüseyn oğlu")
    assert (row["surname_ru"], row["patronymic_ru"]) == ("Мамедов", "Гусейн оглы")
    assert row["variants"] == "Mamedov Ali; Мамедов Али Гусейнович"
    assert (row["gender"], row["fate"]) == ("m", "died_of_wounds")
    assert (row["birth_date"], row["death_date"]) == ("1965~", "1990-01-20")
    assert row["place"] == "Salyan kazarmaları"
    assert row["biography_az"] == "Tələbə idi.\nŞəhid oldu."


def test_json_export_keeps_azerbaijani_and_cyrillic_letters(mammadov):
    data = json.loads(VictimResource().export(Victim.objects.all()).json)

    assert data[0]["surname_az"] == "Məmmədov"
    assert data[0]["given_name_ru"] == "Али"
    assert data[0]["variants"] == "Mamedov Ali; Мамедов Али Гусейнович"
    assert data[0]["place"] == "Salyan kazarmaları"


def test_export_without_a_queryset_exports_every_victim(mammadov):
    VictimFactory(surname_az="Quliyev", incident_place=None)

    dataset = VictimResource().export()

    assert dict(zip(dataset["surname_az"], dataset["place"], strict=True)) == {
        "Məmmədov": "Salyan kazarmaları",
        "Quliyev": "",
    }


def test_export_queries_do_not_grow_with_the_number_of_victims(mammadov, django_assert_max_num_queries):
    for number in range(20):
        victim = VictimFactory(incident_place=PlaceFactory())
        NameVariantFactory(victim=victim, name=f"Variant {number}")

    # the victims with their places, their variants, and the paginator's count
    with django_assert_max_num_queries(4):
        dataset = VictimResource().export(Victim.objects.all())

    assert len(dataset) == 21


def test_exported_csv_imports_again_into_an_empty_archive(mammadov, tmp_path):
    VictimFactory(surname_az="", surname_ru="Гусейнова", given_name_ru="Лейла", birth_date="", death_date="1990-01")
    exported = VictimResource().export(Victim.objects.all()).csv
    before = _people()
    # Only demonstration records may be deleted, so the archive is emptied as if they were demonstration data.
    Victim.objects.update(is_demo=True)
    NameVariant.objects.all().delete()
    Victim.objects.all().delete()
    Place.objects.all().delete()
    path = tmp_path / "export.csv"
    path.write_text(_without_columns(exported, {"identifier", "status", "access"}), encoding="utf-8")

    call_command("import_victims", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert _people() == before
    assert Place.objects.get().name_az == "Salyan kazarmaları"


def _people() -> set[tuple]:
    return {
        (
            *(getattr(victim, column) for column in COLUMNS if column not in {"variants", "place"}),
            victim.birth_earliest,
            victim.death_latest,
            tuple(variant.name for variant in victim.variants.all()),
            victim.incident_place.name_az if victim.incident_place else "",
        )
        for victim in Victim.objects.all()
    }


def _without_columns(text: str, dropped: set[str]) -> str:
    reader = csv.DictReader(io.StringIO(text))
    kept = [column for column in reader.fieldnames if column not in dropped]
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=kept, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(reader)
    return out.getvalue()


def test_a_formula_typed_as_a_name_survives_export_and_import_as_the_same_text(tmp_path):
    typed = '=HYPERLINK("http://evil.example")'
    VictimFactory(surname_az="Əliyev", given_name_az=typed, patronymic_az="@SUM(A1)", biography_en="-- a note")
    exported = SpreadsheetSafeCSV().export_data(VictimResource().export(Victim.objects.all()))
    assert "'=HYPERLINK" in exported and "'@SUM" in exported
    before = _people()
    Victim.objects.update(is_demo=True)
    Victim.objects.all().delete()
    path = tmp_path / "export.csv"
    path.write_text(_without_columns(exported, {"identifier", "status", "access"}), encoding="utf-8")

    call_command("import_victims", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert _people() == before
