"""Real audio and video files with known codecs, made by FFmpeg in the tests (nothing binary is kept in the
repository). Without ffmpeg these tests are skipped; CI sets REQUIRE_BROWSER_TESTS=1, and installs ffmpeg, so
there a missing ffmpeg is a failure, as a missing browser is (tests/browser/conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SINE = ["-f", "lavfi", "-i", "sine=frequency=440:duration=1:sample_rate=48000"]
PICTURE = ["-f", "lavfi", "-i", "testsrc=duration=1:size=64x48:rate=10"]
FAST_VP = ["-deadline", "realtime", "-cpu-used", "8"]
# A cover picture, as music files and podcasts carry: it is not a video.
COVER = ["-f", "lavfi", "-i", "color=c=red:s=16x16:d=1", "-map", "0:a", "-map", "1:v", "-frames:v", "1"]
COVER += ["-c:v", "mjpeg", "-disposition:v", "attached_pic"]

# name → (ffmpeg arguments between the inputs and the output, kind, content type, codec as recorded)
SAMPLES: dict[str, tuple[list[str], str, str, str]] = {
    "voice.webm": ([*SINE, "-c:a", "libopus"], "audio", "audio/webm", "opus"),
    "voice.opus": ([*SINE, "-c:a", "libopus", "-f", "ogg"], "audio", "audio/ogg", "opus"),
    "voice.ogg": ([*SINE, "-c:a", "libvorbis"], "audio", "audio/ogg", "vorbis"),
    "voice.mp3": ([*SINE, "-c:a", "libmp3lame"], "audio", "audio/mpeg", "mp3"),
    "voice.m4a": ([*SINE, "-c:a", "aac"], "audio", "audio/mp4", "aac"),
    "cover.mp3": ([*SINE, *COVER, "-c:a", "libmp3lame", "-id3v2_version", "3"], "audio", "audio/mpeg", "mp3"),
    "cover.m4a": ([*SINE, *COVER, "-c:a", "aac"], "audio", "audio/mp4", "aac"),
    "voice.aac": ([*SINE, "-c:a", "aac", "-f", "adts"], "audio", "audio/aac", "aac"),
    "voice.flac": ([*SINE, "-c:a", "flac"], "audio", "audio/flac", "flac"),
    "voice.wav": ([*SINE, "-c:a", "pcm_s16le"], "audio", "audio/wav", "pcm_s16le"),
    "float.wav": ([*SINE, "-c:a", "pcm_f32le"], "audio", "audio/wav", "pcm_f32le"),
    "film.mp4": (
        [*PICTURE, *SINE, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"],
        "video",
        "video/mp4",
        "h264+aac",
    ),
    "film.mov": (
        [*PICTURE, *SINE, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"],
        "video",
        "video/quicktime",
        "h264+aac",
    ),
    "silent.mp4": ([*PICTURE, "-c:v", "libx264", "-pix_fmt", "yuv420p"], "video", "video/mp4", "h264"),
    "film.webm": ([*PICTURE, *SINE, "-c:v", "libvpx", *FAST_VP, "-c:a", "libopus"], "video", "video/webm", "vp8+opus"),
    "vp9.webm": (
        [*PICTURE, *SINE, "-c:v", "libvpx-vp9", *FAST_VP, "-c:a", "libopus"],
        "video",
        "video/webm",
        "vp9+opus",
    ),
}


def ffmpeg_path() -> str:
    """The ffmpeg executable; the test is skipped without it (failed in CI)."""
    found = shutil.which("ffmpeg")
    if not found:
        message = "ffmpeg is not installed (Debian: apt-get install ffmpeg)"
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def ffprobe_path() -> str:
    found = shutil.which("ffprobe")
    if not found:
        message = "ffprobe is not installed (Debian: apt-get install ffmpeg)"
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def make_recording(folder: Path, name: str) -> bytes:
    """The bytes of ``SAMPLES[name]``, made by ffmpeg in ``folder``."""
    arguments = SAMPLES[name][0]
    output = folder / name
    subprocess.run(
        [ffmpeg_path(), "-nostdin", "-v", "error", "-y", *arguments, str(output)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return output.read_bytes()
