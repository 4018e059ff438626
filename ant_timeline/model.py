"""The timeline as frozen values: `Timeline`, `Event`, `Source`; nothing here reads files."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from ant_timeline.dates import EventDate, Precision

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import date as Day

__all__ = [
    "DEFAULT_CATEGORIES",
    "Event",
    "EventDate",
    "Precision",
    "Source",
    "Timeline",
    "TimelineInfo",
    "likely_same",
]

DEFAULT_CATEGORIES = (
    "regulation",
    "enforcement",
    "policy",
    "corporate",
    "political",
    "market",
    "context",
)

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# (line, column), 1-based, of each field as written; keys like "date", "sources.0.url", "".
Positions = Mapping[str, tuple[int, int]]


class FlatPositions(Mapping[str, tuple[int, int]]):
    """Positions kept as one flat tuple (key, line, column, ...); the dict is built on first use.

    A timeline read back from the parse cache needs positions only for `check` and edits.
    """

    __slots__ = ("_flat", "_map")

    def __init__(self, flat: tuple[Any, ...]) -> None:
        self._flat = flat
        self._map: dict[str, tuple[int, int]] | None = None

    def _mapping(self) -> dict[str, tuple[int, int]]:
        if self._map is None:
            flat = self._flat
            self._map = {flat[i]: (flat[i + 1], flat[i + 2]) for i in range(0, len(flat), 3)}
        return self._map

    def __getitem__(self, key: str) -> tuple[int, int]:
        return self._mapping()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._flat) // 3


@dataclass(frozen=True, slots=True)
class Source:
    """A report that supports an event."""

    url: str
    title: str | None = None
    publisher: str | None = None
    published: EventDate | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One dated event of the story, with its sources."""

    id: str
    date: EventDate
    title: str
    summary: str | None = None
    category: str | None = None
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    related: tuple[str, ...] = ()
    positions: Positions = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def sort_key(self) -> tuple[Day, Day, str]:
        """The total order of the README: earliest, then latest, then id."""
        earliest, latest = self.date.sort_key
        return (earliest, latest, self.id)

    def where(self, key: str = "") -> tuple[int, int] | None:
        """Line and column of a field (or of the event itself for "") when loaded from a file."""
        return self.positions.get(key) or self.positions.get("")


@dataclass(frozen=True, slots=True)
class TimelineInfo:
    """The `timeline:` header of an events file."""

    title: str | None = None
    subject: str | None = None
    description: str | None = None
    categories: tuple[str, ...] | None = None  # None: the default vocabulary

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """The categories an event may use."""
        return self.categories if self.categories is not None else DEFAULT_CATEGORIES


@dataclass(frozen=True, slots=True)
class Timeline:
    """The events of a timeline in display order, with the header and where it came from."""

    info: TimelineInfo
    events: tuple[Event, ...]
    path: str = "<memory>"

    @classmethod
    def of(cls, info: TimelineInfo, events: Iterable[Event], path: str = "<memory>") -> Timeline:
        """A timeline with its events put in the documented total order."""
        return cls(info, tuple(sorted(events, key=lambda e: e.sort_key)), path)

    def replace_events(self, events: Iterable[Event]) -> Timeline:
        """The same timeline holding only `events` (already in order)."""
        return Timeline(self.info, tuple(events), self.path)

    def by_id(self) -> Mapping[str, Event]:
        """Events keyed by id."""
        return {event.id: event for event in self.events}


_PUNCTUATION = re.compile(r"[\W_]+", re.UNICODE)


def normalise_title(title: str) -> str:
    """Casefolded words of a title, for comparing titles written slightly differently."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


def titles_alike(first: str, second: str, threshold: float = 0.9) -> bool:
    """True when two titles are the same or nearly so (typos, punctuation, case)."""
    a, b = normalise_title(first), normalise_title(second)
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= threshold and matcher.ratio() >= threshold


def likely_same(first: Event, second: Event) -> bool:
    """Same span and a near-identical title: probably one event entered twice."""
    return first.date.sort_key == second.date.sort_key and titles_alike(first.title, second.title)
