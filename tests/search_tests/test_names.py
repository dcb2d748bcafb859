"""Victims are found whichever way the name is typed, and the person named exactly comes first."""

import csv
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import NameVariantFactory, VictimFactory

# The shared development set beside the project (as in CI) is the reference; a clone on its own uses the
# copy kept with these tests.
_SHARED_CSV = Path(settings.BASE_DIR).parent / "shared" / "data" / "name-variants.csv"
VARIANTS_CSV = _SHARED_CSV if _SHARED_CSV.exists() else Path(__file__).parent / "data" / "name-variants.csv"
ROWS = list(csv.DictReader(VARIANTS_CSV.open(encoding="utf-8")))

pytestmark = pytest.mark.django_db


@pytest.fixture
def named():
    """Every name of the development set as a victim's surname (given names go in the given name)."""

    def make() -> dict[str, str]:
        victims = {}
        given = {row["name_az"] for row in ROWS if not row["name_az"].endswith(("ov", "ova", "ev", "yev"))}
        for name in sorted({row["name_az"] for row in ROWS}):
            if name in given:
                victim = VictimFactory(surname_az="Soyadsız", given_name_az=name, surname_ru="")
            else:
                victim = VictimFactory(surname_az=name, given_name_az="Vaqif", surname_ru="")
            victims[name] = victim.identifier
        return victims

    return make


def test_the_development_set_has_both_kinds_of_row():
    assert {row["expect"] for row in ROWS} == {"match", "no_match"}


@pytest.mark.parametrize("row", [row for row in ROWS if row["expect"] == "match"], ids=lambda row: row["variant"])
def test_every_listed_spelling_finds_its_victim_in_the_top_five(row, named, found):
    victims = named()
    assert victims[row["name_az"]] in found(row["variant"])[:5]


@pytest.mark.parametrize("row", [row for row in ROWS if row["expect"] == "no_match"], ids=lambda row: row["variant"])
def test_a_listed_different_name_is_never_ranked_first(row, named, found):
    victims = named()
    results = found(row["variant"])
    assert not results or results[0] != victims[row["name_az"]]


@pytest.mark.parametrize(
    ("stored", "queries"),
    [
        ("Məmmədov", ["Мамедов", "Мәммәдов", "Mamedov", "Mammadov", "məmmədov", "MƏMMƏDOV"]),
        ("Cəfərov", ["Джафаров", "Jafarov", "Dzhafarov", "cəfərov"]),
        ("Hüseynov", ["Гусейнов", "Guseynov", "Huseynov"]),
        ("İsmayılov", ["Исмаилов", "ISMAYILOV", "ismayılov", "İSMAYILOV"]),
    ],
)
def test_design_examples_meet(stored, queries, found):
    victim = VictimFactory(surname_az=stored, given_name_az="Rauf", surname_ru="")
    VictimFactory(surname_az="Başqayev", given_name_az="Rauf", surname_ru="")
    for query in queries:
        assert found(query)[:1] == [victim.identifier], query


def test_russian_form_is_found_from_azerbaijani_and_back(found):
    victim = VictimFactory(surname_az="", given_name_az="", surname_ru="Гасанов", given_name_ru="Рафик")
    assert victim.identifier in found("Həsənov Rafiq")
    assert victim.identifier in found("Hasanov")


def test_a_variant_is_found(found):
    victim = VictimFactory(surname_az="Quliyeva", given_name_az="Sevda")
    NameVariantFactory(victim=victim, name="Kərimova")
    assert found("Kerimova") == [victim.identifier]
    assert found("Керимова Севда") == [victim.identifier]


def test_surname_given_name_or_patronymic_alone_finds_the_victim(found):
    victim = VictimFactory(surname_az="Nəcəfov", given_name_az="Elşən", patronymic_az="Rövşən oğlu")
    VictimFactory(surname_az="Abbasov", given_name_az="Tofiq")
    for query in ["Nəcəfov", "Elşən", "Rövşən", "Najafov", "Эльшан", "Nəcəfov Elşən Rövşən"]:
        assert found(query) == [victim.identifier], query


def test_every_query_word_must_meet_a_name_word(found):
    VictimFactory(surname_az="Nəcəfov", given_name_az="Elşən")
    assert found("Nəcəfov Zaur") == []


def test_the_person_named_fully_ranks_first(found):
    huseynov = VictimFactory(surname_az="Hüseynov", given_name_az="Əli")
    hasanov = VictimFactory(surname_az="Həsənov", given_name_az="Əli")
    assert found("Həsənov Əli")[0] == hasanov.identifier
    assert found("Hüseynov Əli")[0] == huseynov.identifier
    assert found("Əli Həsənov")[0] == hasanov.identifier


def test_the_exact_spelling_ranks_above_a_name_the_broad_key_joins(found):
    xalilov = VictimFactory(surname_az="Xəlilov", given_name_az="Vüqar")
    halilov = VictimFactory(surname_az="Halilov", given_name_az="Vüqar", surname_ru="")
    assert found("Xəlilov")[:2] == [xalilov.identifier, halilov.identifier]
    assert found("Halilov")[:2] == [halilov.identifier, xalilov.identifier]


@pytest.mark.parametrize("typo", ["Mammadof", "Memmedov", "Mamedv", "Mammmadov", "Məmədova"])
def test_a_typo_still_finds_the_name(typo, found):
    victim = VictimFactory(surname_az="Məmmədov", given_name_az="Tofiq")
    VictimFactory(surname_az="Rəhimov", given_name_az="Elçin")
    assert found(typo)[:1] == [victim.identifier]


def test_a_typo_ranks_below_the_exact_name(found):
    exact = VictimFactory(surname_az="Qasımov", given_name_az="Tofiq")
    near = VictimFactory(surname_az="Qasımlı", given_name_az="Tofiq")
    assert found("Qasımov")[0] == exact.identifier
    assert near.identifier in found("Qasımlu")[:1]


def test_a_beginning_of_a_name_finds_it(found):
    victim = VictimFactory(surname_az="Şahbazov", given_name_az="Ramiz")
    assert found("Şahb") == [victim.identifier]
    assert found("Shahb Ram") == [victim.identifier]


@pytest.mark.parametrize(
    ("typed", "surname", "given"),
    [
        ("Sablonov Tofiq", "Şablonov", "Tofiq"),
        ("Cercivali", "Çərçivəli", "Aynur"),
        ("ISIQNUMUNELI", "Işıqnümunəli", "Elvin"),
        ("Safiqe Eliyeva", "Əliyeva", "Şəfiqə"),
        ("Sirinova Cicek", "Şirinova", "Çiçək"),
    ],
)
def test_a_name_typed_without_azerbaijani_letters_is_found(typed, surname, given, found):
    victim = VictimFactory(surname_az=surname, given_name_az=given, surname_ru="")
    VictimFactory(surname_az="Sadıqov", given_name_az="Cavid", surname_ru="")
    VictimFactory(surname_az="Cəfərov", given_name_az="Səbinə", surname_ru="")
    assert found(typed)[:1] == [victim.identifier]


def test_a_name_spelt_with_s_outranks_one_spelt_with_sh_for_s(client, found):
    sirinov = VictimFactory(surname_az="Sirinov", given_name_az="Rauf", surname_ru="")
    shirinov = VictimFactory(surname_az="Şirinov", given_name_az="Rauf", surname_ru="")
    assert found("Sirinov")[:2] == [sirinov.identifier, shirinov.identifier]
    assert found("Şirinov")[:1] == [shirinov.identifier]
    assert found("Shirinov")[:1] == [shirinov.identifier]
    # The bare spelling still marks the name it found.
    assert "<mark>Şirinov</mark>" in client.get("/en/search/", {"q": "Sirinov"}).content.decode()


def test_a_year_typed_with_a_name_does_not_hide_the_person(found):
    victim = VictimFactory(surname_az="Məmmədov", given_name_az="Rasim", surname_ru="")
    assert found("Mamedov Rasim 1990", kind="victims") == [victim.identifier]
    assert found("1990", kind="victims") == []
