"""The sample production configuration in deploy/: its settings pass ``check --deploy`` without a warning, name every
setting the site reads, and its nginx and gunicorn limits match the site's own."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SETTINGS_FILE = ROOT / "memorial" / "settings.py"
ENV_SAMPLE = DEPLOY / "yaddas.env.example"
NGINX = DEPLOY / "nginx" / "yaddas.conf"
# Read by boto3 rather than by the settings, and listed for S3.
READ_BY_BOTO3 = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
# The sample's choices that a real site fills in.
FILLED_IN = {"SECRET_KEY": "k" * 20 + "-Yaddas-sample-secret-key-for-the-test-0123456789"}
LINE = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


def settings_variables() -> set[str]:
    """Every environment variable memorial/settings.py reads: env("NAME"), env.str("NAME"), env.db("NAME")..."""
    source = SETTINGS_FILE.read_text()
    return set(re.findall(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""", source))


def sample() -> tuple[dict[str, str], set[str]]:
    """The sample's values that are set, and the names it lists only commented out (left at the default)."""
    values: dict[str, str] = {}
    commented: set[str] = set()
    for line in ENV_SAMPLE.read_text().splitlines():
        match = LINE.match(line.strip())
        if match is None:
            continue
        comment, name, value = match.groups()
        if comment:
            commented.add(name)
        else:
            values[name] = value
    return values, commented


def test_the_sample_names_every_setting_the_site_reads():
    values, commented = sample()
    missing = settings_variables() - set(values) - commented
    assert not missing, f"not in deploy/yaddas.env.example: {sorted(missing)}"


def test_the_sample_names_nothing_the_site_does_not_read():
    values, commented = sample()
    unknown = set(values) | commented
    unknown -= settings_variables() | READ_BY_BOTO3
    assert not unknown, f"deploy/yaddas.env.example lists what nothing reads: {sorted(unknown)}"


def test_the_sample_settings_pass_the_deploy_checks_without_a_warning():
    values, _commented = sample()
    assert values["DEBUG"] == "false"
    assert values["SECRET_KEY"] == ""  # never a real key in the repository
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    environment.update(values)
    environment.update(FILLED_IN)
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    output = result.stdout + result.stderr
    warnings = set(re.findall(r"\(([\w.]+\.[WE]\d+)\)", output))
    assert warnings == set(), output
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


def nginx_size(text: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", text.lower()).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]


def upload_location() -> str:
    config = NGINX.read_text()
    start = config.index("location ~ ^/(en/|ru/)?(submit|submissions|review|admin)/ {")
    return config[start : config.index("}", start)]


def test_nginx_takes_the_largest_upload_the_site_takes():
    limit = nginx_size(re.search(r"client_max_body_size (\w+);", upload_location()).group(1))

    largest_file = max(settings.ARCHIVE_MAX_UPLOAD_SIZE.values())
    assert limit > settings.SUBMISSION_MAX_TOTAL_BYTES  # a whole submission's files in one post, plus its form
    assert limit > largest_file
    # Everywhere else: a form's text only.
    general = re.search(r"\n    client_max_body_size (\w+);", NGINX.read_text()).group(1)
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < nginx_size(general) < settings.ARCHIVE_MAX_UPLOAD_SIZE["image"]


def test_gunicorn_waits_for_an_upload_as_long_as_nginx_does():
    read_timeout = re.search(r"proxy_read_timeout (\d+)s;", upload_location()).group(1)
    gunicorn = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))

    assert gunicorn["timeout"] == int(read_timeout)
    assert gunicorn["bind"] == "127.0.0.1:8000"
    assert "server 127.0.0.1:8000" in NGINX.read_text()


def test_nginx_serves_stored_files_from_the_media_root_named_in_the_sample():
    values, _commented = sample()
    config = NGINX.read_text()
    location = values["FILES_X_ACCEL_REDIRECT"]
    block = config[config.index(f"location {location} {{") :]

    assert "internal;" in block.split("}")[0]
    assert f"alias {values['MEDIA_ROOT']}/;" in block.split("}")[0]
    assert f"alias {values['STATIC_ROOT']}/;" in config


def test_the_units_run_the_web_the_worker_and_beat_with_the_sample_settings():
    units = {path.stem: path.read_text() for path in (DEPLOY / "systemd").glob("*.service")}

    assert "gunicorn -c deploy/gunicorn.conf.py memorial.wsgi:application" in units["yaddas-web"]
    assert "celery -A memorial worker" in units["yaddas-worker"]
    assert "celery -A memorial beat" in units["yaddas-beat"]
    for unit in units.values():
        assert "EnvironmentFile=/etc/yaddas/yaddas.env" in unit
