"""A small real image, for records with files."""

from __future__ import annotations

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image


def png(colour: str) -> ContentFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=f"{colour}.png")
