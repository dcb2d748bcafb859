"""Rewrite a PDF without what can act or tell about its maker; run as its own process by ``documents``.

    python -I pdfclean.py SOURCE TARGET MAX_PAGES MEMORY_BYTES CPU_SECONDS

A PDF can be built to make its reader use gigabytes of memory (a small compressed stream that inflates to a
huge one) or to take minutes, and qpdf cannot be interrupted from Python; a process of its own, limited in
address space and CPU time, is what keeps the web worker safe. That is also why this file imports nothing from
the project (nor Django): it is run by path, with only pikepdf.

Taken out: opening and additional actions (``/OpenAction``, ``/AA``) wherever they are; every action but going to
a page, a named viewer action (next page, print) or an http(s) link; document scripts (``/Names /JavaScript``),
embedded and associated files, file attachment and multimedia annotations, XFA forms, the Info dictionary, XMP
metadata of the document and of every object, and applications' private data (``/PieceInfo``). Plain http(s)
links stay: a reader follows them only by clicking, as on any page of the site.

Prints one line of JSON: ``{"pages": N}`` once TARGET is written and read back clean, or ``{"refused": code}``.
"""

from __future__ import annotations

import json
import resource
import sys
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Pdf, Stream, String

REMOVED_KEYS = {
    "/OpenAction",
    "/AA",
    "/JS",
    "/JavaScript",
    "/EmbeddedFiles",
    "/EF",
    "/AF",
    "/Collection",
    "/XFA",
    "/Metadata",
    "/PieceInfo",
    "/RichMediaContent",
}
ACTION_KEYS = {"/A", "/PA", "/Next"}
KEPT_ACTIONS = {"/GoTo", "/Named", "/URI"}
DROPPED_ANNOTATIONS = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
LINK_SCHEMES = (b"http://", b"https://")


def _names_action(key: str, value: object) -> bool:
    """``/A`` is also a number format in measurement dictionaries; there it is no action."""
    return key == "/Next" or (isinstance(value, Dictionary) and "/S" in value)


def _harmless(action: object) -> bool:
    if not isinstance(action, Dictionary) or "/S" not in action:
        return False
    kind = action.get("/S")
    if kind not in KEPT_ACTIONS or set(action.keys()) & REMOVED_KEYS or "/Next" in action:
        return False
    if kind == "/URI":
        uri = action.get("/URI")
        return isinstance(uri, String) and bytes(uri).strip().lower().startswith(LINK_SCHEMES)
    return True


def _dropped(annotation: object) -> bool:
    return isinstance(annotation, Dictionary) and annotation.get("/Subtype") in DROPPED_ANNOTATIONS


def _walk(pdf: Pdf, *, clean: bool) -> list[str]:
    """What is active or revealing in ``pdf``; taken out as it is found when ``clean``."""
    found: list[str] = []
    if "/Info" in pdf.trailer:
        found.append("/Info")
        if clean:
            del pdf.trailer["/Info"]
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if isinstance(annotations, Array):
            dropped = [str(a.Subtype) for a in annotations if _dropped(a)]
            found += dropped
            if clean and dropped:
                page.obj.Annots = pdf.make_indirect(Array([a for a in annotations if not _dropped(a)]))
    # Direct dictionaries nested in each object are walked with a stack, not recursion: nesting depth is the
    # file's choice.
    stack: list[object] = list(pdf.objects)
    while stack:
        item = stack.pop()
        if isinstance(item, (Dictionary, Stream)):
            for key in list(item.keys()):
                value = item.get(key)
                if key in REMOVED_KEYS or (key in ACTION_KEYS and _names_action(key, value) and not _harmless(value)):
                    found.append(key)
                    if clean:
                        del item[key]
                elif isinstance(value, (Dictionary, Array)) and not value.is_indirect:
                    stack.append(value)
        elif isinstance(item, Array):
            stack.extend(value for value in item if isinstance(value, (Dictionary, Array)) and not value.is_indirect)
    return found


def _limit(memory: int, seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))


def _save(pdf: Pdf, out: BinaryIO) -> None:
    pdf.save(
        out,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,  # every dictionary readable in the stored bytes
        stream_decode_level=pikepdf.StreamDecodeLevel.none,  # pages and images copied, never inflated
        compress_streams=True,
        deterministic_id=True,
        fix_metadata_version=False,
    )


def clean(source: str, target: str, max_pages: int) -> dict[str, object]:
    try:
        pdf = pikepdf.open(source)
    except pikepdf.PasswordError:
        return {"refused": "encrypted"}
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError):
        return {"refused": "damaged"}
    with pdf:
        if pdf.is_encrypted:
            return {"refused": "encrypted"}
        if any("memory" in warning.lower() for warning in pdf.get_warnings()):
            return {"refused": "too_complex"}
        try:
            pages = len(pdf.pages)
        except (pikepdf.PdfError, RuntimeError, ValueError):
            return {"refused": "damaged"}
        if pages == 0:
            return {"refused": "damaged"}
        if pages > max_pages:
            return {"refused": "too_many_pages", "pages": pages}
        _walk(pdf, clean=True)
        with open(target, "wb") as out:  # the same file the caller holds open, not a new one put in its place
            _save(pdf, out)
    with pikepdf.open(target) as written:
        left = _walk(written, clean=False)
        if left or len(written.pages) != pages:
            return {"refused": "active", "left": sorted(set(left))}
    return {"pages": pages}


def main(arguments: list[str]) -> int:
    source, target, max_pages, memory, seconds = arguments
    _limit(int(memory), int(seconds))
    try:
        result = clean(source, target, int(max_pages))
    except (pikepdf.PdfError, RuntimeError, ValueError, KeyError, TypeError):
        result = {"refused": "damaged"}
    except MemoryError:
        result = {"refused": "too_complex"}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
