"""The copy that is stored: the upload's bytes, some ranges replaced, written in chunks and hashed on the way."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import tempfile
import weakref
from collections.abc import Iterator

from django.core.files import File

from archive.ingest.formats import CHUNK_SIZE, Format
from archive.temporaries import upload_temp_dir


class TemporaryCopy(File):
    """A file on disk (``FILE_UPLOAD_TEMP_DIR``), removed when closed or no longer used, unless storage has moved it
    away first: FileSystemStorage moves a file that has a ``temporary_file_path`` rather than copying it."""

    def __init__(self, extension: str) -> None:
        handle, path = tempfile.mkstemp(suffix=f".{extension}", dir=upload_temp_dir())
        super().__init__(os.fdopen(handle, "w+b"), name=f"recording.{extension}")
        self.path = path
        self._remove = weakref.finalize(self, _remove, path)

    def temporary_file_path(self) -> str:
        return self.path

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._remove()


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)


@dataclasses.dataclass(frozen=True)
class Stripped:
    content: TemporaryCopy
    size: int
    sha256: str


@dataclasses.dataclass(frozen=True)
class Zeros:
    length: int


# A piece of the stored file: a range of the upload (offset, length), literal bytes, or zeros.
Piece = tuple[int, int] | bytes | Zeros
# A change to the upload: replace ``length`` bytes at ``offset`` with ``pieces``.
Patch = tuple[int, int, list[Piece]]


def pieces_of(patches: list[Patch], size: int) -> Iterator[Piece]:
    position = 0
    for offset, length, replacement in sorted(patches, key=lambda patch: patch[0]):
        if offset < position or offset + length > size:
            raise ValueError("overlapping or outside changes")
        if offset > position:
            yield (position, offset - position)
        yield from replacement
        position = offset + length
    if position < size:
        yield (position, size - position)


def write_copy(fmt: Format, stream, pieces: Iterator[Piece]) -> Stripped:
    """The pieces, in order, written to a temporary file and hashed on the way."""
    copy = TemporaryCopy(fmt.extension)
    digest = hashlib.sha256()
    size = 0
    try:
        for piece in pieces:
            for chunk in _chunks(stream, piece):
                copy.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        copy.flush()
        copy.seek(0)
    except BaseException:
        copy.close()
        raise
    copy.size = size
    return Stripped(content=copy, size=size, sha256=digest.hexdigest())


def _chunks(stream, piece: Piece) -> Iterator[bytes]:
    if isinstance(piece, bytes):
        yield piece
    elif isinstance(piece, Zeros):
        for start in range(0, piece.length, CHUNK_SIZE):
            yield bytes(min(CHUNK_SIZE, piece.length - start))
    else:
        offset, length = piece
        stream.seek(offset)
        while length > 0:
            chunk = stream.read(min(CHUNK_SIZE, length))
            if not chunk:
                raise EOFError
            length -= len(chunk)
            yield chunk
