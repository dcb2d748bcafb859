from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from archive.models import Access, Document, RecordDeletionRefused, Status, Testimony, Victim, parse_identifier
from archive.services import record_publish, record_withdraw
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db


def test_each_kind_of_record_gets_its_own_permanent_identifier():
    victims = [VictimFactory() for _ in range(2)]
    testimony, document = TestimonyFactory(), DocumentFactory()
    assert [v.identifier for v in victims] == ["V-000001", "V-000002"]
    assert testimony.identifier == "T-000001"
    assert document.identifier == "D-000001"


def test_identifier_never_changes_on_edit():
    victim = VictimFactory()
    identifier = victim.identifier
    victim.surname_az = "Nümunəli"
    victim.save()
    victim.refresh_from_db()
    assert victim.identifier == identifier


def test_identifier_of_a_removed_demo_record_is_never_given_again():
    demo = VictimFactory(is_demo=True)
    demo.delete()
    newer = VictimFactory()
    assert newer.identifier > demo.identifier


def test_real_records_are_withdrawn_not_deleted():
    victim = VictimFactory()
    with pytest.raises(RecordDeletionRefused):
        victim.delete()
    with pytest.raises(RecordDeletionRefused):
        Victim.objects.all().delete()
    assert Victim.objects.filter(pk=victim.pk).exists()


def test_public_means_published_not_private_and_out_of_embargo():
    today = timezone.localdate()
    shown = VictimFactory(status=Status.PUBLISHED)
    metadata_only = VictimFactory(status=Status.PUBLISHED, access=Access.METADATA)
    embargo_over = VictimFactory(status=Status.PUBLISHED, embargo_until=today)
    hidden = [
        VictimFactory(status=Status.DRAFT),
        VictimFactory(status=Status.WITHDRAWN),
        VictimFactory(status=Status.PUBLISHED, access=Access.PRIVATE),
        VictimFactory(status=Status.PUBLISHED, embargo_until=today + timedelta(days=1)),
    ]
    public = set(Victim.objects.public())
    assert public == {shown, metadata_only, embargo_over}
    assert not public & set(hidden)
    assert set(Victim.objects.with_public_media()) == {shown, embargo_over}


def test_archive_only_testimony_is_never_public():
    kept = TestimonyFactory(narrator_consent=Testimony.Consent.ARCHIVE_ONLY, status=Status.PUBLISHED)
    assert kept not in Testimony.objects.public()
    with pytest.raises(ValidationError):
        kept.full_clean()


def test_publishing_an_archive_only_testimony_is_refused(curator):
    testimony = TestimonyFactory(narrator_consent=Testimony.Consent.ARCHIVE_ONLY, status=Status.DRAFT)
    with pytest.raises(ValidationError):
        record_publish(record=testimony, user=curator)
    testimony.refresh_from_db()
    assert testimony.status == Status.DRAFT


def test_anonymous_narrator_is_shown_by_pseudonym_only():
    testimony = TestimonyFactory(
        narrator_name="Real Name", narrator_consent=Testimony.Consent.ANONYMOUS, narrator_pseudonym="N. Ə."
    )
    assert testimony.narrator_display == "N. Ə."


def test_publish_and_withdraw_are_recorded_with_who_and_why(curator):
    victim = VictimFactory(status=Status.DRAFT)
    record_publish(record=victim, user=curator)
    assert victim in Victim.objects.public()
    record_withdraw(record=victim, user=curator, reason="Family asked for a correction")
    victim.refresh_from_db()
    assert victim not in Victim.objects.public()
    assert victim.status == Status.WITHDRAWN
    latest = victim.history.first()
    assert latest.history_user == curator
    assert latest.history_change_reason == "withdrawn: Family asked for a correction"
    assert victim.history.count() == 3


def test_withdrawal_needs_a_reason(curator):
    victim = VictimFactory()
    with pytest.raises(ValidationError):
        record_withdraw(record=victim, user=curator, reason="  ")
    victim.refresh_from_db()
    assert victim.status == Status.PUBLISHED


def test_reviewer_cannot_publish(reviewer):
    from django.core.exceptions import PermissionDenied

    victim = VictimFactory(status=Status.DRAFT)
    with pytest.raises(PermissionDenied):
        record_publish(record=victim, user=reviewer)
    victim.refresh_from_db()
    assert victim.status == Status.DRAFT


def test_partial_dates_are_stored_normalised_with_bounds():
    victim = VictimFactory(birth_date="circa 1948", death_date="1990-01")
    victim.refresh_from_db()
    assert victim.birth_date == "1948~"
    assert (victim.birth_earliest, victim.birth_latest) == (date(1948, 1, 1), date(1948, 12, 31))
    assert (victim.death_earliest, victim.death_latest) == (date(1990, 1, 1), date(1990, 1, 31))
    assert victim.age_at_death == (41, 42)


def test_invalid_partial_date_fails_validation():
    victim = VictimFactory.build(birth_date="1965-13")
    with pytest.raises(ValidationError) as error:
        victim.full_clean()
    assert "birth_date" in error.value.message_dict


def test_death_before_birth_fails_validation():
    victim = VictimFactory.build(birth_date="1991", death_date="1990-01-20")
    with pytest.raises(ValidationError) as error:
        victim.full_clean()
    assert "death_date" in error.value.message_dict


def test_a_victim_needs_a_surname_in_some_script():
    victim = VictimFactory.build(surname_az="", surname_ru="")
    with pytest.raises(ValidationError):
        victim.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        victim.save()


def test_russian_only_victim_is_named_from_the_russian_form():
    victim = VictimFactory(surname_az="", given_name_az="", surname_ru="Мисалов", given_name_ru="Иван")
    assert victim.full_name == "Мисалов Иван"


def test_translated_field_falls_back_and_says_so():
    document = DocumentFactory(description_az="", description_en="Only English", description_ru="")
    assert document.translated("description", "ru") == ("Only English", "en")
    assert Document.objects.get(pk=document.pk).translated("description", "en") == ("Only English", "en")


def test_linking_records_is_kept_in_history():
    victim, testimony = VictimFactory(), TestimonyFactory()
    testimony.victims.add(victim)
    testimony.victims.remove(victim)
    linked, unlinked = testimony.history.all()[1], testimony.history.all()[0]
    assert [row.victim_id for row in linked.victims.all()] == [victim.pk]
    assert list(unlinked.victims.all()) == []


def test_metadata_only_media_open_on_their_closure_date():
    today = timezone.localdate()
    on_request = VictimFactory(access=Access.METADATA)
    opens_tomorrow = VictimFactory(access=Access.METADATA, media_closed_until=today + timedelta(days=1))
    opened_today = VictimFactory(access=Access.METADATA, media_closed_until=today)
    assert set(Victim.objects.with_public_media()) == {opened_today}
    assert (on_request.shows_media, opens_tomorrow.shows_media, opened_today.shows_media) == (False, False, True)
    assert {on_request, opens_tomorrow, opened_today} <= set(Victim.objects.public())


@pytest.mark.parametrize(
    ("typed", "prefixes", "identifier"),
    [("v-123", "VTD", "V-000123"), (" T 000045 ", "VTD", "T-000045"), ("D000007", "VTD", "D-000007"),
     ("T-1", "V", None), ("V-", "VTD", None), ("Məmmədov", "VTD", None), ("X-000001", "VTD", None)],
)  # fmt: skip
def test_a_typed_identifier_is_read_as_its_permanent_form(typed, prefixes, identifier):
    assert parse_identifier(typed, prefixes) == identifier
