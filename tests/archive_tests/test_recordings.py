"""Audio and video: kind, duration and codec as read by ffprobe and by the pure-Python probe, which must agree;
what happens when ffprobe refuses a file, hangs, or cannot be run; and recordings stored without the location,
device and notes their metadata held."""

import dataclasses
import hashlib
import json
import logging
import subprocess
import zlib
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation

from archive.ingest import IngestError, prepare_upload
from archive.ingest import metadata as metadata_module
from archive.ingest import prepare as prepare_module
from archive.ingest import recordings as recordings_module
from archive.ingest.metadata import webm as webm_module
from tests.archive_tests.test_ingest import wav_bytes
from tests.recordings import (
    SAMPLES,
    SECRETS,
    TAGGED,
    as_gps_track,
    ffmpeg_path,
    ffprobe_path,
    make_recording,
    with_unknown_sizes,
)

PROBES = ["ffprobe", "python"]
RUN = subprocess.run  # for the tests' own ffprobe and ffmpeg, which the probe fixture's spy must not count


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def made(tmp_path_factory):
    """Every sample of tests.recordings.SAMPLES, made once for the session (on first use)."""
    folder = tmp_path_factory.mktemp("recordings")
    cache: dict[str, bytes] = {}

    def get(name: str) -> bytes:
        if name not in cache:
            cache[name] = make_recording(folder, name)
        return cache[name]

    return get


@pytest.fixture
def probe(request, settings):
    """``ffprobe``: the real ffprobe is used; ``python``: ffprobe is switched off. Yields the choice and a spy on
    subprocess runs."""
    if request.param == "ffprobe":
        settings.FFPROBE_PATH = ffprobe_path()
    else:
        settings.FFPROBE_PATH = ""
    with mock.patch.object(recordings_module.subprocess, "run", wraps=subprocess.run) as run:
        yield request.param, run
    if request.param == "python":
        # Only ffprobe's runs count: the spy patches the subprocess module for the whole process, where another
        # test's leftover thread may run something else meanwhile.
        assert not ffprobe_runs(run)


def ffprobe_runs(run: mock.MagicMock) -> list:
    return [call for call in run.call_args_list if "ffprobe" in str(call.args[0][0])]


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def fake_ffprobe(tmp_path: Path, body: str) -> str:
    script = tmp_path / "ffprobe"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


# --- both probes, real files --------------------------------------------------------------------------


@pytest.mark.parametrize("probe", PROBES, indirect=True)
@pytest.mark.parametrize("name", list(SAMPLES))
def test_real_recording_gets_its_kind_codec_and_duration_from_either_probe(name, probe, made):
    _arguments, kind, content_type, codec = SAMPLES[name]
    data = made(name)

    prepared = prepare_upload(upload(name, data))

    assert (prepared.kind, prepared.content_type, prepared.codec) == (kind, content_type, codec)
    assert Decimal("0.9") <= prepared.duration <= Decimal("1.1")  # one second, give or take encoder padding
    stored = prepared.content.read()
    assert (prepared.sha256, prepared.size) == (hashlib.sha256(stored).hexdigest(), len(stored))
    assert prepared.source_sha256 == hashlib.sha256(data).hexdigest()
    mode, run = probe
    assert bool(ffprobe_runs(run)) == (mode == "ffprobe")


@pytest.mark.parametrize("probe", PROBES, indirect=True)
def test_cut_off_recordings_are_refused_by_either_probe(probe, made):
    wav = made("voice.wav")
    with pytest.raises(IngestError, match=r"voice\.wav.*damaged or incomplete") as caught:
        prepare_upload(upload("voice.wav", wav[: len(wav) // 2]))  # ffprobe alone would read what is left
    assert caught.value.code == "damaged"

    film = made("film.mp4")  # FFmpeg writes the index at the end: the first half cannot be played
    with pytest.raises(IngestError, match=r"film\.mp4.*damaged or incomplete"):
        prepare_upload(upload("film.mp4", film[: len(film) // 2]))


@pytest.mark.parametrize("probe", PROBES, indirect=True)
def test_generated_wav_gets_its_pcm_codec(probe):
    prepared = prepare_upload(upload("interview.wav", wav_bytes(seconds=2)))
    assert (prepared.codec, prepared.duration) == ("pcm_s16le", 2)


def test_large_upload_is_probed_where_django_wrote_it(settings, made):
    settings.FFPROBE_PATH = ffprobe_path()
    data = made("voice.webm")
    large = TemporaryUploadedFile("voice.webm", "application/octet-stream", len(data), None)
    large.write(data)
    large.flush()

    with mock.patch.object(recordings_module.subprocess, "run", wraps=subprocess.run) as run:
        prepared = prepare_upload(large)

    # The upload where Django wrote it, then the copy without its metadata (FFmpeg's encoder tag): no other copy.
    probed = [call.args[0][-1] for call in run.call_args_list]
    assert probed == [f"file:{large.temporary_file_path()}", f"file:{prepared.content.temporary_file_path()}"]
    assert prepared.codec == "opus"
    large.close()


def test_ffprobe_decides_nothing_about_the_type(settings, made):
    """ffprobe reads the file with the demuxer its bytes were sniffed as; an MP3 named .m4a is still refused."""
    settings.FFPROBE_PATH = ffprobe_path()
    with pytest.raises(IngestError, match="is not an M4A audio file: its contents are an MP3 audio file"):
        prepare_upload(upload("voice.m4a", made("voice.mp3")))


# --- ffprobe that refuses, hangs or cannot run --------------------------------------------------------


def test_file_ffprobe_cannot_read_is_refused(settings, tmp_path):
    settings.FFPROBE_PATH = fake_ffprobe(tmp_path, 'echo "Invalid data found when processing input" >&2; exit 1')
    with pytest.raises(IngestError, match=r"interview\.wav.*damaged or incomplete") as caught:
        prepare_upload(upload("interview.wav", wav_bytes()))
    assert caught.value.code == "damaged"


@pytest.mark.parametrize(
    "report",
    [
        '{"streams": [], "format": {"duration": "1.0"}}',
        '{"streams": [{"codec_type": "video", "codec_name": "mjpeg", "disposition": {"attached_pic": 1}}]}',
        '{"streams": [{"codec_type": "subtitle", "codec_name": "webvtt"}]}',
    ],
    ids=["no streams", "cover art only", "subtitles only"],
)
def test_file_where_ffprobe_finds_nothing_to_play_is_refused(settings, tmp_path, report):
    settings.FFPROBE_PATH = fake_ffprobe(tmp_path, f"echo '{report}'")
    with pytest.raises(IngestError, match="damaged or incomplete"):
        prepare_upload(upload("interview.wav", wav_bytes()))


def test_ffprobe_codec_and_duration_are_the_ones_kept(settings, tmp_path):
    report = (
        '{"streams": [{"codec_type": "audio", "codec_name": "pcm_s16le"},'
        ' {"codec_type": "video", "codec_name": "png", "disposition": {"attached_pic": 1}}],'
        ' "format": {"duration": "1.2345"}}'
    )
    settings.FFPROBE_PATH = fake_ffprobe(tmp_path, f"echo '{report}'")
    prepared = prepare_upload(upload("interview.wav", wav_bytes(seconds=1.5)))
    assert (prepared.kind, prepared.codec, prepared.duration) == ("audio", "pcm_s16le", Decimal("1.234"))


def test_hanging_ffprobe_falls_back_to_the_python_probe_with_a_warning(settings, tmp_path, monkeypatch, caplog):
    settings.FFPROBE_PATH = fake_ffprobe(tmp_path, "exec sleep 30")
    monkeypatch.setattr(recordings_module, "FFPROBE_TIMEOUT", 0.5)
    with caplog.at_level(logging.WARNING, logger="archive.ingest.recordings"):
        prepared = prepare_upload(upload("interview.wav", wav_bytes(seconds=2)))
    assert (prepared.codec, prepared.duration) == ("pcm_s16le", 2)
    assert "ffprobe took more than" in caplog.text


@pytest.mark.parametrize(
    "body",
    ["#!/nonexistent/interpreter", "echo 'not json'"],
    ids=["cannot start", "answers nonsense"],
)
def test_broken_ffprobe_falls_back_to_the_python_probe_with_a_warning(settings, tmp_path, caplog, body):
    script = tmp_path / "ffprobe"
    script.write_text(body + "\n")
    script.chmod(0o755)
    settings.FFPROBE_PATH = str(script)
    with caplog.at_level(logging.WARNING, logger="archive.ingest.recordings"):
        prepared = prepare_upload(upload("interview.wav", wav_bytes()))
    assert prepared.codec == "pcm_s16le"
    assert "checked without it" in caplog.text


def test_a_cut_off_wav_is_refused_even_when_ffprobe_would_take_it(settings, tmp_path):
    settings.FFPROBE_PATH = fake_ffprobe(tmp_path, """echo '{"streams": [{"codec_type": "audio"}]}'""")
    with pytest.raises(IngestError, match="damaged or incomplete"):
        prepare_upload(upload("interview.wav", wav_bytes()[:-1000]))


def test_missing_ffprobe_is_not_an_error(settings, tmp_path, caplog):
    settings.FFPROBE_PATH = str(tmp_path / "no-such-ffprobe")
    with caplog.at_level(logging.WARNING, logger="archive.ingest.recordings"):
        prepared = prepare_upload(upload("interview.wav", wav_bytes()))
    assert prepared.codec == "pcm_s16le"
    assert not caplog.text


# --- metadata ------------------------------------------------------------------------------------------


def ffprobe_report(path: Path, data: bytes | None = None) -> dict:
    if data is not None:
        path.write_bytes(data)
    completed = RUN(
        [ffprobe_path(), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return json.loads(completed.stdout)


def plays(tmp_path: Path, name: str, data: bytes) -> bool:
    path = tmp_path / name
    path.write_bytes(data)
    decoded = RUN([ffmpeg_path(), "-nostdin", "-v", "error", "-i", str(path), "-f", "null", "-"], capture_output=True)
    return (decoded.returncode, decoded.stderr) == (0, b"")  # decoded to the end without a complaint


@pytest.mark.parametrize("probe", PROBES, indirect=True)
@pytest.mark.parametrize("name", list(TAGGED))
def test_recording_is_stored_without_its_location_device_and_notes(name, probe, made, tmp_path):
    data = made(name)
    assert b"Leyla" in data, "the sample carries no metadata"
    _arguments, kind, content_type, codec = SAMPLES[TAGGED[name][1]]

    prepared = prepare_upload(upload(name, data))

    stored = prepared.content.read()
    assert [secret for secret in SECRETS if secret in stored] == []
    assert prepared.sha256 == hashlib.sha256(stored).hexdigest() != prepared.source_sha256
    assert (prepared.size, prepared.source_sha256) == (len(stored), hashlib.sha256(data).hexdigest())
    assert (prepared.kind, prepared.content_type, prepared.codec) == (kind, content_type, codec)
    before = ffprobe_report(tmp_path / f"received-{name}", data)
    after = ffprobe_report(tmp_path / f"stored-{name}", stored)
    assert [secret for secret in SECRETS if secret.decode() in json.dumps(after)] == []
    # Equal, but for ADTS (AAC), whose duration FFmpeg estimates from the file's size, tags included.
    assert float(after["format"]["duration"]) == pytest.approx(float(before["format"]["duration"]), abs=0.02)
    assert [(found["codec_type"], found["codec_name"]) for found in after["streams"]] == [
        (found["codec_type"], found["codec_name"])
        for found in before["streams"]
        if not found.get("disposition", {}).get("attached_pic")  # cover pictures are metadata too
    ]
    assert plays(tmp_path, f"stored-{name}", stored)
    again = prepare_upload(upload(name, stored))  # nothing left to take out
    assert (again.sha256, again.codec, again.duration) == (prepared.sha256, prepared.codec, prepared.duration)


@pytest.mark.parametrize("probe", PROBES, indirect=True)
def test_a_gps_track_goes_with_its_samples(probe, made, tmp_path):
    data, samples = as_gps_track(made("tagged.mp4"))

    prepared = prepare_upload(upload("gopro.mp4", data))

    stored = prepared.content.read()
    assert samples in data and samples not in stored
    assert [secret for secret in SECRETS if secret in stored] == []
    assert (prepared.kind, prepared.codec, prepared.size) == ("video", "h264", len(data))
    assert [found["codec_type"] for found in ffprobe_report(tmp_path / "stored.mp4", stored)["streams"]] == ["video"]
    assert plays(tmp_path, "stored.mp4", stored)


@pytest.mark.parametrize("probe", PROBES, indirect=True)
def test_a_webm_recorded_in_a_browser_loses_its_tags(probe, made, tmp_path):
    """MediaRecorder writes the segment and its clusters with unknown sizes: the tags after them are found."""
    data = with_unknown_sizes(made("tagged.webm"))
    assert plays(tmp_path, "received.webm", data)

    prepared = prepare_upload(upload("recorded.webm", data))

    stored = prepared.content.read()
    assert b"Leyla" in data and [secret for secret in SECRETS if secret in stored] == []
    assert (prepared.codec, prepared.size) == ("vp8+opus", len(data))
    assert plays(tmp_path, "stored.webm", stored)


@pytest.mark.parametrize("probe", PROBES, indirect=True)
def test_bytes_appended_after_the_last_box_of_an_mp4_are_left_out(probe, made, tmp_path):
    """Some phones append a trailer of their own after the last box (Samsung's ends in "SEFT")."""
    film = made("film.mp4")
    data = film + b"\x00\x00\x01\x00\x00\x00Location_Data +40.4093+049.8671/ SEFT"

    prepared = prepare_upload(upload("samsung.mp4", data))

    stored = prepared.content.read()
    assert b"40.4093" not in stored and len(stored) == len(film)
    assert (prepared.codec, prepared.sha256) == ("h264+aac", hashlib.sha256(stored).hexdigest())
    assert plays(tmp_path, "stored.mp4", stored)


def test_a_recording_without_metadata_is_stored_as_received(settings):
    settings.FFPROBE_PATH = ""
    original = wav_bytes()
    prepared = prepare_upload(upload("interview.wav", original))
    assert prepared.content.read() == original
    assert prepared.sha256 == prepared.source_sha256


@pytest.mark.parametrize("probe", PROBES, indirect=True)
def test_metadata_that_cannot_be_parsed_refuses_the_file(probe, made, monkeypatch):
    def broken(stream, size):
        raise ValueError("box does not fit in its parent")

    monkeypatch.setitem(metadata_module.PLANNERS, "mp4", broken)
    with pytest.raises(IngestError, match=r"tagged\.mp4.*metadata.*could not be removed") as caught:
        prepare_upload(upload("tagged.mp4", made("tagged.mp4")))
    assert caught.value.code == "metadata"


@pytest.mark.parametrize("probe", PROBES, indirect=True)
def test_a_copy_that_no_longer_plays_is_refused_not_stored(probe, made, monkeypatch):
    """Were the cleaning ever to damage a recording, it is refused rather than stored damaged (or with its tags)."""
    planner = metadata_module.PLANNERS["wav"]

    def cut_off(stream, size):
        return [*planner(stream, size), (size - 20_000, 20_000, [])]

    monkeypatch.setitem(metadata_module.PLANNERS, "wav", cut_off)
    with pytest.raises(IngestError, match=r"tagged\.wav.*could not be removed") as caught:
        prepare_upload(upload("tagged.wav", made("tagged.wav")))
    assert caught.value.code == "metadata"


def test_a_copy_that_reads_as_another_length_is_refused_and_removed(settings, made, monkeypatch):
    settings.FFPROBE_PATH = ""
    real_inspect = prepare_module.inspect_recording
    copies = []

    def inspect(fmt, upload, size, display):
        recording = real_inspect(fmt, upload, size, display)
        if isinstance(upload, metadata_module.TemporaryCopy):  # the copy without metadata
            copies.append(upload.temporary_file_path())
            return dataclasses.replace(recording, duration=recording.duration / 2)
        return recording

    monkeypatch.setattr(prepare_module, "inspect_recording", inspect)
    with pytest.raises(IngestError, match=r"tagged\.flac.*could not be removed") as caught:
        prepare_upload(upload("tagged.flac", made("tagged.flac")))
    assert caught.value.code == "metadata"
    assert len(copies) == 1
    assert not Path(copies[0]).exists()


def test_a_webm_header_keeps_a_valid_checksum_when_its_title_goes():
    """mkvmerge writes a CRC-32 element first in Info; it is computed again over the children after it."""
    title = bytes([0x7B, 0xA9, 0x85]) + b"Leyla"
    scale = bytes([0x2A, 0xD7, 0xB1, 0x83, 0x0F, 0x42, 0x40])
    body = bytearray(bytes([0xBF, 0x84]) + zlib.crc32(title + scale).to_bytes(4, "little") + title + scale)

    cleaned = webm_module._webm_clean_master(webm_module.EBML_INFO, body)

    assert len(cleaned) == len(body) and b"Leyla" not in cleaned
    assert cleaned[len(title) + 6 :] == scale and cleaned[6] == webm_module.EBML_VOID
    assert cleaned[2:6] == zlib.crc32(cleaned[6:]).to_bytes(4, "little")
