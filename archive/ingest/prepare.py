"""``prepare_upload``: the one way a file enters the archive, whichever form or command it comes through."""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal

from django.conf import settings
from django.core.files import File
from django.utils.functional import Promise
from django.utils.translation import gettext

from archive.ingest.documents import prepare_pdf
from archive.ingest.formats import (
    ACCEPTED,
    ACCEPTED_EXTENSIONS,
    CHUNK_SIZE,
    EXTENSION_CLAIMS,
    HEAD_SIZE,
    Format,
    Kind,
    describe,
    size_limit_for,
    sniff,
    too_large,
)
from archive.ingest.images import check_image, prepare_image
from archive.ingest.metadata import Stripped, metadata_error, strip_recording
from archive.ingest.prepared import IngestError, PreparedFile
from archive.ingest.recordings import Recording, inspect_recording, probe_recording
from archive.models.media import Processing


def prepare_upload(upload: File, *, name: str | None = None) -> PreparedFile:
    """Inspect ``upload`` and return what to store, or raise IngestError saying why the file is refused."""
    if not isinstance(upload, File):
        upload = File(upload)
    if not upload.seekable():
        raise TypeError("prepare_upload needs a seekable file")
    original_name = _clean_name(name if name is not None else upload.name or "")
    display = original_name or gettext("unnamed file")

    upload.seek(0)
    head = upload.read(HEAD_SIZE)
    if not head:
        raise IngestError(gettext("“%(name)s” is empty.") % {"name": display}, code="empty")

    fmt = sniff(head, upload)
    claimed = _claimed_type(original_name)
    if claimed is not None and (claimed[0] not in fmt.extensions if fmt else claimed[0] in ACCEPTED_EXTENSIONS):
        raise IngestError(
            gettext("“%(name)s” is not %(claimed)s: its contents are %(actual)s.")
            % {"name": display, "claimed": claimed[1], "actual": fmt.label if fmt else describe(head)},
            code="wrong_extension",
        )
    if fmt is None:
        raise IngestError(
            gettext("“%(name)s” cannot be kept: its contents are %(actual)s. %(accepted)s")
            % {"name": display, "actual": describe(head), "accepted": ACCEPTED},
            code="unsupported",
        )

    limit = size_limit_for(fmt.kind)
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise too_large(display, fmt.kind, limit)
    keep = fmt.kind == Kind.IMAGE  # images are capped small enough to re-encode in memory
    source_sha256, size, data = _scan(upload, limit, keep=keep, display=display, kind=fmt.kind)

    if fmt.kind == Kind.IMAGE:
        width, height = check_image(fmt, data, display=display)
        if width * height <= settings.ARCHIVE_PROCESS_IMAGES_AFTER_UPLOAD_PIXELS:
            return prepare_image(fmt, data, source_sha256=source_sha256, original_name=original_name, display=display)
        # Checked from its header; decoding, the copy without metadata and the thumbnail come after the upload, in
        # the background, and the file is not shown until then (archive.media_processing).
        upload.seek(0)
        return PreparedFile(
            content=upload,
            extension=fmt.extension,
            kind=Kind.IMAGE,
            content_type=fmt.content_type,
            size=size,
            sha256=source_sha256,
            source_sha256=source_sha256,
            original_name=original_name,
            width=width,
            height=height,
            processing=Processing.PROCESSING,
        )
    if fmt.kind == Kind.PDF:
        return prepare_pdf(fmt, upload, size, source_sha256=source_sha256, original_name=original_name, display=display)
    recording = inspect_recording(fmt, upload, size, display)
    if size > size_limit_for(recording.kind):
        raise too_large(display, recording.kind, size_limit_for(recording.kind))
    if size > settings.ARCHIVE_PROCESS_AFTER_UPLOAD_BYTES:
        # Type, size and structure are checked; ffprobe and the copy without metadata come after the upload, in
        # the background, and the file is not shown until then (archive.media_processing).
        content, sha256, processing = upload, source_sha256, Processing.PROCESSING
    else:
        content, sha256, size, recording = finish_recording(fmt, upload, size, recording, display, source_sha256)
        processing = Processing.READY
    content.seek(0)
    return PreparedFile(
        content=content,
        extension=recording.extension,
        kind=recording.kind,
        content_type=recording.content_type,
        size=size,
        sha256=sha256,
        source_sha256=source_sha256,
        original_name=original_name,
        duration=recording.duration,
        codec=recording.codec,
        processing=processing,
    )


def finish_recording(
    fmt: Format, upload: File, size: int, recording: Recording, display: str, sha256: str
) -> tuple[File, str, int, Recording]:
    """The slow part of taking a recording in: ffprobe, and the copy without metadata (read again by both
    probes). Returns what to store (the upload itself when it holds no metadata), its SHA-256 and size, and the
    recording as read; IngestError when it does not play or its metadata cannot be taken out."""
    recording = probe_recording(fmt, upload, recording, display)
    stripped = strip_recording(fmt, upload, size, display)
    if stripped is None:
        return upload, sha256, size, recording
    recording = _read_again(fmt, stripped, recording, display)
    return stripped.content, stripped.sha256, stripped.size, recording


def _read_again(fmt: Format, stripped: Stripped, before: Recording, display: str) -> Recording:
    """The recording as its copy without metadata reads (by both probes): refused unless it is the same kind,
    codec and length as the upload."""
    try:
        after = inspect_recording(fmt, stripped.content, stripped.size, display)
        after = probe_recording(fmt, stripped.content, after, display)
    except IngestError as error:
        stripped.content.close()
        raise metadata_error(display) from error
    if (after.kind, after.content_type, after.codec) != (before.kind, before.content_type, before.codec) or not (
        _same_length(before.duration, after.duration)
    ):
        stripped.content.close()
        raise metadata_error(display)
    return after


def _same_length(before: Decimal | None, after: Decimal | None) -> bool:
    if before is None:
        return True
    return after is not None and abs(after - before) <= max(Decimal("0.1"), before / 100)


# --- names and reading --------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable()).strip()[:255]


def _claimed_type(name: str) -> tuple[str, Promise] | None:
    """The type a file name claims by its extension, if it names one we know. ``scan 19.01.1990`` claims none."""
    _stem, dot, extension = name.rpartition(".")
    if not dot:
        return None
    extension = extension.lower()
    if extension in EXTENSION_CLAIMS:
        return extension, EXTENSION_CLAIMS[extension]
    return None


def _scan(upload: File, limit: int, *, keep: bool, display: str, kind: str) -> tuple[str, int, bytes]:
    """Hash the whole file in chunks, stopping as soon as it passes ``limit``; keep the bytes only if asked."""
    digest = hashlib.sha256()
    size = 0
    kept = io.BytesIO() if keep else None
    upload.seek(0)
    while chunk := upload.read(CHUNK_SIZE):
        size += len(chunk)
        if size > limit:
            raise too_large(display, kind, limit)
        digest.update(chunk)
        if kept is not None:
            kept.write(chunk)
    return digest.hexdigest(), size, kept.getvalue() if kept is not None else b""
