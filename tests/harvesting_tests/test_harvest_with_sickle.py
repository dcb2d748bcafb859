"""A whole harvest by a third-party harvester, Sickle, from a live server, in pages: it receives every public record
in both formats, and the withdrawn and merged ones as deleted, and nothing else; every answer it is sent is valid."""

from __future__ import annotations

import pytest
from sickle import Sickle

from archive.ingest import prepare_upload
from archive.models import Access, MediaFile
from archive.services import media_file_attach, record_withdraw
from curation.merging import victims_merge
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory
from tests.harvesting_tests.conftest import oai_id, published, validate_answer
from tests.harvesting_tests.media import png

pytestmark = pytest.mark.django_db(transaction=True)


class CheckingSickle(Sickle):
    """Sickle, checking each answer it receives against the schemas before it reads it."""

    answers = 0

    def harvest(self, **kwargs):
        response = super().harvest(**kwargs)
        validate_answer(response.http_response.content)
        CheckingSickle.answers += 1
        return response


@pytest.fixture
def repository(curator):
    """Public records of each kind, one described without its files, and others a harvester must never receive."""
    public = [published(VictimFactory) for _number in range(3)]
    public += [published(TestimonyFactory, title=f"Testimony {number}") for number in range(2)]
    public += [published(DocumentFactory, title=f"Document {number}") for number in range(2)]
    closed = published(DocumentFactory, title="Closed files", access=Access.METADATA)
    media_file_attach(record=closed, prepared=prepare_upload(png("green")), role=MediaFile.Role.PAGE)
    public.append(closed)
    public[3].victims.add(public[0])

    withdrawn = published(TestimonyFactory, title="Withdrawn")
    record_withdraw(record=withdrawn, user=curator, reason="At the narrator's request")
    merged = published(VictimFactory)
    victims_merge(kept=public[1], other=merged, user=curator, reason="One person")
    never = [
        VictimFactory(status="draft", surname_az="Qaralama"),
        VictimFactory(access=Access.PRIVATE, surname_az="Gizli"),
        DocumentFactory(embargo_until="2999-01-01", title="Embargoed"),
        TestimonyFactory(narrator_consent="archive_only", status="draft", title="Archive only"),
    ]
    for record in public:
        record.refresh_from_db()
    return {"public": public, "deleted": [withdrawn, merged], "never": never}


@pytest.mark.parametrize("method", ["POST", "GET"])
@pytest.mark.parametrize("prefix", ["oai_dc", "mods"])
def test_sickle_harvests_every_public_record_and_the_deleted_ones(live_server, repository, method, prefix):
    sickle = CheckingSickle(f"{live_server.url}/oai", http_method=method, max_retries=1)
    CheckingSickle.answers = 0
    records = list(sickle.ListRecords(metadataPrefix=prefix, ignore_deleted=False))

    received = {record.header.identifier: record for record in records}
    assert len(received) == len(records)  # none twice
    assert set(received) == {oai_id(r) for r in repository["public"] + repository["deleted"]}
    assert CheckingSickle.answers == 5  # ten records, two a page
    for record in repository["public"]:
        harvested = received[oai_id(record)]
        assert not harvested.deleted and harvested.header.datestamp == record.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert record.identifier in harvested.raw
    for record in repository["deleted"]:
        assert received[oai_id(record)].deleted and "metadata>" not in received[oai_id(record)].raw
    everything = "".join(record.raw for record in records)
    for word in ("Qaralama", "Gizli", "Embargoed", "Archive only", "/files/"):
        assert word not in everything
    if prefix == "oai_dc":
        closed = received[oai_id(repository["public"][-1])]
        assert closed.metadata["title"] == ["Closed files"]


def test_sickle_walks_every_verb(live_server, repository):
    sickle = CheckingSickle(f"{live_server.url}/oai", max_retries=1)
    assert sickle.Identify().deletedRecord == "persistent"
    assert [f.metadataPrefix for f in sickle.ListMetadataFormats()] == ["oai_dc", "mods"]
    assert [s.setSpec for s in sickle.ListSets()] == ["victims", "testimonies", "documents"]
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="victims", ignore_deleted=True))
    victims = [r for r in repository["public"] if oai_id(r).split(":")[-1].startswith("V-")]
    assert sorted(h.identifier for h in headers) == sorted(oai_id(r) for r in victims)
    record = sickle.GetRecord(identifier=oai_id(victims[0]), metadataPrefix="mods")
    assert record.header.identifier == oai_id(victims[0])
