"""What the record pages ask of a media file or a transcript line, so their templates stay logic-free."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from archive.models import MediaFile
from archive.models.records import RIGHTS_URIS
from memorial.transcripts import clock as _clock

register = template.Library()


@register.filter
def behind_warning(media: MediaFile, revealed: frozenset[str] | None) -> bool:
    """A distressing file stays behind its warning until the visitor asks to see it (``?reveal=<key>``)."""
    return media.is_distressing and media.key.hex not in (revealed or ())


def shown_size(media: MediaFile) -> tuple[int, int] | None:
    """Width and height of what an ``<img>`` of ``media`` shows: its thumbnail (the image fitted into
    ``ARCHIVE_THUMBNAIL_SIZE``, never enlarged, as ingest makes it) where it has one, else the image itself."""
    if not (media.width and media.height):
        return None
    if not media.thumbnail:
        return media.width, media.height
    box_width, box_height = settings.ARCHIVE_THUMBNAIL_SIZE
    scale = min(1.0, box_width / media.width, box_height / media.height)
    return max(1, round(media.width * scale)), max(1, round(media.height * scale))


@register.simple_tag
def size_attributes(media: MediaFile) -> SafeString:
    """`` width="…" height="…"`` of an image, so the page keeps its place before it loads (no layout shift)."""
    size = shown_size(media)
    return format_html(' width="{}" height="{}"', *size) if size else mark_safe("")


@register.filter
def reveal_query(media: MediaFile, revealed: frozenset[str] | None) -> str:
    """The query string that reveals ``media`` and keeps what this visitor already revealed."""
    keys = sorted({*(revealed or ()), media.key.hex})
    return urlencode([("reveal", key) for key in keys])


@register.filter
def clock(seconds: Decimal | None) -> str:
    """``75.2`` → ``01:15``; with hours when the recording is that long (``1:02:03``)."""
    if seconds is None:
        return ""
    text = _clock(seconds)
    return text[3:] if text.startswith("00:") else text.lstrip("0") or "0"


@register.filter
def caption(media: MediaFile) -> str:
    """The caption in the visitor's language, else in another one."""
    wanted = (get_language() or "az")[:2]
    for language in (wanted, "az", "en", "ru"):
        text = getattr(media, f"caption_{language}", "")
        if text:
            return text
    return ""


@register.filter
def rights_url(code: str) -> str:
    """The rightsstatements.org or Creative Commons address of a rights code."""
    return RIGHTS_URIS.get(code, "")
