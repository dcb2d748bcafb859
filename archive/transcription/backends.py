"""A backend that recognizes nothing: fixed segments every few seconds, for tests and for trying the admin's steps
on a laptop without a model (``TRANSCRIPTION_BACKEND=archive.transcription.backends.FixedSegmentsBackend``)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from archive.transcription import DraftSegment


class FixedSegmentsBackend:
    """Three segments of four seconds from the start, saying they are a test: what the tests check is written."""

    SEGMENTS = 3
    LENGTH = Decimal(4)

    def __init__(self, *, model_path: str = "") -> None:
        self.model_path = model_path

    def transcribe(self, path: Path, *, language: str | None = None) -> list[DraftSegment]:
        if not Path(path).is_file():
            raise FileNotFoundError(path)
        return [
            DraftSegment(
                start=self.LENGTH * number,
                end=self.LENGTH * (number + 1),
                text=f"Machine draft {number + 1} ({language or '?'})",
            )
            for number in range(self.SEGMENTS)
        ]
