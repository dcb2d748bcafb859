"""Victims written in bulk (an import) are found at once, by every spelling, exactly as saved ones are."""

import csv
import io

import pytest
from django.core.management import call_command

from archive.importing import COLUMNS
from archive.models import NameVariant, Victim
from archive.signals import records_changed_in_bulk
from search.cache import current_version
from search.indexing import index_victim
from search.models import NameKey, NameWord
from tests.factories import NameVariantFactory, TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db

ROWS = [
    {"surname_az": "Məmmədov", "given_name_az": "Əli", "surname_ru": "Мамедов", "given_name_ru": "Али"},
    {"surname_ru": "Гусейнова", "given_name_ru": "Лейла", "variants": "Guseynova Leyla"},
    {"surname_az": "Cəfərov", "given_name_az": "Elşən", "surname_en": "Jafarov", "given_name_en": "Elshan"},
    {"surname_az": "İsmayılov", "given_name_az": "Şahin", "patronymic_az": "Rauf oğlu"},
    {"surname_az": "Hüseynov", "given_name_az": "Vüqar", "variants": "Гусейнов Вугар; Huseynov V."},
]


def import_rows(tmp_path, rows, *options: str) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in COLUMNS])
    path = tmp_path / "victims.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    call_command("import_victims", str(path), "--batch-size", "2", *options, stdout=io.StringIO(), stderr=io.StringIO())


def index_snapshot() -> tuple[set, set]:
    words = set(NameWord.objects.values_list("victim_id", "key", "spellings", "is_primary"))
    keys = set(NameKey.objects.filter(frequency__gt=0).values_list("key", "frequency"))
    return words, keys


def assert_index_is_what_one_by_one_saves_make() -> None:
    bulk = index_snapshot()
    NameWord.objects.all().delete()
    NameKey.objects.all().delete()
    for victim_id in Victim.objects.values_list("pk", flat=True):
        index_victim(victim_id)
    assert bulk == index_snapshot()


def identifier(**names) -> str:
    return Victim.objects.get(**names).identifier


def test_imported_victims_are_found_right_after_by_every_script_and_spelling(tmp_path, found):
    import_rows(tmp_path, ROWS, "--publish")

    mammadov = identifier(surname_az="Məmmədov")
    for query in ["Məmmədov Əli", "Мамедов Али", "Mamedov Ali", "Mammadov", "Мәммәдов"]:
        assert found(query)[:1] == [mammadov], query
    guseynova = identifier(surname_ru="Гусейнова")
    for query in ["Гусейнова Лейла", "Hüseynova", "Guseynova Leyla", "Huseynova"]:
        assert found(query)[:1] == [guseynova], query
    jafarov = identifier(surname_az="Cəfərov")
    for query in ["Джафаров Эльшан", "Jafarov", "Dzhafarov Elshan", "Cəfərov"]:
        assert found(query)[:1] == [jafarov], query
    assert found("ISMAYILOV Şahin")[:1] == [identifier(surname_az="İsmayılov")]
    assert found("Гусейнов Вугар")[:1] == [identifier(surname_az="Hüseynov")]


def test_drafts_imported_are_indexed_but_not_shown(tmp_path, found):
    import_rows(tmp_path, ROWS)

    assert NameWord.objects.filter(victim__surname_az="Məmmədov").exists()
    assert found("Мамедов") == []


def test_the_index_of_an_import_is_the_one_saving_each_victim_makes(tmp_path):
    VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_ru="Мамедов")  # shared keys count up
    NameVariantFactory(victim=VictimFactory(surname_az="Quliyev"), name="Kuliyev Elşən")

    import_rows(tmp_path, ROWS)

    assert_index_is_what_one_by_one_saves_make()


def test_an_import_changes_the_results_version(tmp_path):
    before = current_version()

    import_rows(tmp_path, ROWS[:1])

    assert current_version() != before


def test_victims_renamed_in_bulk_are_indexed_again_and_their_old_names_counted_down(found):
    renamed = [VictimFactory(surname_az="Məmmədov", given_name_az=f"Ad{n}", surname_ru="") for n in range(3)]
    kept = VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_ru="")
    pks = [victim.pk for victim in renamed]

    Victim.objects.filter(pk__in=pks).update(surname_az="Əliyev")
    records_changed_in_bulk.send(sender=Victim, pks=pks)

    assert set(found("Əliyev")) == {victim.identifier for victim in renamed}
    assert found("Məmmədov") == [kept.identifier]
    assert_index_is_what_one_by_one_saves_make()


def test_variants_written_in_bulk_find_their_victim():
    victim = VictimFactory(surname_az="Quliyeva", given_name_az="Sevda")
    variants = NameVariant.objects.bulk_create([NameVariant(victim=victim, name="Kərimova")])
    records_changed_in_bulk.send(sender=NameVariant, pks=[variant.pk for variant in variants])

    assert NameWord.objects.filter(victim=victim, spellings__contains=" kərimova ").exists()
    assert_index_is_what_one_by_one_saves_make()


def test_a_testimony_naming_a_victim_renamed_in_bulk_is_found_by_the_new_name(found):
    victim = VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_ru="")
    testimony = TestimonyFactory()
    testimony.victims.add(victim)

    Victim.objects.filter(pk=victim.pk).update(surname_az="Zeynalov")
    records_changed_in_bulk.send(sender=Victim, pks=[victim.pk])

    assert testimony.identifier in found("Zeynalov", kind="testimonies")
