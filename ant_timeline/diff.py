"""What changed in the story between two timelines, event by event; pure: no files, no git.

Events are matched by id. Among the events left over on each side, one whose id changed but
whose span and title stayed (nearly) the same is a rename, not a removal plus an addition.
Matching is by dictionary and bucket, never pairwise over every event, so a diff of two large
timelines costs a fraction of loading them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice
from typing import TYPE_CHECKING

from ant_timeline.model import normalise_title, titles_alike
from ant_timeline.query import Matcher, subject_keys

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ant_timeline.dates import EventDate
    from ant_timeline.model import Event, Source, Timeline
    from ant_timeline.query import Filter

__all__ = [
    "DateChange",
    "DateKind",
    "Entry",
    "EventChange",
    "FieldChange",
    "SetChange",
    "SourcesChange",
    "TextChange",
    "TimelineDiff",
    "classify_date",
    "diff",
]

TEXT_FIELDS = ("title", "summary", "category")
SCAN_LIMIT = 50  # rename candidates looked at per unmatched event
ALIKE = 0.9  # the similarity `model.titles_alike` asks of two titles by default
FUZZY_BUDGET = 20_000  # near-title comparisons per diff; past it, a rename needs the same title


class DateKind(StrEnum):
    """How a date changed: narrowed to a span inside the old one, widened, or moved."""

    REFINED = "refined"
    WIDENED = "widened"
    MOVED = "moved"


@dataclass(frozen=True, slots=True)
class DateChange:
    """The event's date changed; `kind` says how the spans relate."""

    old: EventDate
    new: EventDate
    kind: DateKind
    field: str = "date"


@dataclass(frozen=True, slots=True)
class TextChange:
    """A text field (`title`, `summary`, `category`) changed; None when absent on that side."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class SetChange:
    """A list compared as a set (`actors`, `tags`, `related`): its values as each side has them."""

    field: str
    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def added(self) -> tuple[str, ...]:
        """Values only the new side has, in its order."""
        before = set(self.old)
        return tuple(dict.fromkeys(value for value in self.new if value not in before))

    @property
    def removed(self) -> tuple[str, ...]:
        """Values only the old side has, in its order."""
        after = set(self.new)
        return tuple(dict.fromkeys(value for value in self.old if value not in after))


@dataclass(frozen=True, slots=True)
class SourcesChange:
    """The sources differ, compared by URL: added, removed, or the same URL described anew."""

    old: tuple[Source, ...]
    new: tuple[Source, ...]
    field: str = "sources"

    @property
    def added(self) -> tuple[Source, ...]:
        """Sources whose URL only the new side cites."""
        before = _by_url(self.old)
        return tuple(source for source in _by_url(self.new).values() if source.url not in before)

    @property
    def removed(self) -> tuple[Source, ...]:
        """Sources whose URL only the old side cites."""
        after = _by_url(self.new)
        return tuple(source for source in _by_url(self.old).values() if source.url not in after)

    @property
    def changed(self) -> tuple[tuple[Source, Source], ...]:
        """(old, new) for each URL both sides cite with a different title, publisher, date or
        archived copy."""
        before = _by_url(self.old)
        return tuple(
            (before[url], source)
            for url, source in _by_url(self.new).items()
            if url in before and before[url] != source
        )


def source_differences(old: Source, new: Source) -> tuple[TextChange, ...]:
    """How one cited source was described anew: title, publisher, published, archived copy.

    Dates are shown as displayed, or as written when two different dates display alike
    (`2021-01-01` and `2021-01-01/2021-01-01` are both "1 Jan 2021").
    """
    changes = [
        TextChange(name, getattr(old, name), getattr(new, name))
        for name in ("title", "publisher")
        if getattr(old, name) != getattr(new, name)
    ]
    if old.published != new.published:
        before, after = old.published, new.published
        shown = [date.display() if date else None for date in (before, after)]
        if shown[0] == shown[1]:
            shown = [date.canonical if date else None for date in (before, after)]
        changes.append(TextChange("published", shown[0], shown[1]))
    if old.archived != new.archived:
        changes.append(TextChange("archived", old.archived, new.archived))
    return tuple(changes)


FieldChange = DateChange | TextChange | SetChange | SourcesChange


@dataclass(frozen=True, slots=True)
class EventChange:
    """One event on both sides, field by field; `old.id != new.id` when it was renamed."""

    old: Event
    new: Event
    changes: tuple[FieldChange, ...]

    @property
    def id(self) -> str:
        """The event's id on the new side."""
        return self.new.id

    @property
    def old_id(self) -> str | None:
        """The previous id of a renamed event, else None."""
        return self.old.id if self.renamed else None

    @property
    def old_ref(self) -> str | None:
        """The previous `KEY/ID` (or id) of a renamed event, else None."""
        return self.old.ref if self.renamed else None

    @property
    def renamed(self) -> bool:
        """True when the id changed."""
        return self.old.id != self.new.id


@dataclass(frozen=True, slots=True)
class Entry:
    """One difference in display order: what happened (`added`, `removed`, `changed`,
    `renamed`) and the event as it is shown (the new side, or the old one for a removal)."""

    kind: str
    event: Event
    change: EventChange | None = None


@dataclass(frozen=True, slots=True)
class TimelineDiff:
    """Every difference between two timelines, each list in chronological order."""

    added: tuple[Event, ...]
    removed: tuple[Event, ...]
    changed: tuple[EventChange, ...]  # renamed events included, with `old_id` set
    old_label: str = "old"
    new_label: str = "new"
    reverse: bool = False
    # The keys of the timelines on either side when sets of timelines are compared.
    timelines: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    @property
    def counts(self) -> dict[str, int]:
        """How many events were added, removed, changed (same id) and renamed."""
        return _counts(self.added, self.removed, self.changed)

    @property
    def summary(self) -> str:
        """`3 added, 1 removed, 2 changed, 1 renamed` without the zeros, or `no differences`."""
        return _summary(self.counts)

    def by_timeline(self) -> list[tuple[str, str]]:
        """(key, summary) for each timeline of a set that has differences, in the sets' order."""
        found = []
        for key in self.timelines:
            counts = _counts(
                [event for event in self.added if event.timeline == key],
                [event for event in self.removed if event.timeline == key],
                [change for change in self.changed if change.new.timeline == key],
            )
            if any(counts.values()):
                found.append((key, _summary(counts)))
        return found

    def entries(self) -> list[Entry]:
        """Every difference in one chronological list (newest first when asked)."""
        return _ordered(self.added, self.removed, self.changed, reverse=self.reverse)


def _counts(
    added: Iterable[Event], removed: Iterable[Event], changed: Iterable[EventChange]
) -> dict[str, int]:
    changes = list(changed)
    renamed = sum(1 for change in changes if change.renamed)
    return {
        "added": len(list(added)),
        "removed": len(list(removed)),
        "changed": len(changes) - renamed,
        "renamed": renamed,
    }


def _summary(counts: dict[str, int]) -> str:
    parts = [f"{count} {name}" for name, count in counts.items() if count]
    return ", ".join(parts) if parts else "no differences"


_RANK = {"removed": 0, "added": 1, "changed": 2, "renamed": 2}


def _ordered(
    added: Iterable[Event],
    removed: Iterable[Event],
    changed: Iterable[EventChange],
    *,
    reverse: bool,
) -> list[Entry]:
    entries = [Entry("added", event) for event in added]
    entries += [Entry("removed", event) for event in removed]
    entries += [
        Entry("renamed" if change.renamed else "changed", change.new, change) for change in changed
    ]
    entries.sort(key=lambda entry: (entry.event.sort_key, _RANK[entry.kind]), reverse=reverse)
    return entries


# ---------------------------------------------------------------------------------------------
# Comparing


def diff(old: Timeline, new: Timeline, spec: Filter | None = None) -> TimelineDiff:
    """The differences from `old` to `new`, restricted to events that match `spec` on either side.

    `spec.reverse` orders the differences newest first; `spec.limit` keeps the first N of them.
    """
    old_by_id = {event.ref: event for event in old.events}
    new_by_id = {event.ref: event for event in new.events}
    changed: list[EventChange] = []
    removed: list[Event] = []
    for event_id, before in old_by_id.items():
        after = new_by_id.get(event_id)
        if after is None:
            removed.append(before)
        elif after != before:
            change = compare(before, after)
            if change.changes:
                changed.append(change)
    added = [event for event_id, event in new_by_id.items() if event_id not in old_by_id]
    if removed and added:
        pairs = _renames(removed, added)
        if pairs:
            gone = {before.ref for before, _ in pairs}
            came = {after.ref for _, after in pairs}
            removed = [event for event in removed if event.ref not in gone]
            added = [event for event in added if event.ref not in came]
            changed += [compare(before, after) for before, after in pairs]
    if spec is not None and spec.selects:
        keep = Matcher(spec, subject_keys(spec, old, new))
        added = [event for event in added if keep(event)]
        removed = [event for event in removed if keep(event)]
        changed = [change for change in changed if keep(change.old) or keep(change.new)]
    reverse = bool(spec and spec.reverse)
    if spec is not None and spec.limit is not None:
        kept = _ordered(added, removed, changed, reverse=reverse)[: max(spec.limit, 0)]
        added = [entry.event for entry in kept if entry.kind == "added"]
        removed = [entry.event for entry in kept if entry.kind == "removed"]
        changed = [entry.change for entry in kept if entry.change is not None]
    return TimelineDiff(
        added=tuple(sorted(added, key=_event_key)),
        removed=tuple(sorted(removed, key=_event_key)),
        changed=tuple(sorted(changed, key=lambda change: change.new.sort_key)),
        old_label=old.path,
        new_label=new.path,
        reverse=reverse,
        timelines=tuple(dict.fromkeys(m.key for m in (*old.members, *new.members))),
    )


def _event_key(event: Event) -> tuple[object, ...]:
    return event.sort_key


def compare(old: Event, new: Event) -> EventChange:
    """Field by field, what differs between two versions of one event (maybe renamed)."""
    return EventChange(old, new, tuple(_field_changes(old, new)))


def _field_changes(old: Event, new: Event) -> Iterator[FieldChange]:
    if old.date != new.date:
        yield DateChange(old.date, new.date, classify_date(old.date, new.date))
    for name in TEXT_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            yield TextChange(name, before, after)
    for name in ("actors", "tags"):
        yield from _set_change(name, getattr(old, name), getattr(new, name))
    if old.sources != new.sources and _by_url(old.sources) != _by_url(new.sources):
        yield SourcesChange(old.sources, new.sources)
    yield from _set_change("related", old.related, new.related)


def _set_change(name: str, old: tuple[str, ...], new: tuple[str, ...]) -> Iterator[SetChange]:
    if old != new and set(old) != set(new):
        yield SetChange(name, old, new)


def _by_url(sources: tuple[Source, ...]) -> dict[str, Source]:
    found: dict[str, Source] = {}
    for source in sources:
        found.setdefault(source.url, source)
    return found


def classify_date(old: EventDate, new: EventDate) -> DateKind:
    """`refined` when the new span lies within the old, `widened` for the opposite, else `moved`.

    When the span stays the same, gaining `~` or `?` widens the date and losing them refines it.
    """
    if old.sort_key == new.sort_key:
        before = old.approximate + old.uncertain
        after = new.approximate + new.uncertain
        return DateKind.WIDENED if after > before else DateKind.REFINED
    if new.within(old):
        return DateKind.REFINED
    if old.within(new):
        return DateKind.WIDENED
    return DateKind.MOVED


# ---------------------------------------------------------------------------------------------
# Renames


def _renames(removed: list[Event], added: list[Event]) -> list[tuple[Event, Event]]:
    """Pair events whose id changed: same span and alike titles, else same title and
    overlapping spans. Only the unmatched events are compared, bucket by bucket, and at most
    `SCAN_LIMIT` candidates per event, so a file whose ids all changed stays fast."""
    # An event is renamed within its own timeline only: the timeline's key is part of every
    # bucket (it is "" for a file read on its own).
    titles = {
        id(event): (event.timeline, normalise_title(event.title)) for event in (*removed, *added)
    }
    by_span: dict[tuple[object, ...], dict[str, Event]] = defaultdict(dict)
    by_span_title: dict[tuple[object, ...], dict[str, Event]] = defaultdict(dict)
    by_title: dict[tuple[str, str], dict[str, Event]] = defaultdict(dict)
    for event in added:
        span = (event.timeline, *event.date.sort_key)
        by_span[span][event.ref] = event
        by_span_title[(*span, titles[id(event)])][event.ref] = event
        by_title[titles[id(event)]][event.ref] = event

    letters: dict[int, Counter[str]] = {}
    budget = [FUZZY_BUDGET]

    def alike(first: Event, second: Event) -> bool:
        # SequenceMatcher is costly to set up; the length and letter counts rule out most
        # pairs first (they bound its ratio from above, as its quick ratios do).
        a, b = titles[id(first)][1], titles[id(second)][1]
        total = len(a) + len(b)
        if budget[0] <= 0 or 2 * min(len(a), len(b)) < ALIKE * total:
            return False
        a_letters = letters.setdefault(id(first), Counter(a))
        b_letters = letters.setdefault(id(second), Counter(b))
        budget[0] -= 1
        if 2 * (a_letters & b_letters).total() < ALIKE * total:
            return False
        return titles_alike(first.title, second.title)

    def take(event: Event) -> None:
        span = (event.timeline, *event.date.sort_key)
        del by_span[span][event.ref]
        del by_span_title[(*span, titles[id(event)])][event.ref]
        del by_title[titles[id(event)]][event.ref]

    pairs: list[tuple[Event, Event]] = []
    left: list[Event] = []
    for before in sorted(removed, key=_event_key):
        span = (before.timeline, *before.date.sort_key)
        exact = by_span_title.get((*span, titles[id(before)]))
        choice = next(iter(exact.values()), None) if exact else None
        if choice is None:
            nearby = islice(by_span.get(span, {}).values(), SCAN_LIMIT)
            choice = next((e for e in nearby if alike(before, e)), None)
        if choice is None:
            left.append(before)
            continue
        take(choice)
        pairs.append((before, choice))
    for before in left:
        same_title = islice(by_title.get(titles[id(before)], {}).values(), SCAN_LIMIT)
        candidates = [e for e in same_title if _overlap(before.date, e.date)]
        if candidates:
            choice = min(candidates, key=lambda e: (_distance(before.date, e.date), e.id))
            take(choice)
            pairs.append((before, choice))
    return pairs


def _overlap(first: EventDate, second: EventDate) -> bool:
    (first_lo, first_hi), (second_lo, second_hi) = first.sort_key, second.sort_key
    return first_lo <= second_hi and second_lo <= first_hi


def _distance(first: EventDate, second: EventDate) -> int:
    (first_lo, first_hi), (second_lo, second_hi) = first.sort_key, second.sort_key
    return abs((first_lo - second_lo).days) + abs((first_hi - second_hi).days)
