"""The real facts: sources, places and timeline events loaded by load_history."""

import io

import pytest
from django.core.management import call_command

from archive.history_data import EVENTS, PLACES, SOURCES, load_history
from archive.models import Event, Place, Source, Status

pytestmark = pytest.mark.django_db


def test_every_event_is_published_and_backed_by_at_least_one_source():
    load_history()

    events = Event.objects.filter(key__in=[entry["key"] for entry in EVENTS])
    assert events.count() == len(EVENTS)
    for event in events:
        assert event.sources.exists(), event.key
        assert event.status == Status.PUBLISHED and event.published_at is not None
        assert event.title_az and event.title_en and event.title_ru
    assert set(Event.objects.public().values_list("key", flat=True)) >= {entry["key"] for entry in EVENTS}


def test_the_night_of_19_to_20_january_is_on_the_timeline_in_order():
    load_history()

    keys = list(Event.objects.values_list("key", flat=True))
    assert keys.index("1990-01-19-state-of-emergency-decree") < keys.index("1990-01-20-troops-enter-baku")
    assert keys.index("1990-01-20-troops-enter-baku") < keys.index("1990-01-22-funerals")
    entry = Event.objects.get(key="1990-01-20-troops-enter-baku")
    assert (entry.date_earliest.isoformat(), entry.date_latest.isoformat()) == ("1990-01-19", "1990-01-20")


def test_the_figures_are_kept_in_an_event_with_the_source_that_gives_them():
    load_history()

    toll = Event.objects.get(key="1990-01-toll")
    assert "131" in toll.description_en and "744" in toll.description_en
    assert toll.sources.filter(key="ambassador-albania-op-ed").exists()
    assert "opinion" in Source.objects.get(key="ambassador-albania-op-ed").note.lower()


def test_loading_twice_creates_and_changes_nothing():
    load_history()
    counts = (Source.objects.count(), Place.objects.count(), Event.objects.count())
    history = (Event.history.count(), Place.history.count(), Source.history.count())

    result = load_history()

    assert (Source.objects.count(), Place.objects.count(), Event.objects.count()) == counts
    assert (Event.history.count(), Place.history.count(), Source.history.count()) == history
    assert result.events.created == result.events.updated == 0


def test_a_curator_edit_is_put_back_by_the_next_load():
    load_history()
    Event.objects.filter(key="1990-01-22-funerals").update(title_en="Edited")

    result = load_history()

    assert Event.objects.get(key="1990-01-22-funerals").title_en == "The funerals of the dead"
    assert result.events.updated == 1


def test_history_data_is_never_marked_as_demonstration():
    call_command("load_history", stdout=io.StringIO())

    assert Source.objects.count() == len(SOURCES) and not Source.objects.filter(is_demo=True).exists()
    assert Place.objects.count() == len(PLACES) and not Place.objects.filter(is_demo=True).exists()
    assert not Event.objects.filter(is_demo=True).exists()


def test_places_keep_their_names_in_three_languages_and_sit_within_baku():
    load_history()

    alley = Place.objects.get(slug="sehidler-xiyabani")
    assert (alley.name_az, alley.name_en, alley.name_ru) == ("Şəhidlər Xiyabanı", "Alley of Martyrs", "Аллея шехидов")
    assert alley.parent.slug == "baki"
    assert Place.objects.get(slug="lenkeran").latitude is not None
