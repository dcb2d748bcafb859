"""Audio and video: kind, duration and codec as read by ffprobe and by the pure-Python probe, which must agree,
and what happens when ffprobe refuses a file, hangs, or cannot be run."""

import logging
import subprocess
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation

from archive.ingest import IngestError, prepare_upload
from archive.ingest import recordings as recordings_module
from tests.archive_tests.test_ingest import wav_bytes
from tests.recordings import SAMPLES, ffprobe_path, make_recording

PROBES = ["ffprobe", "python"]


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
        assert not run.called


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
    assert prepared.content.read() == data  # recordings are stored as received
    mode, run = probe
    assert run.called == (mode == "ffprobe")


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

    assert run.call_args.args[0][-1] == f"file:{large.temporary_file_path()}"  # no copy made
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
