"""The six verbs and every error, as a harvester meets them at /oai: each answer valid against OAI-PMH.xsd (and each
record against its format's schema), HTTP 200 whatever the error."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Access
from archive.services import record_withdraw
from curation.merging import victims_merge
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory
from tests.harvesting_tests.conftest import (
    OAI,
    REPOSITORY,
    ask,
    error_code,
    headers,
    oai_id,
    published,
    validate_answer,
)

pytestmark = pytest.mark.django_db


def test_identify_describes_the_repository(client, settings):
    record = published(VictimFactory)
    root = ask(client, verb="Identify")
    identify = root.find("oai:Identify", OAI)
    assert identify.findtext("oai:baseURL", namespaces=OAI) == "http://testserver/oai"
    assert identify.findtext("oai:protocolVersion", namespaces=OAI) == "2.0"
    assert identify.findtext("oai:deletedRecord", namespaces=OAI) == "persistent"
    assert identify.findtext("oai:granularity", namespaces=OAI) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("oai:adminEmail", namespaces=OAI) == settings.CONTACT_EMAIL
    assert identify.findtext("oai:earliestDatestamp", namespaces=OAI) == record.updated_at.strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert root.find("oai:request", OAI).attrib == {"verb": "Identify"}
    scheme = "{http://www.openarchives.org/OAI/2.0/oai-identifier}"
    assert identify.findtext(f"oai:description/{scheme}oai-identifier/{scheme}sampleIdentifier", namespaces=OAI) == (
        f"oai:{REPOSITORY}:V-000123"
    )


def test_identify_describes_the_identifiers_only_when_named_by_a_domain(client, settings):
    settings.OAI_REPOSITORY_IDENTIFIER = "127.0.0.1"  # the oai-identifier scheme takes domain names only
    root = ask(client, verb="Identify")
    assert root.find("oai:Identify/oai:description", OAI) is None
    published(VictimFactory)
    assert (
        ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
        .findtext(".//oai:identifier", namespaces=OAI)
        .startswith("oai:127.0.0.1:V-")
    )


def test_post_is_answered_as_get(client):
    published(VictimFactory)
    got, posted = (
        ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc"),
        ask(client, "post", verb="ListIdentifiers", metadataPrefix="oai_dc"),
    )
    assert headers(got) == headers(posted) != []


def test_list_metadata_formats_offers_dublin_core_and_mods_for_every_record(client):
    victim = published(VictimFactory)
    for arguments in ({}, {"identifier": oai_id(victim)}):
        root = ask(client, verb="ListMetadataFormats", **arguments)
        prefixes = [node.text for node in root.iterfind(".//oai:metadataPrefix", OAI)]
        assert prefixes == ["oai_dc", "mods"]
    root = ask(client, verb="ListMetadataFormats", identifier=f"oai:{REPOSITORY}:V-999999")
    assert error_code(root) == "idDoesNotExist"


def test_list_sets_names_the_three_record_kinds(client):
    root = ask(client, verb="ListSets")
    assert [node.text for node in root.iterfind(".//oai:setSpec", OAI)] == ["victims", "testimonies", "documents"]
    assert error_code(ask(client, verb="ListSets", resumptionToken="anything")) == "badResumptionToken"


def test_get_record_in_both_formats(client):
    testimony = published(TestimonyFactory, title="Qanlı yanvar")
    for prefix, path in (("oai_dc", ".//{http://purl.org/dc/elements/1.1/}title"), ("mods", ".//{*}title")):
        root = ask(client, verb="GetRecord", identifier=oai_id(testimony), metadataPrefix=prefix)
        record = root.find("oai:GetRecord/oai:record", OAI)
        assert record.findtext("oai:header/oai:identifier", namespaces=OAI) == oai_id(testimony)
        assert record.findtext("oai:header/oai:setSpec", namespaces=OAI) == "testimonies"
        assert record.find("oai:metadata", OAI).find(path).text == "Qanlı yanvar"


def test_withdrawn_and_merged_records_are_deleted_headers_without_metadata(client, curator):
    withdrawn = published(DocumentFactory)
    record_withdraw(record=withdrawn, user=curator, reason="Duplicate scan")
    kept, merged = published(VictimFactory, surname_az="Əliyev"), published(VictimFactory, surname_az="Əliyev")
    victims_merge(kept=kept, other=merged, user=curator, reason="One person")

    for record in (withdrawn, merged):
        root = ask(client, verb="GetRecord", identifier=oai_id(record), metadataPrefix="oai_dc")
        assert headers(root) == [(oai_id(record), "deleted")]
        assert root.find(".//oai:metadata", OAI) is None
    listed = headers(ask(client, verb="ListIdentifiers", metadataPrefix="mods", set="victims"))
    assert (oai_id(merged), "deleted") in listed and (oai_id(kept), None) in listed


def test_records_no_longer_public_are_deleted_and_those_never_published_never_appear(client):
    made_private = published(VictimFactory)
    embargoed = published(DocumentFactory)
    archive_only = published(TestimonyFactory)
    draft = VictimFactory(status="draft")
    private_from_the_start = VictimFactory(access=Access.PRIVATE)  # the factory's records have no published_at
    made_private.access = Access.PRIVATE
    made_private.save()
    embargoed.embargo_until = "2999-01-01"
    embargoed.save()
    archive_only.narrator_consent = archive_only.Consent.ARCHIVE_ONLY
    archive_only.save()

    answer = ask(client, verb="ListRecords", metadataPrefix="oai_dc")
    everything = []
    while True:
        everything += headers(answer)
        token = answer.findtext(".//oai:resumptionToken", namespaces=OAI)
        if not token:
            break
        answer = ask(client, verb="ListRecords", resumptionToken=token)
    assert sorted(everything) == sorted((oai_id(r), "deleted") for r in (made_private, embargoed, archive_only))
    for never in (draft, private_from_the_start):
        root = ask(client, verb="GetRecord", identifier=oai_id(never), metadataPrefix="oai_dc")
        assert error_code(root) == "idDoesNotExist"


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "mods"]}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-13-01"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01T10:00:00"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01", "until": "2026-02-01T00:00:00Z"},
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-02-01", "until": "2026-01-01"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elsewhere.org:V-000001"},
            "idDoesNotExist",
        ),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": f"oai:{REPOSITORY}:V-1"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "places"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "resumptionToken": "made-up"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "made-up"}, "badResumptionToken"),
    ],
)
def test_every_error_is_its_code_with_http_200(client, arguments, code):
    published(VictimFactory)
    root = ask(client, **arguments)
    assert error_code(root) == code
    if code in ("badVerb", "badArgument"):
        assert root.find("oai:request", OAI).attrib == {}  # the base URL alone, as the protocol asks


def test_an_error_echoes_only_arguments_of_the_right_form(client):
    root = ask(client, verb="ListRecords", metadataPrefix="no such\x01format")
    assert error_code(root) == "cannotDisseminateFormat"
    assert root.find("oai:request", OAI).attrib == {"verb": "ListRecords"}


def test_a_token_altered_or_of_another_verb_is_refused(client):
    for _number in range(3):
        published(VictimFactory)
    token = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc").findtext(
        ".//oai:resumptionToken", namespaces=OAI
    )
    assert error_code(ask(client, verb="ListIdentifiers", resumptionToken=token)) is None
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert error_code(ask(client, verb="ListIdentifiers", resumptionToken=tampered)) == "badResumptionToken"
    assert error_code(ask(client, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"


def test_hostile_input_is_answered_as_an_error_not_a_failure(client):
    # Sent as a harvester's bytes: a NUL, a lone surrogate and bytes that are no UTF-8, markup, a control character.
    for value in ("%00", "%ED%A0%80", "%FF%FE", "%3Cx%2F%3E", "%C3%A9" * 3000, "%1B%5B0m"):
        response = client.get(f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={value}")
        assert response.status_code in (200, 400)  # a NUL is refused by the site's middleware, as everywhere
        if response.status_code == 200:
            assert error_code(validate_answer(response.content)) == "idDoesNotExist"


def test_a_page_costs_the_same_queries_whatever_its_size(client, settings, django_assert_max_num_queries):
    for number in range(12):
        victim = published(VictimFactory)
        testimony = published(TestimonyFactory, title=f"T {number}")
        testimony.victims.add(victim)
        published(DocumentFactory).testimonies.add(testimony)

    def queries(size: int) -> int:
        settings.OAI_PAGE_SIZE = size
        with CaptureQueriesContext(connection) as captured:
            root = ask(client, verb="ListRecords", metadataPrefix="mods")
        assert len(root.findall(".//oai:record", OAI)) == size
        return len(captured)

    assert queries(3) == queries(30)  # a page of one record of each kind costs what one of ten of each does
    settings.OAI_PAGE_SIZE = 30
    with django_assert_max_num_queries(25):
        ask(client, verb="ListRecords", metadataPrefix="oai_dc")
