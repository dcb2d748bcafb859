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
import datetime
import importlib.util
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The script's own folder holds benchmarks/search.py, which must not shadow the search app.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

from benchmarks.page_kinds import Page, analyze_postgres, pages_to_measure, setup_django  # noqa: E402
from benchmarks.served_site import (  # noqa: E402 - after the path is set
    DEFAULT_REDIS,
    HELLO,
    WORKERS,
    Failure,
    Server,
    Site,
    build,
    cache_description,
    choose_cache,
    close_site,
    database_description,
    git_state,
    log,
    machine,
    make_site,
    start_gunicorn,
    stop_gunicorn,
    timed_get,
    versions,
)

# The goals: a page's requests/s as a share of hello world's (warm), and the import's seconds.
GOAL_IMPORT_SECONDS = 30.0


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
        close_site(site, folder, keep=args.keep, django_ready=django_ready, server=server)


if __name__ == "__main__":
    sys.exit(main())
