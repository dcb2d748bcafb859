"""Patronymics as Soviet papers wrote them: "Эльдар Расимович" finds the person recorded as "Eldar Rasim oğlu",
and the other way round; a patronymic never outweighs a surname and given name."""

import pytest

from search import selectors
from submissions.matching import likely_victims
from submissions.models import Submission
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eldar():
    return VictimFactory(surname_az="Məmmədov", given_name_az="Eldar", patronymic_az="Rasim oğlu", surname_ru="")


@pytest.fixture
def leyla():
    return VictimFactory(surname_az="Hüseynova", given_name_az="Leyla", patronymic_az="Rəşid qızı", surname_ru="")


@pytest.mark.parametrize("typed", ["Эльдар Расимович", "Eldar Rasimovich", "Məmmədov Eldar Rasimovich"])
def test_a_russian_patronymic_finds_the_azerbaijani_one(found, eldar, typed):
    assert found(typed)[0] == eldar.identifier


def test_a_russian_feminine_patronymic_finds_the_azerbaijani_one(found, leyla):
    assert found("Лейла Рашидовна")[0] == leyla.identifier
    assert found("Лейла Рашид кызы")[0] == leyla.identifier


def test_a_record_with_a_russian_patronymic_is_found_by_the_azerbaijani_one(found):
    recorded = VictimFactory(
        surname_az="", given_name_az="", surname_ru="Алиев", given_name_ru="Эльдар", patronymic_ru="Расимович"
    )
    assert found("Eldar Rasim oğlu")[0] == recorded.identifier
    assert found("Расим оглы Эльдар")[0] == recorded.identifier


def test_a_record_without_a_patronymic_is_still_found(found):
    plain = VictimFactory(surname_az="Quliyev", given_name_az="Eldar", patronymic_az="", surname_ru="")
    assert plain.identifier in found("Quliyev Eldar Rasimovich")


def test_the_patronymic_orders_people_of_one_name_but_never_outweighs_the_name(found, eldar):
    other_father = VictimFactory(surname_az="Məmmədov", given_name_az="Eldar", patronymic_az="Kamal oğlu")
    rasim = VictimFactory(surname_az="Məmmədov", given_name_az="Rasim", patronymic_az="Eldar oğlu")
    results = found("Məmmədov Eldar Rasimovich")
    assert results.index(eldar.identifier) < results.index(other_father.identifier)
    # Rasim, son of Eldar, has the words but not as the name typed: he comes after both Eldars, if at all.
    if rasim.identifier in results:
        assert results.index(rasim.identifier) > results.index(other_father.identifier)


def test_a_patronymic_typed_alone_is_searched_for(found, eldar):
    assert found("Rasimovich") == [eldar.identifier]


def test_suggestions_and_likely_matches_know_russian_patronymics(client, eldar):
    suggestions = selectors.suggest("Эльдар Расимович") if hasattr(selectors, "suggest") else None
    if suggestions is not None:
        assert eldar.identifier in [item.identifier for item in suggestions]
    described = Submission(person_name="Мамедов Эльдар Расимович")
    assert [match.victim for match in likely_victims(described)][:1] == [eldar]
