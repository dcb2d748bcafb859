#!/usr/bin/env python
"""Lighthouse scores of every page kind: performance, SEO, accessibility and best practices, mobile, in Chromium.

    .venv/bin/python benchmarks/lighthouse.py                  # SQLite, 1,000 victims, about 10 minutes
    .venv/bin/python benchmarks/lighthouse.py --markdown       # the table in Markdown, for the README
    .venv/bin/python benchmarks/lighthouse.py --only home --only "victim page" --reports /tmp/lh

The site is served as ``benchmarks/pages.py`` serves it (``benchmarks/served_site.py``: a throwaway archive with
``--count`` imported victims, gunicorn with the production settings). Every page is requested a few times first, so
the server's page cache is warm, as it is for visitors.

Lighthouse comes from npm, pinned in ``benchmarks/lighthouse/package.json`` and its ``package-lock.json``; ``npm ci``
installs it into ``benchmarks/lighthouse/node_modules`` (ignored by git) when it is missing or not the pinned version.
It drives Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``, headless) with its default settings: a mobile
phone's screen, a slow 4G network and a CPU four times slower, simulated. Each page kind is measured in Azerbaijani,
and the home page and a victim's page also in English and Russian.

Prints a table of the four scores (0 to 1) per page, then, for each score under 0.95, the audits that cost it
points. A page kept out of search engines on purpose (``<meta name="robots" content="noindex">``: the search results)
cannot pass SEO, which counts "blocked from indexing" as a failure; its row says so. Also prints how the stylesheet is
served (size as sent, compression, Cache-Control). ``--runs N`` measures each page N times and keeps the run of
median performance (Lighthouse's own advice: the performance score of one run varies with the machine's load); a run
Lighthouse itself reports as broken (``NO_NAVSTART``...) is tried again. Progress goes to stderr, the report to stdout.
Exits non-zero when a page could not be measured or did not answer 200.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The script's own folder holds benchmarks/search.py, which must not shadow the search app.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

from benchmarks import page_kinds  # noqa: E402 - after the path is set
from benchmarks import served_site as served  # noqa: E402
from benchmarks.lighthouse_tool import LIGHTHOUSE_BIN, chrome_path, chrome_version, ensure_lighthouse  # noqa: E402

CATEGORIES = ("performance", "seo", "accessibility", "best-practices")
CATEGORY_NAMES = {"performance": "perf.", "seo": "SEO", "accessibility": "a11y", "best-practices": "best pr."}
GOAL = 0.95
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
# Pages whose own kind also gets an English and a Russian run.
IN_EVERY_LANGUAGE = ("home", "victim page")

log = served.log
Failure = served.Failure


# --- the pages ------------------------------------------------------------------------------------------------


@dataclass
class Audit:
    title: str
    score: float
    weight: float
    value: str


@dataclass
class Measured:
    kind: str
    language: str
    path: str
    error: str = ""
    scores: dict[str, float | None] = field(default_factory=dict)
    losses: dict[str, list[Audit]] = field(default_factory=dict)  # per category under the goal
    runs: list[float] = field(default_factory=list)  # each run's performance score
    noindex: bool = False  # kept out of search engines on purpose: Lighthouse's SEO score cannot pass then


def with_language(path: str, language: str) -> str:
    from django.conf import settings

    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


def pages_to_audit() -> list[Measured]:
    """The page kinds, with real addresses from the archive just built (the same ones benchmarks/pages.py measures,
    plus a victim with a portrait, the about page and the submission form)."""
    from archive.models import MediaFile, Victim

    measured, _hello_change, _facts = page_kinds.pages_to_measure()
    by_kind = {page.kind: page.path for page in measured}
    portrait = (
        Victim.objects.public().filter(media__role=MediaFile.Role.PORTRAIT).order_by("identifier").distinct().first()
    )
    wanted = [
        ("home", by_kind["home"]),
        ("victim list", by_kind["victim list"]),
        ("victim page", by_kind["victim page"]),
        ("victim page with portrait", f"/victims/{portrait.identifier}/" if portrait else "/victims/V-missing/"),
        ("testimony list", by_kind["testimony list"]),
        ("testimony page", by_kind["testimony page"]),
        ("document list", by_kind["document list"]),
        ("document page", by_kind["document page"]),
        ("timeline", by_kind["timeline"]),
        ("places", by_kind["places"]),
        ("place page", by_kind["place page"]),
        ("statistics", by_kind["statistics"]),
        ("search results", by_kind["search, Latin"]),
        ("about", "/about/"),
        ("submission form", "/submit/"),
    ]
    pages = [Measured(kind, "az", path) for kind, path in wanted]
    for language in ("en", "ru"):
        pages += [Measured(kind, language, with_language(path, language)) for kind, path in wanted
                  if kind in IN_EVERY_LANGUAGE]  # fmt: skip
    return pages


def warm(server: served.Server, pages: list[Measured]) -> None:
    """Each page a few times, so every worker has it in the page cache; a page that is not 200 is not measured."""
    for page in pages:
        try:
            for _ in range(served.WORKERS + 1):
                status, milliseconds = served.timed_get(server, page.path)
                if status != 200:
                    break
        except OSError as error:
            page.error = f"no answer: {error}"
        else:
            page.error = "" if status == 200 else f"answered {status}"
        log(f"  {page.kind} ({page.language}): {page.path} " + (page.error or f"200 ({milliseconds:.0f} ms)"))


def static_headers(server: served.Server) -> str:
    """How the home page's stylesheet is served in production: its size as sent, encoding and Cache-Control."""

    def get(path: str, encoding: str = "") -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            connection.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    _status, _headers, home = get("/")
    found = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', home.split(b"<body", 1)[0])
    if len(found) != 1:
        return f"the home page links {len(found)} stylesheets in its head"
    path = found[0].decode()
    status, plain, body = get(path)
    _status, compressed, squeezed = get(path, "br, gzip")
    if status != 200:
        return f"{path} answered {status}"
    return (
        f"{path}: {len(body) / 1024:.1f} KiB, {len(squeezed) / 1024:.1f} KiB as sent "
        f"({compressed.get('content-encoding', 'not compressed')}); Cache-Control: {plain.get('cache-control', 'none')}"
    )


# --- running Lighthouse ---------------------------------------------------------------------------------------


ATTEMPTS = 3  # Lighthouse asks to be run again when Chromium's trace of the load comes out broken (NO_NAVSTART...)


def lighthouse(url: str, chrome: str, output: Path) -> dict:
    """One Lighthouse run of ``url``: its JSON report. A run that failed is tried again, up to ``ATTEMPTS`` times."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return lighthouse_once(url, chrome, output)
        except Failure as failure:
            if attempt == ATTEMPTS:
                raise
            log(f"    attempt {attempt} failed, trying again: {str(failure).splitlines()[0]}")
    raise AssertionError("unreachable")


def lighthouse_once(url: str, chrome: str, output: Path) -> dict:
    output.unlink(missing_ok=True)
    command = [
        str(LIGHTHOUSE_BIN), url,
        "--output=json", f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]  # fmt: skip
    env = dict(os.environ, CHROME_PATH=chrome)
    # A session of its own, so Lighthouse and the Chromium it starts can be stopped together (timeout, Ctrl-C).
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=300)
    except subprocess.TimeoutExpired as error:
        raise Failure(f"lighthouse {url} took more than 300 s") from error
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever of it is left: a Chromium it did not close
        process.wait()
    report = json.loads(output.read_text()) if output.exists() else {}
    if report.get("runtimeError"):
        raise Failure(f"lighthouse {url}: {report['runtimeError'].get('message')}")
    if process.returncode != 0 or not report:
        raise Failure(f"lighthouse {url} failed ({process.returncode}): {(stderr or stdout).strip()[-2000:]}")
    return report


def scores_of(report: dict) -> dict[str, float | None]:
    return {key: report["categories"][key]["score"] for key in CATEGORIES if key in report["categories"]}


def losses_of(report: dict, category: str) -> list[Audit]:
    """The audits of a category that did not pass, those that weigh on its score first."""
    audits = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        score = audit.get("score")
        if score is None or score >= 1 or audit.get("scoreDisplayMode") in ("notApplicable", "manual", "informative"):
            continue
        if ref.get("weight", 0) == 0 and score >= 0.9:
            continue
        audits.append(Audit(audit["title"], score, ref.get("weight", 0), audit.get("displayValue", "")))
    return sorted(audits, key=lambda audit: (-audit.weight * (1 - audit.score), audit.title))


def measure(server: served.Server, page: Measured, chrome: str, runs: int, reports: Path) -> None:
    slug = f"{page.language}-{page.kind.replace(' ', '-')}"
    results = []
    for run in range(1, runs + 1):
        output = reports / f"{slug}-{run}.json"
        report = lighthouse(server.url(page.path), chrome, output)
        results.append(report)
        page.runs.append(scores_of(report).get("performance") or 0.0)
    # The run of median performance (the lower middle one when there are two).
    order = sorted(range(len(results)), key=lambda index: page.runs[index])
    chosen = results[order[(len(order) - 1) // 2]]
    page.scores = scores_of(chosen)
    page.noindex = chosen["audits"].get("is-crawlable", {}).get("score") == 0
    for category, score in page.scores.items():
        if score is not None and score < GOAL:
            page.losses[category] = losses_of(chosen, category)
    final = chosen.get("finalDisplayedUrl") or chosen.get("finalUrl") or ""
    if urllib.parse.urlsplit(final).path != urllib.parse.urlsplit(server.url(page.path)).path:
        page.error = f"ended at {final}"


# --- the report -----------------------------------------------------------------------------------------------


def score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


HEADER = ["page kind", "lang.", "path", *(CATEGORY_NAMES[key] for key in CATEGORIES), "all ≥ 0.95?"]
RIGHT = {3, 4, 5, 6}


def rows(pages: list[Measured]) -> list[list[str]]:
    body = []
    for page in pages:
        if page.error and not page.scores:
            verdict = f"not measured: {page.error}"
        else:
            low = [CATEGORY_NAMES[key] for key, value in page.scores.items() if value is None or value < GOAL]
            verdict = "yes" if not low else "NO: " + ", ".join(low)
            if page.noindex:
                verdict += " (noindex on purpose)"
        body.append(
            [
                page.kind,
                page.language,
                urllib.parse.unquote(page.path),
                *(score_text(page.scores.get(key)) for key in CATEGORIES),
                verdict,
            ]
        )
    return body


def table(pages: list[Measured], markdown: bool) -> str:
    body = rows(pages)
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


def losses_text(pages: list[Measured], markdown: bool) -> list[str]:
    lines = []
    for page in pages:
        for category, audits in page.losses.items():
            shown = [
                f"{audit.title}" + (f" ({audit.value})" if audit.value else "") + f" {audit.score:.2f}"
                + (f", weight {audit.weight:g}" if audit.weight else "")
                for audit in audits
            ]  # fmt: skip
            head = f"{page.kind} ({page.language}), {CATEGORY_NAMES[category]} {score_text(page.scores[category])}"
            lines.append(("- " if markdown else "") + f"{head}: " + ("; ".join(shown) or "no single audit failed"))
    return lines


def report(pages: list[Measured], *, markdown: bool, args: argparse.Namespace, facts: dict[str, str]) -> None:
    lines = [table(pages, markdown), ""]
    spread = [page for page in pages if len(page.runs) > 1]
    if spread:
        lines.append(
            "Performance of each run: "
            + "; ".join(f"{page.kind} ({page.language}) " + "/".join(f"{v:.2f}" for v in page.runs) for page in spread)
        )
        lines.append("")
    losses = losses_text(pages, markdown)
    if losses:
        lines += ["Under 0.95, the audits that cost points (score 0–1, weight in the category):", *losses, ""]
    machine = served.machine()
    notes = [
        f"Lighthouse {facts['lighthouse']} (npm, pinned), {facts['chrome']} headless, Lighthouse's defaults: mobile "
        "(Moto G Power screen), simulated slow 4G and 4× CPU slowdown"
        + (f"; median performance of {args.runs} runs per page" if args.runs > 1 else "; one run per page"),
        f"Server: gunicorn, {served.WORKERS} sync workers, production settings (DEBUG off, whitenoise manifest), "
        "page cache warm, on the same machine as Chromium",
        f"The one stylesheet: {facts['stylesheet']}",
        f"Archive: {facts['victims']} public victims ({args.count:,} imported) and the demonstration content; "
        f"database {served.database_description(facts['site'])}",
        f"Date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}; machine: {machine.get('cores')} "
        f"cores ({machine.get('cpu', 'CPU unknown')}), {machine.get('ram', 'RAM unknown')} RAM, load average "
        f"{facts['load_before']:.2f} before, {facts['load_after']:.2f} after",
        f"Code: commit {served.git_state()}; Python {platform.python_version()}",
    ]
    lines += [f"- {note}" if markdown else note for note in notes]
    print("\n".join(lines), flush=True)


# --- main -----------------------------------------------------------------------------------------------------


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="victims to import (default 1,000)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the median is kept (default 1)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="KIND",
        help="measure only the page kinds whose name contains KIND (repeatable), e.g. --only home --only list",
    )
    parser.add_argument(
        "--database-url",
        help="default: an SQLite file in the temporary folder. postgres://…/NAME: that database is created and "
        "dropped (its name must contain 'bench')",
    )
    parser.add_argument("--cache-url", default="locmemcache://", help="default: local memory, one per worker")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's JSON reports in this folder")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown, for the README")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (and database) for inspection")
    args = parser.parse_args()
    if min(args.count, args.runs) < 1:
        parser.error("--count and --runs must be at least 1")
    return args


def main() -> int:
    args = parse_arguments()

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    folder = Path(tempfile.mkdtemp(prefix="yaddas-lighthouse-"))
    site: served.Site | None = None
    server: served.Server | None = None
    django_ready = False
    try:
        facts: dict = {"lighthouse": ensure_lighthouse()}
        chrome = chrome_path()
        facts["chrome"] = chrome_version(chrome)
        reports = args.reports or folder / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        log(f"temporary folder: {folder}")
        site = served.make_site(folder, args.database_url, served.choose_cache(args.cache_url))
        facts["site"] = site
        log("building the archive:")
        served.build(site, args.count)
        page_kinds.setup_django(site)
        django_ready = True
        page_kinds.analyze_postgres()
        pages = pages_to_audit()
        if args.only:
            pages = [page for page in pages if any(word in page.kind for word in args.only)]
        from archive.models import Victim

        facts["victims"] = f"{Victim.objects.public().count():,}"
        facts["load_before"] = os.getloadavg()[0]
        log(f"starting gunicorn ({served.WORKERS} sync workers)")
        server = served.start_gunicorn(site)
        log(f"gunicorn on {server.url('/')}; warming every page:")
        warm(server, pages)
        facts["stylesheet"] = static_headers(server)
        log(f"  stylesheet: {facts['stylesheet']}")
        log(f"Lighthouse {facts['lighthouse']}, {args.runs} run(s) per page:")
        for page in pages:
            if page.error:
                continue
            try:
                measure(server, page, chrome, args.runs, reports)
            except (Failure, ValueError) as error:
                page.error = str(error).splitlines()[0]
            log(
                f"  {page.kind} ({page.language}): "
                + (page.error or " ".join(f"{key} {score_text(value)}" for key, value in page.scores.items()))
            )
        facts["load_after"] = os.getloadavg()[0]
        served.stop_gunicorn(server)
        report(pages, markdown=args.markdown, args=args, facts=facts)
        if args.reports:
            log(f"Lighthouse's reports: {args.reports}")
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
        served.close_site(site, folder, keep=args.keep, django_ready=django_ready, server=server)


if __name__ == "__main__":
    sys.exit(main())
