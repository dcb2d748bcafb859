"""What the archive accepts as a file, what it refuses, and what it stores instead of the upload."""

import hashlib
import io
import struct
import wave
import zipfile
import zlib
from decimal import Decimal

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from PIL import Image, ImageCms, PngImagePlugin

from archive.ingest import IngestError, prepare_upload
from tests.submissions_tests import samples

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def english_messages():
    """The refusal messages are asserted in English; the Azerbaijani ones are the translators' concern."""
    with translation.override("en"):
        yield


def image_bytes(fmt: str, size=(64, 48), mode="RGB", color="red", **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def noisy_jpeg(size=(400, 300)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def wav_bytes(seconds: float = 1.5, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(rate)
        recording.writeframes(b"\x01\x00" * int(rate * seconds))
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(IngestError) as caught:
        prepare_upload(upload(name, data))
    return str(caught.value)


# --- checksums ----------------------------------------------------------------------------------------


def test_checksum_is_of_the_stored_bytes_and_source_checksum_of_the_upload():
    original = image_bytes("JPEG", quality=100)
    prepared = prepare_upload(upload("portrait.jpg", original))

    stored = prepared.content.read()
    assert prepared.sha256 == hashlib.sha256(stored).hexdigest()
    assert prepared.size == len(stored)
    assert prepared.source_sha256 == hashlib.sha256(original).hexdigest()
    assert prepared.sha256 != prepared.source_sha256  # re-encoded


def test_a_recording_is_stored_as_received_with_its_checksum():
    original = wav_bytes()
    prepared = prepare_upload(upload("interview.wav", original))

    assert prepared.content.read() == original
    assert prepared.sha256 == prepared.source_sha256 == hashlib.sha256(original).hexdigest()
    assert prepared.size == len(original)


# --- type by content ----------------------------------------------------------------------------------


def test_png_named_jpg_is_refused_naming_both_types():
    message = refusal("photo.jpg", image_bytes("PNG"))
    assert "photo.jpg" in message
    assert "JPEG" in message
    assert "PNG" in message


def test_html_named_mp3_is_refused():
    message = refusal("x.mp3", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
    assert "x.mp3" in message
    assert "HTML" in message


def test_pdf_named_png_is_refused():
    message = refusal("scan.png", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    assert "scan.png" in message
    assert "PDF" in message


def test_svg_is_refused():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    message = refusal("drawing.svg", svg)
    assert "drawing.svg" in message
    assert "SVG" in message


def test_zip_is_refused_even_without_an_extension():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", image_bytes("JPEG"))
    message = refusal("photos", buffer.getvalue())
    assert "photos" in message
    assert "ZIP" in message


def test_empty_file_is_refused():
    assert "empty" in refusal("nothing.jpg", b"")


def test_file_without_extension_is_judged_by_its_contents():
    prepared = prepare_upload(upload("IMG_0042", image_bytes("PNG")))
    assert (prepared.kind, prepared.content_type, prepared.extension) == ("image", "image/png", "png")


def test_browser_content_type_is_ignored():
    lying = SimpleUploadedFile("page", b"<html><body>hello</body></html>", content_type="image/jpeg")
    with pytest.raises(IngestError, match="HTML"):
        prepare_upload(lying)


def test_name_argument_overrides_the_upload_name():
    prepared = prepare_upload(upload("tmp123", image_bytes("PNG")), name="C:\\Photos\\ailə.png")
    assert prepared.original_name == "ailə.png"


def test_pdf_is_accepted_and_a_cut_off_pdf_refused():
    pdf = samples.pdf_bytes()
    prepared = prepare_upload(upload("letter.pdf", pdf))
    assert (prepared.kind, prepared.content_type, prepared.extension) == ("pdf", "application/pdf", "pdf")

    assert "letter.pdf" in refusal("letter.pdf", pdf[:-8])


# --- images -------------------------------------------------------------------------------------------


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (40.0, 22.0, 30.0)
    gps[3] = "E"
    gps[4] = (49.0, 50.0, 10.0)
    original = image_bytes("JPEG", exif=exif, comment=b"taken at home")
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test file really has GPS
    return original


def test_jpeg_with_gps_is_stored_without_any_metadata():
    prepared = prepare_upload(upload("family.jpg", jpeg_with_gps()))

    stored = prepared.content.read()
    reopened = Image.open(io.BytesIO(stored))
    exif = reopened.getexif()
    assert GPS_IFD not in exif
    assert not exif.get_ifd(GPS_IFD)
    assert len(exif) == 0
    assert b"SecretCam" not in stored
    assert b"taken at home" not in stored
    assert "comment" not in reopened.info
    assert reopened.format == "JPEG"


XMP_WITH_PLACE = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="40,24.56N" '
    b'exif:GPSLongitude="49,52.03E"><Iptc4xmpCore:Location>Our courtyard, Bayil</Iptc4xmpCore:Location>'
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def place_exif() -> bytes:
    exif = Image.Exif()
    exif[0x0110] = "SecretCam 3000"  # camera model
    exif.get_ifd(GPS_IFD)[2] = (40.0, 24.0, 56.0)  # latitude
    return exif.tobytes()


@pytest.mark.parametrize(
    ("name", "fmt", "options"),
    [
        ("xmp.jpg", "JPEG", {"xmp": XMP_WITH_PLACE}),
        ("exif.webp", "WEBP", {"exif": place_exif(), "xmp": XMP_WITH_PLACE}),
        ("exif.png", "PNG", {"exif": place_exif()}),
        ("xmp.tif", "TIFF", {"exif": place_exif()}),
    ],
)
def test_xmp_and_exif_in_any_image_format_are_removed(name, fmt, options):
    data = image_bytes(fmt, **options)
    assert b"Bayil" in data or b"SecretCam" in data  # the sample really carries them
    stored = prepare_upload(upload(name, data)).content.read()
    for secret in (b"Bayil", b"GPSLatitude", b"SecretCam", b"xmpmeta"):
        assert secret not in stored
    reopened = Image.open(io.BytesIO(stored))
    assert not reopened.getexif() and "xmp" not in reopened.info and "XML:com.adobe.xmp" not in reopened.info


def test_png_text_chunks_are_removed():
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "Our courtyard, Bayil")
    info.add_itxt("Description", "Taken at home", lang="az")
    stored = prepare_upload(upload("notes.png", image_bytes("PNG", pnginfo=info))).content.read()
    assert b"Bayil" not in stored and b"Taken at home" not in stored


def test_exif_orientation_is_applied():
    # A landscape sensor image, left half red and right half blue, marked "rotate 90° clockwise to view".
    picture = Image.new("RGB", (80, 40), "blue")
    picture.paste("red", (0, 0, 40, 40))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, quality=95)

    prepared = prepare_upload(upload("turned.jpg", buffer.getvalue()))

    stored = Image.open(prepared.content)
    assert (prepared.width, prepared.height) == (40, 80) == stored.size
    top, bottom = stored.getpixel((20, 10)), stored.getpixel((20, 70))
    assert top[0] > 200 > top[2]  # red now on top
    assert bottom[2] > 200 > bottom[0]
    assert 0x0112 not in stored.getexif()


def test_tiff_is_stored_as_png():
    prepared = prepare_upload(upload("scan.tiff", image_bytes("TIFF", size=(30, 20))))

    assert (prepared.content_type, prepared.extension) == ("image/png", "png")
    stored = Image.open(prepared.content)
    assert stored.format == "PNG"
    assert stored.size == (30, 20)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_image_keeps_its_format_and_gets_a_jpeg_thumbnail(fmt, settings):
    settings.ARCHIVE_THUMBNAIL_SIZE = (50, 50)
    prepared = prepare_upload(upload("picture", image_bytes(fmt, size=(200, 100), mode="RGB")))

    assert Image.open(prepared.content).format == fmt
    assert (prepared.width, prepared.height) == (200, 100)
    thumbnail = Image.open(prepared.thumbnail)
    assert thumbnail.format == "JPEG"
    assert thumbnail.size == (50, 25)


def test_decompression_bomb_is_refused(settings):
    settings.ARCHIVE_MAX_IMAGE_PIXELS = 1000
    # 40 × 30 = 1200 pixels: over the limit but under twice it, where Pillow only warns.
    message = refusal("huge.png", image_bytes("PNG", size=(40, 30)))
    assert "huge.png" in message
    assert Image.MAX_IMAGE_PIXELS != 1000  # the process-wide limit is put back


def test_png_claiming_enormous_dimensions_is_refused():
    png = bytearray(image_bytes("PNG", size=(2, 2)))
    # Rewrite the IHDR chunk to claim 100 000 × 100 000 pixels, with a valid CRC.
    png[16:24] = struct.pack(">II", 100_000, 100_000)
    png[29:33] = struct.pack(">I", zlib.crc32(bytes(png[12:29])))
    assert "bomb.png" in refusal("bomb.png", bytes(png))


def test_truncated_jpeg_is_refused():
    message = refusal("cut.jpg", noisy_jpeg()[:-2000])
    assert "cut.jpg" in message


def test_multipage_tiff_is_refused_rather_than_losing_pages():
    pages = [Image.new("L", (20, 20), shade) for shade in (0, 128, 255)]
    buffer = io.BytesIO()
    pages[0].save(buffer, "TIFF", save_all=True, append_images=pages[1:])
    assert "PDF" in refusal("album.tif", buffer.getvalue())


# --- audio and video ----------------------------------------------------------------------------------


def test_wav_gets_its_duration():
    prepared = prepare_upload(upload("interview.wav", wav_bytes(seconds=2.25)))
    assert (prepared.kind, prepared.content_type, prepared.extension) == ("audio", "audio/wav", "wav")
    assert prepared.duration == Decimal("2.25")
    assert prepared.thumbnail is None


def test_truncated_wav_is_refused():
    message = refusal("interview.wav", wav_bytes()[:-1000])
    assert "interview.wav" in message


def test_noise_that_looks_like_mp3_is_refused():
    assert "tape.mp3" in refusal("tape.mp3", b"\xff\xfb\x90\x00" + bytes(200))


def box(name: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), name) + payload


def mp4_bytes(brand: bytes, handler: bytes, seconds: int) -> bytes:
    mvhd = bytes(12) + struct.pack(">II", 1000, seconds * 1000) + bytes(80)
    mdhd = bytes(12) + struct.pack(">II", 1000, seconds * 1000) + bytes(4)
    hdlr = bytes(8) + handler + bytes(12) + b"\x00"
    trak = box(b"trak", box(b"mdia", box(b"mdhd", mdhd) + box(b"hdlr", hdlr)))
    return box(b"ftyp", brand + bytes(4) + brand + b"isom") + box(b"moov", box(b"mvhd", mvhd) + trak)


def test_mp4_with_a_video_track_is_video_and_without_is_audio():
    video = prepare_upload(upload("march.mp4", mp4_bytes(b"isom", b"vide", 7)))
    assert (video.kind, video.content_type, video.extension, video.duration) == ("video", "video/mp4", "mp4", 7)

    sound = prepare_upload(upload("voice.m4a", mp4_bytes(b"M4A ", b"soun", 3)))
    assert (sound.kind, sound.content_type, sound.extension, sound.duration) == ("audio", "audio/mp4", "m4a", 3)


def ebml(element_id: int, payload: bytes) -> bytes:
    size = len(payload)
    return element_id.to_bytes((element_id.bit_length() + 7) // 8, "big") + bytes([0x80 | size]) + payload


def webm_bytes(track_type: int, codec_id: bytes) -> bytes:
    header = ebml(0x1A45DFA3, ebml(0x4282, b"webm"))
    info = ebml(0x1549A966, ebml(0x2AD7B1, (1_000_000).to_bytes(3, "big")) + ebml(0x4489, struct.pack(">d", 2500.0)))
    entry = ebml(0xD7, b"\x01") + ebml(0x83, bytes([track_type])) + ebml(0x86, codec_id)
    tracks = ebml(0x1654AE6B, ebml(0xAE, entry))
    # A browser's MediaRecorder writes the segment with an unknown size, as here.
    segment = b"\x18\x53\x80\x67" + b"\x01\xff\xff\xff\xff\xff\xff\xff" + info + tracks
    return header + segment + b"\x1f\x43\xb6\x75\x01\xff\xff\xff\xff\xff\xff\xff"


def test_webm_kind_follows_its_tracks():
    sound = prepare_upload(upload("recording.webm", webm_bytes(track_type=2, codec_id=b"A_OPUS")))
    assert (sound.kind, sound.content_type, sound.duration, sound.codec) == ("audio", "audio/webm", 2.5, "opus")

    video = prepare_upload(upload("recording.webm", webm_bytes(track_type=1, codec_id=b"V_VP8")))
    assert (video.kind, video.content_type, video.codec) == ("video", "video/webm", "vp8")


def test_webm_without_a_track_it_can_play_is_refused(settings):
    settings.FFPROBE_PATH = ""  # the pure-Python reader alone
    assert "recording.webm" in refusal("recording.webm", webm_bytes(track_type=17, codec_id=b"S_TEXT/UTF8"))


# --- size limits --------------------------------------------------------------------------------------


def test_oversized_file_is_refused_with_the_limit(settings):
    settings.ARCHIVE_MAX_UPLOAD_SIZE = {**settings.ARCHIVE_MAX_UPLOAD_SIZE, "audio": 1024 * 1024}
    message = refusal("long.wav", wav_bytes(seconds=70))  # about 1.1 MB
    assert "long.wav" in message
    assert filesizeformat(1024 * 1024) in message


def test_size_is_checked_while_reading_not_taken_from_the_upload(settings):
    settings.ARCHIVE_MAX_UPLOAD_SIZE = {**settings.ARCHIVE_MAX_UPLOAD_SIZE, "audio": 10_000}
    lying = File(io.BytesIO(wav_bytes(seconds=2)), name="long.wav")
    lying.size = 100  # what a client might claim
    with pytest.raises(IngestError, match=r"long\.wav"):
        prepare_upload(lying)


def test_png_text_and_colour_profile_are_not_kept():
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Private Person")
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = image_bytes("PNG", pnginfo=text, icc_profile=profile)

    stored = prepare_upload(upload("scan.png", original)).content.read()

    reopened = Image.open(io.BytesIO(stored))
    assert "icc_profile" not in reopened.info
    assert "Author" not in reopened.info
    assert b"Private Person" not in stored
