"""PDF documents: kept as received, once their end is found (a cut-off upload is refused)."""

from __future__ import annotations

from django.core.files import File
from django.utils.translation import gettext

from archive.ingest.prepared import IngestError

PDF_EOF_WINDOW = 1024


def check_pdf(upload: File, size: int, display: str) -> None:
    upload.seek(max(0, size - PDF_EOF_WINDOW))
    if b"%%EOF" not in upload.read(PDF_EOF_WINDOW):
        raise IngestError(
            gettext("“%(name)s” is not a complete PDF document: its end is missing.") % {"name": display},
            code="damaged",
        )
