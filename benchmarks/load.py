#!/usr/bin/env python
"""The whole site under a crowd: locust against two gunicorn servers and two Celery workers on one PostgreSQL, one
Redis and one S3-protocol server, all on this machine, in steps of more and more visitors.

    .venv/bin/python benchmarks/load.py                                  # 3 steps (50, 150, 300 visitors) of 30 s
    .venv/bin/python benchmarks/load.py --users 20,40,80,160 --seconds 60 --markdown

What it does:

1. A throwaway archive (``benchmarks/served_site.py``, as the page benchmarks build it): the PostgreSQL database
   named by ``--database-url`` (created and dropped; its name must contain "load" or "bench"), the timeline, the
   demo, ``--victims`` imported victims. Its files go to a private bucket of moto's S3 server, started here as the
   tests start it (``tests/s3.py``: signature v4 checked, signed URLs), so recordings are played through signed URLs
   and uploads are stored there. The cache on Redis database 9, the broker on database 10, both emptied before and
   after. Mail goes nowhere (``dummymail://``); everything else is the production settings.
2. Two gunicorn servers (2 sync workers each, different ports) and two ``celery -A memorial worker`` processes.
3. A warm-up (``--warmup`` seconds, not counted), then for each number of visitors in ``--users``: locust,
   headless, for ``--seconds``, every visitor started at once and kept to one server (taken in turn). The visitors
   (``benchmarks/load_locustfile.py``), by weight: browsing the names and victims' pages 10, searching 4, listening
   to a testimony (its page, then two byte ranges of its recording) 3, a family sending the form with a photograph
   1, and one reviewer signed in going through the queue.
4. Per step: requests per second, median and 95th percentile in ms, errors (answers a person would not expect);
   then the highest rate with no error and a 95th percentile under 500 ms. Submissions received and background
   tasks failed are counted at the end.

Needs locust (``.venv/bin/pip install -r benchmarks/requirements-load.txt``), Redis on 127.0.0.1:6379 and
PostgreSQL. Progress goes to stderr, the report to stdout. The load goes to 127.0.0.1 only, and every process this
starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The script's own folder holds benchmarks/search.py, which must not shadow the search app.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

from benchmarks.page_kinds import analyze_postgres, setup_django  # noqa: E402
from benchmarks.served_site import (  # noqa: E402 - after the path is set
    Failure,
    Server,
    build,
    close_site,
    git_state,
    log,
    machine,
    make_site,
    start_gunicorn,
    stop_gunicorn,
)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/yaddas_load"
CACHE_REDIS = "redis://127.0.0.1:6379/9"
BROKER_REDIS = "redis://127.0.0.1:6379/10"
GOAL_P95_MS = 500
LOCUSTFILE = ROOT / "benchmarks" / "load_locustfile.py"


@dataclass
class Step:
    users: int
    requests: int = 0
    failures: int = 0
    rate: float = 0.0
    median: float = 0.0
    p95: float = 0.0
    slowest: str = ""  # the request kind with the highest 95th percentile, of those asked often enough to say
    errors: list[str] | None = None
    kinds: list[tuple[str, int, float, float]] | None = None  # name, requests, median, p95

    @property
    def meets(self) -> bool:
        return self.requests > 0 and self.failures == 0 and self.p95 < GOAL_P95_MS


def start_s3():
    """moto's S3 server on a free port of 127.0.0.1, as the tests start it, and a private bucket."""
    from tests.s3 import S3Server

    server = S3Server.start()
    return server, server.new_bucket()


def storage_environment(server, bucket) -> dict[str, str]:
    from tests.s3 import ACCESS_KEY, REGION, SECRET_KEY

    return {
        "AWS_STORAGE_BUCKET_NAME": bucket.name,
        "AWS_S3_ENDPOINT_URL": server.endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    }


def start_worker(site, name: str) -> subprocess.Popen:
    log_file = open(site.folder / f"celery-{name}.log", "wb")  # noqa: SIM115 - closed with the process
    command = [sys.executable, "-m", "celery", "-A", "memorial", "worker", "--concurrency", "1"]
    command += ["--hostname", f"{name}@%h", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"]
    return subprocess.Popen(
        command, cwd=ROOT, env=site.env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop_process(process: subprocess.Popen, timeout: float = 30) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def create_reviewer(site) -> dict[str, str]:
    output = site.manage("create_curator", "loadreviewer", "--reviewer")
    password = re.search(r"password: (\S+)", output).group(1)
    return {"username": "loadreviewer", "password": password}


def targets(servers: list[Server], reviewer: dict[str, str]) -> dict:
    """What the visitors ask for: real addresses of public records and files, and names to search for."""
    from archive.models import MediaFile, Testimony, Victim

    victims = list(Victim.objects.public().order_by("?").values_list("identifier", flat=True)[:500])
    names = sorted({name for name in Victim.objects.public().values_list("surname_az", flat=True)[:2000] if name})
    testimonies = []
    for testimony in Testimony.objects.public():
        recording = MediaFile.objects.public().filter(testimony=testimony, role=MediaFile.Role.RECORDING).first()
        if recording is not None:
            testimonies.append(
                {"path": testimony.get_absolute_url(), "file": recording.get_absolute_url(), "size": recording.size}
            )
    if not victims or not testimonies:
        raise Failure("the archive has no public victims or no public testimony with a recording")
    return {
        "servers": [f"http://127.0.0.1:{server.port}" for server in servers],
        "victims": [f"/victims/{identifier}/" for identifier in victims],
        "names": names[:300],
        "testimonies": testimonies,
        "reviewer": reviewer,
    }


def require_locust() -> None:
    from importlib.util import find_spec

    if find_spec("locust") is None:  # looked up, never imported: locust monkey-patches whatever imports it
        raise Failure("locust is not installed: .venv/bin/pip install -r benchmarks/requirements-load.txt")


def run_step(site, users: int, seconds: int, targets_file: Path, name: str = "step") -> Step:
    prefix = site.folder / f"{name}-{users}"
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "-u", str(users), "-r", str(users), "--run-time", f"{seconds}s", "--stop-timeout", "10",
        "--csv", str(prefix), "--loglevel", "WARNING", "--exit-code-on-error", "0",
    ]  # fmt: skip
    env = {**os.environ, "YADDAS_LOAD_TARGETS": str(targets_file), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 120)
    stats_file = Path(f"{prefix}_stats.csv")
    if done.returncode != 0 or not stats_file.exists():
        raise Failure(f"locust failed ({done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    step = Step(users, kinds=[])
    with stats_file.open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                step.requests, step.failures = int(row["Request Count"]), int(row["Failure Count"])
                step.rate, step.median, step.p95 = float(row["Requests/s"]), float(row["50%"]), float(row["95%"])
            elif int(row["Request Count"]):
                step.kinds.append((row["Name"], int(row["Request Count"]), float(row["50%"]), float(row["95%"])))
    frequent = [kind for kind in step.kinds if kind[1] >= 10]  # not the reviewer's one sign-in
    if frequent:
        name, _count, _median, p95 = max(frequent, key=lambda kind: kind[3])
        step.slowest = f"{name} ({p95:.0f} ms)"
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.exists():
        with failures_file.open() as handle:
            step.errors = [f"{row['Occurrences']}× {row['Name']}: {row['Error']}" for row in csv.DictReader(handle)]
    return step


def background_outcome() -> str:
    from archive.models import FailedTask
    from submissions.models import Submission

    return f"{Submission.objects.count()} submissions received, {FailedTask.objects.count()} background tasks failed"


def report(steps: list[Step], context: dict[str, str], markdown: bool) -> str:
    lines = []
    if markdown:
        lines += ["| visitors | requests | req/s | median ms | p95 ms | errors | slowest kind (p95) | goal met? |"]
        lines += ["| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
        for step in steps:
            met = "yes" if step.meets else "no"
            lines.append(
                f"| {step.users} | {step.requests:,} | {step.rate:.1f} | {step.median:.0f} | {step.p95:.0f} | "
                f"{step.failures} | {step.slowest} | {met} |"
            )
    else:
        lines.append(f"{'visitors':>8} {'requests':>9} {'req/s':>7} {'median':>7} {'p95':>6} {'errors':>6}  slowest")
        for step in steps:
            lines.append(
                f"{step.users:>8} {step.requests:>9} {step.rate:>7.1f} {step.median:>5.0f}ms {step.p95:>4.0f}ms "
                f"{step.failures:>6}  {step.slowest}"
            )
    for step in steps:
        for error in step.errors or []:
            lines.append(f"  {step.users} visitors: {error}")
    lines += ["", "Each kind of request, median / p95 in ms (requests), by step:"]
    names = sorted({kind[0] for step in steps for kind in step.kinds or []})
    separator = " | " if markdown else "  "
    header = ["kind", *(f"{step.users} visitors" for step in steps)]
    lines.append(separator.join(header) if not markdown else "| " + " | ".join(header) + " |")
    if markdown:
        lines.append("| --- |" + " ---: |" * len(steps))
    for name in names:
        cells = [name]
        for step in steps:
            found = next((kind for kind in step.kinds or [] if kind[0] == name), None)
            cells.append(f"{found[2]:.0f} / {found[3]:.0f} ({found[1]})" if found else "—")
        lines.append("| " + " | ".join(cells) + " |" if markdown else separator.join(cells))
    best = max((step for step in steps if step.meets), key=lambda step: step.rate, default=None)
    lines.append("")
    if best is None:
        lines.append(f"No step had no error and a 95th percentile under {GOAL_P95_MS} ms.")
    else:
        lines.append(
            f"Highest rate with no error and p95 under {GOAL_P95_MS} ms: {best.rate:.1f} requests/s "
            f"({best.users} visitors, p95 {best.p95:.0f} ms)."
        )
    lines += [f"{name}: {value}" for name, value in context.items()]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="50,150,300", help="visitors in each step, comma-separated")
    parser.add_argument("--seconds", type=int, default=30, help="length of each step")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of load before the steps, not counted")
    parser.add_argument("--victims", type=int, default=2000, help="imported victims")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--markdown", action="store_true", help="the table in Markdown, for the README")
    parser.add_argument("--keep", action="store_true", help="keep the folder and the database afterwards")
    arguments = parser.parse_args()
    counts = [int(part) for part in arguments.users.split(",") if part.strip()]
    run = secrets.token_hex(4)
    load_before = os.getloadavg()[0]

    folder = Path(tempfile.mkdtemp(prefix="yaddas-load-"))
    site = s3 = None
    servers: list[Server] = []
    workers: list[subprocess.Popen] = []
    django_ready = False
    try:
        require_locust()
        empty_redis()
        s3, bucket = start_s3()
        cache = f"{CACHE_REDIS}?key_prefix=yaddas-load-{run}"
        site = make_site(folder, arguments.database_url, cache)
        site.env.update(storage_environment(s3, bucket))
        site.env.update(
            {
                "CELERY_BROKER_URL": BROKER_REDIS,
                "EMAIL_URL": "dummymail://",  # mail is sent by the workers, to nowhere
                "SUBMISSION_MIN_FILL_SECONDS": "0",  # the crowd fills the form at once
                "SUBMISSION_RATE_LIMIT": "1000000",  # every visitor comes from 127.0.0.1
                "RELEASE": f"load-{run}",
                # Plain HTTP on the loopback: cookies marked Secure would not come back, and no form could be sent.
                "SESSION_COOKIE_SECURE": "false",
                "CSRF_COOKIE_SECURE": "false",
            }
        )
        log(f"building the archive in {folder} ({arguments.victims} victims, files in S3 at {s3.endpoint})")
        build(site, arguments.victims)
        reviewer = create_reviewer(site)
        setup_django(site)
        django_ready = True
        analyze_postgres()
        for _ in range(2):
            servers.append(start_gunicorn(site))
        workers = [start_worker(site, f"load{number}") for number in (1, 2)]
        log(f"gunicorn on ports {', '.join(str(server.port) for server in servers)}; two Celery workers")
        targets_file = folder / "targets.json"
        targets_file.write_text(json.dumps(targets(servers, reviewer)))

        if arguments.warmup:
            # New worker processes, a cold page cache and search cache: what a site that has run for a while is not.
            log(f"warm-up: {counts[0]} visitors for {arguments.warmup} s (not counted)")
            run_step(site, counts[0], arguments.warmup, targets_file, name="warmup")
        steps = []
        for users in counts:
            log(f"{users} visitors for {arguments.seconds} s ...")
            step = run_step(site, users, arguments.seconds, targets_file)
            log(f"  {step.rate:.1f} req/s, p95 {step.p95:.0f} ms, {step.failures} errors")
            steps.append(step)
            time.sleep(3)  # let queued background work and connections settle between steps
        time.sleep(10)  # the last submissions' mail and processing
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgres = cursor.fetchone()[0]
        facts = machine()
        context = {
            "date": datetime.date.today().isoformat(),
            "machine": f"{facts.get('cpu', 'unknown CPU')}, {facts['cores']} cores, {facts.get('ram', '?')} RAM",
            "load average before / after": " / ".join(f"{value:.1f}" for value in (load_before, os.getloadavg()[0])),
            "servers": "2 gunicorn servers × 2 sync workers, 2 Celery workers (concurrency 1), locust in one process",
            "stack": f"PostgreSQL {postgres}, Redis (cache db 9, broker db 10), moto S3 server, {arguments.victims}"
            " victims plus the demo",
            "background": background_outcome(),
            "software": f"Python {platform.python_version()}, locust {locust_version()}",
            "code": git_state(),
            "steps": f"{', '.join(map(str, counts))} visitors, {arguments.seconds} s each, after {arguments.warmup} s"
            " of warm-up",
        }
        print(report(steps, context, arguments.markdown))
        return 0
    except Failure as failure:
        log(f"failed: {failure}")
        return 1
    finally:
        for worker in workers:
            stop_process(worker)
        for server in servers[1:]:
            stop_gunicorn(server)
        close_site(site, folder, keep=arguments.keep, django_ready=django_ready, server=servers[0] if servers else None)
        if s3 is not None:
            s3.stop()
        empty_redis()


def locust_version() -> str:
    from importlib.metadata import version

    return version("locust")  # never import locust here: it monkey-patches the process for gevent


def empty_redis() -> None:
    """The cache's and the broker's databases (9 and 10) are this benchmark's own: emptied before and after."""
    import redis

    for url in (CACHE_REDIS, BROKER_REDIS):
        redis.Redis.from_url(url).flushdb()


if __name__ == "__main__":
    sys.exit(main())
