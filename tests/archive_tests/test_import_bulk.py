"""import_victims on files that take several batches: history, identifiers, all-or-nothing, progress."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.db.models import QuerySet
from django.utils import translation

from archive.importing import COLUMNS
from archive.models import IdentifierCounter, NameVariant, Place, Status, Victim
from archive.models.publication import allocate_identifiers
from search.models import NameWord
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db

BATCH = "7"  # small, so that a few dozen rows take several batches


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def victims(count: int) -> list[dict[str, str]]:
    """``count`` different people: the same name, told apart by the month of birth."""
    return [
        {
            "surname_az": "Məmmədov",
            "given_name_az": "Əli",
            "surname_ru": "Мамедов",
            "given_name_ru": "Али",
            "surname_en": "Mammadov",
            "given_name_en": "Ali",
            "variants": f"Mamedov Ali; Məmmədli Əli {number}",
            "birth_date": f"{1920 + number // 12}-{number % 12 + 1:02d}",
            "death_date": "1990-01-20",
            "place": ["Salyan kazarmaları", "Tbilisi prospekti", "Bakı"][number % 3],
        }
        for number in range(count)
    ]


def write_csv(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in COLUMNS])
    path = tmp_path / "victims.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def run_import(path: Path, *options: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_victims", str(path), "--batch-size", BATCH, *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused_import(path: Path, *options: str) -> tuple[str, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as refusal:
        call_command("import_victims", str(path), "--batch-size", BATCH, *options, stdout=io.StringIO(), stderr=err)
    return str(refusal.value), err.getvalue()


def counter() -> int:
    return IdentifierCounter.objects.filter(prefix="V").values_list("last", flat=True).first() or 0


def assert_nothing_saved(identifiers_before: int) -> None:
    assert not Victim.objects.exists()
    assert not NameVariant.objects.exists()
    assert not Place.objects.exists()
    assert not Victim.history.exists()
    assert not NameVariant.history.exists()
    assert not NameWord.objects.exists()
    assert counter() == identifiers_before


def test_every_imported_victim_has_its_history_entry_saying_where_it_came_from(tmp_path):
    run_import(write_csv(tmp_path, victims(300)))

    assert Victim.objects.count() == 300
    entries = Victim.history.all()
    assert entries.count() == 300
    assert {(e.history_type, e.history_change_reason, e.history_user_id) for e in entries} == {
        ("+", "imported from victims.csv", None)
    }
    assert set(entries.values_list("id", flat=True)) == set(Victim.objects.values_list("pk", flat=True))
    # The history keeps what was saved, derived fields included.
    first = Victim.objects.get(birth_date="1920-01")
    kept = first.history.get()
    assert (kept.identifier, kept.sort_key, kept.birth_earliest) == (
        first.identifier,
        first.sort_key,
        first.birth_earliest,
    )
    assert NameVariant.objects.count() == NameVariant.history.count() == 600
    assert set(NameVariant.history.values_list("history_change_reason", flat=True)) == {"imported from victims.csv"}
    assert set(Place.history.values_list("history_change_reason", flat=True)) == {"imported from victims.csv"}


def test_imported_victims_get_consecutive_new_identifiers_in_file_order_and_the_counter_moves_on(tmp_path):
    earlier = VictimFactory()  # one saved the usual way: the import continues after it
    before = counter()
    run_import(write_csv(tmp_path, victims(30)))

    assert counter() == before + 30
    in_file_order = Victim.objects.exclude(pk=earlier.pk).order_by("birth_earliest")
    assert list(in_file_order.values_list("identifier", flat=True)) == [
        f"V-{number:06d}" for number in range(before + 1, before + 31)
    ]
    assert VictimFactory().identifier == f"V-{before + 31:06d}"


def test_imported_victims_are_like_saved_ones_sort_key_date_bounds_place_and_variants(tmp_path):
    run_import(write_csv(tmp_path, victims(10)))
    imported = Victim.objects.get(birth_date="1920-10")
    saved_alike = Victim(surname_az="Məmmədov", given_name_az="Əli", surname_ru="Мамедов", birth_date="1920-10")
    saved_alike.save()

    assert imported.sort_key == saved_alike.sort_key
    assert (imported.birth_earliest, imported.birth_latest) == (saved_alike.birth_earliest, saved_alike.birth_latest)
    assert imported.incident_place.name_az == "Salyan kazarmaları"
    assert list(imported.variants.values_list("name", flat=True)) == ["Mamedov Ali", "Məmmədli Əli 9"]
    assert imported.created_at is not None and imported.status == Status.DRAFT
    assert Place.objects.count() == 3


def test_publish_publishes_every_batch(tmp_path):
    out, _err = run_import(write_csv(tmp_path, victims(20)), "--publish")

    assert "Victims created: 20 (published)" in out
    assert Victim.objects.public().count() == 20
    assert not Victim.objects.filter(published_at=None).exists()


def test_a_bad_row_in_the_last_batch_saves_nothing_and_names_its_line(tmp_path):
    before = counter()
    rows = [*victims(40), {"surname_az": "Quliyev", "death_date": "1990-13-01"}]

    message, err = refused_import(write_csv(tmp_path, rows))

    assert "line 42: death_date “1990-13-01”: there is no month 13." in err
    assert "1 row has problems" in message and "Nothing was saved" in message
    assert_nothing_saved(before)


# The import's own transaction is the real one, committed or not. Serialized like every transactional test here:
# a flush without it recreates the content types that the next serialized test then loads again.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_failure_in_a_later_batch_leaves_nothing_saved(tmp_path, monkeypatch):
    before = counter()
    real_bulk_create = QuerySet.bulk_create
    batches = []

    def failing_on_the_third_batch(self, objs, *args, **kwargs):
        if self.model is Victim:
            batches.append(len(objs))
            if len(batches) == 3:
                raise DatabaseError("database or disk is full")
        return real_bulk_create(self, objs, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", failing_on_the_third_batch)

    message, _err = refused_import(write_csv(tmp_path, victims(30)))

    assert batches == [7, 7, 7]  # two batches were written before the failure
    assert "victims.csv was not imported: the database refused a write (database or disk is full)." in message
    assert "Nothing was saved." in message
    assert_nothing_saved(before)


def test_progress_is_reported_on_stderr_after_each_batch(tmp_path):
    out, err = run_import(write_csv(tmp_path, victims(20)))

    assert err.splitlines() == ["imported 7 / 20", "imported 14 / 20", "imported 20 / 20"]
    assert "imported" not in out  # stdout keeps the one summary line
    assert "Victims created: 20 (drafts); places created: 3; rows skipped: 0." in out


def test_progress_counts_with_thousands_separators_and_is_quiet_at_verbosity_0(tmp_path):
    path = write_csv(tmp_path, victims(20))
    _out, err = run_import(path, "--verbosity", "0", "--dry-run")
    assert "imported" not in err

    out, err = io.StringIO(), io.StringIO()
    call_command("import_victims", str(path), "--batch-size", "15", stdout=out, stderr=err)
    assert err.getvalue().splitlines() == ["imported 15 / 20", "imported 20 / 20"]


def test_dry_run_over_several_batches_saves_nothing_and_gives_back_no_identifier(tmp_path):
    before = counter()

    out, err = run_import(write_csv(tmp_path, victims(20)), "--dry-run", "--publish")

    assert "Dry run, nothing was saved. Victims that would be created: 20 (published); places: 3" in out
    assert "imported 20 / 20" in err
    assert_nothing_saved(before)


def test_skip_invalid_over_several_batches_saves_every_good_row(tmp_path):
    rows = victims(20)
    rows[3] = {**rows[3], "fate": "dead"}
    rows[18] = {**rows[18], "gender": "x"}

    out, err = run_import(write_csv(tmp_path, rows), "--skip-invalid")

    assert "Victims created: 18 (drafts); places created: 3; rows skipped: 2." in out
    assert "skipped line 5: fate “dead”" in err and "skipped line 20: gender “x”" in err
    assert Victim.objects.count() == 18


def test_people_already_in_the_archive_are_all_named_and_imported_only_when_allowed(tmp_path):
    rows = victims(12)
    twice = [VictimFactory(**{k: v for k, v in rows[11].items() if k not in ("variants", "place")}) for _ in range(2)]
    russian = VictimFactory(
        surname_az="", given_name_az="", surname_ru="Гусейнова", given_name_ru="Лейла", death_date="1990-01"
    )
    rows.append({"surname_az": "Hüseynova", "given_name_az": "Leyla", "death_date": "1990-01-20"})
    path = write_csv(tmp_path, rows)

    message, err = refused_import(path)

    same = "likely the same person as"
    for victim in twice:
        assert f"line 13: {same} {victim.identifier} (Məmmədov Əli) — same surname and given name" in err
    assert f"line 14: {same} {russian.identifier} (Гусейнова Лейла) — same surname and given name; " in err
    assert err.count(same) == 3
    assert "2 rows are likely people already in the archive" in message
    assert Victim.objects.count() == 3

    out, err = run_import(path, "--allow-duplicates")

    assert "Victims created: 13" in out
    assert err.count("imported anyway") == 3


def test_a_block_of_identifiers_is_consecutive_and_never_given_again():
    before = counter()
    first = allocate_identifiers("V", 3)
    second = allocate_identifiers("V", 2)

    assert first == [f"V-{before + n:06d}" for n in (1, 2, 3)]
    assert second == [f"V-{before + n:06d}" for n in (4, 5)]
    assert allocate_identifiers("V", 0) == []
    assert VictimFactory().identifier == f"V-{before + 6:06d}"
