"""MP4, MOV and M4A: metadata boxes and timed-metadata tracks blanked in place, as ``free`` boxes of zeros."""

from __future__ import annotations

import struct
from collections.abc import Iterator

from archive.ingest.formats import CHUNK_SIZE
from archive.ingest.metadata.copies import Patch, Zeros

# Boxes that only describe: user data (©xyz location, make, model, software), metadata (Apple's mdta keys with
# the location, iTunes tags and cover art), free space, which may hold old tags; at the top level and in moov also
# XMP in uuid boxes, and Samsung's trailer. (A uuid box in a track may say how to show a 360° video: it stays.)
MP4_METADATA = {b"udta", b"meta", b"free", b"skip", b"wide"}
MP4_FILE_METADATA = {*MP4_METADATA, b"uuid", b"sefd"}
MP4_FREE = {b"free", b"skip", b"wide"}


# Handlers of tracks that hold timed metadata rather than sound or pictures: GoPro's GPS (gpmd), Apple's mebx,
# Google's camera motion (camm, with GPS). They go, with their samples.
MP4_METADATA_TRACKS = {b"meta", b"camm"}
MP4_MAX_TABLE = 64 * 1024 * 1024  # a sample table read into memory (a data track's is far smaller)


def mp4_patches(stream, size: int) -> list[Patch]:
    patches: list[Patch] = []
    top = list(_mp4_boxes(stream, 0, size, top=True))
    media = [(offset + header, offset + length) for name, offset, header, length in top if name == b"mdat"]
    fragmented = any(name == b"moof" for name, *_box in top)
    for name, offset, header, length in top:
        if not name:
            patches.append((offset, length, []))  # not a box: something appended to the file
        elif name in MP4_FILE_METADATA:
            patches.extend(_mp4_blank(stream, name, offset, header, length))
        elif name == b"moov":
            for child, *box in _mp4_boxes(stream, offset + header, offset + length):
                if child in MP4_FILE_METADATA:
                    patches.extend(_mp4_blank(stream, child, *box))
                elif child == b"trak":
                    patches.extend(_mp4_trak_patches(stream, *box, media=media, fragmented=fragmented))
    return patches


def _mp4_trak_patches(
    stream, offset: int, header: int, length: int, *, media: list[tuple[int, int]], fragmented: bool
) -> list[Patch]:
    """A timed-metadata track as ``free``, its samples zeroed; of another track, its ``udta`` and ``meta``.
    (In a fragmented file the samples are in fragments: such a track is left as it is.)"""
    start, end = offset + header, offset + length
    hdlr = _mp4_find(stream, start, end, [b"mdia", b"hdlr"])
    handler = b""
    if hdlr is not None:
        stream.seek(hdlr[0] + hdlr[1] + 8)  # after version and flags, and pre_defined
        handler = stream.read(4)
    if handler in MP4_METADATA_TRACKS and not fragmented:
        return [*_mp4_free(offset, header, length), *_mp4_zero_samples(stream, start, end, media)]
    return [
        patch
        for name, *box in _mp4_boxes(stream, start, end)
        if name in MP4_METADATA
        for patch in _mp4_blank(stream, name, *box)
    ]


def _mp4_find(stream, start: int, end: int, path: list[bytes]) -> tuple[int, int, int] | None:
    """The first box along ``path`` below ``start``-``end``: offset, header length, whole length."""
    for name, offset, header, length in _mp4_boxes(stream, start, end):
        if name == path[0]:
            if len(path) == 1:
                return offset, header, length
            return _mp4_find(stream, offset + header, offset + length, path[1:])
    return None


def _mp4_zero_samples(stream, start: int, end: int, media: list[tuple[int, int]]) -> list[Patch]:
    """Every chunk of a track's samples, zeroed; each must lie in an ``mdat`` box."""
    stbl = _mp4_find(stream, start, end, [b"mdia", b"minf", b"stbl"])
    if stbl is None:
        return []
    tables: dict[bytes, bytes] = {}
    for name, offset, header, length in _mp4_boxes(stream, stbl[0] + stbl[1], stbl[0] + stbl[2]):
        if name in (b"stco", b"co64", b"stsc", b"stsz", b"stz2"):
            if length - header > MP4_MAX_TABLE:
                raise ValueError("sample table too large")
            stream.seek(offset + header)
            tables[name] = stream.read(length - header)
    if b"stz2" in tables:
        raise ValueError("compact sample sizes are not read")
    if b"co64" in tables:
        (count,) = struct.unpack(">I", tables[b"co64"][4:8])
        chunks = struct.unpack(f">{count}Q", tables[b"co64"][8 : 8 + 8 * count])
    elif b"stco" in tables:
        (count,) = struct.unpack(">I", tables[b"stco"][4:8])
        chunks = struct.unpack(f">{count}I", tables[b"stco"][8 : 8 + 4 * count])
    else:
        return []
    (runs_count,) = struct.unpack(">I", tables[b"stsc"][4:8])
    runs = [struct.unpack(">III", tables[b"stsc"][8 + 12 * i : 20 + 12 * i])[:2] for i in range(runs_count)]
    fixed, samples = struct.unpack(">II", tables[b"stsz"][4:12])
    sizes = () if fixed else struct.unpack(f">{samples}I", tables[b"stsz"][12 : 12 + 4 * samples])
    patches: list[Patch] = []
    sample, run = 0, -1
    for number, chunk in enumerate(chunks, start=1):
        while run + 1 < len(runs) and runs[run + 1][0] <= number:
            run += 1
        per_chunk = runs[run][1] if run >= 0 else 0
        length = fixed * per_chunk if fixed else sum(sizes[sample : sample + per_chunk])
        sample += per_chunk
        if not length:
            continue
        if not any(begin <= chunk and chunk + length <= finish for begin, finish in media):
            raise ValueError("samples outside the media data")
        patches.append((chunk, length, [Zeros(length)]))
    return patches


def _mp4_boxes(stream, start: int, end: int, *, top: bool = False) -> Iterator[tuple[bytes, int, int, int]]:
    """Each box between ``start`` and ``end``: type, offset, header length, whole length.

    At the top level, a last box cut short runs to the end of the file (players read what there is), and bytes
    that are not a box (a trailer some phones append) come as one with no type, to be left out."""
    offset = start
    while offset + 8 <= end:
        stream.seek(offset)
        length, name = struct.unpack(">I4s", stream.read(8))
        header = 8
        if length == 1:
            (length,) = struct.unpack(">Q", stream.read(8))
            header = 16
        elif length == 0:
            length = end - offset  # to the end of the file (or of its parent)
        if length < header or offset + length > end:
            if not top:
                raise ValueError(f"box {name!r} does not fit in its parent")
            if length >= header and all(32 <= byte < 127 or byte == 0xA9 for byte in name):
                yield name, offset, header, end - offset
            else:
                yield b"", offset, 0, end - offset
            return
        yield name, offset, header, length
        offset += length
    if top and offset < end:
        yield b"", offset, 0, end - offset


def _mp4_blank(stream, name: bytes, offset: int, header: int, length: int) -> list[Patch]:
    """The box as ``free`` and full of zeros; nothing to change in free space that holds nothing already."""
    if name in MP4_FREE and length - header <= CHUNK_SIZE:
        stream.seek(offset + header)
        if not stream.read(length - header).strip(b"\x00"):
            return []
    return _mp4_free(offset, header, length)


def _mp4_free(offset: int, header: int, length: int) -> list[Patch]:
    """The box at ``offset`` as a ``free`` box of the same length, full of zeros."""
    size_field = struct.pack(">I", 1 if header == 16 else length) + b"free"
    if header == 16:
        size_field += struct.pack(">Q", length)
    return [(offset, length, [size_field, Zeros(length - header)])]
