"""Changing a hand-kept events file by splicing text, so every byte we do not touch stays.

A change is worked out from the file's text and the positions the loader recorded: where each
event's lines start and end, how its neighbours are indented and quoted. The new text is then
loaded again and compared with what was intended before anything is written; a change that would
alter any other event is refused. Writing itself (atomic, locked) is `store.files`' job.

- `layout`: where each event's lines are, and the file's habits (order, blank lines);
- `yamltext`: the YAML text of a new event or source, in its neighbours' style;
- here: the edits themselves (add an event, add a source, remove an event), each planned as
  a `Change`, verified by loading the new text again, then written.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, replace
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

from ant_timeline.edit.layout import Lines, blank_separated, event_blocks, newest_first
from ant_timeline.edit.yamltext import Emitter, event_lines, source_lines, style_of
from ant_timeline.errors import EventNotFoundError, LoadError, RefusedError, TimelineError
from ant_timeline.model import (
    ID_PATTERN,
    Event,
    Source,
    likely_same,
)
from ant_timeline.store import files, parse_text
from ant_timeline.text import NOT_UTF8, is_web_url, undecodable

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from ant_timeline.edit.layout import Block
    from ant_timeline.store import LoadReport, TimelineFile

MAX_SLUG = 60


class EditError(TimelineError):
    """The edit could not be made without disturbing the rest of the file."""


@dataclass(frozen=True, slots=True)
class Change:
    """A planned edit: the file's text before and after, and what it means."""

    path: Path
    before: str
    after: str
    event_id: str
    summary: str  # e.g. "after 'ant-hangzhou-pact' (line 412)"
    bom: bool = False
    notes: tuple[str, ...] = ()

    def unified_diff(self, label: str | None = None) -> str:
        """The edit as a unified diff, as `--dry-run` prints it."""
        name = (label or str(self.path)).lstrip("/")
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
        return "".join(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            for line in lines
        )


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


def _refuse_unless_loadable(report: LoadReport) -> None:
    if not report.ok:
        errors = [p for p in report.problems if p.severity == "error"]
        raise LoadError(errors)


def _normalised(text: str | None) -> str | None:
    if text is None:
        return None
    folded = " ".join(text.split())
    return folded or None


def _refuse_undecodable(*fields: tuple[str, str | None]) -> None:
    for option, value in fields:
        if value and undecodable(value):
            raise RefusedError(f"{option} {value!r} {NOT_UTF8}")


def build_event(report: LoadReport, draft: Draft, *, force: bool = False) -> Event:
    """The event to add, or `RefusedError` saying why it would break the timeline."""
    _refuse_undecodable(
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
    key = event.date.sort_key
    if newest_first(blocks):
        # A file kept newest first gets the event after the last one that is newer or as new.
        before = [item for item in blocks if item[0].date.sort_key >= key]
    else:
        before = [item for item in blocks if item[0].date.sort_key <= key]
    anchor = before[-1] if before else None
    neighbour = anchor or (blocks[0] if blocks else None)
    style = style_of(
        lines,
        neighbour[0] if neighbour else None,
        neighbour[1] if neighbour else None,
        report.events_key_column,
    )
    body = event_lines(event, style, Emitter())
    nl = lines.newline
    new_lines = [line + nl for line in body]
    separated = blank_separated(lines, blocks)
    out = list(lines.lines)
    if not blocks:
        insert_at, placement = _into_empty_list(lines, report, out, new_lines)
    elif anchor is None:
        first_block = blocks[0][1]
        insert_at = first_block.first - 1
        if separated:
            new_lines.append(nl)
        placement = f"at the start, before {blocks[0][0].id!r} (line {first_block.dash})"
        out[insert_at:insert_at] = new_lines
    else:
        anchor_block = anchor[1]
        insert_at = anchor_block.last
        if insert_at == len(out) and not out[-1].endswith(("\n", "\r")):
            out[-1] += nl  # the last line had no newline; the new last line will not either
            new_lines[-1] = new_lines[-1].rstrip("\r\n")
        if separated:
            new_lines.insert(0, nl)
        placement = f"after {anchor[0].id!r} (line {anchor_block.dash})"
        out[insert_at:insert_at] = new_lines
    after = "".join(out)
    verify(after, report, path, added=event)
    return Change(path, text, after, event.id, placement)


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


def plan_add_source(
    text: str, report: LoadReport, event_id: str, source: Source, path: Path
) -> Change:
    """The file with one more source under an event's `sources`."""
    _refuse_undecodable(
        ("--url", source.url), ("--title", source.title), ("--publisher", source.publisher)
    )
    event = _find(report, event_id)
    if not is_web_url(source.url):
        raise RefusedError(f"source url {source.url!r} is not an http(s) address")
    if any(existing.url == source.url for existing in event.sources):
        raise RefusedError(f"{event_id!r} already cites {source.url}")
    lines = Lines(text)
    blocks = dict((e.id, b) for e, b in event_blocks(lines, report))
    block = blocks[event_id]
    style = style_of(lines, event, block, report.events_key_column)
    if not event.sources and "sources" in event.positions:
        # `sources:` present but empty or null: rebuild that one line as a list.
        line = event.positions["sources"][0]
        key_line = next(
            n
            for n in range(line, block.dash - 1, -1)
            if lines.line(n).lstrip().startswith("sources")
        )
        if key_line != line or lines.line(line).strip() not in (
            "sources:",
            "sources: []",
            "sources: ~",
            "sources: null",
        ):
            raise EditError(
                f"cannot add to the sources of {event_id!r} as written", f"{path}:{line}"
            )
        style = replace(
            style, source_dash_column=style.key_column + 2, source_key_column=style.key_column + 4
        )
        item = source_lines(source, style, Emitter(), relative=False)
        out = list(lines.lines)
        nl = lines.newline
        ending = out[key_line - 1][len(out[key_line - 1].rstrip("\r\n")) :] or nl
        out[key_line - 1] = " " * style.key_column + "sources:" + ending
        out[key_line:key_line] = [x + nl for x in item]
        after = "".join(out)
    elif not event.sources:
        item = source_lines(source, style, Emitter(), relative=False)
        new = [" " * style.key_column + "sources:", *item]
        after = _insert_after(lines, block.last, new)
    elif style.source_flow or lines.char_at(event.positions["sources"]) == "[":
        raise EditError(
            f"the sources of {event_id!r} are written in flow style; add this one by hand",
            f"{path}:{event.positions['sources'][0]}",
        )
    else:
        last_source = len(event.sources) - 1
        end = _source_end(lines, event, last_source, block)
        item = source_lines(source, style, Emitter(), relative=False)
        after = _insert_after(lines, end, item)
    added = replace(event, sources=(*event.sources, source))
    verify(after, report, path, replaced=added)
    return Change(
        path, text, after, event_id, f"as source {len(event.sources) + 1} of {event_id!r}"
    )


def plan_archive(
    text: str, report: LoadReport, copies: Mapping[tuple[str, int, str], str], path: Path
) -> Change:
    """The file with `archived: URL` added to sources that have none.

    `copies` maps (event id, source index, source url) to the copy's address; a source whose
    url is no longer the one looked up, or that has an archived copy by now, is left alone. In a
    block mapping the new key goes right after the `url` value, at the keys' indentation; in a
    flow mapping (`{url: ..., title: ...}`) before its closing brace. Nothing else changes.
    """
    lines = Lines(text)
    emit = Emitter()
    by_id = report.timeline.by_id()
    splices: list[tuple[int, int, str]] = []  # (line, column or 0 for a new line, text)
    updated: dict[str, Event] = {}
    notes: list[str] = []
    for (event_id, index, url), copy in copies.items():
        event = updated.get(event_id) or by_id.get(event_id)
        if event is None or index >= len(event.sources):
            continue
        source = event.sources[index]
        if source.url != url or source.archived is not None:
            continue
        original = by_id[event_id]
        splice = _archived_splice(lines, original, index, copy, emit)
        if splice is None:
            line = original.positions.get(f"sources.{index}", (0, 0))[0]
            notes.append(
                f"{event_id!r} source {index + 1} (line {line}) is written in a way this edit "
                f"cannot extend; add `archived: {copy}` by hand"
            )
            continue
        splices.append(splice)
        new_sources = list(event.sources)
        new_sources[index] = replace(source, archived=copy)
        updated[event_id] = replace(event, sources=tuple(new_sources))
    out = list(lines.lines)
    for line, column, addition in sorted(splices, reverse=True):
        if column == 0:  # a whole new line after `line`
            new_line = addition + lines.newline
            if line == len(out) and not out[-1].endswith(("\n", "\r")):
                out[-1] += lines.newline
                new_line = addition
            out.insert(line, new_line)
        else:
            content = out[line - 1]
            out[line - 1] = content[: column - 1] + addition + content[column - 1 :]
    after = "".join(out)
    if updated:
        verify(after, report, path, changed=list(updated.values()))
    count = len(splices)
    summary = (
        f"{count} archived cop{'y' if count == 1 else 'ies'} in "
        f"{len(updated)} event{'' if len(updated) == 1 else 's'}"
    )
    return Change(path, text, after, ", ".join(updated), summary, notes=tuple(notes))


def _archived_splice(
    lines: Lines, event: Event, index: int, copy: str, emit: Emitter
) -> tuple[int, int, str] | None:
    """Where and what to insert for one source's `archived:`; None if it cannot be done safely."""
    positions = event.positions
    start = positions.get(f"sources.{index}")
    url_at = positions.get(f"sources.{index}.url")
    if start is None or url_at is None:
        return None
    if lines.char_at(start) == "{":
        close = _closing_brace(lines.line(start[0]), start[1] - 1)
        if close is None:
            return None
        return (start[0], close + 1, f", archived: {emit.flow_scalar(copy)}")
    key_column = start[1] - 1
    later = [
        position[0]
        for key, position in positions.items()
        if key.startswith(f"sources.{index}.") and position[0] > url_at[0]
    ]
    stop = min(later) if later else None
    last = url_at[0]
    # A folded or quoted url may continue on more-indented lines: the new key goes after them.
    while (
        (stop is None or last + 1 < stop)
        and last < len(lines.lines)
        and lines.indent(last + 1) > key_column
        and not lines.is_blank(last + 1)
        and not lines.is_comment(last + 1)
    ):
        last += 1
    return (last, 0, " " * key_column + f"archived: {emit.scalar(copy)}")


def _closing_brace(line: str, opening: int) -> int | None:
    """The index of the `}` that closes the flow mapping opened at `line[opening]`, if on the
    same line (quotes respected)."""
    depth = 0
    quote = ""
    index = opening
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                if quote == "'" and line[index + 1 : index + 2] == "'":
                    index += 1
                else:
                    quote = ""
        elif char in "\"'":
            quote = char
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return index if char == "}" else None
        elif char == "#" and index > 0 and line[index - 1] in " \t":
            return None
        index += 1
    return None


def _source_end(lines: Lines, event: Event, index: int, block: Block) -> int:
    keys = [
        position[0]
        for key, position in event.positions.items()
        if key == f"sources.{index}" or key.startswith(f"sources.{index}.")
    ]
    last = max(keys)
    # A folded or quoted value may run over several lines: follow its continuation lines.
    source_indent = lines.indent(event.positions[f"sources.{index}"][0])
    while last < block.last and (
        lines.indent(last + 1) > source_indent and not lines.is_blank(last + 1)
    ):
        last += 1
    return last


def _insert_after(lines: Lines, line_number: int, new: list[str]) -> str:
    nl = lines.newline
    out = list(lines.lines)
    new_lines = [line + nl for line in new]
    if line_number == len(out) and not out[-1].endswith(("\n", "\r")):
        out[-1] += nl
        new_lines[-1] = new_lines[-1].rstrip("\r\n")
    out[line_number:line_number] = new_lines
    return "".join(out)


def plan_remove(text: str, report: LoadReport, event_id: str, path: Path) -> Change:
    """The file without an event's lines (and the comment block directly above it)."""
    _find(report, event_id)
    lines = Lines(text)
    ordered = event_blocks(lines, report)
    blocks = dict((e.id, b) for e, b in ordered)
    block = blocks[event_id]
    out = list(lines.lines)
    first, last = block.first, block.last
    if blank_separated(lines, ordered):
        if first > 1 and lines.is_blank(first - 1):
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


def _find(report: LoadReport, event_id: str) -> Event:
    events = report.timeline.by_id()
    if event_id not in events:
        guess = get_close_matches(event_id, sorted(events), n=1, cutoff=0.6)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        raise EventNotFoundError(f"no event with id {event_id!r} in {report.timeline.path}{hint}")
    return events[event_id]


def verify(
    after: str,
    report: LoadReport,
    path: Path,
    *,
    added: Event | None = None,
    replaced: Event | None = None,
    removed: str | None = None,
    changed: Sequence[Event] = (),
) -> None:
    """Load the new text and check it holds exactly the intended events; refuse otherwise."""
    try:
        new = parse_text(after, str(path))
    except TimelineError:
        raise EditError(
            "the edit would not have been valid YAML, so nothing was written; please report "
            "this with the file",
            str(path),
        ) from None
    expected = dict(report.timeline.by_id())
    if added is not None:
        expected[added.id] = added
    if replaced is not None:
        expected[replaced.id] = replaced
    if removed is not None:
        expected.pop(removed)
    for event in changed:
        expected[event.id] = event
    found = new.timeline.by_id()
    if (
        not new.ok
        or found.keys() != expected.keys()
        or any(found[key] != expected[key] for key in expected)
        or new.timeline.info != report.timeline.info
    ):
        raise EditError(
            "the edit could not be made without changing something else in the file, so "
            "nothing was written; please report this with the file",
            str(path),
        )


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
    with files.locked(path):
        text, bom = files.read_for_edit(path, where.label)
        report = parse_text(text, where.label)
        _refuse_unless_loadable(report)
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
