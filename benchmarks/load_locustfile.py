"""The visitors of ``benchmarks/load.py``, for locust: people browsing the names, searching, listening to a testimony,
a family sending one with a photograph, and a reviewer going through the queue.

Run by ``benchmarks/load.py`` (``locust -f benchmarks/load_locustfile.py --headless ...``), which builds the site and
writes what the visitors need to a JSON file named by ``YADDAS_LOAD_TARGETS``: the web servers' addresses (each
visitor keeps to one, taken in turn, so both servers get as many), public victims' and testimonies' addresses, the
recordings' file addresses, names to search for, and the reviewer's login. A request that does not answer what a
person would expect (a page not 200, a range not 206, a form sent not taken) counts as an error.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

TARGETS = json.loads(Path(os.environ["YADDAS_LOAD_TARGETS"]).read_text())
_servers = itertools.count()
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
ATTRIBUTE = re.compile(r'(name|value)="([^"]*)"')
REVIEW_LINK = re.compile(r'href="(/en/review/[A-Z0-9-]+/)"')


def _photograph() -> bytes:
    """A small family photograph, made once: a JPEG the site re-encodes, as it does every image."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (120, 110, 100))
    draw = ImageDraw.Draw(image)
    for step in range(0, 640, 16):
        draw.line([(step, 0), (640 - step, 480)], fill=(step % 255, 80, 160), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


PHOTOGRAPH = _photograph()
_forms = itertools.count()


def hidden_fields(html: str) -> dict[str, str]:
    fields = {}
    for tag in HIDDEN.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes:
            fields[attributes["name"]] = attributes.get("value", "")
    return fields


class Visitor(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # a person reads between clicks
    host = TARGETS["servers"][0]

    def on_start(self) -> None:
        servers = TARGETS["servers"]
        self.client.base_url = servers[next(_servers) % len(servers)]

    def page(self, path: str, name: str | None = None) -> str:
        with self.client.get(path, name=name or path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return ""
            return response.text


class Browsing(Visitor):
    """The home page, the list of names (a page of it, a letter), a victim's page."""

    weight = 10

    @task(3)
    def victim(self) -> None:
        self.page(random.choice(TARGETS["victims"]), name="/victims/[identifier]/")

    @task(1)
    def names(self) -> None:
        letter = random.choice("ABCDEHIKMNOQRSTVXYZ")
        self.page(f"/victims/?letter={letter}", name="/victims/?letter=[letter]")

    @task(1)
    def home(self) -> None:
        self.page(random.choice(["/", "/en/", "/ru/"]), name="/ (home)")


class Searching(Visitor):
    weight = 4

    @task(3)
    def search(self) -> None:
        self.page(f"/search/?q={random.choice(TARGETS['names'])}", name="/search/?q=[name]")

    @task(1)
    def suggest(self) -> None:
        self.page(f"/search/suggest/?q={random.choice(TARGETS['names'])[:4]}", name="/search/suggest/?q=[start]")


class Listening(Visitor):
    """A testimony's page, then its recording as a player asks for it: the start, then a jump further on."""

    weight = 3

    @task
    def listen(self) -> None:
        testimony = random.choice(TARGETS["testimonies"])
        self.page(testimony["path"], name="/testimonies/[identifier]/")
        for first in (0, random.randrange(0, max(1, testimony["size"] - 65536))):
            headers = {"Range": f"bytes={first}-{first + 65535}"}
            with self.client.get(
                testimony["file"], headers=headers, name="/files/[key]/ (range)", catch_response=True
            ) as response:
                if response.status_code != 206:
                    response.failure(f"{response.status_code}, not 206")


class Family(Visitor):
    """A family reads the form, fills it in, and sends it with a photograph."""

    weight = 1
    wait_time = between(5, 15)

    @task
    def send(self) -> None:
        form = self.page("/en/submit/", name="/en/submit/")
        if not form:
            return
        data = hidden_fields(form)
        data.update(
            {
                "submitter_name": "Leyla Məmmədova",
                "submitter_email": "leyla@example.org",
                "relationship": "sister",
                "person_name": "Rauf Məmmədov",
                "new_surname": "Məmmədov",
                "new_given_name": "Rauf",
                "new_death_date": "1990-01-20",
                "new_fate": "killed",
                # Each a testimony of its own: the same words from one address within a day are one submission.
                "testimony_text": f"He went out on the night of 19 January. ({os.getpid()}-{next(_forms)})",
                "consent": "named",
                "media_consent": "yes",
                "rights_confirmed": "on",
                "website": "",
                "files-0-caption": "Rauf in 1989",
            }
        )
        files = {"files-0-file": ("family.jpg", PHOTOGRAPH, "image/jpeg")}
        with self.client.post(
            "/en/submit/", data=data, files=files, name="/en/submit/ (send)", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302 or "/submit/received/" not in response.headers.get("Location", ""):
                response.failure(f"{response.status_code}: the form was not taken")


class Reviewing(Visitor):
    """A reviewer signed in goes through the queue and opens a submission."""

    weight = 1
    fixed_count = 1  # one reviewer whatever the crowd

    def on_start(self) -> None:
        super().on_start()
        page = self.page("/en/admin/login/", name="/en/admin/login/")
        data = {**hidden_fields(page), **TARGETS["reviewer"], "next": "/en/review/"}
        with self.client.post(
            "/en/admin/login/", data=data, name="/en/admin/login/ (sign in)", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code}: not signed in")

    @task
    def review(self) -> None:
        queue = self.page("/en/review/", name="/en/review/")
        links = REVIEW_LINK.findall(queue)
        if links:
            self.page(random.choice(links), name="/en/review/[reference]/")
