"""Lists across pages: from and until inclusive to the second (or the day), sets, resumption tokens that give the
same page when used again, with the list's size and the cursor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from archive.models import Access, Document, Testimony, Victim
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory
from tests.harvesting_tests.conftest import OAI, ask, error_code, headers, oai_id, published

pytestmark = pytest.mark.django_db


def stamped(record, moment: datetime):
    """``record`` with its datestamp set to ``moment`` (``update`` leaves ``auto_now`` alone)."""
    type(record).objects.filter(pk=record.pk).update(updated_at=moment)
    record.refresh_from_db()
    return record


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def a_second_apart():
    """Records at 10:00:00.000, 10:00:00.999, 10:00:01.500, 10:00:02.000 and the next day, of all three kinds."""
    return [
        stamped(published(VictimFactory), at("2026-03-01T10:00:00")),
        stamped(published(DocumentFactory), at("2026-03-01T10:00:00.999000")),
        stamped(published(TestimonyFactory), at("2026-03-01T10:00:01.500000")),
        stamped(published(VictimFactory), at("2026-03-01T10:00:02")),
        stamped(published(DocumentFactory), at("2026-03-02T00:00:00")),
    ]


def harvest(client, **arguments) -> tuple[list, list]:
    """Every header of a list followed to its end, and the resumption token elements met."""
    found, tokens = [], []
    answer = ask(client, **arguments)
    while error_code(answer) is None:
        found += headers(answer)
        token = answer.find(".//oai:resumptionToken", OAI)
        if token is None:
            break
        tokens.append(token)
        if not token.text:
            break
        answer = ask(client, verb=arguments["verb"], resumptionToken=token.text)
    return found, tokens


def identifiers(found: list) -> list[str]:
    return [identifier for identifier, _status in found]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z", [0, 1]),  # the whole second, its fractions included
        ("2026-03-01T10:00:01Z", "2026-03-01T10:00:01Z", [2]),
        ("2026-03-01T10:00:01Z", "2026-03-01T10:00:02Z", [2, 3]),
        ("2026-03-01T10:00:03Z", "2026-03-01T23:59:59Z", None),
        ("2026-03-01", "2026-03-01", [0, 1, 2, 3]),  # a day, whole
        ("2026-03-02", None, [4]),
        (None, "2026-03-01T10:00:01Z", [0, 1, 2]),
    ],
)
def test_from_and_until_are_inclusive(client, a_second_apart, start, end, expected):
    arguments = {key: value for key, value in (("from", start), ("until", end)) if value}
    found, _tokens = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **arguments)
    if expected is None:
        assert error_code(ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **arguments)) == "noRecordsMatch"
    else:
        assert identifiers(found) == [oai_id(a_second_apart[index]) for index in expected]


def test_datestamps_are_the_records_updated_at_in_utc(client, a_second_apart):
    root = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    stamps = [node.text for node in root.iterfind(".//oai:datestamp", OAI)]
    assert stamps == ["2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z"]


def test_a_list_in_pages_says_its_size_and_cursor_and_ends_with_an_empty_token(client, a_second_apart):
    found, tokens = harvest(client, verb="ListRecords", metadataPrefix="mods")
    assert identifiers(found) == [oai_id(record) for record in a_second_apart]
    assert [(token.get("completeListSize"), token.get("cursor"), bool(token.text)) for token in tokens] == [
        ("5", "0", True),
        ("5", "2", True),
        ("5", "4", False),
    ]


def test_a_token_used_again_gives_the_same_page(client, a_second_apart):
    first = ask(client, verb="ListRecords", metadataPrefix="oai_dc")
    token = first.findtext(".//oai:resumptionToken", namespaces=OAI)
    once, again = (
        ask(client, verb="ListRecords", resumptionToken=token),
        ask(client, verb="ListRecords", resumptionToken=token),
    )
    assert headers(once) == headers(again) == [(oai_id(a_second_apart[2]), None), (oai_id(a_second_apart[3]), None)]


def test_a_record_changed_during_a_harvest_is_neither_skipped_nor_lost(client, a_second_apart):
    first = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = first.findtext(".//oai:resumptionToken", namespaces=OAI)
    # An earlier record changes, and one of the next page: the rest of the list still comes, the changed at its end.
    a_second_apart[0].save()
    a_second_apart[2].save()
    rest, _tokens = harvest(client, verb="ListIdentifiers", resumptionToken=token)
    seen = identifiers(headers(first)) + identifiers(rest)
    assert set(seen) == {oai_id(record) for record in a_second_apart}
    assert identifiers(rest)[-2:] == [oai_id(a_second_apart[0]), oai_id(a_second_apart[2])]


def test_a_token_keeps_the_set_and_range_of_the_first_request(client, a_second_apart):
    extra = [stamped(published(VictimFactory), at("2026-03-01T10:00:02")) for _number in range(3)]
    found, tokens = harvest(
        client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="victims", until="2026-03-01T10:00:02Z"
    )
    assert len(tokens) == 3  # five victims: pages of 2, 2 and 1
    expected = sorted([a_second_apart[3], *extra], key=lambda record: record.identifier)
    assert identifiers(found) == [oai_id(a_second_apart[0])] + [oai_id(record) for record in expected]


@pytest.mark.parametrize(
    ("set_spec", "model"), [("victims", Victim), ("testimonies", Testimony), ("documents", Document)]
)
def test_each_set_holds_its_kind(client, a_second_apart, set_spec, model):
    found, _tokens = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=set_spec)
    assert identifiers(found) == [oai_id(r) for r in a_second_apart if isinstance(r, model)]
    root = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=set_spec)
    assert {node.text for node in root.iterfind(".//oai:setSpec", OAI)} == {set_spec}


def test_a_record_whose_embargo_ends_or_files_open_is_dated_that_day_so_an_incremental_harvest_gets_it(client):
    today = timezone.localdate()
    day_start = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    long_ago = at("2025-01-01T12:00:00")
    embargo_ended = stamped(published(DocumentFactory, embargo_until=today), long_ago)
    files_opened = stamped(published(VictimFactory, access=Access.METADATA, media_closed_until=today), long_ago)
    still_embargoed = stamped(published(DocumentFactory, embargo_until=today + timedelta(days=1)), long_ago)
    untouched = stamped(published(TestimonyFactory), long_ago)

    since_yesterday = day_start - timedelta(days=1)
    found, _tokens = harvest(
        client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": since_yesterday.strftime("%Y-%m-%d")}
    )
    assert sorted(found) == sorted([(oai_id(embargo_ended), None), (oai_id(files_opened), None)])
    root = ask(client, verb="GetRecord", identifier=oai_id(embargo_ended), metadataPrefix="oai_dc")
    assert root.findtext(".//oai:datestamp", namespaces=OAI) == day_start.strftime("%Y-%m-%dT%H:%M:%SZ")
    # Withheld by its embargo since before the last harvest, the other record is reported deleted at its last change.
    root = ask(client, verb="GetRecord", identifier=oai_id(still_embargoed), metadataPrefix="oai_dc")
    assert headers(root) == [(oai_id(still_embargoed), "deleted")]
    assert root.findtext(".//oai:datestamp", namespaces=OAI) == "2025-01-01T12:00:00Z"
    assert root.findtext(".//oai:datestamp", namespaces=OAI) == untouched.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
