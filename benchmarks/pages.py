#!/usr/bin/env python
"""Requests per second of every page kind, as a ratio to a hello-world Django view on the same server, same run.

    .venv/bin/python benchmarks/pages.py                       # SQLite, 10,000 victims, about 10 minutes
    .venv/bin/python benchmarks/pages.py --markdown            # the same, the table in Markdown for the README
    .venv/bin/python benchmarks/pages.py --database-url postgres://postgres@127.0.0.1:5432/yaddas_bench

What it does, in one run:

1. A throwaway archive in a temporary folder: its database (an SQLite file there, or the PostgreSQL database named
   by ``--database-url``, created and dropped), media, static files and uploads. ``migrate``, ``load_history`` (the
   public timeline), ``load_demo`` (a few testimonies and documents, marked as demonstration data), ``collectstatic``,
   then ``import_victims FILE --publish`` of ``--count`` invented victims, timed: "the import time".
2. gunicorn with 2 sync workers, the production settings (``DEBUG`` off, a secret key, allowed hosts, a mail server
   URL, whitenoise's manifest) and ``benchmarks/hello_urls.py``: the site's URLs plus ``/hello/``, a view that only
   answers "Hello, world" through the same middleware (``benchmarks/pages_settings.py`` selects it).
3. Warm: ``wrk -t2 -c8 -d<seconds>s`` on each page, with hello world measured before and after every page (hello,
   page, hello, page, ..., hello); a page's ratio is its requests/s over the mean of the two hello-world figures next
   to it, so drift of a shared machine weighs on both alike. ``--rounds N`` repeats the pass and keeps each page's
   median ratio, for a machine busy with other work.
4. Cold: the first request after a change. For each page, ``--cold-requests`` times: save the record the page shows
   (or a victim) through the ORM in this process, on the same database and settings, so every signal a real edit
   sends is sent (search's results version, anything else that listens); then time one request on a new connection.
   Hello world is timed the same way between them (a save, then one request). The median latency of each, and
   their ratio.

Prints a table (page kind, path, warm req/s, hello req/s, warm ratio, cold median ms, cold ratio, goal, met?), the
import time, date, machine, database and cache. Progress goes to stderr, the report to stdout. Needs ``wrk``
(Debian: ``apt-get install wrk``) and gunicorn in the virtualenv. Exits non-zero when a page did not answer 200.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import http.client
import importlib.util
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The script's own folder holds benchmarks/search.py, which must not shadow the search app.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

SETTINGS_MODULE = "benchmarks.pages_settings"
HELLO = "/hello/"
WORKERS = 2
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
# The goals: a page's requests/s as a share of hello world's (warm), and the import's seconds.
GOAL_IMPORT_SECONDS = 30.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Failure(Exception):
    """The benchmark cannot go on; the message says why."""


# --- the list of victims to import ---------------------------------------------------------------------------

# Used only when benchmarks/import_victims.py (write_victims_csv) is not there.
_SURNAMES = [
    ("Məmmədov", "Мамедов", "Mammadov"), ("Əliyev", "Алиев", "Aliyev"), ("Hüseynov", "Гусейнов", "Huseynov"),
    ("Həsənov", "Гасанов", "Hasanov"), ("İbrahimov", "Ибрагимов", "Ibrahimov"), ("Quliyev", "Кулиев", "Guliyev"),
    ("Hacıyev", "Гаджиев", "Hajiyev"), ("Rzayev", "Рзаев", "Rzayev"), ("Musayev", "Мусаев", "Musayev"),
    ("Abbasov", "Аббасов", "Abbasov"), ("Babayev", "Бабаев", "Babayev"), ("Cəfərov", "Джафаров", "Jafarov"),
    ("İsmayılov", "Исмаилов", "Ismayilov"), ("Qasımov", "Касимов", "Gasimov"), ("Kərimov", "Керимов", "Karimov"),
    ("Səfərov", "Сафаров", "Safarov"), ("Vəliyev", "Велиев", "Valiyev"), ("Bağırov", "Багиров", "Baghirov"),
    ("Xəlilov", "Халилов", "Khalilov"), ("Şirinov", "Ширинов", "Shirinov"),
]  # fmt: skip
_MALE = [
    ("Əli", "Али", "Ali"), ("Məmməd", "Мамед", "Mammad"), ("Hüseyn", "Гусейн", "Huseyn"), ("Rauf", "Рауф", "Rauf"),
    ("Elşən", "Эльшан", "Elshan"), ("Tofiq", "Тофик", "Tofig"), ("Vüqar", "Вугар", "Vugar"), ("Fuad", "Фуад", "Fuad"),
    ("Natiq", "Натик", "Natig"), ("Rafiq", "Рафик", "Rafig"), ("Zaur", "Заур", "Zaur"), ("İlham", "Ильхам", "Ilham"),
]  # fmt: skip
_FEMALE = [
    ("Səbinə", "Сабина", "Sabina"), ("Nərgiz", "Наргиз", "Nargiz"), ("Cəmilə", "Джамиля", "Jamila"),
    ("Ülkər", "Улькер", "Ulkar"), ("Aygün", "Айгюн", "Aygun"),
]  # fmt: skip
_FATES = ["killed"] * 12 + ["died_of_wounds"] * 3 + ["injured"] * 3 + ["missing", "arrested"]
_PLACES = ["Bakı", "Yasamal", "Azadlıq meydanı", "Neftçala", "Lənkəran", "Salyan kazarması", "Tbilisi prospekti"]
_COLUMNS = [
    "surname_az", "given_name_az", "patronymic_az", "surname_ru", "given_name_ru", "patronymic_ru",
    "surname_en", "given_name_en", "variants", "gender", "birth_date", "death_date", "fate", "place",
    "biography_az", "biography_en", "biography_ru",
]  # fmt: skip


def builtin_victims_csv(path: Path, count: int, seed: int = 0) -> None:
    """``count`` invented victims in the importer's columns; no two rows share names and dates (no duplicates)."""
    rng = random.Random(seed)
    seen: set[tuple[str, ...]] = set()
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(_COLUMNS)
        while len(seen) < count:
            female = rng.random() < 0.15
            surname = rng.choice(_SURNAMES)
            given = rng.choice(_FEMALE if female else _MALE)
            father = rng.choice(_MALE)
            year = rng.randint(1915, 1975)
            birth = rng.choice([f"{year}", f"{year}~", f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
            death = rng.choice(["1990-01-20", "1990-01-20", "1990-01-19", "1990-01"])
            s_az, s_ru, s_en = (part + ("a" if female else "") for part in surname)
            patronymic_az = f"{father[0]} {'qızı' if female else 'oğlu'}"
            identity = (s_az, given[0], patronymic_az, birth, death)
            if identity in seen:
                continue
            seen.add(identity)
            writer.writerow(
                [
                    s_az, given[0], patronymic_az, s_ru, given[1], father[1] + ("овна" if female else "ович"),
                    s_en, given[2], f"{s_en.replace('a', 'e', 1)} {given[2]}" if rng.random() < 0.2 else "",
                    "f" if female else "m", birth, death, rng.choice(_FATES), rng.choice(_PLACES),
                    f"{given[0]} {s_az} 1990-cı il yanvarın 20-də Bakıda həlak olub.", "", "",
                ]
            )  # fmt: skip


def victims_csv_writer() -> tuple[Callable[..., None], str]:
    """The shared generator of benchmarks/import_victims.py when it is there, else the one above."""
    if (ROOT / "benchmarks" / "import_victims.py").exists():
        try:
            from benchmarks.import_victims import write_victims_csv
        except ImportError as error:
            log(f"benchmarks/import_victims.py has no usable write_victims_csv ({error}); using the built-in list")
        else:
            return write_victims_csv, "benchmarks/import_victims.py write_victims_csv"
    return builtin_victims_csv, "built into benchmarks/pages.py"


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
    if "bench" not in name:
        raise Failure(
            f"--database-url names the database {name!r}, which this benchmark would drop and re-create: "
            "give one whose name contains 'bench' (e.g. yaddas_bench)."
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
    write_csv, generator = victims_csv_writer()
    csv_path = site.folder / "victims.csv"
    write_csv(csv_path, count, seed=0)
    started = time.perf_counter()
    output = site.manage("import_victims", str(csv_path), "--publish")
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


# --- the pages ------------------------------------------------------------------------------------------------


@dataclass
class Page:
    kind: str
    path: str
    goal: float | None  # warm requests/s as a share of hello world's, or None
    change: Callable[[], None]  # what the cold measurement saves before each request
    changed: str  # ... in words
    status: int | None = None
    error: str = ""
    warm: float | None = None
    hello_warm: float | None = None
    warm_notes: list[str] = field(default_factory=list)
    cold_ms: float | None = None
    hello_cold_ms: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.warm / self.hello_warm if self.warm and self.hello_warm else None

    @property
    def cold_ratio(self) -> float | None:
        return self.hello_cold_ms / self.cold_ms if self.cold_ms and self.hello_cold_ms else None

    @property
    def meets(self) -> bool | None:
        if self.goal is None:
            return None
        return self.ratio is not None and self.ratio >= self.goal


def saver(record, reason: str = "benchmarks/pages.py: cold request") -> Callable[[], None]:
    """Save ``record`` as an edit would: every post_save receiver runs (search's version, history, anything new)."""

    def save() -> None:
        record._change_reason = reason
        record.save()

    return save


def setup_django(site: Site) -> None:
    os.environ.update(site.env)
    import django

    django.setup()


def analyze_postgres() -> None:
    """What autovacuum does soon after a bulk load: statistics, and the visibility map of the new rows."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def pages_to_measure() -> tuple[list[Page], Callable[[], None], dict[str, str]]:
    """The page kinds with real paths from the archive just built, the change before a cold hello, and facts."""
    from django.db.models import Count, Q

    from archive.models import Document, Event, Place, Testimony, Victim
    from archive.names import az_upper
    from memorial.filters import AZ_LETTERS

    imported = Victim.objects.public().filter(is_demo=False)
    total = imported.count()
    if not total:
        raise Failure("no published victims after the import")
    victim = imported.order_by("identifier")[total // 2]
    common = (
        imported.exclude(surname_az="").values("surname_az").annotate(n=Count("pk")).order_by("-n", "surname_az")[0]
    )
    surname = common["surname_az"]
    surname_ru = (
        imported.filter(surname_az=surname).exclude(surname_ru="").values_list("surname_ru", flat=True).first()
        or "Мамедов"
    )
    letter = az_upper(surname[0])
    if letter not in AZ_LETTERS:
        letter = AZ_LETTERS[0]
    # The richest public testimony and document (the most transcript segments, files, named victims).
    testimony = (
        Testimony.objects.public()
        .annotate(parts=Count("segments", distinct=True) + Count("media", distinct=True))
        .order_by("-parts", "identifier")
        .first()
    )
    document = (
        Document.objects.public().annotate(parts=Count("media", distinct=True)).order_by("-parts", "identifier").first()
    )
    public_victims = Q(victims__in=Victim.objects.public())
    place = Place.objects.annotate(n=Count("victims", filter=public_victims)).order_by("-n", "slug").first()
    event = Event.objects.public().order_by("pk").first()

    save_victim = saver(victim)
    changes = {"victim": (save_victim, f"victim {victim.identifier}")}
    if testimony:
        changes["testimony"] = (saver(testimony), f"testimony {testimony.identifier}")
    if document:
        changes["document"] = (saver(document), f"document {document.identifier}")
    if place:
        changes["place"] = (saver(place), f"place {place.slug}")
    if event:
        changes["event"] = (saver(event), f"event #{event.pk}")

    def page(kind: str, path: str, goal: float | None, change: str) -> Page:
        save, words = changes.get(change, changes["victim"])
        return Page(kind, path, goal, save, words)

    q = urllib.parse.quote
    pages = [
        page("home", "/", 0.40, "victim"),
        page("victim list", "/victims/", 0.30, "victim"),
        page("victim list, fate and letter", f"/victims/?fate=killed&letter={q(letter)}", 0.30, "victim"),
        page("victim page", f"/victims/{victim.identifier}/", 0.40, "victim"),
        page("testimony list", "/testimonies/", None, "testimony"),
        page(
            "testimony page",
            f"/testimonies/{testimony.identifier}/" if testimony else "/testimonies/T-missing/",
            0.30,
            "testimony",
        ),
        page("document list", "/documents/", None, "document"),
        page(
            "document page",
            f"/documents/{document.identifier}/" if document else "/documents/D-missing/",
            None,
            "document",
        ),
        page("timeline", "/timeline/", None, "event"),
        page("places", "/places/", None, "place"),
        page("place page", f"/places/{place.slug}/" if place else "/places/missing/", None, "place"),
        page("statistics", "/statistics/", None, "victim"),
        page("search, Latin", f"/search/?q={q(surname)}", 0.12, "victim"),
        page("search, Cyrillic", f"/search/?q={q(surname_ru)}", 0.12, "victim"),
        page("feed", "/feeds/recent/", None, "testimony"),
        page("sitemap index", "/sitemap.xml", None, "victim"),
        page("sitemap, victims", "/sitemap-victims.xml", None, "victim"),
    ]
    facts = {"victims": f"{Victim.objects.public().count():,}", "victims_imported": f"{total:,}"}
    return pages, save_victim, facts


# --- measuring ------------------------------------------------------------------------------------------------

_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET_ERRORS = re.compile(r"Socket errors:\s+(.*)")


def wrk(server: Server, path: str, seconds: int) -> tuple[float, list[str]]:
    """Requests/s of ``path`` under ``wrk -t2 -c8``, and what went wrong (non-2xx answers, socket errors)."""
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "30s", "--latency", server.url(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    found = _RATE.search(done.stdout)
    if done.returncode != 0 or not found:
        raise Failure(f"wrk failed on {path}:\n{done.stdout}{done.stderr}")
    notes = []
    if match := _NON_2XX.search(done.stdout):
        notes.append(f"{match.group(1)} answers not 2xx/3xx")
    if match := _SOCKET_ERRORS.search(done.stdout):
        notes.append(f"socket errors: {match.group(1).strip()}")
    return float(found.group(1)), notes


def check_pages(server: Server, pages: list[Page]) -> None:
    """Each page once (and a second time, so both workers have seen it): a page that is not 200 is not measured."""
    for page in pages:
        try:
            for _ in range(WORKERS + 1):
                page.status, milliseconds = timed_get(server, page.path)
                if page.status != 200:
                    break
        except OSError as error:
            page.error = f"no answer: {error}"
            log(f"  {page.kind}: {page.path} gave no answer ({error}); not measured")
            continue
        if page.status != 200:
            page.error = f"answered {page.status}"
            log(f"  {page.kind}: {page.path} answered {page.status}; not measured")
        else:
            log(f"  {page.kind}: {page.path} 200 ({milliseconds:.0f} ms)")


def measure_warm(server: Server, pages: list[Page], seconds: int, rounds: int) -> None:
    """hello, page, hello, page, ..., hello: each page's hello world is the mean of the two runs next to it.

    With several rounds, the whole pass is repeated and each page keeps its median ratio (and the round's figures)."""
    measured = [page for page in pages if not page.error]
    results: dict[str, list[tuple[float, float]]] = {page.kind: [] for page in measured}
    for round_number in range(1, rounds + 1):
        if rounds > 1:
            log(f" round {round_number} of {rounds}")
        hello, notes = wrk(server, HELLO, seconds)
        log(f"  hello world: {hello:.0f} req/s")
        for page in measured:
            rate, page_notes = wrk(server, page.path, seconds)
            after, more = wrk(server, HELLO, seconds)
            results[page.kind].append((rate, (hello + after) / 2))
            page.warm_notes += page_notes + [f"hello world: {note}" for note in (*notes, *more)]
            log(
                f"  {page.kind}: {rate:.0f} req/s, hello world {after:.0f} req/s"
                + "".join(f"; {n}" for n in page_notes)
            )
            hello, notes = after, more
    for page in measured:
        rate, hello = sorted(results[page.kind], key=lambda pair: pair[0] / pair[1])[(len(results[page.kind]) - 1) // 2]
        page.warm, page.hello_warm = rate, hello
        page.warm_notes = list(dict.fromkeys(page.warm_notes))


def measure_cold(server: Server, pages: list[Page], hello_change: Callable[[], None], repeats: int) -> None:
    for page in pages:
        if page.error:
            continue
        page_ms, hello_ms = [], []
        try:
            for _ in range(repeats):
                hello_change()
                status, milliseconds = timed_get(server, HELLO)
                hello_ms.append(milliseconds)
                page.change()
                status, milliseconds = timed_get(server, page.path)
                if status != 200:
                    raise Failure(f"answered {status} after a change")
                page_ms.append(milliseconds)
        except (OSError, Failure) as error:
            page.error = f"cold: {error}"
            log(f"  {page.kind}: {page.error}")
            continue
        page.cold_ms, page.hello_cold_ms = statistics.median(page_ms), statistics.median(hello_ms)
        log(f"  {page.kind}: {page.cold_ms:.1f} ms (hello world {page.hello_cold_ms:.1f} ms)")


# --- the report -----------------------------------------------------------------------------------------------


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


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def number(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def rows(pages: list[Page]) -> Iterator[list[str]]:
    for page in pages:
        goal = f"≥ {100 * page.goal:.0f} %" if page.goal is not None else "—"
        met = {None: "—", True: "yes", False: "NO"}[page.meets]
        if page.error and page.warm is None:
            met = "not measured: " + page.error
        elif page.error:
            met += f" (cold not measured: {page.error})"
        yield [
            page.kind,
            urllib.parse.unquote(page.path),
            number(page.warm),
            number(page.hello_warm),
            percent(page.ratio),
            number(page.cold_ms, 1),
            percent(page.cold_ratio),
            goal,
            met,
        ]


HEADER = [
    "page kind",
    "path",
    "warm req/s",
    "hello req/s",
    "warm ratio",
    "cold median ms",
    "cold ratio",
    "goal",
    "met?",
]
RIGHT = {2, 3, 4, 5, 6}


def table(pages: list[Page], markdown: bool) -> str:
    body = list(rows(pages))
    if markdown:
        lines = ["| " + " | ".join(HEADER) + " |"]
        lines.append("| " + " | ".join("---:" if i in RIGHT else "---" for i in range(len(HEADER))) + " |")
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [HEADER, *body]) for i in range(len(HEADER))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in RIGHT else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(HEADER), line(["-" * w for w in widths]), *(line(row) for row in body)])


def report(
    pages: list[Page],
    *,
    markdown: bool,
    import_seconds: float,
    count: int,
    generator: str,
    site: Site,
    facts: dict[str, str],
    args: argparse.Namespace,
    load: tuple[tuple[float, ...], tuple[float, ...]],
) -> None:
    hello_cold = [page.hello_cold_ms for page in pages if page.hello_cold_ms]
    lines = [
        table(pages, markdown),
        "",
        f"Warm: wrk -t2 -c8 -d{args.seconds}s per page, hello world measured before and after each page (its mean is "
        "the page's hello req/s)"
        + (f"; {args.rounds} rounds, each page's median ratio" if args.rounds > 1 else "")
        + f". Cold: median of {args.cold_requests} requests, each on a new connection right "
        "after a save of the page's record through the ORM; hello world timed the same way between them"
        + (f" (median of medians {statistics.median(hello_cold):.1f} ms)." if hello_cold else "."),
        "Cold requests follow a save of: "
        + "; ".join(
            f"{changed} ({' / '.join(p.kind for p in pages if p.changed == changed)})"
            for changed in dict.fromkeys(p.changed for p in pages)
        )
        + ".",
        *(f"Warning, {page.kind}: {'; '.join(page.warm_notes)}." for page in pages if page.warm_notes),
        "",
        f"Import: manage.py import_victims --publish of {count:,} victims: {import_seconds:.1f} s "
        f"(goal < {GOAL_IMPORT_SECONDS:.0f} s for 10,000: "
        + (
            ("met" if import_seconds < GOAL_IMPORT_SECONDS else "NOT met")
            if count == 10_000
            else f"not judged, {count:,} victims; {import_seconds * 10_000 / count:.1f} s per 10,000"
        )
        + f"). CSV {generator}. Public victims in the archive: {facts['victims']}.",
    ]
    facts_machine = machine()
    lines += [
        f"Date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"Machine: {facts_machine.get('cores')} cores ({facts_machine.get('cpu', 'CPU unknown')}), "
        f"{facts_machine.get('ram', 'RAM unknown')} RAM, {platform.system()} {platform.release()}; "
        f"load average {load[0][0]:.2f} before, {load[1][0]:.2f} after",
        f"Server: gunicorn, {WORKERS} sync workers, production settings (DEBUG off, whitenoise manifest), "
        "on the same machine as wrk",
        f"Database: {database_description(site)}",
        f"Cache: {cache_description(site.cache_url)}",
        f"Code: commit {git_state()}; {versions()}",
    ]
    if markdown:
        lines = lines[:2] + [f"- {line}" if line else line for line in lines[2:]]
    print("\n".join(lines), flush=True)


# --- main -----------------------------------------------------------------------------------------------------


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000, help="victims to import (default 10,000)")
    parser.add_argument("--seconds", type=int, default=5, help="seconds of wrk per measurement (default 5)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="warm passes over all pages; each page keeps its median ratio (default 1: one pass)",
    )
    parser.add_argument(
        "--cold-requests", type=int, default=20, help="cold requests per page, each after a change (default 20)"
    )
    parser.add_argument(
        "--database-url",
        help="default: an SQLite file in the temporary folder. postgres://…/NAME: that database is created and "
        "dropped (its name must contain 'bench')",
    )
    parser.add_argument(
        "--cache-url",
        help=f"default: {DEFAULT_REDIS} when Redis answers there (a shared cache, as production needs), else "
        "local memory (locmemcache://)",
    )
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown, for the README")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (and database) for inspection")
    args = parser.parse_args()
    if min(args.count, args.seconds, args.rounds, args.cold_requests) < 1:
        parser.error("--count, --seconds, --rounds and --cold-requests must be at least 1")
    return args


def check_tools() -> None:
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed; it makes the load. Install it (Debian/Ubuntu: sudo apt-get install wrk; "
            "macOS: brew install wrk) and run this again.",
            file=sys.stderr,
        )
        raise SystemExit(2)
    if importlib.util.find_spec("gunicorn") is None:
        print(
            f"gunicorn is not installed in this Python ({sys.executable}): {Path(sys.executable).parent}/pip install "
            "gunicorn, then run this again.",
            file=sys.stderr,
        )
        raise SystemExit(2)


def main() -> int:
    args = parse_arguments()
    check_tools()

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    folder = Path(tempfile.mkdtemp(prefix="yaddas-pages-"))
    site: Site | None = None
    server: Server | None = None
    django_ready = False
    try:
        log(f"temporary folder: {folder}")
        site = make_site(folder, args.database_url, choose_cache(args.cache_url))
        log("building the archive:")
        import_seconds, generator = build(site, args.count)
        setup_django(site)
        django_ready = True
        analyze_postgres()
        pages, hello_change, facts = pages_to_measure()
        load_before = os.getloadavg()
        log(f"starting gunicorn ({WORKERS} sync workers); load average {load_before[0]:.2f}")
        server = start_gunicorn(site)
        log(f"gunicorn on {server.url('/')}; checking every page:")
        check_pages(server, pages)
        log(f"warm, {args.seconds} s per measurement:")
        measure_warm(server, pages, args.seconds, args.rounds)
        log(f"cold, {args.cold_requests} requests per page:")
        measure_cold(server, pages, hello_change, args.cold_requests)
        load_after = os.getloadavg()
        stop_gunicorn(server)
        report(
            pages,
            markdown=args.markdown,
            import_seconds=import_seconds,
            count=args.count,
            generator=generator,
            site=site,
            facts=facts,
            args=args,
            load=(load_before, load_after),
        )
        failed = [page for page in pages if page.error]
        if failed:
            log("not measured: " + "; ".join(f"{page.kind} {page.path}: {page.error}" for page in failed))
            return 1
        return 0
    except Failure as failure:
        log(f"benchmark failed: {failure}")
        if server is not None:
            log(f"gunicorn's log ends:\n{server.log_tail()}")
        return 1
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        if server is not None:
            stop_gunicorn(server)
        if django_ready:
            from django.db import connections

            connections.close_all()
        if args.keep:
            log(f"kept: {folder}" + (f" and the database {site.postgres_name}" if site and site.postgres_name else ""))
        else:
            if site is not None and site.postgres_name:
                try:
                    drop_postgres_database(site)
                except Exception as error:  # noqa: BLE001 - cleaning up; say so and go on
                    log(f"could not drop the database {site.postgres_name}: {error}")
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
