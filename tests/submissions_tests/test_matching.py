"""Likely victims on the review page come from the search index, not from a walk over every victim: surname and
given name in any script, then dates and place, said in words, at a bounded number of queries however large the
archive. A patronymic's given name or a shared patronymic is never a match."""

import pytest
from django.utils import translation

from archive.models import Status
from curation.merging import victims_merge
from submissions.matching import likely_victims, strong_among, strong_match
from submissions.models import SubmissionPerson
from tests.factories import PlaceFactory, VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The reasons are checked as written; the default language (az) translates them."""
    with translation.override("en"):
        yield


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
    assert matches[0].reasons == ["same surname and given name", "same date of death", "same place"]
    assert matches[0].strong
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


def test_a_patronymics_given_name_alone_is_no_match(make_submission):
    """ "Рашид кызы" is the daughter of a Rashid: not Rəşid himself, nor anyone whose father was Rəşid."""
    VictimFactory(surname_az="Əliyev", given_name_az="Rəşid", patronymic_az="Əli oğlu", surname_ru="")
    VictimFactory(surname_az="Əliyeva", given_name_az="Səbinə", patronymic_az="Rəşid qızı", surname_ru="")
    for typed in ("Рашид кызы", "Səbinə Rəşid qızı", "Rəşidovna", "Rəşid Əli oğlu"):
        submission = make_submission(person_name=typed, new_surname="", new_given_name="").submission
        assert likely_victims(submission) == [], typed


def test_a_shared_patronymic_or_surname_alone_is_no_match_and_a_different_one_counts_against(make_submission):
    brother = VictimFactory(surname_az="Quliyev", given_name_az="Tofiq", patronymic_az="Kamal oğlu", surname_ru="")
    VictimFactory(surname_az="Quliyev", given_name_az="Natiq", patronymic_az="Kamal oğlu", surname_ru="")
    submission = make_submission(person_name="Quliyev Vaqif Kamal oğlu", new_surname="", new_given_name="")
    assert likely_victims(submission.submission) == []

    namesake = make_submission(person_name="Кулиев Тофик Рашидович", new_surname="", new_given_name="")
    [match] = likely_victims(namesake.submission)
    assert match.victim == brother
    assert match.reasons == ["same surname and given name", "different patronymic", "same date of death"]
    assert not match.strong


def test_the_reasons_say_in_words_what_agrees_and_what_does_not(make_submission):
    victim = VictimFactory(
        surname_az="Cəfərov", given_name_az="Tofiq", surname_ru="", birth_date="1960", death_date="1990-01-20"
    )
    born_same_year = make_submission(
        person_name="", new_surname="Джафаров", new_given_name="Тофик", new_birth_date="1960-05-02", new_death_date=""
    )
    [match] = likely_victims(born_same_year.submission)
    assert (match.victim, match.reasons) == (victim, ["same surname and given name", "born in the same year"])
    assert match.strong

    died_later = make_submission(
        person_name="Jafarov Tofig", new_surname="", new_given_name="", new_death_date="1991"
    ).submission
    [match] = likely_victims(died_later)
    assert match.reasons == ["same surname and given name", "different dates of death"]
    assert not match.strong and strong_match(died_later) is None

    typo = make_submission(person_name="Cəfərov Tofik", new_surname="", new_given_name="", new_death_date="1990")
    [match] = likely_victims(typo.submission)
    assert match.reasons == ["same surname and given name", "died in the same year"]


def test_the_strong_match_is_the_only_one_that_agrees_in_everything(make_submission):
    one = VictimFactory(surname_az="Hüseynov", given_name_az="Elçin", surname_ru="", death_date="1990-01-20")
    submission = make_submission(person_name="Гусейнов Эльчин", new_surname="", new_given_name="").submission
    assert strong_match(submission).victim == one

    VictimFactory(surname_az="Hüseynov", given_name_az="Elçin", surname_ru="", death_date="1990-01")
    assert strong_match(submission) is None  # two people to tell apart: nothing is chosen for the reviewer


def test_the_familys_choice_is_the_strong_match_and_merged_records_are_never_offered(make_submission, curator):
    kept = VictimFactory(surname_az="Bağırov", given_name_az="Fuad", surname_ru="")
    other = VictimFactory(surname_az="Bağırov", given_name_az="Fuad", surname_ru="Багиров")
    chosen = make_submission(new_surname="", new_given_name="", person_name="", victim=kept).submission
    assert strong_among(likely_victims(chosen)).victim == kept

    victims_merge(kept=kept, other=other, user=curator, reason="One person.")
    typed = make_submission(person_name="Багиров Фуад", new_surname="", new_given_name="").submission
    assert [match.victim for match in likely_victims(typed)] == [kept]
    assert strong_match(typed).victim == kept
