import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.abuse import issue_stamp
from submissions.models import PendingUpload

_FORMS = itertools.count(1)


def form_data(*, files=(), total_forms: int = 4, **overrides) -> dict:
    """A filled-in public form: ``files`` is a list of (name, bytes, caption)."""
    data = {
        "submitter_name": "Leyla Məmmədova",
        "submitter_email": "leyla@example.org",
        "submitter_phone": "",
        "relationship": "sister",
        "person_name": "Rauf Məmmədov",
        "new_surname": "Məmmədov",
        "new_given_name": "Rauf",
        "new_death_date": "1990-01-20",
        "new_fate": "killed",
        # Each form a testimony of its own: the same words from the same address within a day are one submission.
        "testimony_text": f"He went out on the night of 19 January and did not come back. ({next(_FORMS)})",
        "consent": "named",
        "media_consent": "yes",
        "rights_confirmed": "on",
        "website": "",
        "stamp": issue_stamp(),
        "files-TOTAL_FORMS": str(max(total_forms, len(files))),
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "10",
        "others-TOTAL_FORMS": "2",
        "others-INITIAL_FORMS": "0",
        "others-MIN_NUM_FORMS": "0",
        "others-MAX_NUM_FORMS": "10",
    }
    for index, (name, content, caption) in enumerate(files):
        data[f"files-{index}-file"] = SimpleUploadedFile(name, content)
        data[f"files-{index}-caption"] = caption
    data.update(overrides)
    return data


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def pending_paths(root) -> list:
    """The stored files of the pending uploads (files kept from a refused post), sorted."""
    names = [name for row in PendingUpload.objects.all() for name in (row.file.name, row.thumbnail.name) if name]
    return sorted(root / name for name in names)


def status_link(token: str, prefix: str = "/en") -> str:
    """The private link a family receives (on the confirmation page, by e-mail)."""
    return f"{prefix}/submissions/{token}/"


def open_status_link(client, link: str) -> str:
    """Follow a status link as the family's browser does: the address of the page it leads to (without the token)."""
    response = client.get(link)
    assert response.status_code == 302, response.status_code
    return response["Location"]


BACKGROUND_WAIT = 30  # seconds: only a guard against a hung test, never a measurement


@contextmanager
def held_in_the_worker(monkeypatch, module, name: str) -> Iterator[tuple[threading.Event, threading.Event]]:
    """``module.name`` waits, in the background worker, until the test lets it go: (started, release)."""
    started, release = threading.Event(), threading.Event()
    original = getattr(module, name)

    def held(**kwargs):
        started.set()
        if not release.wait(BACKGROUND_WAIT):
            raise TimeoutError("the test never released the job")
        return original(**kwargs)

    monkeypatch.setattr(module, name, held)
    try:
        yield started, release
    finally:
        release.set()
