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
        # DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set for themselves, is itself a deployment error.
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "EMAIL_URL"} and not key.startswith("DJANGO_")
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


# The production settings README.md documents ("Security"): HTTPS behind a proxy, HSTS, a shared cache, a broker.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-a-production-key-of-fifty-characters-or-more-0123456789",
    "ALLOWED_HOSTS": "yaddas.example",
    "CSRF_TRUSTED_ORIGINS": "https://yaddas.example",
    "EMAIL_URL": MAIL_SERVER,
    "SMS_URL": "twilio://AC0123456789abcdef0123456789abcdef:secret@+15005550006",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/2",
    "BEHIND_HTTPS_PROXY": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}
HTTPS_WARNINGS = {
    "SECURE_SSL_REDIRECT": "security.W008",
    "SECURE_HSTS_SECONDS": "security.W004",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "security.W005",
    "SECURE_HSTS_PRELOAD": "security.W021",
}


def test_the_documented_production_settings_pass_the_deploy_checks_without_a_warning():
    result = _run_check(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("variable", sorted(HTTPS_WARNINGS))
def test_each_https_setting_left_out_is_named_by_the_deploy_checks(variable):
    settings = {key: value for key, value in PRODUCTION.items() if key != variable}

    result = _run_check(settings, "check", "--deploy")

    assert HTTPS_WARNINGS[variable] in result.stderr
