"""benchmarks/pages.py runs end to end with tiny numbers and prints a row for every page kind.

It times nothing: the figures of so small a run mean nothing. It needs wrk and gunicorn and takes about a minute,
so it is skipped where either is missing."""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE_KINDS = [
    "home",
    "victim list",
    "victim list, fate and letter",
    "victim page",
    "testimony list",
    "testimony page",
    "document list",
    "document page",
    "timeline",
    "places",
    "place page",
    "statistics",
    "search, Latin",
    "search, Cyrillic",
    "feed",
    "sitemap",
]

pytestmark = [
    pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)"),
    pytest.mark.skipif(importlib.util.find_spec("gunicorn") is None, reason="gunicorn is not installed"),
]


def test_pages_benchmark_prints_a_row_for_every_page_kind():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    tiny = ["--count", "50", "--seconds", "1", "--cold-requests", "2", "--cache-url", "locmemcache://", "--markdown"]
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "pages.py"), *tiny],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    rows = {line.split(" | ")[0].removeprefix("| ") for line in done.stdout.splitlines() if line.startswith("| ")}
    assert set(PAGE_KINDS) <= rows, done.stdout
    assert "Import: manage.py import_victims --publish of 50 victims" in done.stdout
    assert "not measured" not in done.stdout
