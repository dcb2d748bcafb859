"""The name suggestions carry what tells namesakes apart (dates, place): the submission form's "is this the
person?" shows them, and asks for nothing else."""

import pytest

from archive.models import Status
from tests.factories import PlaceFactory, VictimFactory

pytestmark = pytest.mark.django_db


def test_suggestions_carry_dates_and_the_place_in_the_pages_language(client):
    victim = VictimFactory(
        surname_az="Həsənov", given_name_az="Əli", surname_ru="Гасанов", birth_date="1962", death_date="1990-01-20",
        incident_place=PlaceFactory(name_az="Salyan kazarmaları", name_en="Salyan barracks"),
    )  # fmt: skip
    VictimFactory(surname_az="Həsənov", given_name_az="Vüqar", surname_ru="Гасанов", status=Status.DRAFT)

    (suggestion,) = client.get("/en/search/suggest/", {"q": "Гасанов"}).json()["suggestions"]  # not the draft
    assert (
        suggestion
        | {
            "identifier": victim.identifier,
            "label": "Həsənov Əli",
            "url": f"/en/victims/{victim.identifier}/",
            "dates": "1962 – 1990-01-20",
            "place": "Salyan barracks",
        }
        == suggestion
    )
    in_azerbaijani = client.get("/search/suggest/", {"q": "Гасанов"}).json()["suggestions"]
    assert [(s["place"], s["url"]) for s in in_azerbaijani] == [("Salyan kazarmaları", victim.get_absolute_url())]


def test_a_victim_without_dates_or_place_has_empty_ones(client):
    VictimFactory(surname_az="Kazımov", given_name_az="Elman", death_date="")
    (suggestion,) = client.get("/en/search/suggest/", {"q": "Kazım"}).json()["suggestions"]
    assert suggestion["dates"] == "" and suggestion["place"] == ""
