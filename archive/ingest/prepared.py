"""What ingest hands on: a checked file ready to store (``PreparedFile``), or why it was refused (``IngestError``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile

# The facts about a file that its stored row keeps (MediaFile, SubmissionFile), in one list.
FILE_FIELDS = (
    "kind",
    "content_type",
    "size",
    "sha256",
    "source_sha256",
    "original_name",
    "width",
    "height",
    "duration",
    "codec",
    "processing",
)


class IngestError(ValueError):
    """Message is user-facing and names the file and the reason, e.g. «“photo.jpg” is not a JPEG image: its
    contents are a PNG image.»"""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class PreparedFile:
    content: File  # bytes to store (images re-encoded without metadata); seekable
    extension: str  # from the sniffed type, e.g. "jpg", "png", "mp3", "wav", "pdf"
    kind: str  # MediaFile.Kind value: image/audio/video/pdf
    content_type: str
    size: int
    sha256: str  # of `content`
    source_sha256: str  # of the bytes as received
    original_name: str
    width: int | None = None
    height: int | None = None
    duration: Decimal | None = None
    # Of recordings: FFmpeg's codec names, video streams first, joined by "+": "opus", "pcm_s16le", "h264+aac".
    codec: str = ""
    thumbnail: ContentFile | None = None  # JPEG, for images (and nothing else for now)
    # "processing": checked by type, size and structure only, the slow work (ffprobe, metadata stripping) left to
    # a background task once stored (archive.media_processing); "ready": nothing left to do.
    processing: str = "ready"

    def file_fields(self) -> dict[str, Any]:
        """The facts a stored row keeps, as keyword arguments for MediaFile or SubmissionFile."""
        return {name: getattr(self, name) for name in FILE_FIELDS}

    @classmethod
    def from_stored(
        cls, row: Any, *, content: File, extension: str, thumbnail: ContentFile | None = None
    ) -> PreparedFile:
        """A file stored and checked before (a MediaFile or SubmissionFile row), so that a copy keeps the same
        bytes, checksums and facts without being inspected again."""
        return cls(
            content=content,
            extension=extension,
            thumbnail=thumbnail,
            **{name: getattr(row, name) for name in FILE_FIELDS},
        )
