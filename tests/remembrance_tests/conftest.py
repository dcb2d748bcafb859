import time

import pytest

from archive.abuse import issue_stamp
from remembrance.forms import STAMP_SALT
from tests.factories import VictimFactory


@pytest.fixture
def victim(db):
    return VictimFactory(surname_az="Məmmədov", given_name_az="Rauf", surname_en="Mammadov", given_name_en="Rauf")


def aged_stamp(seconds: float = 60) -> str:
    """A stamp of a form shown ``seconds`` ago, as a visitor who took their time sends it."""
    return issue_stamp(issued_at=time.time() - seconds, salt=STAMP_SALT)


def form_data(text: str = "Unudulmayacaq. Rəhmət olsun.", name: str = "", **extra: str) -> dict[str, str]:
    return {"text": text, "name": name, "website": "", "stamp": aged_stamp(), **extra}


@pytest.fixture
def send(client):
    """Send the form of ``victim``'s page in ``prefix``'s language, as a visitor would."""

    def post(victim, prefix: str = "/en", **data):
        return client.post(f"{prefix}/victims/{victim.identifier}/remember/", form_data(**data))

    return post


@pytest.fixture(autouse=True)
def roomy_rate_limit(settings):
    """Tests send many messages from one address; the test of the limit sets its own."""
    settings.REMEMBRANCE_RATE_LIMIT = 100
