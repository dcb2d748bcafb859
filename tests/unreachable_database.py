"""The database really unreachable for the code under test: the default connection is swapped for one that points
where no database answers (a closed port for PostgreSQL, a file in a missing folder for SQLite), then put back.

Swapping the connection rather than editing its settings leaves the test's own connection, with its open test
transaction (and SQLite's in-memory test database, which closing would destroy), untouched for what follows.
"""

import contextlib
import socket
from collections.abc import Iterator
from pathlib import Path

from django.db import connections
from django.db.utils import load_backend


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free once the socket closes: nothing listens there


@contextlib.contextmanager
def database_unreachable(folder: Path, alias: str = "default") -> Iterator[None]:
    working = connections[alias]
    settings_dict = dict(working.settings_dict)
    if working.vendor == "sqlite":
        settings_dict["NAME"] = str(folder / "no-such-folder" / "db.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    unreachable = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    connections[alias] = unreachable
    try:
        yield
    finally:
        connections[alias] = working
        unreachable.close()
