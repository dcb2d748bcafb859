"""benchmarks/pages.py runs end to end with tiny numbers and prints a row for every page kind.

It times nothing: the figures of so small a run mean nothing. It needs wrk and gunicorn and takes about a minute,
so it is skipped where either is missing (and fails in CI, which installs them)."""

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
    "sitemap index",
    "sitemap, victims",
]


def test_pages_benchmark_prints_a_row_for_every_page_kind():
    missing = [
        name
        for name, present in (("wrk", shutil.which("wrk")), ("gunicorn", importlib.util.find_spec("gunicorn")))
        if present is None
    ]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install wrk; gunicorn is in requirements.txt)"
        if os.environ.get("REQUIRE_BROWSER_TESTS"):  # CI installs them: there a missing tool is a failure
            pytest.fail(message)
        pytest.skip(message)
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
