import pytest
from django.urls import reverse

from archive.kinds import DOCUMENT, PLURALS, RECORD_KINDS, TESTIMONY, VICTIM, by_key, by_model, by_plural, by_prefix
from archive.models import Document, MediaFile, Place, Testimony, Victim, parse_identifier


def test_the_three_kinds_are_registered_in_page_order():
    assert RECORD_KINDS == (VICTIM, TESTIMONY, DOCUMENT)
    assert PLURALS == ("victims", "testimonies", "documents")
    assert [kind.model for kind in RECORD_KINDS] == [Victim, Testimony, Document]


@pytest.mark.parametrize("kind", RECORD_KINDS, ids=lambda kind: kind.key)
def test_each_kind_is_found_by_key_plural_prefix_and_model(kind):
    assert by_key(kind.key) is by_plural(kind.plural) is by_prefix(kind.prefix) is by_prefix(kind.prefix.lower())
    assert by_model(kind.model) is kind
    assert kind.model.RECORD_KIND is kind


def test_a_model_of_no_kind_has_none():
    assert by_model(Place) is None


@pytest.mark.parametrize("kind", RECORD_KINDS, ids=lambda kind: kind.key)
def test_each_kind_names_fields_its_model_has(kind):
    fields = {field.name for field in kind.model._meta.get_fields()}
    assert {kind.date_field, kind.earliest_field, kind.latest_field} <= fields
    assert kind.place_field is None or kind.place_field in fields
    assert f"{kind.description_field}_az" in fields
    assert kind.media_field in {field.name for field in MediaFile._meta.get_fields()}
    assert kind.model._meta.verbose_name == kind.name
    assert reverse(kind.url_name, kwargs={"identifier": f"{kind.prefix}-000001"})
    assert reverse(kind.list_url_name)


def test_identifiers_are_parsed_for_every_registered_prefix():
    assert [parse_identifier(f"{kind.prefix.lower()} 7") for kind in RECORD_KINDS] == [
        "V-000007",
        "T-000007",
        "D-000007",
    ]
