"""Serving stored files: only through the publication rule, never by a storage URL."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_safe

from archive.models import MediaFile


def _visible_media(request: HttpRequest, key) -> MediaFile:
    files = MediaFile.objects.all() if request.user.has_perm("archive.view_mediafile") else MediaFile.objects.public()
    media = files.filter(key=key).first()
    if media is None:
        raise Http404
    return media


def _serve(stored, content_type: str, *, private: bool) -> HttpResponse:
    storage = stored.storage
    if not hasattr(storage, "path"):
        # Remote storage (S3): a short-lived signed URL, so the bucket itself stays private.
        return HttpResponseRedirect(storage.url(stored.name))
    response = FileResponse(storage.open(stored.name, "rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def media_file(request: HttpRequest, key) -> HttpResponse:
    media = _visible_media(request, key)
    return _serve(media.file, media.content_type, private=not media.record.is_public)


@require_safe
def media_thumbnail(request: HttpRequest, key) -> HttpResponse:
    media = _visible_media(request, key)
    if not media.thumbnail:
        raise Http404
    return _serve(media.thumbnail, "image/jpeg", private=not media.record.is_public)
