"""faster-whisper (CTranslate2's Whisper) on a model folder the operator put on this machine.

faster-whisper is not a dependency of the archive: an operator who wants machine drafts installs it into the
virtualenv and copies a converted model to disk (README, "Oral history"). It is imported only when a recording is
transcribed, and given the model's folder only: a model name such as ``large-v3`` would make it download from the
network, so it is refused before faster-whisper is ever asked (``local_files_only`` too, for good measure).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from archive.transcription import DraftSegment, local_model_path

LANGUAGES = {"az", "en", "ru"}  # what Whisper is told the recording is in, when the testimony says


class FasterWhisperBackend:
    def __init__(self, *, model_path: str) -> None:
        self.model_path = local_model_path(model_path)  # refuses a name or an address before anything is imported
        self._model = None

    def _load(self):
        try:
            from faster_whisper import WhisperModel  # optional, installed by the operator
        except ImportError as missing:
            raise ImproperlyConfigured(
                "TRANSCRIPTION_BACKEND names faster-whisper, which is not installed: pip install faster-whisper"
            ) from missing
        if self._model is None:
            self._model = WhisperModel(str(self.model_path), device="auto", local_files_only=True)
        return self._model

    def transcribe(self, path: Path, *, language: str | None = None) -> list[DraftSegment]:
        model = self._load()
        pieces, _info = model.transcribe(
            str(path), language=language if language in LANGUAGES else None, vad_filter=True
        )
        drafts = []
        for piece in pieces:
            text = (piece.text or "").strip()
            if not text:
                continue
            start = Decimal(str(round(piece.start, 3)))
            end = max(Decimal(str(round(piece.end, 3))), start)
            drafts.append(DraftSegment(start=start, end=end, text=text))
        return drafts
