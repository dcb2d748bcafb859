"""Media ingest: decide what an uploaded file really is, refuse what the archive does not keep, and prepare
the bytes to store (images re-encoded without metadata, checksums, size, dimensions, duration, codec).

Nothing here touches storage or the database; ``archive.services.media_file_attach`` stores the result.

- ``formats``: what the first bytes say a file is (magic numbers only), names, size limits;
- ``images``: Pillow, re-encoding without metadata, thumbnails;
- ``recordings``: audio and video (mutagen, a small WebM reader, and ffprobe where installed);
- ``documents``: PDF;
- ``prepare``: ``prepare_upload``, which puts these together;
- ``prepared``: what it returns (``PreparedFile``) or raises (``IngestError``).
"""

from archive.ingest.formats import size_limit_for, sniff_kind
from archive.ingest.prepare import prepare_upload
from archive.ingest.prepared import IngestError, PreparedFile

__all__ = ["IngestError", "PreparedFile", "prepare_upload", "size_limit_for", "sniff_kind"]
