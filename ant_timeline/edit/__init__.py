"""Changing a hand-kept events file by splicing text, so every byte we do not touch stays.

A change is worked out from the file's text and the positions the loader recorded: where each
event's lines start and end, how its neighbours are indented and quoted. The new text is then
loaded again and compared with what was intended before anything is written; a change that would
alter any other event is refused. Writing itself (atomic, locked) is `store.files`' job.

- `layout`: where each event's lines are, and the file's habits (order, blank lines);
- `yamltext`: the YAML text of a new event or source, in its neighbours' style;
- `change`: the planned `Change`, and the checks made before and after every edit;
- `sources`: edits inside an event's sources (add a source, record archived copies);
- here: ids, adding and removing events, and `apply`: read, plan and write under the lock.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

from ant_timeline.edit.change import (
    Change,
    EditError,
    clipped_at_the_end,
    find_event,
    refuse_undecodable,
    refuse_unless_loadable,
    verify,
)
from ant_timeline.edit.layout import (
    Lines,
    blank_separated,
    ends_the_file_in_clipped_text,
    event_blocks,
    newest_first,
)
from ant_timeline.edit.sources import plan_add_source, plan_archive
from ant_timeline.edit.yamltext import Emitter, event_lines, style_of
from ant_timeline.errors import RefusedError
from ant_timeline.model import ID_PATTERN, Event, Source, likely_same
from ant_timeline.store import files, parse_text
from ant_timeline.text import is_web_url

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from ant_timeline.edit.layout import Block
    from ant_timeline.store import LoadReport, Progress, TimelineFile

__all__ = [
    "Change",
    "Draft",
    "EditError",
    "add_event",
    "add_source",
    "apply",
    "archive",
    "build_event",
    "plan_add",
    "plan_add_many",
    "plan_add_source",
    "plan_archive",
    "plan_remove",
    "refuse_unless_loadable",
    "remove_event",
    "slugify",
    "unique_id",
    "verify",
]

MAX_SLUG = 60


# ---------------------------------------------------------------------------------------------
# Ids


def slugify(title: str, fallback: str = "event") -> str:
    """A kebab-case id from a title: ASCII letters and digits, at most 60 characters."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    ascii_title = re.sub(r"(\w)'(\w)", r"\1\2", ascii_title)  # "hearing's" -> "hearings"
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG:
            break
        slug = candidate
    return slug or fallback


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is free."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


# ---------------------------------------------------------------------------------------------
# The edits


@dataclass(frozen=True, slots=True)
class Draft:
    """An event to add, as the user gave it; `id` None means: make one from the title."""

    date: Any  # EventDate
    title: str
    summary: str | None = None
    category: str | None = None
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    related: tuple[str, ...] = ()
    id: str | None = None


def _normalised(text: str | None) -> str | None:
    if text is None:
        return None
    folded = " ".join(text.split())
    return folded or None


def build_event(report: LoadReport, draft: Draft, *, force: bool = False) -> Event:
    """The event to add, or `RefusedError` saying why it would break the timeline."""
    refuse_undecodable(
        ("--title", draft.title),
        ("--summary", draft.summary),
        ("--category", draft.category),
        ("--id", draft.id),
        *(("--actor", actor) for actor in draft.actors),
        *(("--tag", tag) for tag in draft.tags),
        *(("--related", related) for related in draft.related),
        *(("--source", source.url) for source in draft.sources),
    )
    timeline = report.timeline
    taken = {event.id for event in timeline.events} | set(report.file_order)
    title = _normalised(draft.title)
    if not title:
        raise RefusedError("the title is empty")
    if draft.id is not None:
        if not ID_PATTERN.fullmatch(draft.id):
            raise RefusedError(
                f"id {draft.id!r} is not kebab-case (lowercase letters, digits, single hyphens)"
            )
        if draft.id in taken:
            line = timeline.by_id()[draft.id].where() if draft.id in timeline.by_id() else None
            where = f" (line {line[0]})" if line else ""
            raise RefusedError(f"id {draft.id!r} already exists{where}; choose another with --id")
        event_id = draft.id
    else:
        event_id = unique_id(slugify(title, f"event-{draft.date.canonical[:4]}"), taken)
    vocabulary = timeline.info.vocabulary
    category = _normalised(draft.category)
    if category is not None and category not in vocabulary:
        guess = get_close_matches(category, vocabulary, n=1, cutoff=0.75)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        raise RefusedError(
            f"category {category!r} is not in the vocabulary ({', '.join(vocabulary)}){hint}"
        )
    ids = timeline.by_id()
    for related in draft.related:
        if related not in ids:
            guess = get_close_matches(related, sorted(ids), n=1, cutoff=0.6)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            raise RefusedError(f"--related {related!r} is not an event in the timeline{hint}")
    for source in draft.sources:
        if not is_web_url(source.url):
            raise RefusedError(f"source url {source.url!r} is not an http(s) address")
    event = Event(
        id=event_id,
        date=draft.date,
        title=title,
        summary=_normalised(draft.summary),
        category=category,
        actors=tuple(a for a in (_normalised(x) for x in draft.actors) if a),
        tags=tuple(t for t in (_normalised(x) for x in draft.tags) if t),
        sources=draft.sources,
        related=tuple(dict.fromkeys(draft.related)),
    )
    if not force:
        for existing in timeline.events:
            if likely_same(existing, event):
                line = existing.where()
                where = f" (line {line[0]})" if line else ""
                raise RefusedError(
                    f"this looks like {existing.id!r}{where}: same date and nearly the same "
                    "title; use --force to add it anyway"
                )
    return event


def plan_add(text: str, report: LoadReport, event: Event, path: Path) -> Change:
    """The file with `event` inserted at its chronological place, in its neighbours' style."""
    after, placements = _insert_events(text, report, [event], path)
    verify(after, report, path, added=event)
    return Change(path, text, after, event.id, placements[0])


def plan_add_many(
    text: str,
    report: LoadReport,
    events: Sequence[Event],
    path: Path,
    *,
    exact: bool = True,
    progress: Progress | None = None,
) -> Change:
    """The file with every one of `events` inserted at the place `add event` would give it,
    one after the other, in one edit: each after the last event that sorts before or with it
    (the last newer or as new in a file kept newest first), in its neighbours' style.

    With `exact`, every value is written just as it is (see `yamltext.event_lines`). The new
    text is verified, as for one event, before anything is written (`progress` is told how
    far reading it back has got).
    """
    after, _ = _insert_events(text, report, events, path, exact=exact)
    verify(after, report, path, added_events=events, progress=progress)
    count = len(events)
    return Change(
        path,
        text,
        after,
        ", ".join(event.id for event in events),
        f"{count} event{'' if count == 1 else 's'}",
    )


def _insert_events(
    text: str, report: LoadReport, events: Sequence[Event], path: Path, *, exact: bool = False
) -> tuple[str, list[str]]:
    """The text with the events spliced in, and where each went (in the order given)."""
    lines = Lines(text)
    blocks = event_blocks(lines, report)
    position = report.events_position
    if report.events_style == "missing":
        raise EditError("the file has no 'events:' list to add to", str(path))
    if report.events_style == "flow" and blocks:
        raise EditError(
            "the events list is written in flow style ([...]); add needs a block list",
            f"{path}:{position[0]}:{position[1]}",
        )
    newest = newest_first(blocks)
    anchors = _anchors(blocks, [event.date.sort_key for event in events], newest=newest)
    # The events that go after the same anchor, in the order sequential adds would leave them.
    groups: dict[int | None, list[int]] = {}
    for index, anchor in enumerate(anchors):
        groups.setdefault(anchor, []).append(index)
    for members in groups.values():
        if newest:
            members.sort(key=lambda i: _descending(events[i].date.sort_key))
        else:
            members.sort(key=lambda i: events[i].date.sort_key)
    emit = Emitter()
    nl = lines.newline
    separated = blank_separated(lines, blocks)
    placements = [""] * len(events)

    def written(anchor: int | None, members: list[int]) -> list[list[str]]:
        neighbour = blocks[anchor] if anchor is not None else (blocks[0] if blocks else None)
        style = style_of(
            lines,
            neighbour[0] if neighbour else None,
            neighbour[1] if neighbour else None,
            report.events_key_column,
        )
        return [
            [line + nl for line in event_lines(events[i], style, emit, exact=exact)]
            for i in members
        ]

    out = list(lines.lines)
    if not blocks:
        members = groups[None]
        bodies = written(None, members)
        new_lines = [
            line for number, body in enumerate(bodies) for line in ([nl] if number else []) + body
        ]
        _into_empty_list(lines, report, out, new_lines)
        for i in members:
            placements[i] = "as the first event"
        return "".join(out), placements
    # Splice from the bottom up, so that the line numbers still to use stay where they are.
    for anchor in sorted(groups, key=lambda a: -1 if a is None else a, reverse=True):
        members = groups[anchor]
        bodies = written(anchor, members)
        if anchor is None:
            first_block = blocks[0][1]
            insert_at = first_block.first - 1
            new_lines = [line for body in bodies for line in body + ([nl] if separated else [])]
            where = f"at the start, before {blocks[0][0].id!r} (line {first_block.dash})"
        else:
            anchor_event, anchor_block = blocks[anchor]
            insert_at = anchor_block.last
            new_lines = [line for body in bodies for line in ([nl] if separated else []) + body]
            if ends_the_file_in_clipped_text(lines, anchor_event, insert_at):
                raise clipped_at_the_end(anchor_event, path, insert_at)
            if insert_at == len(out) and not out[-1].endswith(("\n", "\r")):
                out[-1] += nl  # the last line had no newline; the new last line will not either
                new_lines[-1] = new_lines[-1].rstrip("\r\n")
            where = f"after {anchor_event.id!r} (line {anchor_block.dash})"
        out[insert_at:insert_at] = new_lines
        for i in members:
            placements[i] = where
    return "".join(out), placements


def _descending(key: tuple[Any, Any]) -> tuple[int, int]:
    """A sort key that orders spans newest first."""
    earliest, latest = key
    return (-earliest.toordinal(), -latest.toordinal())


def _anchors(
    blocks: list[tuple[Event, Block]], keys: Sequence[tuple[Any, Any]], *, newest: bool
) -> list[int | None]:
    """For each span, the index (in file order) of the event it goes after, or None for the
    start of the list: the last event in the file that sorts before or with it (the last
    newer or as new when the file is kept newest first). Sorting once keeps this O(n log n)
    for thousands of new events."""
    from bisect import bisect_left, bisect_right  # noqa: PLC0415

    order = sorted(range(len(blocks)), key=lambda i: blocks[i][0].date.sort_key)
    sorted_keys = [blocks[i][0].date.sort_key for i in order]
    if not newest:
        # latest[k]: the event furthest down the file among the k+1 that sort first
        furthest: list[int] = []
        for i in order:
            furthest.append(max(furthest[-1], i) if furthest else i)
        result: list[int | None] = []
        for key in keys:
            count = bisect_right(sorted_keys, key)
            result.append(furthest[count - 1] if count else None)
        return result
    # newest first: the event furthest down the file among those that sort with or after it
    from_end: list[int] = [0] * len(order)
    for position in range(len(order) - 1, -1, -1):
        i = order[position]
        from_end[position] = max(from_end[position + 1], i) if position + 1 < len(order) else i
    answers: list[int | None] = []
    for key in keys:
        position = bisect_left(sorted_keys, key)
        answers.append(from_end[position] if position < len(order) else None)
    return answers


def _into_empty_list(
    lines: Lines, report: LoadReport, out: list[str], new_lines: list[str]
) -> tuple[int, str]:
    nl = lines.newline
    line, column = report.events_position
    content = out[line - 1]
    ending = content[len(content.rstrip("\r\n")) :]
    if report.events_style == "flow":
        # `events: []` (as `init` writes it) becomes a block list.
        head = content[: column - 1].rstrip()
        rest = content[column - 1 :].rstrip("\r\n")
        close = rest.find("]")
        comment = rest[close + 1 :].strip()
        out[line - 1] = head + (f"  {comment}" if comment else "") + (ending or nl)
    elif not ending:
        out[line - 1] = content + nl
    new_lines[-1] = new_lines[-1] if ending else new_lines[-1].rstrip("\r\n")
    out[line:line] = new_lines
    return line, "as the first event"


def plan_remove(text: str, report: LoadReport, event_id: str, path: Path) -> Change:
    """The file without an event's lines (and the comment block directly above it)."""
    find_event(report, event_id)
    if report.events_style == "flow":
        line, column = report.events_position
        raise EditError(
            "the events list is written in flow style ([...]); remove needs a block list",
            f"{path}:{line}:{column}",
        )
    lines = Lines(text)
    ordered = event_blocks(lines, report)
    blocks = dict((e.id, b) for e, b in ordered)
    block = blocks[event_id]
    out = list(lines.lines)
    first, last = block.first, block.last
    index = next(i for i, (event, _) in enumerate(ordered) if event.id == event_id)
    previous_last = ordered[index - 1][1].last if index else 0
    if blank_separated(lines, ordered):
        # (a blank line the event above keeps as its value's own, `|+`, is not a separator)
        if first - 1 > previous_last and lines.is_blank(first - 1):
            first -= 1
        elif lines.is_blank(last + 1) and last + 1 <= len(out):
            last += 1
    removed_last_line = last == len(out)
    del out[first - 1 : last]
    if removed_last_line and out and not lines.lines[-1].endswith(("\n", "\r")):
        out[-1] = out[-1].rstrip("\r\n")
    if len(ordered) == 1:
        # The list is now empty: write it as `init` does, `events: []`.
        index = report.events_key_line - 1
        key_line = out[index] if 0 <= index < len(out) else ""
        # The key may be quoted ("events":) and followed by a comment.
        colon = key_line.find(":", report.events_key_column + len("events"))
        rest = key_line[colon + 1 :].strip()
        if colon != -1 and (not rest or rest.startswith("#")):
            out[index] = key_line[: colon + 1] + " []" + key_line[colon + 1 :]
    after = "".join(out)
    referenced_by = [e.id for e in report.timeline.events if event_id in e.related]
    verify(after, report, path, removed=event_id)
    notes: tuple[str, ...] = ()
    if referenced_by:
        notes = (
            f"still listed as related by {', '.join(referenced_by)}; `ant-timeline check` will "
            "report it until you update them",
        )
    return Change(path, text, after, event_id, f"lines {first}-{last}", notes=notes)


# ---------------------------------------------------------------------------------------------
# Read, plan, write: under the lock


def apply(
    where: TimelineFile,
    plan: Callable[[str, LoadReport, Path], Change],
    *,
    dry_run: bool = False,
    before_write: Callable[[Change], None] | None = None,
) -> Change:
    """Lock the file, read it, plan the change, and (unless `dry_run`) write it atomically."""
    path = files.writable(where)
    with files.locked(path, where.label):
        text, bom = files.read_for_edit(path, where.label)
        report = parse_text(text, where.label)
        refuse_unless_loadable(report)
        change = replace(plan(text, report, path), bom=bom)
        if before_write is not None:
            before_write(change)
        if not dry_run:
            files.write_atomic(path, ("\ufeff" if bom else "") + change.after)
    return change


def add_event(
    where: TimelineFile,
    draft: Draft,
    *,
    force: bool = False,
    dry_run: bool = False,
    before_write: Callable[[Change], None] | None = None,
) -> Change:
    """Add an event (see `build_event` for what is refused)."""

    def plan(text: str, report: LoadReport, path: Path) -> Change:
        return plan_add(text, report, build_event(report, draft, force=force), path)

    return apply(where, plan, dry_run=dry_run, before_write=before_write)


def add_source(
    where: TimelineFile,
    event_id: str,
    source: Source,
    *,
    dry_run: bool = False,
    before_write: Callable[[Change], None] | None = None,
) -> Change:
    """Cite one more source for an event."""

    def plan(text: str, report: LoadReport, path: Path) -> Change:
        return plan_add_source(text, report, event_id, source, path)

    return apply(where, plan, dry_run=dry_run, before_write=before_write)


def archive(
    where: TimelineFile,
    copies: Mapping[tuple[str, int, str], str],
    *,
    dry_run: bool = False,
    before_write: Callable[[Change], None] | None = None,
) -> Change:
    """Record archived copies (see `plan_archive`), under the lock, atomically."""

    def plan(text: str, report: LoadReport, path: Path) -> Change:
        return plan_archive(text, report, copies, path)

    return apply(where, plan, dry_run=dry_run, before_write=before_write)


def remove_event(
    where: TimelineFile,
    event_id: str,
    *,
    dry_run: bool = False,
    before_write: Callable[[Change], None] | None = None,
) -> Change:
    """Remove an event and the comment block directly above it."""

    def plan(text: str, report: LoadReport, path: Path) -> Change:
        return plan_remove(text, report, event_id, path)

    return apply(where, plan, dry_run=dry_run, before_write=before_write)
