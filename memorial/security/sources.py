"""What the Content Security Policy allows besides the site's own files: other origins, derived from the settings
that name them, and the one inline style block (the server error page's). No Django imports: settings use it."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def origin_of(url: str) -> str:
    """``https://host[:port]`` of an absolute URL; empty for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return ""
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"


def tile_sources(tile_url: str) -> list[str]:
    """The source the map's tiles come from, for ``img-src``: a ``{s}`` subdomain placeholder (Leaflet's
    ``https://{s}.tile.example/{z}/{x}/{y}.png``) becomes a wildcard. None without a tile server."""
    if not tile_url:
        return []
    parts = urlsplit(tile_url.replace("{s}", "subdomain"))
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return []
    host = parts.netloc.replace("subdomain", "*", 1) if "{s}" in tile_url else parts.netloc
    return [f"{parts.scheme}://{host}"]


def inline_style_hashes(template: Path) -> list[str]:
    """``'sha256-…'`` sources for the ``<style>`` blocks of a template that holds no template syntax in them.

    Only the server error page has one: it is drawn without static files, so it shows even when those fail.
    """
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()}'"
        for block in STYLE_BLOCK.findall(template.read_text(encoding="utf-8"))
    ]
