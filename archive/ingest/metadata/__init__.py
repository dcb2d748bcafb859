"""Recordings without their metadata: where a phone was (GPS), which phone it was, and notes in the tags never
reach the archive.

Audio and video keep their sound and pictures byte for byte; only what describes them is taken out, streaming
(a 2 GB video is never held in memory), into a temporary file that becomes the stored content:

- MP4, MOV, M4A: the metadata boxes (``udta`` with ``©xyz``, make and model; ``meta`` with Apple's
  ``com.apple.quicktime.location.ISO6709`` keys or iTunes tags; XMP in ``uuid``; old tags left in ``free``) at the
  top level, in ``moov`` and in each ``trak`` become ``free`` boxes of the same size, filled with zeros; so do
  timed-metadata tracks (GoPro's GPS, Apple's ``mebx``), whose samples are zeroed. Sizes do not change, so every
  chunk offset stays valid: nothing is remuxed. Bytes after the last box are left out.
- WebM: ``Tags``, ``Chapters`` and ``Attachments``, the title in ``Info`` and the track names become Void
  elements of the same size (their ``SeekHead`` entries too; CRC-32 elements are recomputed).
- MP3 and AAC: ID3v2 tags in front, ID3v1, APEv2 and Lyrics3 tags at the end are left out.
- FLAC: only the STREAMINFO and SEEKTABLE blocks are kept (no comments, pictures, cue sheets or application data).
- WAV: only the ``fmt ``, ``fact`` and ``data`` chunks are kept (no ``LIST``/``INFO``, ``bext``, ``iXML``, ID3).
- Ogg (Opus, Vorbis, FLAC): mutagen rewrites the comment header with no comments, page by page.

Each change is planned as ranges of the upload to replace (``mp4``, ``webm``, ``audio``), and ``copies`` writes the
copy. A file with nothing to take out is stored as received. ``strip_recording`` raises IngestError when a file
cannot be cleaned; ``prepare_upload`` then reads the cleaned copy again, and refuses it unless it is the same
recording (kind, codec and duration).
"""

from __future__ import annotations

import struct

import mutagen
from django.core.files import File
from django.utils.translation import gettext

from archive.ingest.formats import Format
from archive.ingest.metadata.audio import flac_patches, mpeg_audio_patches, strip_ogg, wav_patches
from archive.ingest.metadata.copies import Stripped, TemporaryCopy, pieces_of, write_copy
from archive.ingest.metadata.mp4 import mp4_patches
from archive.ingest.metadata.webm import webm_patches
from archive.ingest.prepared import IngestError

__all__ = ["Stripped", "TemporaryCopy", "metadata_error", "strip_recording"]

_ERRORS = (mutagen.MutagenError, OSError, EOFError, ValueError, IndexError, KeyError, struct.error)

PLANNERS = {
    "mp4": mp4_patches,
    "webm": webm_patches,
    "mp3": mpeg_audio_patches,
    "aac": mpeg_audio_patches,
    "flac": flac_patches,
    "wav": wav_patches,
}


def metadata_error(display: str) -> IngestError:
    return IngestError(
        gettext(
            "“%(name)s” cannot be kept: its metadata (such as where and with which device it was recorded) could "
            "not be removed safely. Please send it in another format."
        )
        % {"name": display},
        code="metadata",
    )


def strip_recording(fmt: Format, upload: File, size: int, display: str) -> Stripped | None:
    """A copy of the recording without its metadata, or None when it holds none (it is then stored as received);
    IngestError when its metadata cannot be taken out."""
    stream = upload.file if upload.file is not None else upload
    try:
        stream.seek(0)
        if fmt.key == "ogg":
            return strip_ogg(fmt, stream, size)
        patches = PLANNERS[fmt.key](stream, size)
        if not patches:
            return None
        return write_copy(fmt, stream, pieces_of(patches, size))
    except IngestError:
        raise
    except _ERRORS as error:
        raise metadata_error(display) from error
    finally:
        stream.seek(0)
