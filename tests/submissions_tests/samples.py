"""Files built in the tests: good ones, and a corpus of hostile ones the form must refuse."""

from __future__ import annotations

import functools
import io
import struct
import wave
import zipfile
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from PIL import Image

GPS_IFD = 0x8825


def jpeg_with_gps(size=(64, 48), color="red") -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (40.0, 22.0, 30.0)
    gps[3] = "E"
    gps[4] = (49.0, 50.0, 10.0)
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)
    return data


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, "PNG")
    return buffer.getvalue()


def wav_bytes(seconds: float = 1.0, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x01" * int(seconds * rate))
    return buffer.getvalue()


def bomb_png() -> bytes:
    """A small file that claims an enormous canvas (decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")
    return buffer.getvalue()


@functools.cache
def zero_png(width: int = 9990, height: int = 10000, channels: int = 3) -> bytes:
    """A PNG of black pixels (RGB by default) whose file is about a thousandth of its pixels: the audit's 0.3 MB
    file of 9,990 × 10,000, just under the pixel limit. Every byte of its pixel stream is zero (filter byte
    included), so one compressed block of zeros, ended by a full flush, stands for each 4 MB of it."""
    total = (1 + channels * width) * height
    unit = 4 * 1024 * 1024
    count, rest = divmod(total, unit)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(bytes(unit)) + deflate.flush(zlib.Z_FULL_FLUSH)
    tail = deflate.compress(bytes(rest)) + deflate.flush()
    adler = ((total % 65521) << 16) | 1  # Adler-32 of zeros: the byte sum stays 1, the running sum counts them
    stream = b"\x78\xda" + block * count + tail + struct.pack(">I", adler)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    colour_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", stream) + chunk(b"IEND", b"")


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    return buffer.getvalue()


PDF_TEXT = b"Letter from Baku, 20 January 1990"
PDF_AUTHOR = "Nizami Gizliyev"  # a name found nowhere else, so its bytes show whether the metadata survived


def _pdf_with_text(pages: int = 1) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    for _ in range(pages):
        pdf.add_blank_page(page_size=(420, 300))
        page = pdf.pages[-1]
        page.Resources = Dictionary(Font=Dictionary(F1=font))
        page.Contents = pdf.make_stream(b"BT /F1 18 Tf 30 150 Td (" + PDF_TEXT + b") Tj ET")
    return pdf


def _saved(pdf: pikepdf.Pdf, **options) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    return buffer.getvalue()


def pdf_bytes(pages: int = 1) -> bytes:
    return _saved(_pdf_with_text(pages))


def hostile_pdf() -> bytes:
    """A one-page letter carrying every kind of active content and metadata a PDF can: an opening script, a page
    script, a document-level script, an embedded file and a file attachment, a launch link, an XFA form with a
    scripted field, the author in the Info dictionary and in XMP, and application data (PieceInfo)."""
    pdf = _pdf_with_text()
    page = pdf.pages[0]

    def script(code: str) -> Dictionary:
        return pdf.make_indirect(Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code)))

    pdf.Root.OpenAction = script('app.alert("opened");')
    page.AA = Dictionary(O=script('app.alert("page");'))
    attached = pdf.make_stream(b"secret attachment " + PDF_AUTHOR.encode())
    attached.Type = Name.EmbeddedFile
    filespec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String("notes.txt"), EF=Dictionary(F=attached)))
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("start"), script('app.alert("names");')])),
        EmbeddedFiles=Dictionary(Names=Array([String("notes.txt"), filespec])),
    )
    field = pdf.make_indirect(
        Dictionary(
            FT=Name.Tx, T=String("name"), Type=Name.Annot, Subtype=Name.Widget, Rect=[30, 30, 200, 50], P=page.obj
        )
    )
    field.AA = Dictionary(K=script('app.alert("field");'))
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]), XFA=pdf.make_stream(b"<xdp:xdp><script/></xdp:xdp>"))
    page.Annots = pdf.make_indirect(
        Array(
            [
                field,
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.Link,
                    Rect=[30, 200, 200, 220],
                    A=Dictionary(S=Name.Launch, F=String("calc.exe")),
                ),
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.Link,
                    Rect=[30, 230, 200, 250],
                    A=Dictionary(S=Name.URI, URI=String("https://example.org/20-january")),
                ),
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.Link,
                    Rect=[30, 260, 200, 280],
                    A=Dictionary(S=Name.URI, URI=String("javascript:alert(1)")),
                ),
                Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=[300, 30, 320, 50], FS=filespec),
            ]
        )
    )
    page.PieceInfo = Dictionary(Illustrator=Dictionary(Private=String(PDF_AUTHOR)))
    pdf.docinfo[Name.Author] = PDF_AUTHOR
    pdf.docinfo[Name.Title] = "Private draft"
    xmp = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{PDF_AUTHOR}</dc:creator></rdf:Description>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    metadata = pdf.make_stream(xmp.encode())
    metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
    pdf.Root.Metadata = metadata
    return _saved(pdf)


def encrypted_pdf(user_password: str = "sirr") -> bytes:
    return _saved(_pdf_with_text(), encryption=pikepdf.Encryption(user=user_password, owner="owner-secret"))


def garbage_pdf() -> bytes:
    """Starts and ends like a PDF; nothing in between is one."""
    return b"%PDF-1.7\n" + b"this is not a PDF document at all " * 200 + b"\n%%EOF\n"


def hostile_corpus() -> dict[str, tuple[str, bytes]]:
    """name → (uploaded file name, bytes). Every one must be refused."""
    jpeg = jpeg_with_gps()
    return {
        "png named jpg": ("photo.jpg", png_bytes()),
        "html named mp3": ("song.mp3", b"<!doctype html><html><script>alert(1)</script></html>"),
        "html": ("page.html", b"<html><body onload=alert(1)></body></html>"),
        "svg": ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        "svg named png": ("drawing.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
        "polyglot html behind nothing": ("scan.pdf", b"<html>%PDF-1.4\n%%EOF"),
        "zip named jpg": ("photo.jpg", zip_bytes()),
        "jpeg with zip appended named zip": ("bundle.zip", jpeg + zip_bytes()),
        "jpeg named html": ("page.html", jpeg),
        "executable": ("tool.exe", b"MZ\x90\x00" + b"\x00" * 200),
        "elf named wav": ("voice.wav", b"\x7fELF" + b"\x00" * 200),
        "decompression bomb": ("huge.png", bomb_png()),
        "image too large to process": ("scan.png", zero_png()),
        "truncated jpeg": ("cut.jpg", jpeg[: len(jpeg) // 2]),
        "truncated wav": ("cut.wav", wav_bytes()[:2000] + b""),
        "empty": ("nothing.jpg", b""),
        "encrypted pdf": ("locked.pdf", encrypted_pdf()),
        "encrypted pdf without a password to open": ("restricted.pdf", encrypted_pdf(user_password="")),
        "garbage behind a pdf header": ("scan.pdf", garbage_pdf()),
    }
