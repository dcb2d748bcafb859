"""BagIt export (issue #16 part 4): one BagIt 1.0 bag a record (RFC 8493), each validated in full by bagit-python,
with the record's metadata as JSON, MODS and Dublin Core and its files; the public export holds only public records
and the files the public may open, --all (for staff) everything."""

from __future__ import annotations

import json
from pathlib import Path

import bagit
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from archive.models import Access, Status
from preservation.management.commands.export_bag import Command
from tests.factories import DocumentFactory, TestimonyFactory, VictimFactory
from tests.preservation_tests.helpers import attach_photo, change_one_byte, read_stored

pytestmark = pytest.mark.django_db

MODS = "{http://www.loc.gov/mods/v3}mods"
OAI_DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"


@pytest.fixture
def archive():
    public = VictimFactory(surname_az="Açıqov", given_name_az="Əli")
    shown = attach_photo(public, "navy")
    withheld = attach_photo(public, "olive", withheld=True)
    closed = TestimonyFactory(access=Access.METADATA, title="Closed testimony")
    attach_photo(closed, "maroon")
    private = VictimFactory(surname_az="Gizliyev", access=Access.PRIVATE)
    private_file = attach_photo(private, "teal")
    draft = DocumentFactory(status=Status.DRAFT, title="Draft letter")
    return {
        "public": public,
        "shown": shown,
        "withheld": withheld,
        "closed": closed,
        "private": private,
        "private_file": private_file,
        "draft": draft,
    }


@pytest.fixture
def out(tmp_path) -> Path:
    """The export's folder (the test's own folder holds its media too)."""
    return tmp_path / "bags"


def bags(folder: Path) -> dict[str, Path]:
    return {path.name: path for path in folder.iterdir()}


def payload(bag: Path) -> set[str]:
    return {path.relative_to(bag).as_posix() for path in (bag / "data").rglob("*") if path.is_file()}


def test_the_public_export_is_one_valid_bagit_1_0_bag_per_public_record(archive, out):
    call_command("export_bag", "--output", str(out))

    written = bags(out)
    assert set(written) == {archive["public"].identifier, archive["closed"].identifier}
    for identifier, path in written.items():
        bag = bagit.Bag(str(path))
        bag.validate()  # every payload and tag file against every manifest, and the Payload-Oxum
        assert (path / "bagit.txt").read_text() == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
        assert {"sha256", "sha512"} <= set(bag.algorithms)
        for name in ("manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt", "tagmanifest-sha512.txt"):
            assert (path / name).is_file()
        assert bag.info["Source-Organization"] == "Yaddaş"
        assert bag.info["External-Identifier"] == identifier
        assert bag.info["Bagging-Date"].count("-") == 2
        total = sum(file.stat().st_size for file in (path / "data").rglob("*") if file.is_file())
        assert bag.info["Payload-Oxum"] == f"{total}.{len(payload(path))}"
        metadata = json.loads((path / "data/metadata/record.json").read_text())
        assert metadata["identifier"] == identifier
        assert etree.parse(str(path / "data/metadata/mods.xml")).getroot().tag == MODS
        assert etree.parse(str(path / "data/metadata/oai_dc.xml")).getroot().tag == OAI_DC
        assert identifier in (path / "data/metadata/oai_dc.xml").read_text()


def test_a_public_bag_holds_the_files_the_public_may_open_and_nothing_private(archive, out):
    call_command("export_bag", "--output", str(out))
    victim_bag = out / archive["public"].identifier
    shown = archive["shown"]

    original, thumbnail = f"data/files/{shown.key.hex}.jpg", f"data/files/{shown.key.hex}.thumbnail.jpg"
    assert payload(victim_bag) == {
        "data/metadata/record.json",
        "data/metadata/mods.xml",
        "data/metadata/oai_dc.xml",
        original,
        thumbnail,
    }
    assert (victim_bag / original).read_bytes() == read_stored(shown.file.name)
    assert (victim_bag / thumbnail).read_bytes() == read_stored(shown.thumbnail.name)
    metadata = json.loads((victim_bag / "data/metadata/record.json").read_text())
    assert [each["sha256"] for each in metadata["files"]] == [shown.sha256]
    assert metadata["files"][0]["path"] == original
    assert "Açıqov" in json.dumps(metadata, ensure_ascii=False)
    # A "metadata only" record: described, no file.
    closed_bag = out / archive["closed"].identifier
    assert not (closed_bag / "data/files").exists()
    assert "Closed testimony" in (closed_bag / "data/metadata/mods.xml").read_text()
    everything = "".join(
        path.read_text(errors="replace") for path in out.rglob("*") if path.is_file() and path.suffix != ".jpg"
    )
    for secret in ("Gizliyev", "Draft letter", archive["withheld"].key.hex, "ailə.jpg", "original_name"):
        assert secret not in everything


def test_one_changed_byte_fails_the_bags_validation(archive, out):
    call_command("export_bag", archive["public"].identifier, "--output", str(out))
    path = out / archive["public"].identifier
    bagit.Bag(str(path)).validate()

    photo = next((path / "data/files").glob("*.thumbnail.jpg"))
    data = bytearray(photo.read_bytes())
    data[len(data) // 2] ^= 0x01
    photo.write_bytes(bytes(data))

    with pytest.raises(bagit.BagValidationError) as failed:
        bagit.Bag(str(path)).validate()
    assert photo.name in str(failed.value.details[0].path)


def test_named_records_are_bagged_alone_and_a_private_one_only_with_all(archive, out):
    call_command("export_bag", archive["closed"].identifier, "--output", str(out / "named"))
    assert set(bags(out / "named")) == {archive["closed"].identifier}

    for hidden in (archive["private"], archive["draft"]):
        with pytest.raises(CommandError, match="--all"):
            call_command("export_bag", hidden.identifier, "--output", str(out / "refused"))
    assert not any((out / "refused").iterdir())
    with pytest.raises(CommandError, match="no such record"):
        call_command("export_bag", "V-999999", "--output", str(out / "refused"))

    call_command("export_bag", archive["private"].identifier, "--all", "--output", str(out / "staff"))
    bag = out / "staff" / archive["private"].identifier
    bagit.Bag(str(bag)).validate()
    assert f"data/files/{archive['private_file'].key.hex}.jpg" in payload(bag)


def test_all_bags_the_whole_archive_with_private_material_and_the_help_says_it_is_for_staff(archive, out):
    call_command("export_bag", "--all", "--output", str(out))

    written = bags(out)
    expected = ("public", "closed", "private", "draft")
    assert set(written) == {archive[name].identifier for name in expected}
    for path in written.values():
        bagit.Bag(str(path)).validate()
    victim_bag = written[archive["public"].identifier]
    assert f"data/files/{archive['withheld'].key.hex}.jpg" in payload(victim_bag)
    metadata = json.loads((victim_bag / "data/metadata/record.json").read_text())
    assert metadata["record"]["access"] == "public" and "withdrawal_reason" in metadata["record"]
    assert {each["fields"]["original_name"] for each in metadata["files"]} == {"ailə.jpg"}
    assert bagit.Bag(str(victim_bag)).info["Bag-Group-Identifier"] == "whole archive (staff)"
    private = json.loads((written[archive["private"].identifier] / "data/metadata/record.json").read_text())
    assert private["record"]["surname_az"] == "Gizliyev"

    help_text = " ".join(Command().create_parser("manage.py", "export_bag").format_help().split())
    assert "--all" in help_text and "For staff only" in help_text


def test_a_stored_file_that_no_longer_matches_its_checksum_is_not_bagged(archive, out, private_media_root):
    change_one_byte(type("Disk", (), {"root": private_media_root})(), archive["shown"].file.name)

    with pytest.raises(CommandError, match=archive["shown"].file.name):
        call_command("export_bag", archive["public"].identifier, "--output", str(out))
    assert list(out.iterdir()) == []  # nothing half-made left behind
