"""YAML text for a new event or source, written in the style of its neighbours.

Indentation, key order, quoting, flow or block lists and the width of folded summaries are
read off the nearest event, so a new event looks as if the file's author had typed it.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ant_timeline.model import EVENT_KEYS, LIST_FIELDS, SOURCE_KEYS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ant_timeline.edit.layout import Block, Lines
    from ant_timeline.errors import Problem
    from ant_timeline.model import Event, Source

FOLD_WIDTH = 100


@dataclass(frozen=True, slots=True)
class Style:
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


def merged_order(present: list[str], default: tuple[str, ...]) -> tuple[str, ...]:
    """The neighbour's key order, with the keys it lacks where the default order puts them."""
    order = list(present)
    for index, key in enumerate(default):
        if key in order:
            continue
        earlier = [k for k in default[:index] if k in order]
        order.insert(order.index(earlier[-1]) + 1 if earlier else 0, key)
    return tuple(order)


def quote_char(char: str) -> str:
    return char if char in ('"', "'") else ""


def style_of(lines: Lines, neighbour: Event | None, block: Block | None, key_base: int) -> Style:
    if neighbour is None or block is None:
        return Style(
            dash_column=key_base + 2,
            key_column=key_base + 4,
            source_dash_column=key_base + 6,
            source_key_column=key_base + 8,
        )
    positions = neighbour.positions
    order = merged_order([key for key in positions if key in EVENT_KEYS], EVENT_KEYS)
    summary_char = lines.char_at(positions["summary"]) if "summary" in positions else ">"
    summary = ">" if summary_char in (">", "|") else quote_char(summary_char)
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
    style = Style(
        dash_column=block.dash_column,
        key_column=block.key_column,
        key_order=order,
        title_quote=quote_char(lines.char_at(positions["title"])) if "title" in positions else "",
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
        source_order = merged_order(source_keys, SOURCE_KEYS)
        dash_column = lines.line(source_line)[: source_column - 1].rfind("-")
        title_position = positions.get("sources.0.title")
        style = replace(
            style,
            source_dash_column=dash_column if dash_column >= 0 else style.source_dash_column,
            source_key_column=source_column - 1 if not source_flow else style.source_key_column,
            source_flow=source_flow,
            source_key_order=source_order,
            source_title_quote=quote_char(lines.char_at(title_position)) if title_position else "",
        )
    return style


class Emitter:
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
        if quote == "'" and not printable(text):
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


def printable(text: str) -> bool:
    return all(ch in "\t\n" or unicodedata.category(ch)[0] != "C" for ch in text)


def event_lines(event: Event, style: Style, emit: Emitter) -> list[str]:
    pad = " " * style.key_column
    values: dict[str, list[str]] = {}
    values["id"] = [f"id: {emit.scalar(event.id)}"]
    values["date"] = [f"date: {event.date.canonical}"]  # the grammar is always plain-safe
    values["title"] = [f"title: {emit.scalar(event.title, style.title_quote)}"]
    if event.summary:
        values["summary"] = summary_lines(event.summary, style, emit)
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
            values["sources"].extend(source_lines(source, style, emit, relative=True))
    lines = []
    for key in style.key_order:
        lines.extend(values.get(key, []))
    dash = " " * style.dash_column + "-" + " " * (style.key_column - style.dash_column - 1)
    return [dash + lines[0]] + [pad + line for line in lines[1:]]


def summary_lines(summary: str, style: Style, emit: Emitter) -> list[str]:
    text = " ".join(summary.split())
    width = style.fold_width - style.key_column - 2
    if style.summary == ">" and printable(text) and len(text) + len("summary: ") > width:
        return ["summary: >-"] + [
            "  " + line
            for line in textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
        ]
    return [f"summary: {emit.scalar(text, style.summary if style.summary != '>' else '')}"]


def source_fields(source: Source, style: Style, emit: Emitter) -> list[tuple[str, str]]:
    scalar = emit.flow_scalar if style.source_flow else emit.scalar
    values = {
        "title": scalar(source.title, style.source_title_quote) if source.title else None,
        "publisher": scalar(source.publisher) if source.publisher else None,
        "url": scalar(source.url),
        "archived": scalar(source.archived) if source.archived else None,
        "published": source.published.canonical if source.published else None,
    }
    return [(key, values[key] or "") for key in style.source_key_order if values.get(key)]


def source_lines(source: Source, style: Style, emit: Emitter, *, relative: bool) -> list[str]:
    """A source list item; `relative` indents from the event's key column (new events)."""
    fields = source_fields(source, style, emit)
    base = style.key_column if relative else 0
    dash_pad = " " * (style.source_dash_column - base)
    if style.source_flow:
        inner = ", ".join(f"{key}: {value}" for key, value in fields)
        return [f"{dash_pad}- {{{inner}}}"]
    key_pad = " " * (style.source_key_column - base)
    gap = " " * max(style.source_key_column - style.source_dash_column - 1, 1)
    first, *rest = fields
    return [f"{dash_pad}-{gap}{first[0]}: {first[1]}"] + [f"{key_pad}{k}: {v}" for k, v in rest]
