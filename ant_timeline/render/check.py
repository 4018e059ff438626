"""The `check` report: `file:line:column: severity: message [code]` per problem, and the
summary of a file or of a set of timelines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ant_timeline.render.console import Line
from ant_timeline.text import inert

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ant_timeline.errors import Problem
    from ant_timeline.validate import CheckResult, SetCheck

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow"}


def check_lines(result: CheckResult) -> Iterator[Line]:
    """`file:line:column: severity: message [code]` per problem, then a summary."""
    for problem in result.problems:
        yield _problem_line(problem)
    path, events = inert(result.path), _count(result.event_count, "event")
    if not result.problems:
        yield [(f"{path}: no problems in {events}", "green")]
        return
    counts = []
    if result.errors:
        counts.append(_count(result.errors, "error"))
    if result.warnings:
        counts.append(_count(result.warnings, "warning"))
    yield [(f"{path}: {', '.join(counts)} in {events}", "bold")]


def check_set_lines(result: SetCheck) -> Iterator[Line]:
    """Each readable file's report in turn, then the problems across the timelines and a total."""
    for each in result.results:
        if each.readable:
            yield from check_lines(each)
    for problem in result.across:
        yield _problem_line(problem)
    counts = []
    if result.errors:
        counts.append(_count(result.errors, "error"))
    if result.warnings:
        counts.append(_count(result.warnings, "warning"))
    timelines = _count(len(result.results), "timeline")
    if counts:
        yield [(f"{timelines}: {', '.join(counts)} in all", "bold")]
    else:
        yield [(f"{timelines}: no problems, in each or across them", "green")]


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _problem_line(problem: Problem) -> Line:
    return [
        (f"{inert(problem.place)}: ", "bold"),
        (f"{problem.severity}: ", SEVERITY_STYLES.get(problem.severity, "")),
        (inert(problem.message), ""),
        (f" [{problem.code}]", "dim"),
    ]
