"""Edits inside an event's `sources`: one more source (`add source`), archived copies (`archive`).

Each splices only the lines it adds, in the style of the sources around them, and is verified by
loading the new text again (`change.verify`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ant_timeline.edit.change import (
    Change,
    EditError,
    clipped_at_the_end,
    find_event,
    refuse_undecodable,
    verify,
)
from ant_timeline.edit.layout import Lines, ends_the_file_in_clipped_text, event_blocks
from ant_timeline.edit.yamltext import Emitter, Style, source_lines, style_of
from ant_timeline.errors import RefusedError
from ant_timeline.text import is_web_url

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from ant_timeline.edit.layout import Block
    from ant_timeline.model import Event, Source
    from ant_timeline.store import LoadReport


def plan_add_source(
    text: str, report: LoadReport, event_id: str, source: Source, path: Path
) -> Change:
    """The file with one more source under an event's `sources`."""
    refuse_undecodable(
        ("--url", source.url), ("--title", source.title), ("--publisher", source.publisher)
    )
    event = find_event(report, event_id)
    if not is_web_url(source.url):
        raise RefusedError(f"source url {source.url!r} is not an http(s) address")
    if any(existing.url == source.url for existing in event.sources):
        raise RefusedError(f"{event_id!r} already cites {source.url}")
    lines = Lines(text)
    blocks = dict((e.id, b) for e, b in event_blocks(lines, report))
    block = blocks[event_id]
    style = style_of(lines, event, block, report.events_key_column)
    sources_at = event.positions.get("sources")
    # `sources:` present but empty or null, on a line of its own: rebuilt as a block list.
    own_line = sources_at is not None and lines.line(sources_at[0]).strip() in (
        "sources:",
        "sources: []",
        "sources: ~",
        "sources: null",
    )
    in_flow = not own_line and (
        (sources_at is not None and lines.char_at(sources_at) == "[")
        or (sources_at is None and lines.char_at(event.positions[""]) == "{")
    )
    if in_flow:
        after = _into_flow(lines, event, source)
        if after is None:
            line = (sources_at or event.positions[""])[0]
            raise EditError(
                f"the sources of {event_id!r} are written in flow style over several lines; "
                "add this one by hand",
                f"{path}:{line}",
            )
    elif not event.sources and sources_at is not None:
        key_line = line = sources_at[0]
        if not own_line:
            raise EditError(
                f"cannot add to the sources of {event_id!r} as written", f"{path}:{line}"
            )
        style = replace(
            style, source_dash_column=style.key_column + 2, source_key_column=style.key_column + 4
        )
        item = source_lines(source, style, Emitter(), relative=False)
        out = list(lines.lines)
        nl = lines.newline
        ending = out[key_line - 1][len(out[key_line - 1].rstrip("\r\n")) :]
        out[key_line - 1] = " " * style.key_column + "sources:" + (ending or nl)
        new_lines = [x + nl for x in item]
        if not ending:  # the file's last line, without a newline: the new last line has none
            new_lines[-1] = new_lines[-1].rstrip("\r\n")
        out[key_line:key_line] = new_lines
        after = "".join(out)
    elif not event.sources:
        item = source_lines(source, style, Emitter(), relative=False)
        new = [" " * style.key_column + "sources:", *item]
        if ends_the_file_in_clipped_text(lines, event, block.last):
            raise clipped_at_the_end(event, path, block.last)
        after = _insert_after(lines, block.last, new)
    else:
        last_source = len(event.sources) - 1
        end = _source_end(lines, event, last_source, block)
        item = source_lines(source, style, Emitter(), relative=False)
        if ends_the_file_in_clipped_text(lines, event, end):
            raise clipped_at_the_end(event, path, end)
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


def _into_flow(lines: Lines, event: Event, source: Source) -> str | None:
    """The text with `source` added to a flow list of sources (`sources: [{...}]`), or as a new
    `sources: [{...}]` in an event written as a flow mapping (`- {id: ..., title: ...}`);
    None when the list or the mapping does not close on the line it opens."""
    style = replace(Style(), source_flow=True)
    item = source_lines(source, style, Emitter(), relative=False)[0].lstrip()[len("- ") :]
    if "sources" in event.positions:
        start = event.positions["sources"]
        close = _closing_brace(lines.line(start[0]), start[1] - 1, "]")
        empty = close is not None and not lines.line(start[0])[start[1] : close].strip()
        addition = item if empty else f", {item}"
    else:
        start = event.positions[""]
        close = _closing_brace(lines.line(start[0]), start[1] - 1)
        addition = f", sources: [{item}]"
    if close is None:
        return None
    out = list(lines.lines)
    content = out[start[0] - 1]
    out[start[0] - 1] = content[:close] + addition + content[close:]
    return "".join(out)


def _closing_brace(line: str, opening: int, closing: str = "}") -> int | None:
    """The index of the `}` (or `closing`) that closes the flow collection opened at
    `line[opening]`, if on the same line (quotes respected)."""
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
                return index if char == closing else None
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
