"""The rules behind `check`: a loaded timeline (with positions) -> every problem, with its place."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from typing import TYPE_CHECKING, Protocol

from ant_timeline.dates import day_text
from ant_timeline.errors import Problem
from ant_timeline.model import (
    ID_PATTERN,
    Event,
    Timeline,
    TitleMatcher,
    normalise_title,
    split_ref,
)
from ant_timeline.text import is_web_url

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ant_timeline.errors import FileReadError


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What `check` found in one file. `readable` is False when it is not YAML at all."""

    path: str
    problems: tuple[Problem, ...]
    event_count: int
    readable: bool = True

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(p.count for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return sum(p.count for p in self.problems if p.severity == "warning")


@dataclass(frozen=True, slots=True)
class SetCheck:
    """What `check` found in several timelines: each file's result, then what is wrong across
    them (a `KEY/ID` that does not resolve, one event kept in two timelines)."""

    label: str
    results: tuple[CheckResult, ...]
    across: tuple[Problem, ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem: each file's in turn, then those across the set."""
        return tuple(p for result in self.results for p in result.problems) + self.across

    @property
    def readable(self) -> bool:
        """False when some file could not be read as YAML at all."""
        return all(result.readable for result in self.results)

    @property
    def errors(self) -> int:
        """How many problems are errors, in all."""
        return sum(result.errors for result in self.results) + _count(self.across, "error")

    @property
    def warnings(self) -> int:
        """How many problems are warnings, in all."""
        return sum(result.warnings for result in self.results) + _count(self.across, "warning")


def _count(problems: Iterable[Problem], severity: str) -> int:
    return sum(p.count for p in problems if p.severity == severity)


def across(timeline: Timeline) -> list[Problem]:
    """What is wrong across timelines loaded together: a `related` `KEY/ID` whose KEY is loaded
    but has no such event, and one event kept in two timelines (same span, nearly the same
    title; a warning suggesting a `related` link, unless they are linked already)."""
    paths = {member.key: member.path for member in timeline.members}
    refs = {event.ref for event in timeline.events}
    problems: list[Problem] = []

    def add(event: Event, key: str, code: str, message: str, severity: str) -> None:
        line, column = event.where(key) or (None, None)
        where = paths.get(event.timeline, timeline.path)
        problems.append(
            Problem(
                where,
                line,
                column,
                code,
                message,
                severity,
                event.id,
                key.partition(".")[0] or None,
            )
        )

    for event in timeline.events:
        for index, related in enumerate(event.related):
            target = split_ref(related)
            if target is not None and target[0] in paths and related not in refs:
                known = sorted(ref for ref in refs if ref.startswith(f"{target[0]}/"))
                guess = get_close_matches(related, known, n=1, cutoff=0.6)
                hint = f"; did you mean {guess[0]!r}?" if guess else ""
                add(
                    event,
                    f"related.{index}",
                    "unknown-related",
                    f"related id {related!r} is not an event of timeline {target[0]!r}{hint}",
                    "error",
                )
    by_span: dict[tuple[object, object], list[Event]] = {}
    for event in timeline.events:
        by_span.setdefault(event.date.sort_key, []).append(event)
    for group in by_span.values():
        if len({event.timeline for event in group}) < 2:
            continue
        for earlier, later in likely_duplicates(group, across_timelines=True):
            if earlier.ref in later.related_refs() or later.ref in earlier.related_refs():
                continue
            line = earlier.where()
            at = f" ({paths.get(earlier.timeline, '')} line {line[0]})" if line else ""
            add(
                later,
                "",
                "same-event",
                f"event {later.ref!r} looks like {earlier.ref!r}{at}, kept in another "
                f"timeline: same date and nearly the same title; if they are one event, link "
                f"them with related: [{earlier.ref}]",
                "warning",
            )
    problems.sort(key=lambda p: (p.path, p.line or 0, p.column or 0, p.code))
    return problems


class LoadedFile(Protocol):
    """What `check` needs of a file the store read: its timeline and what reading it found."""

    @property
    def timeline(self) -> Timeline: ...
    @property
    def problems(self) -> list[Problem]: ...
    @property
    def partial(self) -> list[Event]: ...
    @property
    def file_order(self) -> list[str]: ...
    @property
    def event_count(self) -> int: ...


def check_report(report: LoadedFile, *, strict: bool = False) -> CheckResult:
    """Every problem of a file as read: its load problems and every rule's, in file order."""
    problems = report.problems + validate(
        report.timeline, report.partial, report.file_order, strict=strict
    )
    problems.sort(key=lambda p: (p.line or 0, p.column or 0, p.code))
    return CheckResult(report.timeline.path, tuple(problems), report.event_count)


def unreadable(label: str, problem: Problem) -> CheckResult:
    """The result for a file that cannot be read as YAML at all: that one problem."""
    return CheckResult(label, (problem,), 0, readable=False)


def unreadable_problem(error: FileReadError, label: str) -> Problem:
    """A file that cannot be read, as a problem; the place is `file` or, for a bad byte,
    `file:line:column`."""
    line = column = None
    if error.place and error.place != label:
        parts = error.place.rsplit(":", 2)
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            line, column = int(parts[1]), int(parts[2])
    return Problem(label, line, column, "unreadable", error.message)


def invisible_characters(text: str) -> list[str]:
    """Code points in `text` that show as nothing (zero-width, bidi controls, other formats)."""
    return [
        f"U+{ord(ch):04X}"
        for ch in text
        if unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp") or ch.isspace()
    ]


def validate(
    timeline: Timeline,
    partial: Iterable[Event] = (),
    ids: Iterable[str] = (),
    *,
    strict: bool = False,
) -> list[Problem]:
    """Every check problem in a timeline loaded from a file (load problems come from `store`).

    `partial` are the events that did not load (their other fields are still checked) and
    `ids` every id in the file, loaded or not, for checking `related`.

    `strict` adds the warnings only `check --strict` gives: in a timeline that keeps archived
    copies (any source has `archived`), each source without one. A timeline that keeps none
    is not told about every source it has: archiving is a choice a file makes by starting it.
    """
    partial = list(partial)
    rules = _Rules(timeline, ids)
    rules.keeps_copies = strict and any(
        source.archived is not None
        for event in (*timeline.events, *partial)
        for source in event.sources
    )
    for event in timeline.events:
        rules.event(event)
    for event in partial:
        rules.event(event)
    rules.duplicates()
    return rules.problems


class _Rules:
    def __init__(self, timeline: Timeline, ids: Iterable[str]) -> None:
        self.timeline = timeline
        self.path = timeline.path
        self.ids = {event.id for event in timeline.events} | set(ids)
        self.vocabulary = timeline.info.vocabulary
        self.problems: list[Problem] = []
        self.keeps_copies = False  # warn about sources without an archived copy
        self.today = date.today()

    def add(self, event: Event, key: str, code: str, message: str, severity: str = "error") -> None:
        line, column = event.where(key) or (None, None)
        field_name = key.split(".", 1)[0] if key else None
        self.problems.append(
            Problem(self.path, line, column, code, message, severity, event.id, field_name or None)
        )

    def event(self, event: Event) -> None:
        if not ID_PATTERN.fullmatch(event.id):
            hidden = invisible_characters(event.id)
            reason = (
                f"contains invisible characters ({', '.join(hidden)})"
                if hidden
                else "is not kebab-case (lowercase letters, digits and single hyphens)"
            )
            self.add(event, "id", "invalid-id", f"id {event.id!r} {reason}")
        if event.category is not None and event.category not in self.vocabulary:
            guess = get_close_matches(event.category, self.vocabulary, n=1, cutoff=0.75)
            if guess:
                hint = f"did you mean {guess[0]!r}?"
            elif self.vocabulary:
                hint = f"use one of: {', '.join(self.vocabulary)}"
            else:  # `categories: []`
                hint = "timeline.categories is empty: add the category there, or leave it out"
            self.add(
                event,
                "category",
                "unknown-category",
                f"category {event.category!r} is not in the vocabulary; {hint}",
            )
        for index, related in enumerate(event.related):
            key = f"related.{index}"
            if related == event.id:
                self.add(event, key, "related-self", f"event {event.id!r} lists itself as related")
            elif split_ref(related) is not None:
                continue  # another timeline's event: checked when that timeline is loaded too
            elif related not in self.ids:
                guess = get_close_matches(related, sorted(self.ids), n=1, cutoff=0.6)
                hint = f"; did you mean {guess[0]!r}?" if guess else ""
                self.add(
                    event, key, "unknown-related", f"related id {related!r} is not an event{hint}"
                )
        if not event.sources:
            self.add(
                event,
                "sources" if "sources" in event.positions else "",
                "missing-source",
                f"event {event.id!r} has no source; cite at least one under 'sources:' with a url",
            )
        for index, source in enumerate(event.sources):
            where = f"sources.{index}"
            if not is_web_url(source.url):
                self.add(
                    event,
                    f"{where}.url",
                    "bad-url",
                    f"source {index + 1} url {source.url!r} is not an http(s) address",
                )
            if source.archived is not None and not is_web_url(source.archived):
                self.add(
                    event,
                    f"{where}.archived",
                    "bad-url",
                    f"source {index + 1} archived {source.archived!r} is not an http(s) address",
                )
            elif source.archived is None and self.keeps_copies:
                self.add(
                    event,
                    where,
                    "not-archived",
                    f"source {index + 1} of {event.id!r} has no archived copy; "
                    "`ant-timeline archive` looks for one",
                    "warning",
                )
            published = source.published
            if published is not None and published.earliest and published.earliest > self.today:
                self.add(
                    event,
                    f"{where}.published" if f"{where}.published" in event.positions else where,
                    "published-in-future",
                    f"source {index + 1} of {event.id!r} has published date "
                    f"{published.display()}, after today ({day_text(self.today)}); a source "
                    "cannot be published in the future: check the date",
                    "warning",
                )
            missing = [
                name
                for name, value in (
                    ("title", source.title),
                    ("publisher", source.publisher),
                    ("published date", source.published),
                )
                if value is None
            ]
            if missing:
                listed = (
                    ", ".join(missing[:-1]) + " or " + missing[-1]
                    if len(missing) > 1
                    else missing[0]
                )
                self.add(
                    event,
                    where,
                    "source-incomplete",
                    f"source {index + 1} of {event.id!r} has no {listed}",
                    "warning",
                )

    def duplicates(self) -> None:
        by_span: dict[tuple[object, object], list[Event]] = {}
        for event in self.timeline.events:
            by_span.setdefault(event.date.sort_key, []).append(event)
        for group in by_span.values():
            if len(group) > 1:
                for earlier, later in likely_duplicates(group):
                    line = earlier.where()
                    at = f" (line {line[0]})" if line else ""
                    self.add(
                        later,
                        "",
                        "likely-duplicate",
                        f"event {later.id!r} looks like a duplicate of {earlier.id!r}{at}: "
                        "same date and nearly the same title",
                    )


PAIRWISE_UP_TO = 30  # up to this many events with one span, every pair is compared
NEIGHBOURS = 8  # beyond it, each title is compared with this many neighbours in sorted order


def likely_duplicates(
    group: list[Event], *, across_timelines: bool = False
) -> list[tuple[Event, Event]]:
    """(earlier, later) pairs of near-identical titles among events that share one span.

    Each later event is reported once, against the first earlier one it matches. Small groups
    compare every pair. Large groups (a file with hundreds of events dated just "2021") would make
    that quadratic, so titles equal after normalising are found by hashing, and near-identical
    ones by comparing each title with its neighbours when sorted forwards and by reversed text
    (the sorted-neighbourhood method of record linkage): a typo near either end still sorts close.
    """
    titles = [normalise_title(event.title) for event in group]
    order = {id(event): index for index, event in enumerate(group)}
    candidates: set[tuple[int, int]] = set()
    if len(group) <= PAIRWISE_UP_TO:
        candidates = {(i, j) for j in range(len(group)) for i in range(j)}
    else:
        first_with: dict[str, int] = {}
        for index, title in enumerate(titles):
            if title in first_with:
                candidates.add((first_with[title], index))
            else:
                first_with[title] = index
        for key in (lambda i: titles[i], lambda i: titles[i][::-1]):
            ranked = sorted(range(len(group)), key=key)
            for position, index in enumerate(ranked):
                for other in ranked[position + 1 : position + 1 + NEIGHBOURS]:
                    candidates.add((min(index, other), max(index, other)))
    matcher = TitleMatcher(titles)
    reported: dict[int, int] = {}
    for earlier, later in sorted(candidates, key=lambda pair: (pair[1], pair[0])):
        if across_timelines and group[earlier].timeline == group[later].timeline:
            continue  # within one timeline, its own check reports it
        if later not in reported and matcher.alike(earlier, later):
            reported[later] = earlier
    return [
        (group[earlier], group[later])
        for later, earlier in sorted(reported.items(), key=lambda item: order[id(group[item[0]])])
    ]
