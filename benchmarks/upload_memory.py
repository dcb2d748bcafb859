"""Peak memory of taking in one large video, from the raw request body to stored media.

A family's 2 GB video must stream: through the submission upload handler to a temporary file, through
``prepare_upload`` (type, checksum, duration) and into storage, without being held in memory. This
builds a valid MP4 of the given size on disk (a small header and a large media-data box), feeds it to
Django's multipart parser as a WSGI request read from disk, and prints the peak resident memory of each
stage next to the file size.

    .venv/bin/python benchmarks/upload_memory.py --megabytes 2048
"""

from __future__ import annotations

import argparse
import os
import resource
import struct
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorial.settings")
os.environ.setdefault("DEBUG", "true")

CHUNK = 1024 * 1024
BOUNDARY = "yaddasbenchmarkboundary"


def box(name: bytes, payload_size: int, payload: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + payload_size) + name + payload


def write_body(path: Path, size: int) -> int:
    """A multipart body holding one valid MP4 of ``size`` bytes: ftyp, moov (a 600 s video track), and an mdat
    box filling the rest — what mutagen and browsers read. Written to disk, never built in memory."""
    mvhd_payload = bytes(12) + struct.pack(">II", 1000, 600_000) + bytes(80)
    mdhd_payload = bytes(12) + struct.pack(">II", 1000, 600_000) + bytes(4)
    hdlr_payload = bytes(8) + b"vide" + bytes(12) + b"\x00"
    mdia = box(b"mdhd", len(mdhd_payload), mdhd_payload) + box(b"hdlr", len(hdlr_payload), hdlr_payload)
    trak = box(b"trak", len(mdia) + 8, box(b"mdia", len(mdia), mdia))
    moov_body = box(b"mvhd", len(mvhd_payload), mvhd_payload) + trak
    head = box(b"ftyp", 16, b"isom" + bytes(4) + b"isomiso2") + box(b"moov", len(moov_body), moov_body)
    media_size = max(size - len(head) - 8, 0)
    with path.open("wb") as out:
        out.write(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="family.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n".encode()
        )
        out.write(head)
        out.write(box(b"mdat", media_size))
        block = os.urandom(CHUNK)
        written = 0
        while written < media_size:
            part = block[: min(CHUNK, media_size - written)]
            out.write(part)
            written += len(part)
        out.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return path.stat().st_size


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=int, default=512, help="size of the video (default 512; the issue: 2048)")
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage
    from django.core.handlers.wsgi import WSGIRequest

    from archive.ingest import prepare_upload
    from submissions.uploads import SubmissionUploadHandler

    size = arguments.megabytes * CHUNK
    settings.ARCHIVE_MAX_UPLOAD_SIZE = {**settings.ARCHIVE_MAX_UPLOAD_SIZE, "video": size + CHUNK}
    settings.SUBMISSION_MAX_TOTAL_BYTES = size + CHUNK

    with tempfile.TemporaryDirectory() as folder:
        body_path = Path(folder) / "request-body"
        length = write_body(body_path, size)
        baseline = peak_mb()
        print(f"video on disk: {size / CHUNK:,.0f} MB; process before upload: {baseline:,.0f} MB peak RSS")

        body = body_path.open("rb")
        request = WSGIRequest(
            {
                "REQUEST_METHOD": "POST",
                "PATH_INFO": "/submit/",
                "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
                "CONTENT_LENGTH": str(length),
                "wsgi.input": body,
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "80",
                "wsgi.url_scheme": "http",
            }
        )
        request.upload_handlers = [SubmissionUploadHandler(request)]
        started = time.perf_counter()
        upload = request.FILES["file"]
        parsed = time.perf_counter()
        print(f"1. multipart parsing to a temporary file: {parsed - started:6.1f} s, peak {peak_mb():,.0f} MB")

        prepared = prepare_upload(upload)
        checked = time.perf_counter()
        print(
            f"2. prepare_upload ({prepared.content_type}, {prepared.duration} s, sha256 {prepared.sha256[:12]}…): "
            f"{checked - parsed:6.1f} s, peak {peak_mb():,.0f} MB"
        )

        storage = FileSystemStorage(location=Path(folder) / "stored")
        prepared.content.seek(0)
        storage.save(f"records/video.{prepared.extension}", prepared.content)
        stored = time.perf_counter()
        print(f"3. saving to storage: {stored - checked:6.1f} s, peak {peak_mb():,.0f} MB")
        body.close()
        growth = peak_mb() - baseline
        print(
            f"peak memory growth for a {size / CHUNK:,.0f} MB video: {growth:,.0f} MB ({growth / (size / CHUNK):.1%})"
        )


if __name__ == "__main__":
    main()
