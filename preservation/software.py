"""The name and version of this software, as preservation events and bags record it (PREMIS's agent)."""

from __future__ import annotations

import platform
import tomllib
from functools import cache

from django.conf import settings


@cache
def version() -> str:
    try:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def software(component: str) -> str:
    """E.g. "Yaddaş 0.1.0 preservation.fixity (Python 3.11.2 hashlib SHA-256)"."""
    return f"Yaddaş {version()} {component} (Python {platform.python_version()} hashlib SHA-256)"
