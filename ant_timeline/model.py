"""The timeline as frozen values: `Timeline`, `Event`, `Source`; nothing here reads files."""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from ant_timeline.dates import EN_DASH, MONTH_ABBR, EventDate, PartialDate, Precision

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import date as Day

__all__ = [
    "DEFAULT_CATEGORIES",
    "Event",
    "EventDate",
    "Member",
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

# The schema's keys, in the order new events and sources are written.
EVENT_KEYS = ("id", "date", "title", "summary", "category", "actors", "tags", "sources", "related")
# `archived`, the address of an archived copy, is written right after the `url` it copies.
SOURCE_KEYS = ("title", "publisher", "url", "archived", "published")
LIST_FIELDS = ("actors", "tags", "related")  # lists of plain text

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def split_ref(ref: str) -> tuple[str, str] | None:
    """`KEY/ID` (an event of another timeline loaded with this one) as (KEY, ID); else None."""
    key, slash, event_id = ref.partition("/")
    if slash and ID_PATTERN.fullmatch(key) and ID_PATTERN.fullmatch(event_id):
        return key, event_id
    return None


# (line, column), 1-based, of each field as written; keys like "date", "sources.0.url", "".
Positions = Mapping[str, tuple[int, int]]


# Position keys are numbered once per process so that positions pack into a few bytes: the keys
# every file has come first, in a fixed order, so numbers agree between processes (the parse
# cache stores them); any other key gets the next free number.
_FIXED_KEYS = [
    "",
    "$end",
    *EVENT_KEYS,
    *(
        f"sources.{i}{suffix}"
        for i in range(16)
        for suffix in ("", *(f".{k}" for k in SOURCE_KEYS))
    ),
    *(f"{name}.{i}" for name in LIST_FIELDS for i in range(32)),
]
KEY_NAMES: list[str] = list(_FIXED_KEYS)
KEY_IDS: dict[str, int] = {name: number for number, name in enumerate(KEY_NAMES)}


def key_id(key: str) -> int:
    """The process-wide number of a position key."""
    number = KEY_IDS.get(key)
    if number is None:
        number = KEY_IDS[key] = len(KEY_NAMES)
        KEY_NAMES.append(key)
    return number


class PackedPositions(Mapping[str, tuple[int, int]]):
    """Positions packed as unsigned 32-bit (key number, line, column) triples in one bytes object.

    A dict of tuples per event costs ~3 KiB; this costs ~0.4 KiB, which is what keeps 100,000
    events within memory.
    """

    __slots__ = ("packed",)

    def __init__(self, packed: bytes) -> None:
        self.packed = packed

    @classmethod
    def pack(cls, positions: Mapping[str, tuple[int, int]]) -> PackedPositions:
        """Pack a key -> (line, column) mapping."""
        values: list[int] = []
        for key, (line, column) in positions.items():
            values += (key_id(key), line, column)
        return cls(array("I", values).tobytes())

    def _numbers(self) -> array[int]:
        numbers = array("I")
        numbers.frombytes(self.packed)
        return numbers

    def __getitem__(self, key: str) -> tuple[int, int]:
        wanted = KEY_IDS.get(key)
        numbers = self._numbers()
        for index in range(0, len(numbers), 3):
            if numbers[index] == wanted:
                return (numbers[index + 1], numbers[index + 2])
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        numbers = self._numbers()
        return iter([KEY_NAMES[numbers[index]] for index in range(0, len(numbers), 3)])

    def __len__(self) -> int:
        return len(self.packed) // 12


@dataclass(frozen=True, slots=True)
class Source:
    """A report that supports an event."""

    url: str
    title: str | None = None
    publisher: str | None = None
    published: EventDate | None = None
    archived: str | None = None  # the address of an archived copy (a Wayback Machine snapshot)


def source_known_from(source: Source) -> Day | None:
    """The first day a source counts as public: the last day of its `published` span (a source
    published `2023-01` counts from 31 Jan 2023); None when it has no bounded published date."""
    published = source.published
    return published.latest if published is not None else None


def known_on(source: Source, day: Day) -> bool:
    """True when a reader could have known `source` on `day`: its whole `published` span has
    passed by then. The one rule behind `--as-of`, the HTML page's "as known on" control and
    `first_reported`."""
    first = source_known_from(source)
    return first is not None and first <= day


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
    # The key of the timeline the event belongs to when several are loaded together ("" when
    # one file is read on its own): `didi` for timelines/didi.yaml.
    timeline: str = ""

    @property
    def sort_key(self) -> tuple[Day, Day, str, str]:
        """The total order of the README: earliest, then latest, then id (then timeline)."""
        earliest, latest = self.date.sort_key
        return (earliest, latest, self.id, self.timeline)

    def of_timeline(self, key: str) -> Event:
        """The same event, as part of the timeline with this key (`dataclasses.replace`,
        written out: it is called once per event when timelines are loaded together)."""
        return Event(
            self.id,
            self.date,
            self.title,
            self.summary,
            self.category,
            self.actors,
            self.tags,
            self.sources,
            self.related,
            self.positions,
            key,
        )

    @property
    def ref(self) -> str:
        """How the event is named across timelines: `KEY/ID`, or its id in a timeline alone."""
        return f"{self.timeline}/{self.id}" if self.timeline else self.id

    def related_refs(self) -> tuple[str, ...]:
        """`related` as refs: an id of the event's own timeline gets its key; `KEY/ID` stays."""
        if not self.timeline:
            return self.related
        return tuple(item if "/" in item else f"{self.timeline}/{item}" for item in self.related)

    def where(self, key: str = "") -> tuple[int, int] | None:
        """Line and column of a field (or of the event itself for "") when loaded from a file."""
        return self.positions.get(key) or self.positions.get("")

    @property
    def first_report(self) -> Source | None:
        """The source that made the event public first: the one that counts earliest (see
        `known_on`), of two that count from the same day the one whose span starts first."""
        first: Source | None = None
        order: tuple[Day, Day] | None = None
        for source in self.sources:
            counts_from = source_known_from(source)
            if counts_from is None or source.published is None:
                continue
            # By the day it counts from, then by where its span starts (an open start first).
            key = (counts_from, source.published.sort_key[0])
            if order is None or key < order:
                first, order = source, key
        return first

    @property
    def first_reported(self) -> EventDate | None:
        """When the event was first reported: `published` of `first_report`, or None."""
        source = self.first_report
        return source.published if source is not None else None

    @property
    def known_from(self) -> Day | None:
        """The first day a reader could have known of the event (None: no dated source)."""
        source = self.first_report
        return source_known_from(source) if source is not None else None


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
class Member:
    """One timeline of several loaded together: its key, header, file and how many events."""

    key: str  # the file's name without extension: `didi` for timelines/didi.yaml
    info: TimelineInfo
    path: str
    count: int

    @property
    def subject(self) -> str:
        """Who the timeline is about: its subject, else its title, else its key."""
        return self.info.subject or self.info.title or self.key

    def named(self, name: str) -> bool:
        """True when `name` is this timeline's subject or key (any case), as `--subject` takes."""
        wanted = name.casefold()
        # A timeline without a subject has none to match: `--subject ""` is not a name for it.
        return wanted in (self.key.casefold(), (self.info.subject or self.key).casefold())


@dataclass(frozen=True, slots=True)
class Timeline:
    """The events of a timeline in display order, with the header and where it came from.

    Several timelines loaded together are one `Timeline` too: its events carry their
    timeline's key, and `members` lists the timelines (empty for a file read on its own).
    """

    info: TimelineInfo
    events: tuple[Event, ...]
    path: str = "<memory>"
    members: tuple[Member, ...] = ()

    @classmethod
    def of(cls, info: TimelineInfo, events: Iterable[Event], path: str = "<memory>") -> Timeline:
        """A timeline with its events put in the documented total order."""
        return cls(info, tuple(sorted(events, key=lambda e: e.sort_key)), path)

    @classmethod
    def merged(cls, parts: Sequence[tuple[str, Timeline]], path: str) -> Timeline:
        """Several timelines, each with its key, as one chronology (keys must be distinct)."""
        members = tuple(Member(key, part.info, part.path, len(part.events)) for key, part in parts)
        events = [
            event if event.timeline == key else event.of_timeline(key)
            for key, part in parts
            for event in part.events
        ]
        return cls(
            merged_info(members), tuple(sorted(events, key=lambda e: e.sort_key)), path, members
        )

    @property
    def several(self) -> bool:
        """True when more than one timeline is shown together (each event then shows its own)."""
        return len(self.members) > 1

    def member(self, key: str) -> Member | None:
        """The loaded timeline with this key."""
        return next((member for member in self.members if member.key == key), None)

    def subject_of(self, event: Event) -> str:
        """The subject of the timeline an event belongs to."""
        member = self.member(event.timeline) if event.timeline else None
        return member.subject if member else self.info.subject or self.info.title or ""

    def replace_events(self, events: Iterable[Event]) -> Timeline:
        """The same timeline holding only `events` (already in order)."""
        return Timeline(self.info, tuple(events), self.path, self.members)

    def by_id(self) -> Mapping[str, Event]:
        """Events keyed by id (by `KEY/ID` when several timelines are loaded together)."""
        return {event.ref: event for event in self.events}


LABEL_WIDTH = 16  # the longest subject label shown beside each event


def subject_labels(timeline: Timeline) -> dict[str, str]:
    """A short label per loaded timeline, by key: its subject (cut to `LABEL_WIDTH`), or its
    key where two timelines share a subject."""
    subjects = Counter(member.subject for member in timeline.members)
    labels = {}
    for member in timeline.members:
        label = member.subject if subjects[member.subject] == 1 else member.key
        if len(label) > LABEL_WIDTH:
            label = label[: LABEL_WIDTH - 1].rstrip() + "…"
        labels[member.key] = label
    return labels


def merged_info(members: Sequence[Member]) -> TimelineInfo:
    """The header of several timelines shown as one: their subjects, every category they use."""
    if len(members) == 1:
        return members[0].info
    subjects = list(dict.fromkeys(member.subject for member in members))
    title = subjects[0] if len(subjects) == 1 else ", ".join(subjects[:-1]) + " and " + subjects[-1]
    vocabularies = [member.info.categories for member in members]
    categories = None
    if any(vocabulary is not None for vocabulary in vocabularies):
        categories = tuple(
            dict.fromkeys(
                name
                for vocabulary in vocabularies
                for name in (vocabulary if vocabulary is not None else DEFAULT_CATEGORIES)
            )
        )
    return TimelineInfo(title=title if subjects else None, categories=categories)


_PUNCTUATION = re.compile(r"[\W_]+", re.UNICODE)


def normalise_title(title: str) -> str:
    """Casefolded words of a title, for comparing titles written slightly differently."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


def titles_alike(first: str, second: str, threshold: float = 0.9) -> bool:
    """True when two titles are the same or nearly so (typos, punctuation, case)."""
    return normalised_alike(normalise_title(first), normalise_title(second), threshold)


def normalised_alike(first: str, second: str, threshold: float = 0.9) -> bool:
    """`titles_alike` for titles already passed through `normalise_title`."""
    return TitleMatcher([first, second], threshold).alike(0, 1)


class TitleMatcher:
    """Compares normalised titles by difflib's ratio, doing the work once per title.

    Two cheap upper bounds of the ratio come first (from the lengths, then from the letter
    counts), so most pairs never reach the full comparison; the full one reuses the matcher of
    the second title, whose index difflib builds once.
    """

    def __init__(self, titles: Sequence[str], threshold: float = 0.9) -> None:
        self.titles = titles
        self.threshold = threshold
        self._counts: dict[int, Counter[str]] = {}
        self._matcher = SequenceMatcher(None, autojunk=False)
        self._second: int | None = None

    def _letters(self, index: int) -> Counter[str]:
        counts = self._counts.get(index)
        if counts is None:
            counts = self._counts[index] = Counter(self.titles[index])
        return counts

    def alike(self, first: int, second: int) -> bool:
        """True when titles `first` and `second` are the same or nearly so."""
        a, b = self.titles[first], self.titles[second]
        if a == b:
            return True
        total = len(a) + len(b)
        bound = self.threshold * total
        if 2 * min(len(a), len(b)) < bound:
            return False
        counts_b = self._letters(second)
        common = sum(min(n, counts_b[letter]) for letter, n in self._letters(first).items())
        if 2 * common < bound:
            return False
        if self._second != second:
            self._matcher.set_seq2(b)
            self._second = second
        self._matcher.set_seq1(a)
        return self._matcher.ratio() >= self.threshold


def likely_same(first: Event, second: Event) -> bool:
    """Same span and a near-identical title: probably one event entered twice."""
    return first.date.sort_key == second.date.sort_key and titles_alike(first.title, second.title)


# ---------------------------------------------------------------------------------------------
# How a list of events is presented: the same in the terminal and in every export.

GAP_DAYS = 90  # a quiet stretch at least this long is worth pointing out
EARLIER = "Earlier"  # the heading of events whose date has an open start


def group_year(event: Event) -> int | None:
    """The year an event is listed under: the year it starts; None for an open start.

    Open-start events sort first, so they get a heading of their own (`EARLIER`) instead of
    repeating, out of order, the heading of the year they end in.
    """
    earliest = event.date.earliest
    return earliest.year if earliest else None


def year_heading(year: int | None) -> str:
    """`2021`, or `Earlier` for events with an open start."""
    return str(year) if year is not None else EARLIER


def covered(events: Iterable[Event]) -> tuple[Day, Day] | None:
    """The first and last day a set of events covers; an open end counts by its other end
    (`../2020` from the start of 2020, `2023-03/..` to the end of March 2023)."""
    first = last = None
    for event in events:
        when = event.date
        start = when.earliest or (when.end.earliest if when.end else None)
        end = when.latest or (when.start.latest if when.start else None)
        if start is not None and (first is None or start < first):
            first = start
        if end is not None and (last is None or end > last):
            last = end
    return (first, last) if first is not None and last is not None else None


def covered_text(events: Iterable[Event]) -> str:
    """`Oct 2020 – Mar 2024`: the months a set of events covers ("" when nothing is dated)."""
    span = covered(events)
    if span is None:
        return ""
    left, right = (f"{MONTH_ABBR[day.month - 1]} {day.year}" for day in span)
    return left if left == right else f"{left} {EN_DASH} {right}"


def gap_months(one: Event, other: Event) -> int:
    """Whole calendar months without events between two neighbours (in either order), or 0
    when the quiet stretch is shorter than `GAP_DAYS` or an open end leaves it unknown."""
    before, after = (one, other) if one.sort_key <= other.sort_key else (other, one)
    last, first = before.date.latest, after.date.earliest
    if last is None or first is None or (first - last).days < GAP_DAYS:
        return 0
    months = (first.year - last.year) * 12 + first.month - last.month
    return months - (first.day < last.day)


def _exact_day(part: PartialDate | None) -> bool:
    return (
        part is not None
        and part.precision is Precision.DAY
        and not (part.approximate or part.uncertain)
    )


def report_lag(event: Event) -> int | None:
    """Days from an event to its first report: positive when reported after it, negative when
    before it (an announcement ahead of the day), 0 on its own day or within its span; None
    when there is no dated source or an imprecise date on either side leaves the lag unknown
    (a report on 3 Feb of an event of "January 2023" is 3 to 33 days after it)."""
    reported = event.first_reported
    if reported is None or reported.interval or not _exact_day(reported.start):
        return None
    day = reported.latest
    when = event.date
    first = when.start
    last = when.end if when.interval else when.start
    if day is None or when.approximate or when.uncertain:
        return None
    if _exact_day(last) and when.latest is not None and day > when.latest:
        return (day - when.latest).days
    if _exact_day(first) and when.earliest is not None and day < when.earliest:
        return (day - when.earliest).days
    if _exact_day(first) and _exact_day(last):
        return 0  # on one of the event's own days
    return None


def first_reported_text(event: Event) -> str | None:
    """`first reported 3 Jan 2023, 4 days after` (the lag only when it is not the event's own
    day and both dates are known to the day); None when no source has a published date."""
    reported = event.first_reported
    if reported is None:
        return None
    text = f"first reported {reported.display()}"
    lag = report_lag(event)
    if lag:
        days = abs(lag)
        text += f", {days:,} day{'' if days == 1 else 's'} {'after' if lag > 0 else 'before'}"
    return text
