"""Batch editing from the changelist: one change to each selected record, each in its history, all or nothing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import translation

from archive.models import Access, Victim
from tests.archive_tests.test_admin import stored_media
from tests.factories import DocumentFactory, PlaceFactory, SubjectFactory, TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db


def changelist(model: str) -> str:
    with translation.override("en"):
        return reverse(f"admin:archive_{model}_changelist")


def edit(client, model: str, records, **fields):
    data = {"action": "edit_selected", ACTION_CHECKBOX_NAME: [record.pk for record in records], "apply": "1"}
    return client.post(changelist(model), {**data, **fields}, follow=True)


def test_curator_sets_place_fate_and_access_of_several_victims(client, curator):
    victims = VictimFactory.create_batch(3, fate=Victim.Fate.KILLED)
    untouched = VictimFactory(fate=Victim.Fate.KILLED)
    place = PlaceFactory(name_az="Salyan kazarması")
    client.force_login(curator)
    form = client.post(changelist("victim"), {"action": "edit_selected", ACTION_CHECKBOX_NAME: [victims[0].pk]})
    assert form.status_code == 200 and 'name="fate"' in form.content.decode()

    response = edit(
        client, "victim", victims, place=place.pk, fate=Victim.Fate.INJURED, access=Access.METADATA, note="list of 1991"
    )

    assert "Changed: 3." in [str(message) for message in response.context["messages"]]
    for victim in victims:
        victim.refresh_from_db()
        assert (victim.incident_place, victim.fate, victim.access) == (place, Victim.Fate.INJURED, Access.METADATA)
        entry = victim.history.first()
        assert entry.history_user == curator
        assert entry.history_change_reason.startswith("batch edit: ")
        assert "fate = injured" in entry.history_change_reason and "(list of 1991)" in entry.history_change_reason
    untouched.refresh_from_db()
    assert untouched.fate == Victim.Fate.KILLED and untouched.access == Access.PUBLIC


def test_fields_left_unchanged_are_not_touched(client, curator):
    place = PlaceFactory()
    victim = VictimFactory(incident_place=place, fate=Victim.Fate.MISSING, embargo_until=datetime.date(2030, 1, 1))
    client.force_login(curator)
    edit(client, "victim", [victim], access=Access.PRIVATE)
    victim.refresh_from_db()
    assert (victim.incident_place, victim.fate, victim.embargo_until) == (place, "missing", datetime.date(2030, 1, 1))
    assert victim.access == Access.PRIVATE


def test_embargo_set_and_cleared(client, curator):
    documents = DocumentFactory.create_batch(2)
    client.force_login(curator)
    edit(client, "document", documents, embargo="set", embargo_until="2031-01-20")
    assert {document.embargo_until for document in type(documents[0]).objects.all()} == {datetime.date(2031, 1, 20)}
    assert not any(document.is_public for document in type(documents[0]).objects.all())
    edit(client, "document", documents, embargo="clear")
    assert {document.embargo_until for document in type(documents[0]).objects.all()} == {None}


def test_subjects_added_and_removed_and_kept_in_history(client, curator):
    old, new = SubjectFactory(slug="curfew"), SubjectFactory(slug="hospital")
    testimonies = TestimonyFactory.create_batch(2)
    for testimony in testimonies:
        testimony.subjects.add(old)
    client.force_login(curator)
    edit(client, "testimony", testimonies, add_subjects=[new.pk], remove_subjects=[old.pk])
    for testimony in testimonies:
        assert list(testimony.subjects.all()) == [new]
        entry = testimony.history.first()
        assert [row.subject_id for row in entry.subjects.all()] == [new.pk]  # the history holds the new subjects
        assert "subject + hospital" in entry.history_change_reason


def test_content_warning_marks_every_file_of_the_records(client, curator):
    testimony = TestimonyFactory()
    media = [stored_media(testimony), stored_media(testimony)]
    client.force_login(curator)
    edit(client, "testimony", [testimony], content_warning="on")
    for row in media:
        row.refresh_from_db()
        assert row.is_distressing
        assert row.history.first().history_user == curator


def test_nothing_chosen_is_an_error_and_changes_nothing(client, curator):
    victim = VictimFactory()
    client.force_login(curator)
    response = edit(client, "victim", [victim])
    assert response.status_code == 200
    assert "Choose at least one thing to change." in response.content.decode()
    assert victim.history.count() == 1


def test_a_record_refused_by_its_rules_leaves_the_whole_batch_unchanged(client, curator):
    good = VictimFactory(surname_az="Abbasov")
    # Saved around the form by an old import: died before being born, which the record's own rules refuse.
    wrong = VictimFactory(surname_az="Babayev", birth_date="1970", death_date="1960")
    client.force_login(curator)
    with translation.override("en"):
        response = edit(client, "victim", [good, wrong], fate=Victim.Fate.INJURED)
    errors = [str(message) for message in response.context["messages"] if message.level_tag == "error"]
    assert len(errors) == 1 and "The date of death is before the date of birth." in errors[0]
    assert wrong.identifier in errors[0]  # which record stopped the batch
    good.refresh_from_db()
    assert good.fate == Victim.Fate.KILLED and good.history.count() == 1


def test_reviewer_is_not_offered_batch_editing(client, reviewer):
    victim = VictimFactory()
    client.force_login(reviewer)
    edit(client, "victim", [victim], fate=Victim.Fate.INJURED)
    victim.refresh_from_db()
    assert victim.fate == Victim.Fate.KILLED
    page = client.get(changelist("victim")).content.decode()
    assert "edit_selected" not in page
