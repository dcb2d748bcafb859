import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from archive.importing import COLUMNS
from archive.models import Place, Status, Victim
from tests.factories import PlaceFactory, VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are checked as written; the default language (az) may translate them."""
    with translation.override("en"):
        yield


def csv_text(rows: list[dict[str, str]], header: tuple[str, ...] = COLUMNS) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return out.getvalue()


def write_csv(
    tmp_path: Path,
    rows: list[dict[str, str]],
    header: tuple[str, ...] = COLUMNS,
    encoding: str = "utf-8",
    name: str = "victims.csv",
) -> Path:
    path = tmp_path / name
    path.write_bytes(csv_text(rows, header).encode(encoding))
    return path


def run_import(path: Path, *options: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_victims", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused_import(path: Path, *options: str) -> tuple[str, str]:
    """The CommandError message and what was written to stderr before it."""
    err = io.StringIO()
    with pytest.raises(CommandError) as refusal:
        call_command("import_victims", str(path), *options, stdout=io.StringIO(), stderr=err)
    return str(refusal.value), err.getvalue()


MAMMADOV = {
    "surname_az": "Məmmədov",
    "given_name_az": "Əli",
    "patronymic_az": "Hüseyn oğlu",
    "surname_ru": "Мамедов",
    "given_name_ru": "Али",
    "patronymic_ru": "Гусейн оглы",
    "surname_en": "Mammadov",
    "given_name_en": "Ali",
    "variants": "Mamedov Ali; Мамедов Али Гусейнович",
    "gender": "m",
    "birth_date": "1965",
    "death_date": "1990-01-20",
    "fate": "killed",
    "place": "Salyan kazarmaları",
    "biography_az": "Tələbə idi.",
    "biography_ru": "Был студентом.",
}
GUSEYNOVA = {
    "surname_ru": "Гусейнова",
    "given_name_ru": "Лейла",
    "gender": "f",
    "birth_date": "circa 1948",
    "death_date": "1990-01",
    "fate": "died_of_wounds",
    "place": "Salyan kazarmaları",
    "biography_en": "A nurse.\nShe was shot while helping the wounded.",
}
ISMAYILOV = {
    "surname_az": "İsmayılov",
    "given_name_az": "Şahin",
    "death_date": "1990-01-20",
    "place": "Şəhidlər Xiyabanı",
}


def test_good_file_imports_every_row_with_names_variants_places_and_date_bounds(tmp_path):
    path = write_csv(tmp_path, [MAMMADOV, GUSEYNOVA, ISMAYILOV])

    out, err = run_import(path)

    assert "Victims created: 3 (drafts); places created: 2; rows skipped: 0." in out
    assert err == ""
    mammadov = Victim.objects.get(surname_az="Məmmədov")
    assert (mammadov.given_name_az, mammadov.patronymic_az) == ("Əli", "Hüseyn oğlu")
    assert (mammadov.surname_ru, mammadov.given_name_ru, mammadov.patronymic_ru) == ("Мамедов", "Али", "Гусейн оглы")
    assert [variant.name for variant in mammadov.variants.all()] == ["Mamedov Ali", "Мамедов Али Гусейнович"]
    assert (mammadov.birth_earliest, mammadov.birth_latest) == (date(1965, 1, 1), date(1965, 12, 31))
    assert mammadov.death_earliest == date(1990, 1, 20)
    assert mammadov.biography_ru == "Был студентом."
    assert mammadov.identifier.startswith("V-")

    guseynova = Victim.objects.get(surname_ru="Гусейнова")
    assert guseynova.surname_az == ""
    assert guseynova.fate == Victim.Fate.DIED_OF_WOUNDS
    assert guseynova.birth_date == "1948~"
    assert (guseynova.death_earliest, guseynova.death_latest) == (date(1990, 1, 1), date(1990, 1, 31))
    assert guseynova.biography_en == "A nurse.\nShe was shot while helping the wounded."
    assert guseynova.incident_place == mammadov.incident_place

    ismayilov = Victim.objects.get(surname_az="İsmayılov")
    assert ismayilov.fate == Victim.Fate.KILLED  # empty fate: the model's default
    assert ismayilov.incident_place.name_az == "Şəhidlər Xiyabanı"
    assert ismayilov.incident_place.slug == "sehidler-xiyabani"
    assert mammadov.incident_place.slug == "salyan-kazarmalari"

    assert set(Victim.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert not Victim.objects.public().exists()
    assert not Victim.objects.filter(is_demo=True).exists()
    assert mammadov.history.latest().history_change_reason == "imported from victims.csv"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_file_saved_by_excel_with_a_byte_order_mark_is_read_alike(tmp_path, encoding):
    path = write_csv(tmp_path, [ISMAYILOV], encoding=encoding)

    run_import(path)

    assert Victim.objects.get().surname_az == "İsmayılov"


def test_file_without_fate_column_gives_the_default_fate(tmp_path):
    path = write_csv(tmp_path, [{"surname_az": "Əliyev"}], header=("surname_az",))

    run_import(path)

    assert Victim.objects.get().fate == Victim.Fate.KILLED


def bad_file(tmp_path: Path) -> Path:
    """Good rows, a good row whose biography spans lines 3–4, then three bad rows on lines 5, 6 and 7."""
    return write_csv(
        tmp_path,
        [
            MAMMADOV,
            GUSEYNOVA,
            {**ISMAYILOV, "death_date": "1990-13-01"},
            {"surname_az": "Quliyev", "fate": "dead"},
            {"given_name_az": "Fuad", "death_date": "1990-01-20"},
        ],
    )


def test_one_bad_row_saves_nothing_and_names_its_line_and_why(tmp_path):
    message, err = refused_import(bad_file(tmp_path))

    assert "line 5: death_date “1990-13-01”: there is no month 13." in err
    assert "line 6: fate “dead” is not one of killed, died_of_wounds, injured, missing, arrested" in err
    assert "line 7: give surname_az or surname_ru" in err
    assert "3 rows have problems" in message
    assert "Nothing was saved" in message
    assert not Victim.objects.exists()
    assert not Place.objects.exists()


def test_death_before_birth_is_refused_like_in_the_admin(tmp_path):
    path = write_csv(tmp_path, [{"surname_az": "Əliyev", "birth_date": "1990-02", "death_date": "1990-01-20"}])

    _message, err = refused_import(path)

    assert "line 2: death_date: The date of death is before the date of birth." in err


def test_skip_invalid_saves_the_good_rows_and_lists_the_bad(tmp_path):
    out, err = run_import(bad_file(tmp_path), "--skip-invalid")

    assert "Victims created: 2 (drafts); places created: 1; rows skipped: 3." in out
    assert "skipped line 5: death_date “1990-13-01”: there is no month 13." in err
    assert "skipped line 6: fate “dead”" in err
    assert "skipped line 7: give surname_az or surname_ru" in err
    assert set(Victim.objects.values_list("surname_az", "surname_ru")) == {("Məmmədov", "Мамедов"), ("", "Гусейнова")}


def test_publish_makes_the_imported_victims_public(tmp_path):
    path = write_csv(tmp_path, [MAMMADOV, ISMAYILOV])

    out, _err = run_import(path, "--publish")

    assert "Victims created: 2 (published)" in out
    public = Victim.objects.public()
    assert public.count() == 2
    assert all(victim.published_at is not None for victim in public)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (("surname_az", "given_nam_az", "death_date"), "unknown columns in the header: given_nam_az."),
        (("given_name_az", "death_date"), "the header has neither surname_az nor surname_ru"),
        (("surname_az", "death_date", "Death_Date"), "more than once: death_date"),
    ],
)
def test_a_wrong_header_refuses_the_file(tmp_path, header, expected):
    path = write_csv(tmp_path, [{"surname_az": "Əliyev", "given_name_az": "Fuad", "death_date": "1990"}], header)

    message, _err = refused_import(path)

    assert expected in message
    assert not Victim.objects.exists()


def test_unknown_column_message_lists_the_accepted_columns(tmp_path):
    path = write_csv(tmp_path, [{"surname_az": "Əliyev"}], header=("surname_az", "notes"))

    message, _err = refused_import(path)

    assert "notes" in message
    assert "The accepted columns are: surname_az, given_name_az, patronymic_az" in message


def test_semicolon_separated_file_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "victims.csv"
    path.write_text("surname_az;given_name_az\nƏliyev;Fuad\n", encoding="utf-8")

    message, _err = refused_import(path)

    assert "Columns must be separated by commas." in message


def test_cp1251_file_is_refused_naming_the_encoding_and_line(tmp_path):
    path = write_csv(
        tmp_path,
        [{"surname_ru": "Ivanov"}, {"surname_ru": "Гусейнова", "given_name_ru": "Лейла"}],
        encoding="cp1251",
    )

    message, _err = refused_import(path)

    assert "victims.csv is not UTF-8 text: line 3" in message
    assert "Windows-1251" in message
    assert not Victim.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "victims.csv is empty."),
        (b"\xef\xbb\xbf\r\n\r\n", "victims.csv is empty."),
        (",".join(COLUMNS).encode() + b"\n", "victims.csv has a header but no rows."),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "victims.csv is not a CSV file"),
        ("surname_az\n".encode("utf-16"), "victims.csv is UTF-16 text, not UTF-8."),
    ],
)
def test_malformed_file_is_refused_with_a_clear_message(tmp_path, content, expected):
    path = tmp_path / "victims.csv"
    path.write_bytes(content)

    message, _err = refused_import(path)

    assert expected in message


def test_missing_file_is_refused(tmp_path):
    message, _err = refused_import(tmp_path / "nowhere.csv")

    assert "There is no file" in message
    assert "nowhere.csv" in message


def test_existing_place_is_reused_whatever_the_case_or_language(tmp_path):
    baku = PlaceFactory(name_az="Bakı", name_en="Baku", name_ru="Баку")
    path = write_csv(
        tmp_path,
        [{"surname_az": "Əliyev", "place": "BAKI"}, {"surname_ru": "Гусейнова", "place": "баку"}],
    )

    out, _err = run_import(path)

    assert "places created: 0" in out
    assert Place.objects.count() == 1
    assert {victim.incident_place for victim in Victim.objects.all()} == {baku}


def test_new_place_gets_a_slug_not_taken_by_another_place(tmp_path):
    PlaceFactory(name_az="Something else", slug="salyan-kazarmalari")
    path = write_csv(tmp_path, [MAMMADOV])

    run_import(path)

    assert Victim.objects.get().incident_place.slug == "salyan-kazarmalari-2"


def test_row_repeating_an_earlier_row_is_reported(tmp_path):
    repeated = {**ISMAYILOV, "given_name_az": "  Şahin "}
    path = write_csv(tmp_path, [ISMAYILOV, MAMMADOV, repeated])

    _message, err = refused_import(path)

    assert "line 4: repeats line 2 (same names and dates)" in err
    assert not Victim.objects.exists()


def test_namesakes_told_apart_by_birth_date_are_both_imported(tmp_path):
    path = write_csv(tmp_path, [{**ISMAYILOV, "birth_date": "1960"}, {**ISMAYILOV, "birth_date": "1971"}])

    run_import(path)

    assert Victim.objects.count() == 2


def test_a_person_already_in_the_archive_in_another_script_is_reported_and_nothing_saved(tmp_path):
    existing = VictimFactory(
        surname_az="İsmayılov", given_name_az="Şahin", surname_ru="", birth_date="1961", death_date="1990-01-20"
    )
    cyrillic = {"surname_ru": "Исмаилов", "given_name_ru": "Шахин", "death_date": "1990-01"}
    path = write_csv(tmp_path, [GUSEYNOVA, cyrillic])

    message, err = refused_import(path)

    assert (
        f"line 4: likely the same person as {existing.identifier} (İsmayılov Şahin) — same surname and given name; "
        "died in the same month" in err
    )
    assert "1 row is likely a person already in the archive or earlier in the file. Nothing was saved." in message
    assert "--allow-duplicates" in message
    assert list(Victim.objects.all()) == [existing]
    assert not Place.objects.exists()


def test_the_same_person_twice_in_the_file_in_latin_and_cyrillic_is_reported_with_both_lines(tmp_path):
    latin = {"surname_az": "Hüseynov", "given_name_az": "Elçin", "death_date": "1990-01-20", "birth_date": "1970"}
    cyrillic = {"surname_ru": "Гусейнов", "given_name_ru": "Эльчин", "birth_date": "1970~"}
    english = {"surname_az": "Huseynov", "given_name_az": "Elchin", "death_date": "1990-01-20"}
    path = write_csv(tmp_path, [latin, MAMMADOV, cyrillic, english])

    _message, err = refused_import(path)

    assert "line 4: likely the same person as line 2 — same surname and given name; born in the same year" in err
    assert "line 5: likely the same person as line 2 — same surname and given name; same date of death" in err
    assert "line 3" not in err
    assert not Victim.objects.exists()


def test_namesakes_told_apart_by_dates_patronymic_or_gender_are_not_duplicates(tmp_path):
    VictimFactory(
        surname_az="İsmayılov",
        given_name_az="Şahin",
        patronymic_az="Vəli oğlu",
        surname_ru="",
        gender="m",
        birth_date="1960",
        death_date="1990-01-20",
    )
    same = {**ISMAYILOV, "patronymic_az": "Vəli oğlu", "birth_date": "1960"}
    rows = [
        {**same, "death_date": "1990-01-21"},  # died another day
        {**same, "birth_date": "1950", "patronymic_az": "Rauf oğlu"},  # born ten years before, another father
        {**same, "birth_date": "1950", "patronymic_az": "Kamal oğlu"},  # and another father again
        {**same, "gender": "f"},
        {"surname_az": "İsmayılov", "death_date": "1990-01-20"},  # a surname alone is no one in particular
        {"surname_az": "Rzayev", "given_name_az": "Şahin", "patronymic_az": "İsmayıl oğlu"},  # the father's name
    ]
    out, err = run_import(write_csv(tmp_path, rows))

    assert "Victims created: 6" in out
    assert "likely" not in err


def test_allow_duplicates_imports_them_and_lists_them(tmp_path):
    existing = VictimFactory(surname_az="İsmayılov", given_name_az="Şahin", surname_ru="", death_date="1990-01-20")
    path = write_csv(tmp_path, [ISMAYILOV, {**ISMAYILOV, "surname_az": "Ismayilov", "given_name_az": "Shahin"}])

    out, err = run_import(path, "--allow-duplicates")

    assert "Victims created: 2" in out
    assert f"line 2: likely the same person as {existing.identifier} (İsmayılov Şahin)" in err
    assert "line 3: likely the same person as line 2 — same surname and given name; same date of death; " in err
    assert err.count("imported anyway") == 3  # line 3 is also like the archive's record
    assert Victim.objects.count() == 3


def test_bad_rows_and_duplicates_are_reported_together(tmp_path):
    VictimFactory(surname_az="İsmayılov", given_name_az="Şahin", surname_ru="", death_date="1990-01-20")
    path = write_csv(tmp_path, [ISMAYILOV, {"surname_az": "Quliyev", "fate": "dead"}])

    message, err = refused_import(path, "--allow-duplicates")
    assert "line 3: fate “dead”" in err and "likely" not in err
    assert "1 row has problems" in message

    message, err = refused_import(path)
    assert "line 2: likely the same person as" in err and "line 3: fate “dead”" in err
    assert "1 row has problems" in message and "Also, 1 row is likely a person already in the archive" in message

    message, err = refused_import(path, "--skip-invalid")
    assert "line 2: likely the same person as" in err and "fate" not in err
    assert not Victim.objects.filter(surname_az="Quliyev").exists()


def test_dry_run_checks_the_file_and_saves_nothing(tmp_path):
    path = write_csv(tmp_path, [MAMMADOV, ISMAYILOV])

    out, _err = run_import(path, "--dry-run", "--publish")

    assert "Dry run, nothing was saved." in out
    assert "Victims that would be created: 2 (published); places: 2" in out
    assert not Victim.objects.exists()
    assert not Place.objects.exists()


def test_dry_run_reports_bad_rows_too(tmp_path):
    _message, err = refused_import(bad_file(tmp_path), "--dry-run")

    assert "line 5: death_date" in err
