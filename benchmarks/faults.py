#!/usr/bin/env python
"""Fault runs: what a family, a visitor and the staff see when a part of the production setup fails, shown against
the real thing, printed as it happens. Not timed tests: each run says what happened and whether it is what should.

    .venv/bin/python benchmarks/faults.py                   # SQLite, about 3 minutes
    .venv/bin/python benchmarks/faults.py --database-url postgres://postgres@127.0.0.1:5432/yaddas_bench_faults

The setup: a throwaway archive (``benchmarks/served_site.py``: migrations, timeline, demo, ``--victims`` victims)
served by gunicorn with the production settings; a redis-server started here on a port of its own (not the
machine's), with the cache in database 1 and the broker in database 2, written to an append-only file as a broker's
Redis should be; files in a private bucket of moto's S3 server (``tests/s3.py``: signature v4 checked); Celery
workers and beat as ``deploy/`` runs them (``celery -A memorial worker``, prefork). Mail goes to files. Only the
broker's visibility timeout (20 s) and sweep (every 2 s) are shortened, so the run takes minutes and not the
45 minutes production waits for a dead worker's task.

1. **A worker killed while processing.** A family sends a 100 MB recording with tags and a 6-megapixel photograph
   with GPS; both are processed after the upload. The worker is killed (SIGKILL) while working on the first, the
   moment its temporary copy appears; a second worker starts. Shown: when the files are ready, that there is one
   row per file and one stored object per row's file and thumbnail (no duplicate, no leftover copy), no failure.
2. **Redis stopped for a while.** With the workers stopped, a family sends the form (its mails wait in the queue);
   then Redis is stopped for ``--outage`` seconds, during which public pages are requested again and again and
   another family sends the form (its mails cannot be queued: recorded for sending again); then Redis starts again,
   with the workers and beat. Shown: pages' answers during the outage, both families' mails sent once it is back.
3. **Storage failing mid-upload.** The bucket refuses writes after the first object of a family's form (a
   photograph and a recording). Shown: the family's answer (503 with their words kept), no submission saved, no
   object left in the bucket.

Needs redis-server (Debian: ``apt-get install redis-server``), ffmpeg and moto (the dev requirements). Progress and
results go to stdout; exits non-zero if a run did not end as it should. Every process it starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The script's own folder holds benchmarks/search.py, which must not shadow the search app.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

from benchmarks.fault_processes import Process, beat, redis_process, redis_up, worker  # noqa: E402
from benchmarks.page_kinds import setup_django  # noqa: E402
from benchmarks.served_site import Failure, build, close_site, free_port, make_site, start_gunicorn  # noqa: E402

HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
PAGES = ["/", "/en/", "/victims/", "/testimonies/", "/timeline/", "/search/?q=M%C9%99mm%C9%99dov", "/submit/"]
outcomes: list[tuple[str, bool]] = []


def say(message: str) -> None:
    print(message, flush=True)


def check(what: str, ok: bool) -> None:
    outcomes.append((what, ok))
    say(f"    {'ok  ' if ok else 'FAIL'} {what}")


def wait_for(condition, timeout: float, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(step)
    return None


# --- what a family does ---------------------------------------------------------------------------------------


def send_form(base: str, files: dict[str, tuple[str, bytes, str]], label: str):
    """The public form, fetched and sent as a browser does: the response to the post."""
    import requests

    session = requests.Session()
    page = session.get(f"{base}/en/submit/", timeout=60)
    data = {}
    for tag in HIDDEN.findall(page.text):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes:
            data[attributes["name"]] = attributes.get("value", "")
    data.update(
        {
            "submitter_name": "Leyla Məmmədova",
            "submitter_email": "leyla@example.org",
            "relationship": "sister",
            "new_surname": "Məmmədov",
            "new_given_name": "Rauf",
            "new_death_date": "1990-01-20",
            "new_fate": "killed",
            "testimony_text": f"He went out on the night of 19 January and did not come back. ({label})",
            "consent": "named",
            "media_consent": "yes",
            "rights_confirmed": "on",
            "website": "",
        }
    )
    for index, name in enumerate(files):
        data[f"files-{index}-caption"] = name
    uploads = {f"files-{index}-file": files[name] for index, name in enumerate(files)}
    return session.post(f"{base}/en/submit/", data=data, files=uploads, allow_redirects=False, timeout=300)


def photograph(megapixels: float = 6) -> bytes:
    """A JPEG with a camera name and GPS, large enough to be processed after the upload."""
    from PIL import Image

    width = int((megapixels * 1e6 * 3 / 2) ** 0.5)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    exif.get_ifd(0x8825).update({1: "N", 2: (40.0, 22.0, 30.0), 3: "E", 4: (49.0, 50.0, 10.0)})
    buffer = io.BytesIO()
    Image.radial_gradient("L").resize((width, width * 2 // 3)).convert("RGB").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def recording(folder: Path, seconds: int) -> bytes:
    """A WAV of ``seconds`` (10 minutes: 106 MB) with a title and a comment naming a street, made by ffmpeg."""
    path = folder / f"interview-{seconds}.wav"
    source = f"sine=frequency=440:duration={seconds}:sample_rate=44100"
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", source, "-ac", "2"]
    command += ["-metadata", "title=Leyla at home", "-metadata", "comment=Recorded at 12 Nizami street", str(path)]
    subprocess.run(command, check=True, timeout=300)
    return path.read_bytes()


def mails_sent(folder: Path) -> int:
    return sum(path.read_text(errors="replace").count("\nSubject: ") for path in (folder / "mail").glob("*"))


# --- the runs -------------------------------------------------------------------------------------------------


def killed_worker(base: str, env: dict[str, str], folder: Path, bucket, workers: list[Process]) -> None:
    from archive.models import FailedTask
    from submissions.models import Submission, SubmissionFile

    say("\n1. A worker killed while processing")
    first = worker("worker-a", env, folder).start()
    workers.append(first)
    files = {
        "interview.wav": ("interview.wav", recording(folder, 600), "audio/wav"),
        "family.jpg": ("family.jpg", photograph(), "image/jpeg"),
    }
    started = time.monotonic()
    response = send_form(base, files, "killed worker")
    say(f"    the family's post: {response.status_code} in {time.monotonic() - started:.1f} s")
    check("the form is received (302 to the receipt)", response.status_code == 302)
    submission = Submission.objects.order_by("-pk").first()
    temporaries = Path(env["UPLOAD_TEMP_DIR"])
    before = set(temporaries.rglob("*"))
    copying = wait_for(lambda: [path for path in temporaries.rglob("*") if path.is_file() and path not in before], 120)
    time.sleep(0.3)
    state = {row.original_name: row.processing for row in SubmissionFile.objects.filter(submission=submission)}
    first.stop(signal.SIGKILL)
    killed = time.monotonic()
    say(f"    worker-a killed (SIGKILL) {'while making its temporary copy' if copying else 'before it began'}: {state}")
    second = worker("worker-b", env, folder).start()
    workers.append(second)
    ready = wait_for(
        lambda: not SubmissionFile.objects.filter(submission=submission).exclude(processing="ready").exists(), 180, 0.5
    )
    say(f"    every file ready {time.monotonic() - killed:.1f} s after the kill (visibility timeout 20 s, sweep 2 s)")
    check("the task given back and finished by worker-b", bool(ready))
    rows = list(SubmissionFile.objects.filter(submission=submission))
    held = sorted(name for row in rows for name in (row.file.name, row.thumbnail.name) if name)
    stored = sorted(key for key in bucket.names() if any(row.key.hex in key for row in rows))
    say(f"    rows: {len(rows)} files of 1 submission; the bucket holds for them: {stored}")
    check("one row per file, and no object but the file and thumbnail each holds", stored == held)
    data = {row.original_name: row.file.read() for row in rows}
    check(
        "no tag, street or GPS left", all(b"Nizami" not in blob and b"SecretCam" not in blob for blob in data.values())
    )
    check("no failure recorded", not FailedTask.objects.exists())
    leftovers = [path.name for path in temporaries.iterdir() if path.is_file()]  # not the work locks' folder
    say(f"    temporary copies worker-a left in UPLOAD_TEMP_DIR: {leftovers} (purge_upload_temporaries takes them)")
    second.stop()


def redis_outage(
    base: str, env: dict[str, str], folder: Path, port: int, redis: Process, outage: float, background: list[Process]
) -> Process:
    import requests

    from archive.models import FailedTask
    from submissions.models import SubmissionMail

    say(f"\n2. Redis stopped for {outage:.0f} s")
    for process in background:
        process.stop()
    sent_before = mails_sent(folder)
    response = send_form(base, {}, "queued before the outage")
    say(f"    with no worker running, a family sends the form: {response.status_code}; its mail waits in the queue")
    redis.stop()
    say(f"    Redis stopped: answers {redis_up(port)} to a ping")
    statuses: dict[int, int] = {}
    times: list[float] = []
    deadline = time.monotonic() + outage
    during = None
    while time.monotonic() < deadline:
        for path in PAGES:
            begun = time.monotonic()
            try:
                status = requests.get(f"{base}{path}", timeout=30).status_code
            except requests.RequestException:
                status = 0
            times.append((time.monotonic() - begun) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
        if during is None:
            during = send_form(base, {}, "sent during the outage")
            say(f"    another family sends the form during the outage: {during.status_code}")
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else 0
    median = statistics.median(times)
    say(f"    {len(times)} page requests during the outage: {statuses}; median {median:.0f} ms, p95 {p95:.0f} ms")
    check("every page still served (200)", set(statuses) == {200})
    check("the family's form received during the outage", during is not None and during.status_code == 302)
    never_queued = FailedTask.objects.never_queued().count()
    say(f"    tasks that could not be queued, kept for sending again: {never_queued}")
    redis = redis_process(folder, port, env).start()
    back = time.monotonic()
    wait_for(lambda: redis_up(port), 30)
    say("    Redis started again (its append-only file kept the queue); a worker and beat start")
    background += [worker("worker-c", env, folder).start(), beat(env, folder).start()]
    sent = wait_for(lambda: not SubmissionMail.objects.filter(sent_at__isnull=True).exists(), 150, 1)
    count = mails_sent(folder) - sent_before
    say(f"    every mail sent {time.monotonic() - back:.0f} s after Redis came back: {count} mails (1 per family here)")
    check("both families' mails sent once Redis is back", bool(sent))
    check("nothing left to send again", not FailedTask.objects.never_queued().exists())
    return redis


def storage_failure(base: str, folder: Path, bucket) -> None:
    from submissions.models import Submission

    say("\n3. Storage failing mid-upload")
    before, submissions = bucket.names(), Submission.objects.count()
    small = {
        "family.jpg": ("family.jpg", photograph(1), "image/jpeg"),
        "voice.wav": ("voice.wav", recording(folder, 2), "audio/wav"),
    }
    written = bucket.refuse_writes_after(1)
    try:
        response = send_form(base, small, "storage failing")
    finally:
        bucket.server.gate.reset()
    say(f"    the bucket refused writes after the first object ({written}); the family's post: {response.status_code}")
    text = response.text
    said = re.search(r"We could not save what you sent[^<]*", text)
    say(f"    the page says: “{said.group(0).strip() if said else text[:200]}”")
    check("the family is told it could not be saved (503)", response.status_code == 503 and "Nothing was kept" in text)
    check("their words are kept on the form", "(storage failing)" in text)
    check("no submission saved", Submission.objects.count() == submissions)
    check("nothing left in the bucket", bucket.names() == before)


# --- the whole ------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to create and drop (name with 'bench')")
    parser.add_argument("--victims", type=int, default=200)
    parser.add_argument("--outage", type=float, default=20, help="seconds Redis stays stopped")
    parser.add_argument("--keep", action="store_true", help="keep the folder (logs, database) afterwards")
    parser.add_argument("--only", default="1,2,3", help="the runs to make, e.g. 3 or 1,3")
    arguments = parser.parse_args()
    for program in ("redis-server", "ffmpeg"):
        if shutil.which(program) is None:
            raise Failure(f"{program} is not installed")

    import requests

    from tests.s3 import ACCESS_KEY, REGION, SECRET_KEY, S3Server

    folder = Path(tempfile.mkdtemp(prefix="yaddas-faults-"))
    port = free_port()
    s3 = S3Server.start()
    bucket = s3.new_bucket()
    site, server, redis, processes = None, None, None, []
    try:
        site = make_site(folder, arguments.database_url, f"redis://127.0.0.1:{port}/1")
        site.env.update(
            {
                "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/2",
                "CELERY_VISIBILITY_TIMEOUT": "20",
                "CELERY_UNACKED_RESTORE_INTERVAL": "2",
                "EMAIL_URL": f"filemail:///{folder / 'mail'}",  # django-environ drops one slash of the path
                "SUBMISSION_MIN_FILL_SECONDS": "0",
                # Served over plain HTTP here: cookies that are sent only over HTTPS would never come back.
                "CSRF_COOKIE_SECURE": "false",
                "SESSION_COOKIE_SECURE": "false",
                "SUBMISSION_RATE_LIMIT": "100",
                "AWS_STORAGE_BUCKET_NAME": bucket.name,
                "AWS_S3_ENDPOINT_URL": s3.endpoint,
                "AWS_S3_REGION_NAME": REGION,
                "AWS_S3_ADDRESSING_STYLE": "path",
                "AWS_ACCESS_KEY_ID": ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            }
        )
        redis = redis_process(folder, port, site.env).start()
        if not wait_for(lambda: redis_up(port), 30):
            raise Failure(f"redis-server did not start:\n{redis.log.read_text()}")
        say(f"Building the archive in {folder} (redis-server on port {port}, S3 at {s3.endpoint})")
        build(site, arguments.victims)
        setup_django(site)
        server = start_gunicorn(site)
        base = f"http://127.0.0.1:{server.port}"
        for path in PAGES:  # warm: what the page cache keeps
            requests.get(f"{base}{path}", timeout=60)

        runs = arguments.only.split(",")
        if "1" in runs:
            killed_worker(base, site.env, folder, bucket, processes)
        if "2" in runs:
            redis = redis_outage(base, site.env, folder, port, redis, arguments.outage, processes)
        if "3" in runs:
            storage_failure(base, folder, bucket)
    except Failure as failure:
        say(f"\nstopped: {failure}")
        return 2
    finally:
        for process in processes:
            process.stop(signal.SIGKILL)
        if redis is not None:
            redis.stop()
        close_site(site, folder, keep=arguments.keep, django_ready="django" in sys.modules, server=server)
        s3.stop()
    failed = [what for what, ok in outcomes if not ok]
    say(
        f"\n{len(outcomes) - len(failed)} of {len(outcomes)} checks as they should be"
        + (f"; not: {failed}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
