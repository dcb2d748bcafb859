"""Submissions builds on archive's public functions only: the early upload limit and the staff file serving."""

import ast
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from archive.ingest import prepare_upload, size_limit_for, sniff_kind
from archive.models import MediaFile
from archive.views import serve_stored_file
from submissions.uploads import _limit_for
from tests.submissions_tests import samples

SUBMISSIONS = Path(__file__).resolve().parents[2] / "submissions"


def test_submissions_imports_no_private_names_from_other_apps():
    offenders = []
    for path in SUBMISSIONS.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.module.startswith("submissions"):
                offenders += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
            private_attribute = isinstance(node, ast.Attribute) and node.attr.startswith("_")
            if private_attribute and isinstance(node.value, ast.Name) and node.value.id in {"ingest", "views"}:
                offenders.append(f"{path.name}: {node.value.id}.{node.attr}")
    assert offenders == []


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (samples.jpeg_with_gps(), MediaFile.Kind.IMAGE),
        (samples.png_bytes(), MediaFile.Kind.IMAGE),
        (samples.wav_bytes(), MediaFile.Kind.AUDIO),
        (b"%PDF-1.4\n", MediaFile.Kind.PDF),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
    ],
)
def test_sniff_kind_is_the_kind_prepare_upload_decides(data, kind):
    assert sniff_kind(data) == kind
    if kind in (MediaFile.Kind.IMAGE, MediaFile.Kind.AUDIO):
        assert prepare_upload(SimpleUploadedFile("x", data)).kind == kind


def test_size_limit_for_follows_the_setting_and_the_upload_handler_uses_it(settings):
    settings.ARCHIVE_MAX_UPLOAD_SIZE = {"image": 11, "document": 22, "audio": 33, "video": 44}
    assert [size_limit_for(kind) for kind in ("image", "pdf", "audio", "video")] == [11, 22, 33, 44]
    assert _limit_for(samples.wav_bytes()) == 33
    assert _limit_for(b"not a file the archive keeps") == 11  # the smallest


def test_serve_stored_file_sends_ranges_and_private_headers(tmp_path):
    from django.core.files.storage import FileSystemStorage
    from django.db.models.fields.files import FieldFile

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("a.bin", SimpleUploadedFile("a.bin", b"0123456789"))

    class Holder:
        pass

    field = MediaFile._meta.get_field("file")
    stored = FieldFile(Holder(), field, name)
    stored.storage = storage
    request = RequestFactory().get("/", HTTP_RANGE="bytes=2-4")
    response = serve_stored_file(request, stored, "audio/wav", filename="x.wav", public=False, etag='"e"')
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == b"234"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'inline; filename="x.wav"'
