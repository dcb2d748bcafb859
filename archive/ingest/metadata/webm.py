"""WebM: tags, chapters, attachments, the title and track names as Void elements of the same size."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator

from archive.ingest.metadata.copies import Patch, Piece, Zeros
from archive.ingest.recordings import EBML_MAX_HEADER_ELEMENT, _ebml_element

EBML_SEGMENT = 0x18538067
EBML_SEEK_HEAD = 0x114D9B74
EBML_SEEK = 0x4DBB
EBML_SEEK_ID = 0x53AB
EBML_INFO = 0x1549A966
EBML_TRACKS = 0x1654AE6B
EBML_TRACK_ENTRY = 0xAE
EBML_CLUSTER = 0x1F43B675
EBML_CUES = 0x1C53BB6B
EBML_TAGS = 0x1254C367
EBML_CHAPTERS = 0x1043A770
EBML_ATTACHMENTS = 0x1941A469
EBML_TITLE = 0x7BA9
EBML_TRACK_NAME = 0x536E
EBML_VOID = 0xEC
EBML_CRC32 = 0xBF
# Segment children that are nothing but description: tags, chapter titles, attached files (covers, documents).
WEBM_REMOVED = {EBML_TAGS, EBML_CHAPTERS, EBML_ATTACHMENTS}
WEBM_TOP_LEVEL = {
    EBML_SEEK_HEAD,
    EBML_INFO,
    EBML_TRACKS,
    EBML_CLUSTER,
    EBML_CUES,
    EBML_TAGS,
    EBML_CHAPTERS,
    EBML_ATTACHMENTS,
}


def webm_patches(stream, size: int) -> list[Patch]:
    stream.seek(0)
    _element_id, length = _ebml_element(stream)  # the EBML header
    stream.seek(stream.tell() + length)
    segment_id, length = _ebml_element(stream)
    if segment_id != EBML_SEGMENT:
        raise ValueError("no segment")
    end = size if length is None else min(size, stream.tell() + length)
    patches: list[Patch] = []
    offset = stream.tell()
    while offset < end:
        stream.seek(offset)
        element_id, length = _ebml_element(stream)
        body = stream.tell()
        if length is None:
            if element_id != EBML_CLUSTER:
                raise ValueError("element of unknown size")
            offset = _webm_cluster_end(stream, body, end)
            continue
        if body + length > end:
            raise ValueError("element runs past the end of the file")
        if element_id in WEBM_REMOVED:
            patches.append((offset, body + length - offset, _void(body + length - offset)))
        elif element_id in (EBML_SEEK_HEAD, EBML_INFO, EBML_TRACKS):
            if length > EBML_MAX_HEADER_ELEMENT:
                raise ValueError("header element too large")
            data = stream.read(length)
            if len(data) < length:
                raise EOFError
            cleaned = _webm_clean_master(element_id, bytearray(data))
            if cleaned != data:
                patches.append((body, length, [bytes(cleaned)]))
        offset = body + length
    return patches


def _webm_cluster_end(stream, offset: int, end: int) -> int:
    """Where a cluster of unknown size (as browsers record them) ends: at the next element of the segment."""
    while offset < end:
        stream.seek(offset)
        element_id, length = _ebml_element(stream)
        if element_id in WEBM_TOP_LEVEL:
            return offset
        if length is None:
            raise ValueError("element of unknown size in a cluster")
        offset = stream.tell() + length
    return end


def _webm_clean_master(master_id: int, body: bytearray) -> bytearray:
    """``body`` with its descriptive children made Void, and its CRC-32 (if any) computed again."""
    crc_end = None
    for child_id, start, data_start, data_end in _ebml_spans(body):
        if child_id == EBML_CRC32 and start == 0 and data_end - data_start == 4:
            crc_end = data_end
        elif (master_id == EBML_INFO and child_id == EBML_TITLE) or (
            master_id == EBML_TRACK_ENTRY and child_id == EBML_TRACK_NAME
        ):
            body[start:data_end] = _void_bytes(data_end - start)
        elif master_id == EBML_SEEK_HEAD and child_id == EBML_SEEK:
            seek = dict((entry_id, body[s:e]) for entry_id, _start, s, e in _ebml_spans(body[data_start:data_end]))
            if int.from_bytes(seek.get(EBML_SEEK_ID, b""), "big") in WEBM_REMOVED:
                body[start:data_end] = _void_bytes(data_end - start)
        elif master_id == EBML_TRACKS and child_id == EBML_TRACK_ENTRY:
            body[data_start:data_end] = _webm_clean_master(child_id, body[data_start:data_end])
    if crc_end is not None:
        body[crc_end - 4 : crc_end] = struct.pack("<I", zlib.crc32(body[crc_end:]))
    return body


def _ebml_spans(body: bytes) -> Iterator[tuple[int, int, int, int]]:
    """Each child element of a master's body: ID, start, start of its data, end."""
    stream = io.BytesIO(body)
    while stream.tell() < len(body):
        start = stream.tell()
        element_id, length = _ebml_element(stream)
        if length is None or stream.tell() + length > len(body):
            raise ValueError("child element does not fit")
        yield element_id, start, stream.tell(), stream.tell() + length
        stream.seek(stream.tell() + length)


def _void(total: int) -> list[Piece]:
    """A Void element ``total`` bytes long, as pieces."""
    for width in range(1, 9):
        length = total - 1 - width
        if 0 <= length < (1 << (7 * width)) - 1:
            marker = (1 << (7 * width)) | length  # the length with its width marker
            return [bytes([EBML_VOID]) + marker.to_bytes(width, "big"), Zeros(length)]
    raise ValueError("no Void element fits")


def _void_bytes(total: int) -> bytes:
    header, zeros = _void(total)
    return header + bytes(zeros.length)
