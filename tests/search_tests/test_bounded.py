"""Large result sets: the vocabulary counts, the rarest word leads, the ranking is capped and counted "at least"."""

import pytest
from django.core.management import call_command

from archive.models import Status
from search import query as engine
from search import selectors
from search.models import NameKey
from tests.factories import NameVariantFactory, VictimFactory

pytestmark = pytest.mark.django_db


def frequency(key: str) -> int:
    return NameKey.objects.get(key=key).frequency


def test_each_vocabulary_word_counts_the_victims_holding_it():
    first = VictimFactory(surname_az="Məmmədov", given_name_az="Əli", surname_ru="Мамедов")
    VictimFactory(surname_az="Məmmədov", given_name_az="Zaur")
    assert frequency("mamadov") == 2  # two scripts of one name count the victim once
    assert frequency("ali") == 1
    first.surname_az, first.surname_ru = "Quliyev", ""
    first.save()
    assert frequency("mamadov") == 1
    NameVariantFactory(victim=first, name="Məmmədov")
    assert frequency("mamadov") == 2


def test_rebuild_counts_the_vocabulary_again():
    VictimFactory(surname_az="Rəsulov", given_name_az="Vaqif")
    VictimFactory(surname_az="Rəsulov", given_name_az="Tofiq", status=Status.DRAFT)
    NameKey.objects.update(frequency=0)
    call_command("rebuild_search_index", verbosity=0)
    assert frequency("rasulov") == 2  # hidden victims count too: visibility is decided per query


def test_the_rarest_word_leads(found):
    for n in range(4):
        VictimFactory(surname_az="Məmmədov", given_name_az="Əli", patronymic_az=f"Ad{n} oğlu")
    rare = VictimFactory(surname_az="Məmmədov", given_name_az="Xəyyam")
    words = engine.expand(engine.parse("Məmmədov Xəyyam"))
    driver, _others = engine._driving(words)
    assert driver.key == engine.parse("Xəyyam")[0].key
    assert found("Məmmədov Xəyyam") == [rare.identifier]


def test_a_capped_ranking_counts_at_least_what_it_ranked_and_shows_the_closest_first(monkeypatch):
    monkeypatch.setattr(engine, "RANK_CAP", 3)
    for n in range(6):
        VictimFactory(surname_az="Məmmədov", given_name_az=f"Ad{n}")
    VictimFactory(surname_az="Məmmədova", given_name_az="Səbinə")  # a prefix: a looser tier than the name
    VictimFactory(surname_az="Məmmədov", given_name_az="Gizli", status=Status.DRAFT)
    results = selectors.search("Məmmədov", selectors.Filters(kind="victims"), page_size=3)
    assert (results.counts["victims"], results.total_is_exact) == (3, False)
    assert results.page.has_next()
    assert [hit.title.split()[0] for hit in results.hits] == ["Məmmədov"] * 3
    assert "Gizli" not in " ".join(hit.title for hit in results.hits)
    # The last page ranks them all, and so knows the exact number.
    last = selectors.search("Məmmədov", selectors.Filters(kind="victims"), 3, page_size=3)
    assert (last.total, last.total_is_exact, last.page.has_next()) == (7, True, False)
    assert "Səbinə" in last.hits[-1].title


def test_a_deeper_page_ranks_as_far_as_it_needs(monkeypatch):
    monkeypatch.setattr(engine, "RANK_CAP", 2)
    victims = [VictimFactory(surname_az="Rzayev", given_name_az=f"Ad{n:02d}") for n in range(5)]
    pages = [selectors.search("Rzayev", selectors.Filters(), page, page_size=2) for page in (1, 2, 3)]
    shown = [hit.identifier for page in pages for hit in page.hits]
    assert sorted(shown) == sorted(victim.identifier for victim in victims)


def test_a_capped_ranking_still_meets_every_word(monkeypatch):
    monkeypatch.setattr(engine, "RANK_CAP", 2)
    for n in range(5):
        VictimFactory(surname_az="Əliyev", given_name_az=f"Ad{n}")
    both = VictimFactory(surname_az="Əliyev", given_name_az="Rauf")
    VictimFactory(surname_az="Həsənov", given_name_az="Rauf")
    results = selectors.search("Əliyev Rauf", selectors.Filters())
    assert [hit.identifier for hit in results.hits] == [both.identifier]
    assert results.counts["victims"] == 1


def test_suggestions_need_a_fixed_number_of_queries(django_assert_max_num_queries):
    for n in range(30):
        VictimFactory(surname_az="Süleymanov", given_name_az=f"Ad{n}")
    with django_assert_max_num_queries(8):
        assert len(selectors.suggest("Suleym")) == selectors.SUGGESTIONS
