"""The throwaway site the page benchmarks serve (``benchmarks/pages.py``, ``benchmarks/lighthouse.py``).

A temporary folder with its database (an SQLite file there, or a PostgreSQL database created and dropped), media,
static files and uploads; the archive built in it (migrations, the public timeline, the demo, ``--count`` imported
victims); gunicorn serving it with the production settings and a hello-world view; the page kinds to measure, with
real addresses; and what a report says of the machine, database, cache and code.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "benchmarks.pages_settings"
HELLO = "/hello/"
WORKERS = 2
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"


from benchmarks.import_victims import write_victims_csv  # noqa: E402 - the invented victims every benchmark imports


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Failure(Exception):
    """The benchmark cannot go on; the message says why."""


# --- the throwaway site ---------------------------------------------------------------------------------------


@dataclass
class Site:
    folder: Path
    database_url: str
    cache_url: str
    env: dict[str, str] = field(default_factory=dict)
    postgres_admin_url: str | None = None
    postgres_name: str | None = None

    def manage(self, *arguments: str) -> str:
        """Run ``manage.py`` with the benchmark's settings; its output, or Failure with it."""
        command = [sys.executable, str(ROOT / "manage.py"), *arguments]
        done = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True)
        if done.returncode != 0:
            raise Failure(f"manage.py {' '.join(arguments)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        return done.stdout + done.stderr


def postgres_parts(url: str) -> tuple[str, str]:
    """(the URL of the server's ``postgres`` database, the benchmark database's name)."""
    parsed = urllib.parse.urlsplit(url)
    name = parsed.path.lstrip("/")
    if not name:
        raise Failure(f"--database-url {url} names no database")
    if "bench" not in name and "load" not in name:
        raise Failure(
            f"--database-url names the database {name!r}, which this benchmark would drop and re-create: "
            "give one whose name contains 'bench' or 'load' (e.g. yaddas_bench)."
        )
    return urllib.parse.urlunsplit(parsed._replace(path="/postgres")), name


def redis_answers(url: str) -> bool:
    parsed = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def choose_cache(requested: str | None) -> str:
    """The cache URL: as given, else a shared Redis cache (what the deploy check asks for) when one answers, else
    local memory. A Redis cache gets a key prefix of its own, so nothing of another run or program is read."""
    url = requested
    if url is None:
        url = DEFAULT_REDIS if redis_answers(DEFAULT_REDIS) else "locmemcache://"
        if url == "locmemcache://":
            log(f"no Redis answers at {DEFAULT_REDIS}: the cache is local memory, one per worker")
    if url.startswith(("redis://", "rediss://")) and "key_prefix" not in url.lower():
        url += ("&" if "?" in url else "?") + f"key_prefix=yaddas-pages-{secrets.token_hex(4)}"
    return url


def make_site(folder: Path, database_url: str | None, cache_url: str) -> Site:
    if database_url is None or database_url.startswith("sqlite"):
        database_url = database_url or f"sqlite:///{folder / 'db.sqlite3'}"
        site = Site(folder, database_url, cache_url)
    else:
        admin_url, name = postgres_parts(database_url)
        site = Site(folder, database_url, cache_url, postgres_admin_url=admin_url, postgres_name=name)
        create_postgres_database(site)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        {
            # Production: DEBUG off (it is on in the project's .env), a real secret key, named hosts, a mail server.
            # The benchmark sends no mail; the server is only named because production refuses to start without one.
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "EMAIL_URL": "smtp://127.0.0.1:25",
            "DATABASE_URL": database_url,
            "CACHE_URL": cache_url,
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(folder / "static"),
            "UPLOAD_TEMP_DIR": str(folder / "uploads"),
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    site.env = env
    return site


def create_postgres_database(site: Site) -> None:
    import psycopg

    try:
        with psycopg.connect(site.postgres_admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{site.postgres_name}"')
            connection.execute(f'CREATE DATABASE "{site.postgres_name}"')
    except psycopg.Error as error:
        raise Failure(f"cannot create the database {site.postgres_name}: {error}") from error


def drop_postgres_database(site: Site) -> None:
    import psycopg

    with psycopg.connect(site.postgres_admin_url, autocommit=True) as connection:
        force = " WITH (FORCE)" if connection.info.server_version >= 130000 else ""
        connection.execute(f'DROP DATABASE IF EXISTS "{site.postgres_name}"{force}')


def build(site: Site, count: int) -> tuple[float, str]:
    """Migrate, load the timeline and the demo, collect static files, import ``count`` victims: the import's seconds."""
    for step in (["migrate", "--noinput"], ["load_history"], ["load_demo"], ["collectstatic", "--noinput"]):
        started = time.perf_counter()
        site.manage(*step)
        log(f"  manage.py {step[0]}: {time.perf_counter() - started:.1f} s")
    generator = "benchmarks/import_victims.py write_victims_csv"
    csv_path = site.folder / "victims.csv"
    write_victims_csv(csv_path, count, seed=0)
    started = time.perf_counter()
    output = site.manage("import_victims", str(csv_path), "--publish", "--allow-duplicates")  # invented namesakes
    seconds = time.perf_counter() - started
    log(f"  manage.py import_victims ({count} victims, CSV {generator}): {seconds:.1f} s")
    log("    " + (output.strip().splitlines() or [""])[-1])
    return seconds, generator


# --- gunicorn -------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


def start_gunicorn(site: Site) -> Server:
    port = free_port()
    log_path = site.folder / "gunicorn.log"
    command = [
        sys.executable, "-m", "gunicorn", "memorial.wsgi:application",
        "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT),
        "--error-logfile", str(log_path), "--log-level", "warning",
    ]  # fmt: skip
    with open(os.devnull, "wb") as devnull:
        # A session of its own: the benchmark alone decides when it stops (see stop_gunicorn).
        process = subprocess.Popen(
            command, cwd=ROOT, env=site.env, stdout=devnull, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(process, port, log_path)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise Failure(f"gunicorn exited ({process.returncode}):\n{server.log_tail()}")
        try:
            status, _ = timed_get(server, HELLO, timeout=5)
            if status == 200:
                return server
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_gunicorn(server)
            raise Failure(f"gunicorn did not answer {HELLO} with 200 within 60 s:\n{server.log_tail()}")
        time.sleep(0.2)


def stop_gunicorn(server: Server) -> None:
    if server.process.poll() is not None:
        return
    server.process.terminate()  # the master: it stops its workers and exits
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def timed_get(server: Server, path: str, timeout: float = 120) -> tuple[int, float]:
    """One request on a new connection (as a browser's first): its status and milliseconds until the last byte."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        connection.close()


# --- measuring ------------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    facts = {"cores": str(os.cpu_count())}
    with contextlib.suppress(OSError):
        cpu = Path("/proc/cpuinfo").read_text()
        if match := re.search(r"^model name\s*:\s*(.+)$", cpu, re.MULTILINE):
            facts["cpu"] = match.group(1).strip()
    with contextlib.suppress(OSError, ValueError):
        meminfo = Path("/proc/meminfo").read_text()
        if match := re.search(r"^MemTotal:\s+(\d+) kB", meminfo, re.MULTILINE):
            facts["ram"] = f"{int(match.group(1)) / 1024**2:.1f} GiB"
    return facts


def git_state() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (" (with uncommitted changes)" if dirty else "")


def database_description(site: Site) -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (temporary file)"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"PostgreSQL {version} ({site.postgres_name}, created and dropped)"


def cache_description(url: str) -> str:
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    shown = re.sub(r"[?&]key_prefix=[^&]*", "", url, flags=re.IGNORECASE)
    return f"{backend} ({shown})" + (", one per worker" if "locmem" in url else "")


def versions() -> str:
    import django
    import gunicorn

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split(" [")[0]
    python = platform.python_version()
    return f"Python {python}, Django {django.get_version()}, gunicorn {gunicorn.__version__}, {wrk_version}"


def close_site(site: Site | None, folder: Path, *, keep: bool, django_ready: bool, server: Server | None) -> None:
    """Stop the server, close the connections, and remove the folder and any database made (unless ``keep``)."""
    if server is not None:
        stop_gunicorn(server)
    if django_ready:
        from django.db import connections

        connections.close_all()
    if keep:
        log(f"kept: {folder}" + (f" and the database {site.postgres_name}" if site and site.postgres_name else ""))
        return
    if site is not None and site.postgres_name:
        try:
            drop_postgres_database(site)
        except Exception as error:  # noqa: BLE001 - cleaning up; say so and go on
            log(f"could not drop the database {site.postgres_name}: {error}")
    shutil.rmtree(folder, ignore_errors=True)
