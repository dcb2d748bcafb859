"""IIIF answers: manifests (``/iiif/<identifier>/manifest``) and the level 0 image service (``/iiif/image/<key>/…``).

Every answer, errors included, carries ``Access-Control-Allow-Origin: *``: IIIF viewers run on other sites and read
these with scripts. What the public may not see answers exactly as what never existed (404), or 410 for a record
withdrawn after it was public, as its page does.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from archive.views import serve_stored_file
from iiif import image_api, manifests, selectors
from iiif.image_api import BadRequest, NotMade, TilePlan

logger = logging.getLogger(__name__)


def cors(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @functools.wraps(view)
    def answered(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return answered


def _error(status: int, text: str) -> HttpResponse:
    response = HttpResponse(f"{text}\n", status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # once published, it is there: ask again
    return response


def _not_found(hidden: selectors.NotShown | None = None) -> HttpResponse:
    if hidden is not None and hidden.gone:
        return _error(410, "Gone: this record was withdrawn.")
    return _error(404, "Not found.")


def _json(data: dict, content_type: str) -> JsonResponse:
    response = JsonResponse(data, content_type=content_type, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = f"public, max-age={settings.PAGE_MAX_AGE}"
    return response


@require_safe
@cors
def manifest(request: HttpRequest, identifier: str) -> HttpResponse:
    try:
        shown = selectors.manifest_record(identifier)
    except selectors.NotShown as hidden:
        return _not_found(hidden)
    site = manifests.Site(request.build_absolute_uri("/"))
    if isinstance(shown, selectors.DocumentImages):
        data = manifests.document_manifest(site, shown)
    else:
        data = manifests.testimony_manifest(site, shown)
    return _json(data, manifests.CONTENT_TYPE)


def _public_image(key: str):
    try:
        return selectors.public_image(UUID(key))
    except (ValueError, selectors.NotShown):
        return None


@require_safe
@cors
def image_base(request: HttpRequest, key: str) -> HttpResponse:
    """The service's own address leads to its ``info.json`` (§2.2: a 303)."""
    if _public_image(key) is None:
        return _not_found()
    response = HttpResponse(status=303)
    response["Location"] = reverse("iiif:image_info", kwargs={"key": key})
    return response


@require_safe
@cors
def image_info(request: HttpRequest, key: str) -> HttpResponse:
    found = _public_image(key)
    if found is None:
        return _not_found()
    _image, tiles = found
    plan = TilePlan(tiles.width, tiles.height, tiles.tile_size)
    service_id = request.build_absolute_uri(reverse("iiif:image_base", kwargs={"key": key}))
    return _json(plan.info(service_id), image_api.INFO_CONTENT_TYPE)


@require_safe
@cors
def image(request: HttpRequest, key: str, region: str, size: str, rotation: str, quality_format: str) -> HttpResponse:
    found = _public_image(key)
    if found is None:
        return _not_found()
    image, tiles = found
    plan = TilePlan(tiles.width, tiles.height, tiles.tile_size)
    try:
        made = plan.find(region, size, rotation, quality_format)
    except BadRequest as error:
        return _error(400, f"Bad request: {error}.")
    except NotMade as error:
        # §7.1: "the value of one or more of the parameters is not supported for this image".
        return _error(404, f"Not available: {error} (this service is level 0: see info.json).")
    # The tiles live beside the image, in the same private storage, and are sent as its files are (archive.views).
    stored = _StoredTile(image.file.storage, f"{tiles.folder}/{made.name}")
    shape = f"{made.x}-{made.y}-{made.w}-{made.h}-{made.width}-{made.height}"
    try:
        return serve_stored_file(
            request,
            stored,
            image_api.CONTENT_TYPE,
            filename=f"{image.document.identifier}-{image.key.hex[:8]}-{shape}.{image_api.FORMAT}",
            public=True,
            etag=f'"{tiles.source_sha256[:16]}-{shape}"',
        )
    except FileNotFoundError:
        logger.error("IIIF tile %s is missing from storage: run manage.py build_iiif_tiles --force", stored.name)
        return _not_found()


class _StoredTile:
    """What ``serve_stored_file`` reads of a stored file: its storage and name."""

    def __init__(self, storage, name: str) -> None:
        self.storage = storage
        self.name = name
