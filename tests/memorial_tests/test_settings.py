import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks

ROOT = Path(__file__).resolve().parents[2]
MAIL_SERVER = "smtp+tls://archive:secret@smtp.example.org:587"


def _run_check(extra_env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "EMAIL_URL"}
    }
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run_check({"DEBUG": "false", "SECRET_KEY": ""}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_a_mail_server():
    """Printed mail would put each family's private status link into the server log."""
    result = _run_check({"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "yaddas.example"}, "check")
    assert result.returncode != 0
    assert "EMAIL_URL is not set" in result.stderr
    assert "smtp+tls://" in result.stderr  # an example of what to set


def test_production_refuses_mail_printed_to_the_console():
    result = _run_check(
        {"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "yaddas.example", "EMAIL_URL": "consolemail://"},
        "check",
        "--deploy",
    )
    assert result.returncode != 0
    assert "memorial.E001" in result.stderr


def test_local_development_still_prints_mail_without_a_mail_server():
    result = _run_check(
        {"DEBUG": "true"},
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_production_starts_with_a_secret_key_and_passes_deploy_checks_that_matter():
    result = _run_check(
        {"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "yaddas.example", "EMAIL_URL": MAIL_SERVER},
        "check",
        "--fail-level",
        "ERROR",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_static_files_build_with_hashed_compressed_names(tmp_path):
    result = _run_check(
        {"DEBUG": "false", "SECRET_KEY": "x" * 60, "EMAIL_URL": MAIL_SERVER, "STATIC_ROOT": str(tmp_path)},
        "collectstatic",
        "--noinput",
    )
    assert result.returncode == 0, result.stderr
    manifest = tmp_path / "staticfiles.json"
    assert manifest.exists()
    assert list(tmp_path.glob("admin/css/base.*.css.gz"))


@pytest.mark.django_db
def test_readiness_check_reports_the_database(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json()["database"] == "up"


@pytest.mark.django_db
def test_a_fresh_setup_passes_the_system_checks_with_no_warning():
    messages = checks.run_checks(databases=["default"], include_deployment_checks=False)

    assert [message for message in messages if not message.is_silenced()] == []
