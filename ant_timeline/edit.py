"""Changing a hand-kept events file by splicing text, so every byte we do not touch stays.

A change is worked out from the file's text and the positions the loader recorded: where each
event's lines start and end, how its neighbours are indented and quoted. The new text is then
loaded again and compared with what was intended before anything is written; a change that would
alter any other event is refused. Writing itself (atomic, locked) is `store.files`' job.
"""

from __future__ import annotations

import difflib
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ant_timeline.errors import EventNotFoundError, LoadError, Problem, RefusedError, TimelineError
from ant_timeline.model import (
    EVENT_KEYS,
    ID_PATTERN,
    LIST_FIELDS,
    SOURCE_KEYS,
    Event,
    Source,
    likely_same,
)
from ant_timeline.store import files, parse_text
from ant_timeline.text import NOT_UTF8, is_web_url, undecodable

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from ant_timeline.store import LoadReport, TimelineFile

FOLD_WIDTH = 100
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
# Reading the file's layout


@dataclass(slots=True)
class _Lines:
    """The file as lines (each with its own line ending), 1-based access."""

    text: str
    lines: list[str] = field(init=False)
    newline: str = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.splitlines(keepends=True)
        self.newline = "\r\n" if "\r\n" in self.text else "\n"

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def char_at(self, position: tuple[int, int]) -> str:
        line, column = position
        content = self.line(line)
        return content[column - 1] if 0 < column <= len(content) else ""

    def is_blank(self, number: int) -> bool:
        return not self.line(number).strip()

    def is_comment(self, number: int) -> bool:
        return self.line(number).lstrip().startswith("#")

    def indent(self, number: int) -> int:
        content = self.line(number)
        return len(content) - len(content.lstrip(" "))


@dataclass(frozen=True, slots=True)
class _Block:
    """Where an event's lines are: its comment block, its dash line, its last content line."""

    first: int  # first line of the comment block directly above, or the dash line
    dash: int
    last: int
    dash_column: int  # 0-based column of the "-"
    key_column: int  # 0-based column of the event's keys


def _block(lines: _Lines, event: Event, next_start: int | None, floor: int = 1) -> _Block:
    """The event's lines; `floor` is the first line after the previous event's own lines."""
    start_line, start_column = event.positions[""]
    dash = start_line
    before_keys = lines.line(start_line)[: start_column - 1]
    if not before_keys.strip().startswith("-"):
        # "-" alone on the line above the keys
        dash = start_line - 1
        while dash > 1 and lines.is_blank(dash):
            dash -= 1
    dash_column = lines.indent(dash)
    end_line, end_column = event.positions["$end"]
    last = end_line if end_column > 1 and end_line != (next_start or 0) else end_line - 1
    if next_start is not None:
        last = min(last, next_start - 1)
    last = max(last, start_line)
    # Trailing blank lines and comments at the dash's indentation belong to what follows.
    while last > start_line and (
        lines.is_blank(last) or (lines.is_comment(last) and lines.indent(last) <= dash_column)
    ):
        last -= 1
    first = dash
    while first > floor and lines.is_comment(first - 1):
        first -= 1
    return _Block(first, dash, last, dash_column, start_column - 1)


def _blocks(lines: _Lines, report: LoadReport) -> list[tuple[Event, _Block]]:
    """Every event with its block, in file order."""
    by_id = report.timeline.by_id()
    ordered = [by_id[event_id] for event_id in report.file_order if event_id in by_id]
    ordered.sort(key=lambda event: event.positions[""])
    result: list[tuple[Event, _Block]] = []
    for index, event in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        next_start = _dash_line(lines, following) if following else None
        # A comment indented under the previous event is that event's; blocks never overlap.
        floor = result[-1][1].last + 1 if result else 1
        result.append((event, _block(lines, event, next_start, floor)))
    return result


def _dash_line(lines: _Lines, event: Event) -> int:
    line, column = event.positions[""]
    if lines.line(line)[: column - 1].strip().startswith("-"):
        return line
    return line - 1


def _newest_first(blocks: list[tuple[Event, _Block]]) -> bool:
    """True when the file lists its events mostly newest first."""
    votes = 0
    for (earlier, _), (later, _) in pairwise(blocks):
        if earlier.date.sort_key != later.date.sort_key:
            votes += 1 if earlier.date.sort_key > later.date.sort_key else -1
    return votes > 0


def _separated(lines: _Lines, blocks: list[tuple[Event, _Block]]) -> bool:
    """True when events are mostly separated by a blank line (the default for new files)."""
    votes = 0
    for (_, block), (_, following) in pairwise(blocks):
        gap = range(block.last + 1, following.first)
        votes += 1 if any(lines.is_blank(n) for n in gap) else -1
    return votes >= 0


# ---------------------------------------------------------------------------------------------
# Writing YAML for a new event in its neighbours' style


@dataclass(frozen=True, slots=True)
class _Style:
    dash_column: int = 2
    key_column: int = 4
    key_order: tuple[str, ...] = EVENT_KEYS
    title_quote: str = ""  # '"', "'" or "" (plain where possible)
    summary: str = ">"  # ">" folded, '"', "'" or "" (one line)
    flow_lists: bool = True
    list_dash_offset: int = 2  # block lists: the "-" this far right of the key
    source_dash_column: int = 6
    source_key_column: int = 8
    source_flow: bool = False
    source_key_order: tuple[str, ...] = SOURCE_KEYS
    source_title_quote: str = ""
    fold_width: int = FOLD_WIDTH


def _merged_order(present: list[str], default: tuple[str, ...]) -> tuple[str, ...]:
    """The neighbour's key order, with the keys it lacks where the default order puts them."""
    order = list(present)
    for index, key in enumerate(default):
        if key in order:
            continue
        earlier = [k for k in default[:index] if k in order]
        order.insert(order.index(earlier[-1]) + 1 if earlier else 0, key)
    return tuple(order)


def _quote(char: str) -> str:
    return char if char in ('"', "'") else ""


def _style_of(
    lines: _Lines, neighbour: Event | None, block: _Block | None, key_base: int
) -> _Style:
    if neighbour is None or block is None:
        return _Style(
            dash_column=key_base + 2,
            key_column=key_base + 4,
            source_dash_column=key_base + 6,
            source_key_column=key_base + 8,
        )
    positions = neighbour.positions
    order = _merged_order([key for key in positions if key in EVENT_KEYS], EVENT_KEYS)
    summary_char = lines.char_at(positions["summary"]) if "summary" in positions else ">"
    summary = ">" if summary_char in (">", "|") else _quote(summary_char)
    list_chars = [lines.char_at(positions[key]) for key in LIST_FIELDS if key in positions]
    flow_lists = not list_chars or "[" in list_chars
    list_items = [positions[f"{key}.0"] for key in LIST_FIELDS if f"{key}.0" in positions]
    block_item = next((p for p in list_items if lines.char_at(p) != "["), None)
    list_dash_offset = 2
    if not flow_lists and block_item is not None:
        list_dash_offset = max(block_item[1] - 3 - block.key_column, 0)
    widths = []  # how wide the neighbour's folded summary was wrapped
    if summary == ">" and "summary" in positions:
        number = positions["summary"][0] + 1
        while number <= block.last and lines.indent(number) > block.key_column:
            widths.append(len(lines.line(number).rstrip("\r\n")))
            number += 1
    style = _Style(
        dash_column=block.dash_column,
        key_column=block.key_column,
        key_order=order,
        title_quote=_quote(lines.char_at(positions["title"])) if "title" in positions else "",
        summary=summary,
        flow_lists=flow_lists,
        list_dash_offset=list_dash_offset,
        source_dash_column=block.key_column + 2,
        source_key_column=block.key_column + 4,
        fold_width=max(min(max(widths), 120), 60) if len(widths) > 1 else FOLD_WIDTH,
    )
    if "sources.0" in positions:
        source_line, source_column = positions["sources.0"]
        source_flow = lines.char_at((source_line, source_column)) == "{"
        source_keys = [key.split(".", 2)[2] for key in positions if key.startswith("sources.0.")]
        source_order = _merged_order(source_keys, SOURCE_KEYS)
        dash_column = lines.line(source_line)[: source_column - 1].rfind("-")
        title_position = positions.get("sources.0.title")
        style = replace(
            style,
            source_dash_column=dash_column if dash_column >= 0 else style.source_dash_column,
            source_key_column=source_column - 1 if not source_flow else style.source_key_column,
            source_flow=source_flow,
            source_key_order=source_order,
            source_title_quote=_quote(lines.char_at(title_position)) if title_position else "",
        )
    return style


class _Emitter:
    """Scalars and flow lists as ruamel.yaml would write them (it knows when quotes are needed)."""

    def __init__(self) -> None:
        from ruamel.yaml import YAML  # noqa: PLC0415 - the round-trip dumper: write paths only
        from ruamel.yaml.comments import CommentedSeq  # noqa: PLC0415
        from ruamel.yaml.scalarstring import (  # noqa: PLC0415
            DoubleQuotedScalarString,
            SingleQuotedScalarString,
        )

        self._yaml = YAML(typ="rt")
        self._yaml.width = 1_000_000  # never fold a long title over two lines
        self._yaml.allow_unicode = True
        self._seq = CommentedSeq
        self._quoted = {'"': DoubleQuotedScalarString, "'": SingleQuotedScalarString}

    def _dump(self, value: Any) -> str:
        import io  # noqa: PLC0415

        buffer = io.StringIO()
        self._yaml.dump({"k": value}, buffer)
        text = buffer.getvalue()
        return text[len("k: ") :].rstrip("\n")

    def scalar(self, text: str, quote: str = "") -> str:
        if quote == "'" and not _printable(text):
            quote = '"'  # control characters can only be escaped in double quotes
        value = self._quoted[quote](text) if quote in self._quoted else text
        written = self._dump(value)
        if quote != '"' and read_back(f"k: {written}\n") != text:
            # ruamel follows YAML 1.2, libyaml 1.1; where they disagree, double quotes are safe
            written = self._dump(self._quoted['"'](text))
        return written

    def flow(self, items: Sequence[str]) -> str:
        seq = self._seq(items)
        seq.fa.set_flow_style()
        written = self._dump(seq)
        if read_back(f"k: {written}\n") != list(items):
            written = "[" + ", ".join(self.flow_scalar(item) for item in items) + "]"
        return written

    def flow_scalar(self, text: str, quote: str = "") -> str:
        """A scalar to write inside {...} or [...], where plain text may not hold ': ' or ','."""
        written = self.scalar(text, quote)
        if read_back(f"k: [{written}]\n") != [text]:
            written = self._dump(self._quoted['"'](text))
        return written


def read_back(text: str) -> object:
    """The value of `k` in a one-key YAML document, as our loader reads it (None if invalid)."""
    from ant_timeline.yamlstream import StreamReader  # noqa: PLC0415

    problems: list[Problem] = []
    reader = StreamReader(text, "<value>", problems)
    try:
        reader.document_start()
        node = reader.compose()
    except Exception:
        return None
    if problems or node.kind != "map" or "k" not in node.value:
        return None
    value = node.value["k"][1]
    if value.kind == "scalar":
        return None if value.is_null else value.value
    if value.kind == "seq":
        return [item.value if item.kind == "scalar" else None for item in value.value]
    return None


def _printable(text: str) -> bool:
    return all(ch in "\t\n" or unicodedata.category(ch)[0] != "C" for ch in text)


def _event_lines(event: Event, style: _Style, emit: _Emitter) -> list[str]:
    pad = " " * style.key_column
    values: dict[str, list[str]] = {}
    values["id"] = [f"id: {emit.scalar(event.id)}"]
    values["date"] = [f"date: {event.date.canonical}"]  # the grammar is always plain-safe
    values["title"] = [f"title: {emit.scalar(event.title, style.title_quote)}"]
    if event.summary:
        values["summary"] = _summary_lines(event.summary, style, emit)
    if event.category:
        values["category"] = [f"category: {emit.scalar(event.category)}"]
    for key in LIST_FIELDS:
        items: tuple[str, ...] = getattr(event, key)
        if not items:
            continue
        if style.flow_lists:
            values[key] = [f"{key}: {emit.flow(items)}"]
        else:
            dash = " " * style.list_dash_offset
            values[key] = [f"{key}:"] + [f"{dash}- {emit.scalar(item)}" for item in items]
    if event.sources:
        values["sources"] = ["sources:"]
        for source in event.sources:
            values["sources"].extend(_source_lines(source, style, emit, relative=True))
    lines = []
    for key in style.key_order:
        lines.extend(values.get(key, []))
    dash = " " * style.dash_column + "-" + " " * (style.key_column - style.dash_column - 1)
    return [dash + lines[0]] + [pad + line for line in lines[1:]]


def _summary_lines(summary: str, style: _Style, emit: _Emitter) -> list[str]:
    text = " ".join(summary.split())
    width = style.fold_width - style.key_column - 2
    if style.summary == ">" and _printable(text) and len(text) + len("summary: ") > width:
        return ["summary: >-"] + [
            "  " + line
            for line in textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
        ]
    return [f"summary: {emit.scalar(text, style.summary if style.summary != '>' else '')}"]


def _source_fields(source: Source, style: _Style, emit: _Emitter) -> list[tuple[str, str]]:
    scalar = emit.flow_scalar if style.source_flow else emit.scalar
    values = {
        "title": scalar(source.title, style.source_title_quote) if source.title else None,
        "publisher": scalar(source.publisher) if source.publisher else None,
        "url": scalar(source.url),
        "archived": scalar(source.archived) if source.archived else None,
        "published": source.published.canonical if source.published else None,
    }
    return [(key, values[key] or "") for key in style.source_key_order if values.get(key)]


def _source_lines(source: Source, style: _Style, emit: _Emitter, *, relative: bool) -> list[str]:
    """A source list item; `relative` indents from the event's key column (new events)."""
    fields = _source_fields(source, style, emit)
    base = style.key_column if relative else 0
    dash_pad = " " * (style.source_dash_column - base)
    if style.source_flow:
        inner = ", ".join(f"{key}: {value}" for key, value in fields)
        return [f"{dash_pad}- {{{inner}}}"]
    key_pad = " " * (style.source_key_column - base)
    gap = " " * max(style.source_key_column - style.source_dash_column - 1, 1)
    first, *rest = fields
    return [f"{dash_pad}-{gap}{first[0]}: {first[1]}"] + [f"{key_pad}{k}: {v}" for k, v in rest]


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
    lines = _Lines(text)
    blocks = _blocks(lines, report)
    position = report.events_position
    if report.events_style == "missing":
        raise EditError("the file has no 'events:' list to add to", str(path))
    if report.events_style == "flow" and blocks:
        raise EditError(
            "the events list is written in flow style ([...]); add needs a block list",
            f"{path}:{position[0]}:{position[1]}",
        )
    key = event.date.sort_key
    if _newest_first(blocks):
        # A file kept newest first gets the event after the last one that is newer or as new.
        before = [item for item in blocks if item[0].date.sort_key >= key]
    else:
        before = [item for item in blocks if item[0].date.sort_key <= key]
    anchor = before[-1] if before else None
    neighbour = anchor or (blocks[0] if blocks else None)
    style = _style_of(
        lines,
        neighbour[0] if neighbour else None,
        neighbour[1] if neighbour else None,
        report.events_key_column,
    )
    body = _event_lines(event, style, _Emitter())
    nl = lines.newline
    new_lines = [line + nl for line in body]
    separated = _separated(lines, blocks)
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
    lines: _Lines, report: LoadReport, out: list[str], new_lines: list[str]
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
    lines = _Lines(text)
    blocks = dict((e.id, b) for e, b in _blocks(lines, report))
    block = blocks[event_id]
    style = _style_of(lines, event, block, report.events_key_column)
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
        item = _source_lines(source, style, _Emitter(), relative=False)
        out = list(lines.lines)
        nl = lines.newline
        ending = out[key_line - 1][len(out[key_line - 1].rstrip("\r\n")) :] or nl
        out[key_line - 1] = " " * style.key_column + "sources:" + ending
        out[key_line:key_line] = [x + nl for x in item]
        after = "".join(out)
    elif not event.sources:
        item = _source_lines(source, style, _Emitter(), relative=False)
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
        item = _source_lines(source, style, _Emitter(), relative=False)
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
    lines = _Lines(text)
    emit = _Emitter()
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
    lines: _Lines, event: Event, index: int, copy: str, emit: _Emitter
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


def _source_end(lines: _Lines, event: Event, index: int, block: _Block) -> int:
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


def _insert_after(lines: _Lines, line_number: int, new: list[str]) -> str:
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
    lines = _Lines(text)
    ordered = _blocks(lines, report)
    blocks = dict((e.id, b) for e, b in ordered)
    block = blocks[event_id]
    out = list(lines.lines)
    first, last = block.first, block.last
    if _separated(lines, ordered):
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
