"""PDF documents: rewritten without scripts, actions, attachments and metadata (``pdfclean``, in a process of its
own, limited in memory and time), or refused: cut off, unreadable, encrypted, too many pages, too costly to read."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext, ngettext

from archive.ingest.formats import CHUNK_SIZE, Format, Kind
from archive.ingest.metadata import TemporaryCopy
from archive.ingest.prepared import IngestError, PreparedFile
from archive.temporaries import upload_temp_dir

logger = logging.getLogger(__name__)

PDF_EOF_WINDOW = 1024
CLEANER = Path(__file__).with_name("pdfclean.py")


def check_pdf(upload: File, size: int, display: str) -> None:
    upload.seek(max(0, size - PDF_EOF_WINDOW))
    if b"%%EOF" not in upload.read(PDF_EOF_WINDOW):
        raise IngestError(
            gettext("“%(name)s” is not a complete PDF document: its end is missing.") % {"name": display},
            code="damaged",
        )


def prepare_pdf(
    fmt: Format, upload: File, size: int, *, source_sha256: str, original_name: str, display: str
) -> PreparedFile:
    """The PDF rewritten clean, with the checksum and size of the rewritten file; IngestError if it cannot be."""
    check_pdf(upload, size, display)
    copy = TemporaryCopy(fmt.extension)
    try:
        outcome = _run_cleaner(upload, copy.path)
        if "refused" in outcome:
            raise _refusal(outcome, display)
        digest, stored_size = hashlib.sha256(), 0
        copy.seek(0)
        while chunk := copy.read(CHUNK_SIZE):
            digest.update(chunk)
            stored_size += len(chunk)
    except BaseException:
        copy.close()
        raise
    copy.seek(0)
    return PreparedFile(
        content=copy,
        extension=fmt.extension,
        kind=Kind.PDF,
        content_type=fmt.content_type,
        size=stored_size,
        sha256=digest.hexdigest(),
        source_sha256=source_sha256,
        original_name=original_name,
    )


def _run_cleaner(upload: File, target: str) -> dict:
    seconds = settings.ARCHIVE_PDF_SECONDS
    with _on_disk(upload) as source:
        command = [
            sys.executable,
            "-I",  # nothing from the environment or the working directory is imported
            str(CLEANER),
            source,
            target,
            str(settings.ARCHIVE_MAX_PDF_PAGES),
            str(settings.ARCHIVE_PDF_MEMORY_LIMIT),
            str(max(1, math.ceil(seconds))),
        ]
        try:
            completed = subprocess.run(
                command, capture_output=True, stdin=subprocess.DEVNULL, timeout=seconds, check=False
            )
        except subprocess.TimeoutExpired:
            return {"refused": "too_complex"}
    try:
        outcome = json.loads(completed.stdout.decode("utf-8", "replace").strip().splitlines()[-1])
    except (IndexError, ValueError):
        # Killed at its memory or CPU limit (or crashed in qpdf): the file costs more to read than it may.
        logger.info("PDF cleaner ended with %s: %s", completed.returncode, completed.stderr[-500:])
        return {"refused": "too_complex"}
    if outcome.get("refused") == "active":
        logger.warning("A rewritten PDF still held %s; refused", outcome.get("left"))
    return outcome


def _refusal(outcome: dict, display: str) -> IngestError:
    code = outcome["refused"]
    if code == "encrypted":
        message = gettext(
            "“%(name)s” is protected by a password or encryption. Please send a copy without protection."
        ) % {"name": display}
    elif code == "too_many_pages":
        limit = settings.ARCHIVE_MAX_PDF_PAGES
        message = ngettext(
            "“%(name)s” has too many pages: at most %(limit)d page is accepted. Please send it in parts.",
            "“%(name)s” has too many pages: at most %(limit)d pages are accepted. Please send it in parts.",
            limit,
        ) % {"name": display, "limit": limit}
    elif code == "too_complex":
        message = gettext(
            "“%(name)s” is too complex a PDF document to be checked safely. Please print it to a new PDF or "
            "scan it, and send that."
        ) % {"name": display}
    elif code == "active":
        message = gettext(
            "“%(name)s” cannot be kept: its scripts or hidden contents could not be removed safely. Please print "
            "it to a new PDF and send that."
        ) % {"name": display}
    else:
        code = "damaged"
        message = gettext("“%(name)s” is a damaged PDF document and cannot be read.") % {"name": display}
    return IngestError(message, code=code)


@contextmanager
def _on_disk(upload: File) -> Iterator[str]:
    """A path to the upload's bytes: the temporary file Django already wrote for a large upload, or a copy made
    in chunks."""
    temporary_file_path = getattr(upload, "temporary_file_path", None)
    if temporary_file_path is not None:
        yield temporary_file_path()
        return
    handle, path = tempfile.mkstemp(suffix=".pdf", dir=upload_temp_dir())
    try:
        with os.fdopen(handle, "wb") as copy:
            upload.seek(0)
            shutil.copyfileobj(upload, copy, CHUNK_SIZE)
        yield path
    finally:
        os.remove(path)
