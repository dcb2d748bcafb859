"""Audio files: MP3 and AAC without their ID3, APE and Lyrics3 tags; FLAC with only its stream information and
seek table; WAV with only its format, fact and data chunks; Ogg with an empty comment header."""

from __future__ import annotations

import hashlib
import struct

import mutagen
import mutagen.oggflac
import mutagen.oggopus
import mutagen.oggvorbis

from archive.ingest.formats import CHUNK_SIZE, Format, id3v2_size, syncsafe
from archive.ingest.metadata.copies import Patch, Stripped, write_copy

# --- MP3, AAC -----------------------------------------------------------------------------------------


def _id3_front(stream, size: int) -> int:
    """Where the audio starts after the ID3v2 tags in front (there may be more than one)."""
    offset = 0
    while offset + 10 <= size:
        stream.seek(offset)
        header = stream.read(10)
        if not header.startswith(b"ID3"):
            break
        offset += id3v2_size(header)
    if offset > size:
        raise ValueError("ID3 tag runs past the end of the file")
    return offset


def _tags_at_end(stream, start: int, end: int) -> int:
    """Where the audio ends before the ID3v1, APEv2, Lyrics3 and appended ID3v2 tags at the end of a file."""
    while end - start >= 10:
        stream.seek(max(start, end - 128))
        tail = stream.read(end - max(start, end - 128))
        if len(tail) == 128 and tail.startswith(b"TAG"):
            end -= 128
            if end - start >= 227:
                stream.seek(end - 227)
                if stream.read(4) == b"TAG+":  # the extended ID3v1 tag in front of it
                    end -= 227
        elif tail[-10:-7] == b"3DI":  # an ID3v2 tag appended, with its footer
            end -= 20 + syncsafe(tail[-4:])
        elif len(tail) >= 32 and tail[-32:-24] == b"APETAGEX":
            length, _count, flags = struct.unpack("<III", tail[-20:-8])
            if length < 32:  # the footer counts itself
                raise ValueError("APE tag too short")
            end -= length + (32 if flags & 0x80000000 else 0)
        elif tail.endswith(b"LYRICS200") and tail[-15:-9].isdigit():
            end -= 15 + int(tail[-15:-9])
        elif tail.endswith(b"LYRICSEND"):
            stream.seek(max(start, end - 5100 - 9))
            window = stream.read(end - max(start, end - 5100 - 9))
            found = window.rfind(b"LYRICSBEGIN")
            if found < 0:
                break
            end = end - len(window) + found
        else:
            break
    if end < start:
        raise ValueError("tags at the end are longer than the file")
    return end


def mpeg_audio_patches(stream, size: int) -> list[Patch]:
    start = _id3_front(stream, size)
    end = _tags_at_end(stream, start, size)
    patches: list[Patch] = []
    if start:
        patches.append((0, start, []))
    if end < size:
        patches.append((end, size - end, []))
    return patches


# --- FLAC ---------------------------------------------------------------------------------------------

FLAC_STREAMINFO = 0
FLAC_SEEKTABLE = 3
FLAC_KEPT = {FLAC_STREAMINFO, FLAC_SEEKTABLE}


def flac_patches(stream, size: int) -> list[Patch]:
    start = _id3_front(stream, size)
    stream.seek(start)
    if stream.read(4) != b"fLaC":
        raise ValueError("no FLAC stream")
    offset = start + 4
    kept: list[tuple[int, bytes]] = []
    dropped = False
    while True:
        stream.seek(offset)
        header = stream.read(4)
        if len(header) < 4:
            raise EOFError
        last, block_type, length = header[0] & 0x80, header[0] & 0x7F, int.from_bytes(header[1:], "big")
        if block_type in FLAC_KEPT:
            data = stream.read(length)
            if len(data) < length:
                raise EOFError
            kept.append((block_type, data))
        else:
            dropped = True
        offset += 4 + length
        if last:
            break
    if not kept or kept[0][0] != FLAC_STREAMINFO:
        raise ValueError("no STREAMINFO block first")
    end = _tags_at_end(stream, offset, size)
    patches: list[Patch] = []
    if start:
        patches.append((0, start, []))
    if dropped:
        blocks = b"".join(
            bytes([block_type | (0x80 if number == len(kept) - 1 else 0)]) + len(data).to_bytes(3, "big") + data
            for number, (block_type, data) in enumerate(kept)
        )
        patches.append((start, offset - start, [b"fLaC" + blocks]))
    if end < size:
        patches.append((end, size - end, []))
    return patches


# --- WAV ----------------------------------------------------------------------------------------------

WAV_KEPT = {b"fmt ", b"fact", b"data"}


def wav_patches(stream, size: int) -> list[Patch]:
    """Every chunk but ``fmt ``, ``fact`` and ``data`` left out, and nothing after the audio."""
    stream.seek(0)
    riff, _riff_size, wave = struct.unpack("<4sI4s", stream.read(12))
    if riff != b"RIFF" or wave != b"WAVE":
        raise ValueError("not a WAV")
    patches: list[Patch] = []
    offset, kept = 12, 0
    while offset + 8 <= size:
        stream.seek(offset)
        chunk_id, chunk_size = struct.unpack("<4sI", stream.read(8))
        total = min(8 + chunk_size + (chunk_size & 1), size - offset)
        if chunk_id in WAV_KEPT:
            kept += total
        else:
            patches.append((offset, total, []))
        offset += total
        if chunk_id == b"data":
            break
    if offset < size:
        patches.append((offset, size - offset, []))
    if patches:
        patches.append((0, 12, [b"RIFF" + struct.pack("<I", 4 + kept) + b"WAVE"]))
    return patches


# --- Ogg ----------------------------------------------------------------------------------------------

OGG_TYPES = [mutagen.oggopus.OggOpus, mutagen.oggvorbis.OggVorbis, mutagen.oggflac.OggFLAC]


def strip_ogg(fmt: Format, stream, size: int) -> Stripped | None:
    parsed = mutagen.File(stream, options=OGG_TYPES)
    if parsed is None:
        raise ValueError("not an Ogg file mutagen reads")
    if not parsed.tags and not getattr(parsed.tags, "_pad_data", b""):
        return None
    copy = write_copy(fmt, stream, iter([(0, size)])).content
    try:
        cleaned = type(parsed)(copy.file)
        cleaned.tags._pad_data = b""  # binary data after Opus comments goes too
        cleaned.delete(copy.file)  # in place, page by page
        copy.file.seek(0)
        if type(parsed)(copy.file).tags:
            raise ValueError("comments left after deleting them")
        digest = hashlib.sha256()
        length = 0
        copy.file.seek(0)
        while chunk := copy.file.read(CHUNK_SIZE):
            digest.update(chunk)
            length += len(chunk)
        copy.file.seek(0)
    except BaseException:
        copy.close()
        raise
    copy.size = length
    return Stripped(content=copy, size=length, sha256=digest.hexdigest())
