"""Filters for `show`, `diff` and `export`: pure functions from a timeline to a timeline."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from ant_timeline.model import known_on, source_known_from

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ant_timeline.dates import EventDate
    from ant_timeline.model import Event, Timeline


@dataclass(frozen=True, slots=True)
class Filter:
    """What to keep. Repeated values are any-of; different options combine as all-of."""

    since: EventDate | None = None
    until: EventDate | None = None
    tags: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    search: str | None = None
    limit: int | None = None
    reverse: bool = False
    subjects: tuple[str, ...] = ()  # timelines, by subject or key

    @property
    def selects(self) -> bool:
        """True when the filter can drop an event (limit and order aside)."""
        return bool(
            self.since
            or self.until
            or self.tags
            or self.actors
            or self.categories
            or self.search
            or self.subjects
        )


def _folded(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(value.casefold() for value in values)


def subject_keys(spec: Filter, *timelines: Timeline) -> frozenset[str] | None:
    """The keys of the timelines `--subject` names (None: no subject filter). A file read on
    its own has the key "" and matches by its subject or its file name."""
    if not spec.subjects:
        return None
    keys: set[str] = set()
    for timeline in timelines:
        for name in spec.subjects:
            keys.update(member.key for member in timeline.members if member.named(name))
            if not timeline.members and _names_single(timeline, name):
                keys.add("")
    return frozenset(keys)


def _names_single(timeline: Timeline, name: str) -> bool:
    from pathlib import PurePath  # noqa: PLC0415

    wanted = name.casefold()
    stem = PurePath(timeline.path).name.rsplit(".", 1)[0]
    return wanted in ((timeline.info.subject or stem).casefold(), stem.casefold())


class Matcher:
    """The selecting part of a filter as a test `event -> bool`, compiled once."""

    def __init__(self, spec: Filter, subjects: frozenset[str] | None = None) -> None:
        self.subjects = subjects
        # Overlap: keep an event whose span touches [since.earliest, until.latest].
        self.since = spec.since.earliest if spec.since else None
        self.until = spec.until.latest if spec.until else None
        self.tags = _folded(spec.tags)
        self.actors = _folded(spec.actors)
        self.categories = _folded(spec.categories)
        self.needle = spec.search.casefold() if spec.search else None

    def __call__(self, event: Event) -> bool:
        if self.subjects is not None and event.timeline not in self.subjects:
            return False
        if self.since is not None and (event.date.latest or date.max) < self.since:
            return False
        if self.until is not None and (event.date.earliest or date.min) > self.until:
            return False
        if self.tags and not any(tag.casefold() in self.tags for tag in event.tags):
            return False
        if self.actors and not any(actor.casefold() in self.actors for actor in event.actors):
            return False
        if self.categories and (event.category or "").casefold() not in self.categories:
            return False
        if self.needle is not None:
            haystack = "\n".join(
                (event.title, event.summary or "", *event.actors, *event.tags)
            ).casefold()
            if self.needle not in haystack:
                return False
        return True


def apply(timeline: Timeline, spec: Filter) -> Timeline:
    """The events that match, in display order (reversed if asked), at most `limit` of them."""
    events = list(timeline.events)
    if spec.selects:
        keep = Matcher(spec, subject_keys(spec, timeline))
        events = [event for event in events if keep(event)]
    if spec.reverse:
        events.reverse()
    if spec.limit is not None:
        events = events[: max(spec.limit, 0)]
    return timeline.replace_events(events)


# ---------------------------------------------------------------------------------------------
# Knowledge time: the timeline as a reader could have written it on a given day


@dataclass(frozen=True, slots=True)
class Known:
    """A timeline as known on `day`, and the events left out for want of a dated source."""

    timeline: Timeline
    day: date
    undated: tuple[Event, ...]  # none of their sources has a published date

    def undated_matching(self, spec: Filter) -> int:
        """How many of the undated events the filter would have kept (its limit aside)."""
        return count_matching(self.undated, spec, self.timeline)


def count_matching(events: Iterable[Event], spec: Filter, *timelines: Timeline) -> int:
    """How many of `events` (of `timelines`) the filter keeps, its limit aside."""
    if not spec.selects:
        return sum(1 for _ in events)
    keep = Matcher(spec, subject_keys(spec, *timelines))
    return sum(1 for event in events if keep(event))


def as_known(timeline: Timeline, day: date) -> Known:
    """Only the sources published by `day` (`model.known_on`), and only the events with at
    least one of them; the order of events and of each event's sources stays."""
    events: list[Event] = []
    undated: list[Event] = []
    for event in timeline.events:
        sources = tuple(source for source in event.sources if known_on(source, day))
        if sources:
            kept = len(sources) == len(event.sources)
            events.append(event if kept else replace(event, sources=sources))
        elif event.first_report is None:
            undated.append(event)
    return Known(timeline.replace_events(events), day, tuple(undated))


def latest_report(timeline: Timeline) -> date | None:
    """The last day any source of the timeline starts to count from (None: no dated source)."""
    days = [
        day
        for event in timeline.events
        for source in event.sources
        if (day := source_known_from(source)) is not None
    ]
    return max(days, default=None)
