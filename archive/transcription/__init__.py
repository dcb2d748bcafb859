"""Machine drafts of a transcript, from a speech recognizer the operator installs: optional and honestly scoped.

Nothing here recognizes speech by itself. ``TRANSCRIPTION_BACKEND`` names a backend class by its dotted path
(``archive.transcription.whisper.FasterWhisperBackend`` for a local faster-whisper model, which the operator
installs; the archive does not depend on it) and ``TRANSCRIPTION_MODEL_PATH`` the model on this machine's disk:
a backend never downloads a model, and refuses a model given by name. Unset, the testimony's admin says that no
recognizer is configured and offers nothing.

What a backend writes is a draft: segments marked ``machine_draft`` until a person corrects them (README, "Oral
history"). A backend takes a recording's file on disk and gives back timed text; writing it is ``services``'.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class DraftSegment:
    """A piece of the recording as a recognizer heard it: seconds from the start, and the words."""

    start: Decimal
    end: Decimal
    text: str


class TranscriptionBackend(Protocol):
    """What a speech recognizer answers to. Made with the model's path (``TRANSCRIPTION_MODEL_PATH``)."""

    def __init__(self, *, model_path: str) -> None: ...

    def transcribe(self, path: Path, *, language: str | None = None) -> list[DraftSegment]:
        """The recording at ``path`` as timed text, in order; ``language``: the code spoken, if known."""
        ...


def is_configured() -> bool:
    return bool(getattr(settings, "TRANSCRIPTION_BACKEND", ""))


def backend() -> TranscriptionBackend:
    """The configured backend; ``ImproperlyConfigured`` if none is, or it refuses its model."""
    dotted = getattr(settings, "TRANSCRIPTION_BACKEND", "")
    if not dotted:
        raise ImproperlyConfigured("No speech recognizer is configured (TRANSCRIPTION_BACKEND).")
    return import_string(dotted)(model_path=getattr(settings, "TRANSCRIPTION_MODEL_PATH", ""))


def local_model_path(value: str) -> Path:
    """The model's folder on this machine; ``ImproperlyConfigured`` for anything else (a model's name, an address),
    so that no backend ever fetches a model from the network."""
    text = (value or "").strip()
    if not text:
        raise ImproperlyConfigured("TRANSCRIPTION_MODEL_PATH is empty: give the folder of a model on this machine.")
    if "://" in text or not Path(text).is_absolute():
        raise ImproperlyConfigured(
            f"TRANSCRIPTION_MODEL_PATH must be the absolute path of a model's folder on this machine, not {text!r}: "
            "models are never downloaded at run time."
        )
    path = Path(text)
    if not path.is_dir():
        raise ImproperlyConfigured(f"TRANSCRIPTION_MODEL_PATH {text!r} is not a folder on this machine.")
    return path
