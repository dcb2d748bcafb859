"""Serving stored files: only through the publication rule, never by a storage URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote
from uuid import UUID

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.views.decorators.http import require_safe

from archive.models import MediaFile

CHUNK_SIZE = 64 * 1024
PUBLIC_CACHE = "public, max-age=600"  # short, so a withdrawn record's files leave shared caches soon
PRIVATE_CACHE = "private, no-store"
# Stored files are never pages: no scripts, no plugins, no framing, whatever a file might try to be. PDFs too:
# Chromium's viewer (checked with 156) shows a PDF served under this policy, sandbox included; older Chromium
# refused to (crbug 413851). The policy does not reach the viewer's own PDF JavaScript (an OpenAction
# ``app.alert`` still runs under it), which is why PDFs are rewritten without scripts at ingest.
FILE_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox"
RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _visible_media(request: HttpRequest, key: UUID) -> tuple[MediaFile, bool]:
    """The file if this visitor may fetch it, and whether the public may; 404 otherwise (never 403)."""
    media = MediaFile.objects.public().filter(key=key).first()
    if media is not None:
        return media, True
    if request.user.has_perm("archive.view_mediafile"):
        media = MediaFile.objects.filter(key=key).first()
        if media is not None:
            return media, False
    raise Http404


def _download_name(media: MediaFile, stored: FieldFile, suffix: str = "") -> str:
    """Identifier-based, never the uploaded name: ``V-000123-3f2a9c1b.jpg``."""
    extension = stored.name.rsplit(".", 1)[-1] if "." in stored.name else "bin"
    return f"{media.record.identifier}-{media.key.hex[:8]}{suffix}.{extension}"


def _byte_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """The one (first, last) range asked for; None to send the whole file; False if it cannot be satisfied.

    Several ranges, or a malformed header, get the whole file, which RFC 9110 allows.
    """
    match = RANGE_RE.match(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            return False
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None
    if start >= size:
        return False
    return start, end


def _read_range(handle, start: int, end: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = handle.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def _is_local(stored: FieldFile) -> bool:
    try:
        stored.storage.path(stored.name)
    except NotImplementedError:
        return False
    return True


def _serve(
    request: HttpRequest, stored: FieldFile, content_type: str, *, filename: str, public: bool, etag: str
) -> HttpResponse:
    storage = stored.storage
    cache = PUBLIC_CACHE if public else PRIVATE_CACHE
    disposition = f'inline; filename="{filename}"'
    if not _is_local(stored):
        # Remote storage (S3): a short-lived signed URL, so the bucket itself stays private. S3 lets a signed URL
        # set only Content-Type, -Disposition, -Language, -Encoding, Cache-Control and Expires: the sandboxing
        # policy cannot travel with it. The bucket's origin is not the site's, so a file there reaches none of the
        # site's cookies or pages; a CDN in front of the bucket should add FILE_CSP. The URL expires after the
        # storage's AWS_QUERYSTRING_EXPIRE seconds.
        response = HttpResponseRedirect(
            storage.url(
                stored.name,
                parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
            )
        )
        response["Cache-Control"] = PRIVATE_CACHE  # the signed URL expires; never cache the redirect
        return response

    if etag in {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}:
        response = HttpResponse(status=304)
    elif settings.FILES_X_ACCEL_REDIRECT:
        # Behind nginx: the proxy sends the file from the disk itself, byte ranges included, and this worker is free
        # at once rather than streaming a recording to a slow connection. The headers set here travel with it
        # (deploy/nginx/yaddas.conf, the internal location named by FILES_X_ACCEL_REDIRECT).
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.FILES_X_ACCEL_REDIRECT + quote(stored.name)
        response["Content-Disposition"] = disposition
    else:
        size = storage.size(stored.name)
        wanted = request.headers.get("Range", "")
        if_range = request.headers.get("If-Range")
        byte_range = _byte_range(wanted, size) if wanted and if_range in (None, etag) else None
        if byte_range is False:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
        elif byte_range:
            start, end = byte_range
            response = StreamingHttpResponse(
                _read_range(storage.open(stored.name, "rb"), start, end), status=206, content_type=content_type
            )
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
            response["Content-Length"] = str(end - start + 1)
        else:
            response = FileResponse(storage.open(stored.name, "rb"), content_type=content_type)
        response["Content-Disposition"] = disposition
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    return response


def serve_stored_file(
    request: HttpRequest, stored: FieldFile, content_type: str, *, filename: str, public: bool, etag: str
) -> HttpResponse:
    """Send a stored file the caller has already decided this visitor may see: inline under ``filename``, with
    byte ranges, ``etag`` revalidation, the sandboxing headers, and a short signed URL on remote storage.
    ``public`` allows shared caches to keep it; otherwise it is ``private, no-store``."""
    return _serve(request, stored, content_type, filename=filename, public=public, etag=etag)


@require_safe
def media_file(request: HttpRequest, key: UUID) -> HttpResponse:
    media, public = _visible_media(request, key)
    return _serve(
        request,
        media.file,
        media.content_type,
        filename=_download_name(media, media.file),
        public=public,
        etag=f'"{media.sha256}"',
    )


@require_safe
def media_thumbnail(request: HttpRequest, key: UUID) -> HttpResponse:
    media, public = _visible_media(request, key)
    if not media.thumbnail:
        raise Http404
    return _serve(
        request,
        media.thumbnail,
        "image/jpeg",
        filename=_download_name(media, media.thumbnail, "-thumbnail"),
        public=public,
        etag=f'"{media.sha256[:32]}-thumbnail"',
    )
