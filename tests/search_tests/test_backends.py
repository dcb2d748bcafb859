import pytest
from django.db import connection
from django.db.models.expressions import RawSQL

from search.backends import SearchBackend, backend, prefix_end
from search.folding import fold_word
from search.models import NameKey, TextEntry
from tests.factories import DocumentFactory


def test_one_backend_is_chosen_for_the_default_database():
    assert isinstance(backend(), SearchBackend)
    assert backend() is backend()
    assert backend().vendor == connection.vendor


def test_a_prefix_ends_before_the_next_letter():
    assert prefix_end("mam") == "man"


@pytest.mark.django_db
def test_an_id_set_selects_exactly_its_ids():
    keys = [NameKey.objects.create(key=key) for key in ("alpha", "beta", "gamma")]
    chosen = [keys[0].pk, keys[2].pk]
    found = NameKey.objects.filter(pk__in=backend().id_set(chosen)).values_list("key", flat=True)
    assert sorted(found) == ["alpha", "gamma"]


@pytest.mark.django_db
def test_rows_inserted_in_bulk_are_read_back():
    backend().insert_rows(NameKey._meta.db_table, ["key", "frequency"], [("delta", 2), ("epsilon", 3)])
    assert dict(NameKey.objects.values_list("key", "frequency")) == {"delta": 2, "epsilon": 3}


@pytest.mark.django_db
def test_typo_candidates_include_a_near_spelling():
    NameKey.objects.create(key="mamadov", frequency=4)
    assert backend().typo_candidate_keys(["mamedov"]).get("mamadov") == 4


@pytest.mark.django_db
def test_text_matching_needs_every_term_and_takes_prefixes():
    both = DocumentFactory(title="Bakı yanvarında").search_entry.pk
    DocumentFactory(title="Bakı")

    def matching(terms: list[tuple[str, bool]]) -> list[int]:
        sql, params = backend().text_match_sql("meta", terms)
        return list(TextEntry.objects.filter(pk__in=RawSQL(sql, params)).values_list("pk", flat=True))

    city, month = fold_word("Bakı"), fold_word("yanvar")
    assert matching([(city, False), (month, True)]) == [both]
    assert matching([(city, False), (month, False)]) == []
