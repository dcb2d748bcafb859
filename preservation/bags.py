"""Records as BagIt 1.0 bags (RFC 8493), for another archive or an offline copy: one bag a record, named by its
identifier, holding its metadata (JSON, MODS 3.7 and simple Dublin Core, from ``archive.exchange``) and its files
(the stored original and its derivative, the thumbnail), with SHA-256 and SHA-512 payload and tag manifests and a
``bag-info.txt`` naming the archive, the record's identifier, the day and the payload's size.

What goes in follows the publication rule unless staff ask for everything: by default only ``objects.public()``
records, each with only the files the public may open (``MediaFile.objects.public()``; a "metadata only" record's
bag holds its metadata and no file), and the JSON says only what the public description says. ``include_private``
(``export_bag --all``, for staff) takes every record, private, draft and withdrawn ones too, with all their files
and every field of the record and its files.

Each file is copied from the storage a chunk at a time and its SHA-256 compared with the one recorded at ingest (a
thumbnail's with the one recorded when it was written): a file that fails is not bagged (the bag would carry a
damaged copy with a manifest that vouches for it). A bag is made in a hidden folder and renamed once complete, so a
bag under its identifier is always whole.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import bagit
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.utils import timezone

from archive.exchange.description import PUBLISHER, describe, prefetch_for_description
from archive.exchange.dublin_core import oai_dc_bytes
from archive.exchange.mods import mods_bytes
from archive.kinds import RECORD_KINDS, by_model, by_prefix
from archive.models import MediaFile
from preservation.bag_texts import record_texts
from preservation.reading import read_chunks
from preservation.software import software

BAGIT_VERSION = "1.0"
CHECKSUMS = ["sha256", "sha512"]
# What the JSON says of a file in a public bag: its nature, never the name it was uploaded under.
PUBLIC_FILE_FIELDS = [
    "role",
    "order",
    "kind",
    "content_type",
    "size",
    "sha256",
    "thumbnail_sha256",
    "width",
    "height",
    "duration",
    "codec",
    "caption_az",
    "caption_en",
    "caption_ru",
    "alt_text",
    "is_distressing",
]


DEMO_DESCRIPTION = "Invented demonstration data (manage.py load_demo), not a record of a real person or document."


class BagExportError(Exception):
    pass


def records_to_bag(*, identifiers: list[str], include_private: bool) -> Iterator[Model]:
    """The named records (every one, in identifier order, if none is named): public ones only unless
    ``include_private``. ``BagExportError`` names an identifier the archive does not know or may not export."""
    if not identifiers:
        for kind in RECORD_KINDS:
            queryset = kind.model.objects.all() if include_private else kind.model.objects.public()
            yield from prefetch_for_description(queryset.order_by("identifier")).iterator(chunk_size=200)
        return
    records = []
    for identifier in identifiers:
        try:
            model = by_prefix(identifier.strip()[:1]).model
        except KeyError:
            raise BagExportError(f"{identifier}: not an identifier of the archive (V-, T- or D-).") from None
        queryset = model.objects.all() if include_private else model.objects.public()
        record = prefetch_for_description(queryset.filter(identifier=identifier.strip().upper())).first()
        if record is None:
            if model.objects.filter(identifier=identifier.strip().upper()).exists():
                raise BagExportError(f"{identifier} is not public: only staff export it, with --all.")
            raise BagExportError(f"{identifier}: no such record.")
        records.append(record)
    yield from records


def files_to_bag(record: Model, *, include_private: bool) -> QuerySet[MediaFile]:
    files = MediaFile.objects.filter(**{by_model(record).media_field: record}).exclude(file="")
    return (files if include_private else files.public()).order_by("order", "pk")


def bag_write(record: Model, *, output: Path, base_url: str, include_private: bool) -> Path:
    """Write ``record``'s bag into ``output``/<identifier>/ and return its path."""
    target = Path(output) / record.identifier
    if target.exists():
        raise BagExportError(f"{target} exists already: export into a new folder.")
    staging = Path(output) / f".{record.identifier}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        (staging / "metadata").mkdir(parents=True)
        files = [
            _copy_file(media, staging / "files") for media in files_to_bag(record, include_private=include_private)
        ]
        metadata = _metadata(record, files, base_url=base_url, include_private=include_private)
        (staging / "metadata" / "record.json").write_text(
            json.dumps(metadata, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        (staging / "metadata" / "mods.xml").write_bytes(mods_bytes(record, base_url=base_url))
        (staging / "metadata" / "oai_dc.xml").write_bytes(oai_dc_bytes(record, base_url=base_url))
        for name, content in record_texts(record, base_url=base_url, include_private=include_private).items():
            (staging / "metadata" / name).write_bytes(content)
        bag = bagit.make_bag(str(staging), _bag_info(record, include_private=include_private), checksums=CHECKSUMS)
        _declare_version(bag)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _bag_info(record: Model, *, include_private: bool) -> dict[str, str]:
    info = {
        "Source-Organization": PUBLISHER,
        "External-Identifier": record.identifier,
        "External-Description": str(record)[:500],
        "Bagging-Date": timezone.localdate().isoformat(),
        "Bag-Software-Agent": f"{software('preservation.bags')}; bagit-python {bagit.VERSION}",
        "Bag-Group-Identifier": "whole archive (staff)" if include_private else "public records",
    }
    if record.is_demo:
        # As every page, manifest and API answer says it: an archive taking the bag in must not take it for a record.
        info["Internal-Sender-Description"] = DEMO_DESCRIPTION
    return info


def _declare_version(bag: bagit.Bag) -> None:
    """bagit-python writes "BagIt-Version: 0.97" whatever it is asked (LibraryOfCongress/bagit-python#141). The bags
    made here are 1.0 (RFC 8493): UTF-8 tag files, SHA-256 and SHA-512 manifests, names that need no
    percent-encoding (generated: letters, digits, dots), so only the declaration differs; it is rewritten and the
    tag manifests, which cover bagit.txt, written again."""
    (Path(bag.path) / "bagit.txt").write_text(
        f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n", encoding="utf-8"
    )
    bagit.Bag(bag.path).save()


def _copy_file(media: MediaFile, folder: Path) -> tuple[MediaFile, str, str]:
    """Copy the stored file and its thumbnail into ``folder``; the payload paths of both ("" without a thumbnail)."""
    folder.mkdir(exist_ok=True)
    original = f"{media.key.hex}.{media.file.name.rsplit('.', 1)[-1]}"
    digest = _copy(media.file, folder / original)
    if digest != media.sha256:
        raise BagExportError(
            f"{media.file.name} ({media.record.identifier}) no longer matches the SHA-256 "
            "recorded at ingest: not bagged. Run manage.py audit_fixity and restore it from a backup."
        )
    thumbnail = ""
    if media.thumbnail:
        thumbnail = f"{media.key.hex}.thumbnail.jpg"
        digest = _copy(media.thumbnail, folder / thumbnail)
        # A thumbnail stored before digests were recorded has none until the next fixity audit records it: it is
        # bagged as read (the bag's manifest vouches for those bytes, as the audit will).
        if media.thumbnail_sha256 and digest != media.thumbnail_sha256:
            raise BagExportError(
                f"{media.thumbnail.name}, the thumbnail of {media.file.name} ({media.record.identifier}), no longer "
                "matches the SHA-256 recorded when it was written: not bagged. Run manage.py audit_fixity and restore "
                "it from a backup."
            )
    return media, f"data/files/{original}", f"data/files/{thumbnail}" if thumbnail else ""


def _copy(stored, path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for chunk in read_chunks(stored.storage, stored.name):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _metadata(record: Model, files: list[tuple[MediaFile, str, str]], *, base_url: str, include_private: bool) -> dict:
    """The record as JSON: its public description (the same as MODS and Dublin Core say), the bag's files, and for
    staff every field of the record and of its files."""
    metadata = {
        "identifier": record.identifier,
        "kind": by_model(record).key,
        "is_demo": record.is_demo,
        "description": dataclasses.asdict(describe(record, base_url=base_url)),
        "files": [
            {
                "path": path,
                "thumbnail": thumbnail,
                **{name: getattr(media, name) for name in PUBLIC_FILE_FIELDS},
                **({"fields": _fields(media)} if include_private else {}),
            }
            for media, path, thumbnail in files
        ],
    }
    if include_private:
        metadata["record"] = _fields(record)
    return metadata


def _fields(instance: Model) -> dict:
    return serializers.serialize("python", [instance], use_natural_foreign_keys=True)[0]["fields"]
