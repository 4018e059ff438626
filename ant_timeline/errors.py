"""The error hierarchy, exit codes and the `Problem` record shared by loading and `check`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, as documented in the README."""

    OK = 0
    FOUND = 1  # diff found differences, check found problems
    BAD_INPUT = 2  # bad usage or bad input
    INTERRUPTED = 130


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about an events file: where, what, how bad."""

    path: str
    line: int | None
    column: int | None
    code: str
    message: str
    severity: str = "error"  # "error" or "warning"
    event: str | None = None
    field: str | None = None
    # How many problems this one stands for: more than 1 only for the last entry of a file with
    # too many to list, which says how many more there are.
    count: int = 1

    @property
    def place(self) -> str:
        """`file:line:column`, or as much of it as is known."""
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class TimelineError(Exception):
    """Base of every error a user can cause; `cli.app` makes it `error: ...` and an exit code."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str, place: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.place = place

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class FileReadError(TimelineError):
    """The events file (or an article) cannot be read: missing, a folder, not UTF-8, too big."""


class YamlSyntaxError(TimelineError):
    """The events file is not well-formed YAML."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message, problem.place)
        self.problem = problem


class LoadError(TimelineError):
    """The file is YAML but not a valid timeline; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.message, first.place)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class DateError(TimelineError):
    """A date that is not in the grammar and could not be understood as a phrase."""


class EventNotFoundError(TimelineError):
    """An event id that is not in the timeline."""


class RefusedError(TimelineError):
    """A write that would break the timeline (duplicate id, unknown category, ...)."""


class WriteError(TimelineError):
    """Writing the events file failed; the original is intact."""


class GitError(TimelineError):
    """A git revision or path that cannot be read."""


class UsageError(TimelineError):
    """Options that do not fit together, or a missing value that cannot be prompted for."""
