"""Likely victims on the review page come from the search index, not from a walk over every victim: the name in
any script, then dates and place, at a bounded number of queries however large the archive."""

import pytest

from archive.models import Status
from submissions.matching import likely_victims
from submissions.models import SubmissionPerson
from tests.factories import PlaceFactory, VictimFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


def _decoys(count: int) -> None:
    """Namesakes and strangers: a third share the surname, a third the given name."""
    surnames = ["Məmmədov", "Əliyev", "Həsənov"]
    given = ["Anar", "Rauf", "Elçin", "Vüqar", "Tural"]
    for n in range(count):
        surname = surnames[n % 3]
        first = given[n % 5] if surname != "Məmmədov" else f"{given[n % 5]}{n}"  # no other Məmmədov Rauf
        VictimFactory(surname_az=surname, given_name_az=first, surname_ru="", death_date=f"19{60 + n % 30}")


def test_a_name_typed_in_russian_finds_the_azerbaijani_victim_among_hundreds(
    make_submission, django_assert_max_num_queries
):
    _decoys(300)
    victim = VictimFactory(
        surname_az="Məmmədov", given_name_az="Rauf", surname_ru="", death_date="1990-01-20",
        incident_place=PlaceFactory(name_az="Salyan kazarmaları", name_en="Salyan barracks"),
    )  # fmt: skip
    submission = make_submission(
        person_name="Мамедов Рауф", new_surname="", new_given_name="", new_place="Salyan", new_death_date="1990-01-20"
    ).submission
    with django_assert_max_num_queries(MAX_QUERIES):
        matches = likely_victims(submission)
    assert matches[0].victim == victim
    assert matches[0].reasons == ["name", "date of death", "place"]
    assert len(matches) <= 5


def test_a_patronymic_the_archive_lacks_does_not_hide_the_person(make_submission, django_assert_max_num_queries):
    _decoys(60)
    victim = VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_ru="Мамедов")
    submission = make_submission(person_name="Мамедов Рауф Алиевич", new_surname="", new_given_name="").submission
    with django_assert_max_num_queries(MAX_QUERIES):
        matches = likely_victims(submission)
    assert matches[0].victim == victim


def test_an_other_person_is_matched_too_and_the_familys_choice_comes_first(make_submission):
    _decoys(30)
    huseynov = VictimFactory(surname_az="Hüseynov", given_name_az="Elçin", surname_ru="Гусейнов")
    chosen = VictimFactory(surname_az="Cəfərov", given_name_az="Tofiq")
    submission = make_submission(new_surname="", new_given_name="", person_name="", victim=chosen).submission
    person = SubmissionPerson.objects.create(submission=submission, position=1, person_name="Guseynov Elchin")
    assert [match.victim for match in likely_victims(person)][:1] == [huseynov]
    first = likely_victims(submission)
    assert first[0].victim == chosen and first[0].reasons[0] == "chosen by the family"


def test_reviewers_see_drafts_but_never_withdrawn_records(make_submission):
    draft = VictimFactory(surname_az="Qasımov", given_name_az="Arif", surname_ru="Гасымов", status=Status.DRAFT)
    VictimFactory(surname_az="Qasımov", given_name_az="Arif", surname_ru="Гасымов", status=Status.WITHDRAWN)
    submission = make_submission(person_name="Гасымов Ариф", new_surname="", new_given_name="").submission
    assert [match.victim for match in likely_victims(submission)] == [draft]


def test_a_name_nobody_has_matches_no_one(make_submission):
    _decoys(30)
    submission = make_submission(person_name="Zzyzx Qwerty", new_surname="", new_given_name="").submission
    assert likely_victims(submission) == []


def test_oglu_or_qizi_alone_is_no_match(make_submission):
    VictimFactory(surname_az="Əyaniyev", given_name_az="Vüqar", patronymic_az="Telman oğlu", death_date="")
    VictimFactory(surname_az="Örnəkova", given_name_az="Aynur", patronymic_az="Rauf qızı", death_date="")
    same = VictimFactory(surname_az="Nümunəli", given_name_az="Elvin", patronymic_az="Kamal oğlu", death_date="")
    submission = make_submission(
        person_name="Nümunəli Elvin Kamal oğlu", new_surname="", new_given_name="", new_death_date=""
    ).submission
    assert [match.victim for match in likely_victims(submission)] == [same]
    stranger = make_submission(
        person_name="Zeynalova Səbinə Qafar qızı", new_surname="", new_given_name="", new_death_date=""
    )
    assert likely_victims(stranger.submission) == []
