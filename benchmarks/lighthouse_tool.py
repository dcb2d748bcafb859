"""Lighthouse from npm (pinned in ``benchmarks/lighthouse/package.json``, installed with ``npm ci``) and the
Chromium it drives, for ``benchmarks/lighthouse.py``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from benchmarks.served_site import ROOT, Failure, log

LIGHTHOUSE_DIR = ROOT / "benchmarks" / "lighthouse"
LIGHTHOUSE_BIN = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
DEFAULT_CHROME = "/usr/bin/chromium"


def pinned_version() -> str:
    return json.loads((LIGHTHOUSE_DIR / "package.json").read_text())["dependencies"]["lighthouse"]


def installed_version() -> str | None:
    package = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    try:
        return json.loads(package.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def ensure_lighthouse() -> str:
    """The pinned Lighthouse in benchmarks/lighthouse/node_modules (``npm ci`` when it is not there): its version."""
    wanted = pinned_version()
    if installed_version() != wanted or not LIGHTHOUSE_BIN.exists():
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            raise Failure("Node.js and npm are needed to install Lighthouse (Debian: apt-get install nodejs npm)")
        log(f"npm ci in {LIGHTHOUSE_DIR.relative_to(ROOT)} (Lighthouse {wanted})")
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=LIGHTHOUSE_DIR, capture_output=True, text=True, timeout=900
        )
        if done.returncode != 0:
            raise Failure(f"npm ci failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        if installed_version() != wanted:
            raise Failure(f"npm ci installed Lighthouse {installed_version()}, not the pinned {wanted}")
    return wanted


def chrome_path() -> str:
    path = os.environ.get("CHROME_PATH") or DEFAULT_CHROME
    if not (Path(path).exists() or shutil.which(path)):
        raise Failure(f"no Chromium at {path}: install it (Debian: apt-get install chromium) or set CHROME_PATH")
    return path


def chrome_version(path: str) -> str:
    done = subprocess.run([path, "--version"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"
