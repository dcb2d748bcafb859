"""What IIIF shows of the archive: only records the public may see (``objects.public()``) whose media are open, and
only their files the public may fetch (``not_withheld``, processed); never a private or withheld file."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Prefetch

from archive.kinds import DOCUMENT, TESTIMONY
from archive.models import Document, IndexPoint, MediaFile, Status, Testimony, TranscriptSegment, Victim
from archive.models.oralhistory import TRANSLATION_LANGUAGES
from archive.models.publication import parse_identifier
from iiif.models import ImageTiles

PLAYABLE = (MediaFile.Kind.AUDIO, MediaFile.Kind.VIDEO)


class NotShown(LookupError):
    """The public may not see it, or it has nothing a viewer could show."""

    def __init__(self, gone: bool = False) -> None:
        super().__init__()
        self.gone = gone  # withdrawn after the public saw it (410), rather than never shown (404)


@dataclass
class DocumentImages:
    document: Document
    images: list[MediaFile]  # each with ``tiles``: its ready ImageTiles, or None
    victims: list[Victim] = field(default_factory=list)


@dataclass
class TestimonyRecording:
    testimony: Testimony
    recording: MediaFile
    has_transcript: bool
    points: list[IndexPoint]
    victims: list[Victim] = field(default_factory=list)
    translations: list[str] = field(default_factory=list)  # the languages the transcript is translated into
    has_machine_draft: bool = False  # a speech recognizer's lines not yet checked by a person


def manifest_record(identifier: str) -> DocumentImages | TestimonyRecording:
    """The public document or testimony ``identifier`` names, with what its manifest shows; ``NotShown`` if the
    public may not see it, if its files are closed ("metadata only") or if it has none a viewer can show."""
    parsed = parse_identifier(identifier, prefixes=DOCUMENT.prefix + TESTIMONY.prefix)
    if parsed is None or parsed != identifier:
        raise NotShown
    if identifier.startswith(DOCUMENT.prefix):
        return _document(identifier)
    return _testimony(identifier)


def _victims() -> Prefetch:
    return Prefetch("victims", queryset=Victim.objects.public().order_by("sort_key"), to_attr="public_victims")


def _not_shown(model, identifier: str) -> NotShown:
    withdrawn = model.objects.filter(identifier=identifier, status=Status.WITHDRAWN).first()
    return NotShown(gone=withdrawn is not None and withdrawn.was_public)


def _document(identifier: str) -> DocumentImages:
    document = Document.objects.with_public_media().filter(identifier=identifier).prefetch_related(_victims()).first()
    if document is None:
        raise _not_shown(Document, identifier)
    images = list(
        document.media.not_withheld()
        .filter(kind=MediaFile.Kind.IMAGE, width__isnull=False, height__isnull=False)
        .select_related("iiif_tiles")
    )
    if not images:
        raise NotShown
    for image in images:
        image.tiles = _ready_tiles(image)
    return DocumentImages(document=document, images=images, victims=document.public_victims)


def _ready_tiles(image: MediaFile) -> ImageTiles | None:
    try:
        tiles = image.iiif_tiles
    except ImageTiles.DoesNotExist:
        return None
    usable = tiles.state == ImageTiles.State.READY and tiles.source_sha256 == image.sha256 and tiles.folder
    return tiles if usable else None


def _testimony(identifier: str) -> TestimonyRecording:
    testimony = (
        Testimony.objects.with_public_media()
        .filter(identifier=identifier)
        .select_related("recorded_place")
        .prefetch_related(_victims())
        .first()
    )
    if testimony is None:
        raise _not_shown(Testimony, identifier)
    recording = (
        testimony.media.not_withheld()
        .filter(role=MediaFile.Role.RECORDING, kind__in=PLAYABLE, duration__gt=0)
        .order_by("order", "pk")
        .first()
    )
    if recording is None:
        raise NotShown
    # One query for all three: a row per segment and translation language (None for a segment without any).
    rows = set(
        TranscriptSegment.objects.filter(testimony=testimony).values_list("translations__language", "machine_draft")
    )
    languages = {language for language, _draft in rows}
    return TestimonyRecording(
        testimony=testimony,
        recording=recording,
        has_transcript=bool(rows),
        has_machine_draft=any(draft for _language, draft in rows),
        translations=[code for code, _name in TRANSLATION_LANGUAGES if code in languages],
        points=list(IndexPoint.objects.filter(testimony=testimony).order_by("time", "pk")),
        victims=testimony.public_victims,
    )


def public_image(key: UUID) -> tuple[MediaFile, ImageTiles]:
    """A document image the public may fetch whose tiles are made; ``NotShown`` otherwise."""
    image = (
        MediaFile.objects.public()
        .filter(key=key, kind=MediaFile.Kind.IMAGE, document__isnull=False)
        .select_related("iiif_tiles", "document")
        .first()
    )
    tiles = _ready_tiles(image) if image is not None else None
    if tiles is None:
        raise NotShown
    return image, tiles
