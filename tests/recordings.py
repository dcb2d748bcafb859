"""Real audio and video files with known codecs, made by FFmpeg in the tests (nothing binary is kept in the
repository). Without ffmpeg these tests are skipped; CI sets REQUIRE_BROWSER_TESTS=1, and installs ffmpeg, so
there a missing ffmpeg is a failure, as a missing browser is (tests/browser/conftest.py)."""

from __future__ import annotations

import io
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

# What a family's phone or recorder writes into a file and the public archive must not show: where it was recorded
# (ISO 6709, as phones write it), the device, and personal notes.
LOCATION = "+40.4093+049.8671/"
DEVICE = ["-metadata", "make=Apple", "-metadata", "model=iPhone 12 of Leyla"]
NOTES = ["-metadata", "title=Leyla at home", "-metadata", "comment=Recorded at 12 Nizami street"]
SECRETS = [b"40.4093", b"049.8671", b"iPhone", b"Leyla", b"Nizami"]
# FFmpeg writes "location" as moov/udta/©xyz in QuickTime files; with use_metadata_tags (MP4 and MOV alike), it writes
# QuickTime keys (mdta) in a meta box, as iPhones do.
UDTA_LOCATION = ["-metadata", f"location={LOCATION}", "-metadata", f"location-eng={LOCATION}", *DEVICE, *NOTES]
MDTA_LOCATION = ["-movflags", "use_metadata_tags", "-metadata", f"com.apple.quicktime.location.ISO6709={LOCATION}"]
MDTA_LOCATION += ["-metadata", "com.apple.quicktime.model=iPhone 12 of Leyla", *NOTES]

# name → (ffmpeg arguments, the SAMPLES entry it is a tagged copy of)
TAGGED: dict[str, tuple[list[str], str]] = {
    "tagged.mov": ([*SAMPLES["film.mov"][0], *UDTA_LOCATION], "film.mov"),
    "iphone.mov": ([*SAMPLES["film.mov"][0], *MDTA_LOCATION], "film.mov"),
    "tagged.mp4": ([*SAMPLES["film.mp4"][0], *MDTA_LOCATION], "film.mp4"),
    "tagged.m4a": ([*SAMPLES["cover.m4a"][0], *MDTA_LOCATION], "cover.m4a"),
    "tagged.mp3": ([*SAMPLES["cover.mp3"][0], "-write_id3v1", "1", *NOTES, *DEVICE], "cover.mp3"),
    "tagged.aac": ([*SAMPLES["voice.aac"][0], "-write_id3v2", "1", "-write_apetag", "1", *NOTES], "voice.aac"),
    "tagged.ogg": ([*SAMPLES["voice.ogg"][0], *NOTES, "-metadata", f"location={LOCATION}"], "voice.ogg"),
    "tagged.opus": ([*SAMPLES["voice.opus"][0], *NOTES, "-metadata", f"location={LOCATION}"], "voice.opus"),
    "tagged.flac": ([*SINE, *COVER, "-c:a", "flac", *NOTES, "-metadata", f"location={LOCATION}"], "voice.flac"),
    "tagged.wav": ([*SAMPLES["voice.wav"][0], "-write_bext", "1", *NOTES, *DEVICE], "voice.wav"),
    "tagged.webm": ([*SAMPLES["film.webm"][0], *NOTES, "-metadata", f"location={LOCATION}"], "film.webm"),
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
    """The bytes of ``SAMPLES[name]`` (or ``TAGGED[name]``), made by ffmpeg in ``folder``."""
    arguments = TAGGED[name][0] if name in TAGGED else SAMPLES[name][0]
    output = folder / name
    subprocess.run(
        [ffmpeg_path(), "-nostdin", "-v", "error", "-y", *arguments, str(output)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return output.read_bytes()


def as_gps_track(mp4: bytes) -> tuple[bytes, bytes]:
    """``mp4`` (video and sound) with its sound track made a timed-metadata track, as GoPro writes its GPS (handler
    ``meta``, samples ``gpmd``); and the first bytes of that track's samples, to look for afterwards."""
    data = bytearray(mp4)
    handler, entry = data.find(b"soun"), data.find(b"mp4a")
    data[handler : handler + 4], data[entry : entry + 4] = b"meta", b"gpmd"
    second_table = data.find(b"stco", data.find(b"stco") + 4)  # the second track's chunk offsets
    first_chunk = int.from_bytes(data[second_table + 12 : second_table + 16], "big")
    return bytes(data), bytes(data[first_chunk : first_chunk + 32])


def with_unknown_sizes(webm: bytes) -> bytes:
    """``webm`` as browsers record it (MediaRecorder): the segment and every cluster of unknown size."""
    from archive.ingest.recordings import _ebml_element

    data = bytearray(webm)
    stream = io.BytesIO(webm)
    _header, length = _ebml_element(stream)
    stream.seek(stream.tell() + length)
    positions = [stream.tell()]
    _segment, length = _ebml_element(stream)
    end = stream.tell() + length
    while stream.tell() < end:
        start = stream.tell()
        element_id, length = _ebml_element(stream)
        if element_id == 0x1F43B675:  # Cluster
            positions.append(start)
        stream.seek(stream.tell() + length)
    for position in positions:
        id_width = 9 - data[position].bit_length()
        width = 9 - data[position + id_width].bit_length()
        data[position + id_width : position + id_width + width] = ((1 << (8 * width - width + 1)) - 1).to_bytes(
            width, "big"
        )
    return bytes(data)
