"""Audio and video: whether a recording is whole, whether it holds sound or pictures, how long it lasts and in
which codec.

The bytes decide the format (``archive.ingest.formats.sniff``); nothing here changes that decision. A recording is
read twice:

1. in pure Python (mutagen, and a small EBML reader for WebM), always: kind, duration, codec, and the checks that
   catch a cut-off file (ffprobe happily reads a WAV whose data ends early, for instance);
2. by FFmpeg's ffprobe, where it is installed (``settings.FFPROBE_PATH``): it must find an audio or video stream
   it can read, and its codec names and duration are the ones kept. If ffprobe cannot be started or takes too
   long, the pure-Python result stands (with a warning in the log) rather than refusing a good file.

The copy stored without metadata (``archive.ingest.metadata``) is read both ways again, and must read as the
same recording.

Codecs are written as FFmpeg names them (``opus``, ``aac``, ``pcm_s16le``, ``h264``), video streams before audio
streams, joined by ``+``: ``h264+aac``, ``vp9+opus``. Both readers follow that convention.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import logging
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

import mutagen
import mutagen.aac
import mutagen.flac
import mutagen.mp3
import mutagen.mp4
import mutagen.oggflac
import mutagen.oggopus
import mutagen.oggvorbis
import mutagen.wave
from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext

from archive.ingest.formats import CHUNK_SIZE, Format, Kind
from archive.ingest.prepared import IngestError
from archive.temporaries import upload_temp_dir

logger = logging.getLogger(__name__)

FFPROBE_TIMEOUT = 60  # seconds; ffprobe reads headers (and a little of the streams), not the whole file
# ffprobe's demuxer for each sniffed format: it reads the file as what its bytes said, and nothing else.
FFPROBE_DEMUXERS = {
    "mp3": "mp3",
    "aac": "aac",
    "ogg": "ogg",
    "wav": "wav",
    "flac": "flac",
    "mp4": "mov",
    "webm": "matroska",
}
CODEC_MAX_LENGTH = 64  # MediaFile.codec

_PARSE_ERRORS = (mutagen.MutagenError, OSError, EOFError, ValueError, IndexError, KeyError, struct.error)


@dataclasses.dataclass(frozen=True)
class Recording:
    kind: str  # MediaFile.Kind: audio or video
    content_type: str
    extension: str
    duration: Decimal | None
    codec: str


def inspect_recording(fmt: Format, upload: File, size: int, display: str) -> Recording:
    """Kind, content type, extension, duration and codec of a recording as read in pure Python; IngestError if it
    cannot be parsed or is incomplete."""
    damaged = _damaged(fmt, display)
    stream = upload.file if upload.file is not None else upload
    try:
        stream.seek(0)
        return _parse(fmt, stream, size, damaged)
    except IngestError:
        raise
    except _PARSE_ERRORS as error:
        raise damaged from error
    finally:
        stream.seek(0)


def probe_recording(fmt: Format, upload: File, recording: Recording, display: str) -> Recording:
    """``recording`` (from ``inspect_recording``) with ffprobe's duration and codec, where ffprobe is installed;
    IngestError if ffprobe finds nothing it can play."""
    stream = upload.file if upload.file is not None else upload
    probed = _ffprobe(fmt, upload, stream, _damaged(fmt, display))
    if probed is None:
        return recording
    duration, codec = probed
    return dataclasses.replace(
        recording,
        duration=duration if duration is not None else recording.duration,
        codec=codec or recording.codec,
    )


def _damaged(fmt: Format, display: str) -> IngestError:
    return IngestError(
        gettext("“%(name)s” looks like %(type)s but is damaged or incomplete and cannot be played.")
        % {"name": display, "type": fmt.label},
        code="damaged",
    )


def codec_string(video: Iterable[str], audio: Iterable[str]) -> str:
    """``h264+aac``: the distinct codec names, video first, as kept in ``MediaFile.codec``."""
    names = [name for name in dict.fromkeys([*video, *audio]) if name]
    return "+".join(names)[:CODEC_MAX_LENGTH]


def _seconds(length: float | None) -> Decimal | None:
    if not length or length != length or length <= 0:  # missing, NaN or nothing
        return None
    return Decimal(str(round(length, 3)))


# --- pure Python --------------------------------------------------------------------------------------


def _parse(fmt: Format, stream, size: int, damaged: IngestError) -> Recording:
    if fmt.key == "webm":
        tracks, duration = _webm_tracks(stream, size)
        video = [_webm_codec(codec_id) for track_type, codec_id in tracks if track_type == 1]
        audio = [_webm_codec(codec_id) for track_type, codec_id in tracks if track_type == 2]
        if not (video or audio):
            raise damaged
        kind = Kind.VIDEO if video else Kind.AUDIO
        content_type = "video/webm" if kind == Kind.VIDEO else "audio/webm"
        return Recording(kind, content_type, "webm", duration, codec_string(video, audio))
    if fmt.key == "mp4":
        info = mutagen.mp4.MP4(stream).info
        stream.seek(0)
        tracks = _mp4_tracks(stream)
        stream.seek(0)
        quicktime = stream.read(12)[8:12] == b"qt  "
        video = [_mp4_video_codec(entry) for handler, entry in tracks if handler == b"vide"]
        has_sound = any(handler == b"soun" for handler, _entry in tracks)
        codec = codec_string(video, [_mp4_audio_codec(info.codec)] if has_sound else [])
        duration = _seconds(info.length)
        if video:
            if quicktime:
                return Recording(Kind.VIDEO, "video/quicktime", "mov", duration, codec)
            return Recording(Kind.VIDEO, "video/mp4", "mp4", duration, codec)
        if has_sound:
            return Recording(Kind.AUDIO, "audio/mp4", "m4a", duration, codec)
        raise damaged
    if fmt.key == "wav":
        format_tag, bits = _riff_format(stream, size, damaged)
        stream.seek(0)
        info = mutagen.wave.WAVE(stream).info
        codec = _wav_codec(format_tag, bits)
    elif fmt.key == "ogg":
        parsed = mutagen.File(
            stream, options=[mutagen.oggopus.OggOpus, mutagen.oggvorbis.OggVorbis, mutagen.oggflac.OggFLAC]
        )
        if parsed is None:
            raise damaged
        info = parsed.info
        codec = {mutagen.oggopus.OggOpus: "opus", mutagen.oggvorbis.OggVorbis: "vorbis"}.get(type(parsed), "flac")
    elif fmt.key == "mp3":
        info = mutagen.mp3.MP3(stream).info
        codec = f"mp{info.layer}"  # FFmpeg's mp1, mp2, mp3
    else:
        parser = {"aac": mutagen.aac.AAC, "flac": mutagen.flac.FLAC}[fmt.key]
        info = parser(stream).info
        codec = fmt.key
    return Recording(Kind.AUDIO, fmt.content_type, fmt.extension, _seconds(info.length), codec)


WAVE_FORMAT_PCM = 0x0001
WAVE_FORMAT_IEEE_FLOAT = 0x0003
WAVE_FORMAT_EXTENSIBLE = 0xFFFE
WAVE_CODECS = {0x0002: "adpcm_ms", 0x0006: "pcm_alaw", 0x0007: "pcm_mulaw", 0x0011: "adpcm_ima_wav", 0x0055: "mp3"}


def _riff_format(stream, size: int, damaged: IngestError) -> tuple[int, int]:
    """The format tag and bits per sample of a WAV (its ``fmt `` chunk, which comes before the data).

    A WAV whose data chunk runs past the end of the file was cut off (or never finished recording): refused."""
    stream.seek(12)
    offset = 12
    format_tag, bits = 0, 0
    while offset + 8 <= size:
        chunk_id, chunk_size = struct.unpack("<4sI", stream.read(8))
        if chunk_id == b"fmt " and chunk_size >= 16:
            body = stream.read(min(chunk_size, 40))
            format_tag, bits = struct.unpack("<H", body[:2])[0], struct.unpack("<H", body[14:16])[0]
            if format_tag == WAVE_FORMAT_EXTENSIBLE and len(body) >= 26:
                format_tag = struct.unpack("<H", body[24:26])[0]  # the first two bytes of the subformat GUID
        if chunk_id == b"data":
            if offset + 8 + chunk_size > size:
                raise damaged
            return format_tag, bits
        offset += 8 + chunk_size + (chunk_size & 1)
        stream.seek(offset)
    raise damaged


def _wav_codec(format_tag: int, bits: int) -> str:
    if format_tag == WAVE_FORMAT_PCM:
        return "pcm_u8" if bits == 8 else f"pcm_s{bits}le"
    if format_tag == WAVE_FORMAT_IEEE_FLOAT:
        return f"pcm_f{bits}le"
    return WAVE_CODECS.get(format_tag, f"wav_0x{format_tag:04x}")


# Sample entries (the four letters in ``stsd``) and mutagen's audio codec strings, by FFmpeg's names.
MP4_VIDEO_CODECS = {
    b"avc1": "h264",
    b"avc3": "h264",
    b"hvc1": "hevc",
    b"hev1": "hevc",
    b"mp4v": "mpeg4",
    b"av01": "av1",
    b"vp09": "vp9",
    b"vp08": "vp8",
    b"s263": "h263",
    b"jpeg": "mjpeg",
    b"apch": "prores",
    b"apcn": "prores",
    b"apcs": "prores",
    b"apco": "prores",
    b"ap4h": "prores",
}
# A bare "mp4a" (QuickTime sound descriptions mutagen does not open further) is AAC in practice.
MP4_AUDIO_CODECS = {"mp4a": "aac", "mp4a.69": "mp3", "mp4a.6B": "mp3", "alac": "alac", "ac-3": "ac3", "ec-3": "eac3"}


def _mp4_tracks(stream) -> list[tuple[bytes, bytes]]:
    """Each track's handler type ('vide', 'soun', ...) and first sample entry ('avc1', 'mp4a', ...; b"" if none):
    whether an MP4 holds a video or only sound, and in which codec."""
    atoms = mutagen.mp4.Atoms(stream)
    tracks = []
    for trak in atoms[b"moov"].findall(b"trak"):
        mdia = trak[(b"mdia",)]
        entry = b""
        with contextlib.suppress(KeyError):
            _complete, data = mdia[(b"minf", b"stbl", b"stsd")].read(stream)
            entry = data[12:16]  # version and flags, entry count, then the first entry's size and type
        for hdlr in mdia.findall(b"hdlr"):
            _complete, data = hdlr.read(stream)
            tracks.append((data[8:12], entry))
    return tracks


def _mp4_video_codec(entry: bytes) -> str:
    return MP4_VIDEO_CODECS.get(entry) or entry.decode("latin-1").strip().lower()


def _mp4_audio_codec(codec: str) -> str:
    """``mp4a.40.2`` (mutagen) → ``aac``."""
    if codec in MP4_AUDIO_CODECS:
        return MP4_AUDIO_CODECS[codec]
    if codec.startswith(("mp4a.40", "mp4a.66", "mp4a.67", "mp4a.68")):
        return "aac"
    return codec.strip().lower()


# WebM (EBML) element IDs, with their length markers as the specification writes them.
EBML_SEGMENT = 0x18538067
EBML_INFO = 0x1549A966
EBML_TRACKS = 0x1654AE6B
EBML_CLUSTER = 0x1F43B675
EBML_TRACK_ENTRY = 0xAE
EBML_TRACK_TYPE = 0x83
EBML_CODEC_ID = 0x86
EBML_TIMESTAMP_SCALE = 0x2AD7B1
EBML_DURATION = 0x4489
EBML_MAX_HEADER_ELEMENT = 4 * 1024 * 1024
# Matroska codec IDs by FFmpeg's names; others lose their V_/A_ prefix ("A_AC3" → "ac3").
WEBM_CODECS = {
    "V_VP8": "vp8",
    "V_VP9": "vp9",
    "V_AV1": "av1",
    "V_MPEG4/ISO/AVC": "h264",
    "V_MPEGH/ISO/HEVC": "hevc",
    "A_OPUS": "opus",
    "A_VORBIS": "vorbis",
    "A_FLAC": "flac",
    "A_MPEG/L3": "mp3",
}


def _webm_codec(codec_id: str) -> str:
    if codec_id in WEBM_CODECS:
        return WEBM_CODECS[codec_id]
    if codec_id.startswith("A_AAC"):
        return "aac"
    return codec_id.partition("_")[2].lower() if codec_id[1:2] == "_" else codec_id.lower()


def _webm_tracks(stream, size: int) -> tuple[list[tuple[int, str]], Decimal | None]:
    """Each track's type (1 video, 2 audio) and codec ID, and the duration, from a WebM's Info and Tracks, which
    precede its clusters."""
    element_id, length = _ebml_element(stream)
    stream.seek(stream.tell() + length)
    element_id, length = _ebml_element(stream)
    if element_id != EBML_SEGMENT:
        raise ValueError("no segment")
    end = size if length is None else min(size, stream.tell() + length)
    tracks: list[tuple[int, str]] = []
    scale, duration = 1_000_000, None
    for _step in range(10_000):
        if stream.tell() >= end:
            break
        element_id, length = _ebml_element(stream)
        if element_id == EBML_CLUSTER or length is None:
            break
        if element_id in (EBML_INFO, EBML_TRACKS):
            if length > EBML_MAX_HEADER_ELEMENT:
                raise ValueError("header element too large")
            body = stream.read(length)
            if len(body) < length:
                raise EOFError
            for child_id, child in _ebml_children(body):
                if child_id == EBML_TIMESTAMP_SCALE:
                    scale = int.from_bytes(child, "big")
                elif child_id == EBML_DURATION and len(child) in (4, 8):
                    duration = struct.unpack(">f" if len(child) == 4 else ">d", child)[0]
                elif child_id == EBML_TRACK_ENTRY:
                    entry = dict(_ebml_children(child))
                    codec_id = entry.get(EBML_CODEC_ID, b"").rstrip(b"\x00").decode("ascii", "replace")
                    tracks.append((int.from_bytes(entry.get(EBML_TRACK_TYPE, b""), "big"), codec_id))
        else:
            stream.seek(stream.tell() + length)
    seconds = _seconds(duration * scale / 1e9) if duration is not None else None
    return tracks, seconds


def _ebml_element(stream) -> tuple[int, int | None]:
    """Read one element header: its ID (marker kept) and data length (None when unknown)."""
    element_id, _unknown = _ebml_vint(stream, keep_marker=True)
    length, unknown = _ebml_vint(stream, keep_marker=False)
    return element_id, None if unknown else length


def _ebml_vint(stream, *, keep_marker: bool) -> tuple[int, bool]:
    first = stream.read(1)
    if not first or first[0] == 0:
        raise ValueError("bad EBML number")
    width = 9 - first[0].bit_length()
    rest = stream.read(width - 1)
    if len(rest) < width - 1:
        raise EOFError
    value = first[0] if keep_marker else first[0] & ((1 << (8 - width)) - 1)
    for byte in rest:
        value = value << 8 | byte
    return value, not keep_marker and value == (1 << (7 * width)) - 1


def _ebml_children(body: bytes):
    stream = io.BytesIO(body)
    while stream.tell() < len(body):
        element_id, length = _ebml_element(stream)
        if length is None:
            raise ValueError("unknown length inside a header element")
        data = stream.read(length)
        if len(data) < length:
            raise EOFError
        yield element_id, data


# --- ffprobe ------------------------------------------------------------------------------------------


def ffprobe_executable() -> str | None:
    """The ffprobe to run (``settings.FFPROBE_PATH``, a name looked up on PATH or a path), or None: not installed,
    or switched off with an empty setting."""
    return shutil.which(settings.FFPROBE_PATH) if settings.FFPROBE_PATH else None


def _ffprobe(fmt: Format, upload: File, stream, damaged: IngestError) -> tuple[Decimal | None, str] | None:
    """Duration and codec as ffprobe reads them; IngestError when it finds nothing playable; None when there is
    no ffprobe, or it could not be run or gave no answer (the pure-Python result then stands)."""
    executable = ffprobe_executable()
    if executable is None:
        return None
    try:
        with _on_disk(upload, stream, fmt.extension) as path:
            command = [
                executable,
                "-v",
                "error",
                "-protocol_whitelist",
                "file",
                "-f",
                FFPROBE_DEMUXERS[fmt.key],
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                f"file:{path}",  # never read as a URL or an option, whatever the path
            ]
            completed = subprocess.run(
                command, capture_output=True, stdin=subprocess.DEVNULL, timeout=FFPROBE_TIMEOUT, check=False
            )
    except subprocess.TimeoutExpired:
        logger.warning("ffprobe took more than %s s; the recording is checked without it", FFPROBE_TIMEOUT)
        return None
    except OSError as error:
        logger.warning("ffprobe could not be run (%s); the recording is checked without it", error)
        return None
    finally:
        stream.seek(0)
    if completed.returncode != 0:
        logger.info("ffprobe refused a %s file: %s", fmt.key, completed.stderr.decode("utf-8", "replace")[:500])
        raise damaged
    try:
        report = json.loads(completed.stdout)
        playable = [
            found
            for found in report.get("streams", [])
            if found.get("codec_type") in ("audio", "video") and not found.get("disposition", {}).get("attached_pic")
        ]
        names = {
            kind: [str(found.get("codec_name") or "") for found in playable if found["codec_type"] == kind]
            for kind in ("video", "audio")
        }
        duration_text = report.get("format", {}).get("duration")
    except (ValueError, TypeError, AttributeError):
        logger.warning("ffprobe gave an answer that is not its JSON report; the recording is checked without it")
        return None
    if not playable:
        raise damaged  # cover art alone, subtitles, data: nothing to play
    try:
        duration = _seconds(float(duration_text)) if duration_text is not None else None
    except (TypeError, ValueError):
        duration = None
    return duration, codec_string(names["video"], names["audio"])


@contextlib.contextmanager
def _on_disk(upload: File, stream, extension: str) -> Iterator[str]:
    """A path to the upload's bytes for ffprobe: the temporary file Django already wrote for a large upload, or
    a copy made in chunks (never the whole file in memory)."""
    temporary_file_path = getattr(upload, "temporary_file_path", None)
    if temporary_file_path is not None:
        yield temporary_file_path()
        return
    with tempfile.NamedTemporaryFile(suffix=f".{extension}", dir=upload_temp_dir()) as copy:
        stream.seek(0)
        shutil.copyfileobj(stream, copy, CHUNK_SIZE)
        copy.flush()
        yield copy.name
