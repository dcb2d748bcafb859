"""PDFs are rewritten at ingest: no scripts, actions, attachments, forms' scripts or document metadata reach the
archive, and what cannot be cleaned (encrypted, unreadable, too large to open safely) is refused."""

import hashlib
import io
import multiprocessing
import resource
import zlib

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from archive.ingest import IngestError, prepare_upload
from tests.submissions_tests import samples

ACTIVE = [b"/JavaScript", b"/JS", b"/OpenAction", b"/AA", b"/Launch", b"/EmbeddedFile", b"/XFA", b"/PieceInfo"]


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def refusal(name: str, data: bytes) -> IngestError:
    with pytest.raises(IngestError) as caught:
        prepare_upload(SimpleUploadedFile(name, data))
    return caught.value


def test_hostile_pdf_is_stored_without_scripts_attachments_or_metadata():
    original = samples.hostile_pdf()
    prepared = prepare_upload(SimpleUploadedFile("letter.pdf", original))
    stored = prepared.content.read()

    for marker in [*ACTIVE, samples.PDF_AUTHOR.encode(), b"Private draft", b"secret attachment", b"calc.exe"]:
        assert marker not in stored, marker
    pdf = pikepdf.open(io.BytesIO(stored))
    assert not set(pdf.Root.keys()) & {"/OpenAction", "/AA", "/Metadata"}
    assert not set(pdf.Root.get("/Names", {}).keys()) & {"/JavaScript", "/EmbeddedFiles"}
    assert "/XFA" not in pdf.Root.get("/AcroForm", {})
    assert "/Info" not in pdf.trailer
    page = pdf.pages[0]
    assert "/AA" not in page.obj and "/PieceInfo" not in page.obj
    annotations = list(page.obj.get("/Annots", []))
    assert all(annotation.Subtype != "/FileAttachment" for annotation in annotations)
    assert all("/AA" not in annotation for annotation in annotations)
    actions = [annotation.A for annotation in annotations if "/A" in annotation]
    assert [(action.S, str(action.URI)) for action in actions] == [("/URI", "https://example.org/20-january")]
    # The letter itself is still there.
    assert samples.PDF_TEXT in page.Contents.read_bytes()
    assert len(pdf.pages) == 1
    assert (prepared.kind, prepared.content_type, prepared.extension) == ("pdf", "application/pdf", "pdf")
    assert prepared.size == len(stored) and prepared.sha256 == hashlib.sha256(stored).hexdigest()
    assert prepared.source_sha256 == hashlib.sha256(original).hexdigest() != prepared.sha256


def test_an_ordinary_pdf_keeps_its_pages_and_text():
    prepared = prepare_upload(SimpleUploadedFile("scan.pdf", samples.pdf_bytes(pages=3)))
    pdf = pikepdf.open(io.BytesIO(prepared.content.read()))
    assert len(pdf.pages) == 3
    assert all(samples.PDF_TEXT in page.Contents.read_bytes() for page in pdf.pages)


@pytest.mark.parametrize("user_password", ["sirr", ""])
def test_an_encrypted_pdf_is_refused_saying_why(user_password):
    error = refusal("locked.pdf", samples.encrypted_pdf(user_password))
    assert error.code == "encrypted"
    assert "“locked.pdf”" in error.message and "password" in error.message


def test_garbage_behind_a_pdf_header_is_refused():
    error = refusal("scan.pdf", samples.garbage_pdf())
    assert error.code == "damaged"
    assert "“scan.pdf” is a damaged PDF document" in error.message


def test_a_pdf_without_pages_is_refused():
    buffer = io.BytesIO()
    pikepdf.new().save(buffer)
    assert refusal("empty.pdf", buffer.getvalue()).code == "damaged"


def test_a_pdf_with_more_pages_than_allowed_is_refused(settings):
    settings.ARCHIVE_MAX_PDF_PAGES = 3
    error = refusal("book.pdf", samples.pdf_bytes(pages=4))
    assert error.code == "too_many_pages"
    assert "at most 3 pages" in error.message
    assert prepare_upload(SimpleUploadedFile("book.pdf", samples.pdf_bytes(pages=3))).kind == "pdf"


def _xref_bomb(inflated_mb: int) -> bytes:
    """A one-page PDF of 2 KB per GB whose cross-reference stream inflates to ``inflated_mb`` megabytes of zeros
    when read (each repeated deflate block, after a full flush, is the same bytes)."""
    objects = [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n",
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n",
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >> endobj\n",
    ]
    data, offsets = b"%PDF-1.5\n", []
    for obj in objects:
        offsets.append(len(data))
        data += obj
    xref_at = len(data)
    entries = b"\x00\x00\x00\xff" + b"".join(b"\x01" + offset.to_bytes(2, "big") + b"\x00" for offset in offsets)
    entries += b"\x01" + xref_at.to_bytes(2, "big") + b"\x00"
    packer, zeros = zlib.compressobj(9), bytes(1024**2)
    packed = packer.compress(entries + zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    packed += block * (inflated_mb - 1) + packer.flush()
    data += b"4 0 obj << /Type /XRef /Size 5 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /Length %d >> stream\n" % (
        len(packed)
    )
    return data + packed + b"\nendstream endobj\nstartxref\n%d\n%%%%EOF\n" % xref_at


def _read_bomb(results) -> None:
    """In a process of its own: read the bomb and say what became of it, how large this process was before, and the
    peak memory of this process and of the reader it started."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        prepared = prepare_upload(SimpleUploadedFile("bomb.pdf", _xref_bomb(inflated_mb=2048)))
    except IngestError as error:
        outcome = (error.code, "“bomb.pdf”" in error.message)
    else:
        outcome = ("pages", len(pikepdf.open(io.BytesIO(prepared.content.read())).pages))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    results.put((outcome, before, children, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))


def test_a_pdf_that_would_eat_memory_is_read_within_the_memory_limit(settings):
    """Read freely, this file takes over 4 GB and 40 s; within the limit qpdf gives up on the cross-reference stream
    and finds the page by scanning, or the file is refused. Either way this process never reads it.

    Read in a forked process: the peak memory of a process's children counts every child it ever waited for, and
    the test process has started others before (a browser, a restore). The reader is a fork too, and starts with
    the pages of the process it was forked from (a test worker grows to hundreds of MB): it may add at most the
    limit to them."""
    limit = settings.ARCHIVE_PDF_MEMORY_LIMIT = 512 * 1024**2
    fork = multiprocessing.get_context("fork")
    results = fork.Queue()
    reader = fork.Process(target=_read_bomb, args=(results,))
    reader.start()
    outcome, before, children, itself = results.get(timeout=120)
    reader.join(timeout=10)
    assert outcome in {("too_complex", True), ("pages", 1)}
    assert children < before + limit
    assert itself - before < limit


def test_a_pdf_that_takes_too_long_is_refused(settings):
    settings.ARCHIVE_PDF_SECONDS = 0.01
    error = refusal("slow.pdf", samples.pdf_bytes(pages=50))
    assert error.code == "too_complex"
    assert "“slow.pdf” is too complex a PDF document" in error.message
