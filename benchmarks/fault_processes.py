"""The processes of ``benchmarks/faults.py``: each in a session of its own, so that it and its children stop together
(a redis-server on a port of the run's own, Celery workers and beat as ``deploy/`` runs them)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Process:
    """A process of this run, in a session of its own so that it and its children stop together."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], folder: Path) -> None:
        self.name, self.command, self.env, self.log = name, command, env, folder / f"{name}.log"
        self.popen: subprocess.Popen | None = None

    def start(self) -> Process:
        with self.log.open("ab") as output:
            self.popen = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


def redis_process(folder: Path, port: int, env: dict[str, str]) -> Process:
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    command += ["--appendonly", "yes", "--save", "", "--protected-mode", "no"]
    return Process("redis", command, env, folder)


def redis_up(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(port=port, socket_connect_timeout=0.5).ping())
    except redis.exceptions.ConnectionError:
        return False


def worker(name: str, env: dict[str, str], folder: Path) -> Process:
    command = [sys.executable, "-m", "celery", "-A", "memorial", "worker", "--concurrency", "1", "--hostname"]
    command += [f"{name}@%h", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]
    return Process(name, command, env, folder)


def beat(env: dict[str, str], folder: Path) -> Process:
    command = [sys.executable, "-m", "celery", "-A", "memorial", "beat", "--loglevel", "WARNING"]
    return Process("beat", [*command, "--schedule", str(folder / "celerybeat")], env, folder)
