"""What a file refused for import says: every problem found, each with the line it is on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message}" if self.line else self.message


class ExchangeError(Exception):
    """A file that cannot be imported; nothing of it was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


class Problems:
    """Collects problems while a file is read, so one import reports all of them."""

    LIMIT = 50  # past this many, the file is not what the import expects: more lines say nothing new

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, line: int | None, message: str) -> None:
        if len(self.found) < self.LIMIT:
            self.found.append(Problem(line, str(message)))

    def raise_any(self) -> None:
        if self.found:
            raise ExchangeError(sorted(self.found, key=lambda problem: problem.line or 0))
