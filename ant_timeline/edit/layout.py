"""Where things are in an events file's text: each event's lines and the file's habits.

Worked out from the text and the positions the loader recorded, never from a re-dump, so an edit
can splice new lines in and leave every other byte as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ant_timeline.model import Event
    from ant_timeline.store import LoadReport


@dataclass(slots=True)
class Lines:
    """The file as lines (each with its own line ending), 1-based access."""

    text: str
    lines: list[str] = field(init=False)
    newline: str = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.splitlines(keepends=True)
        if "\r\n" in self.text:
            self.newline = "\r\n"
        elif "\r" in self.text and "\n" not in self.text:
            self.newline = "\r"  # classic Mac OS line ends, which YAML reads too
        else:
            self.newline = "\n"

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
class Block:
    """Where an event's lines are: its comment block, its dash line, its last content line."""

    first: int  # first line of the comment block directly above, or the dash line
    dash: int
    last: int
    dash_column: int  # 0-based column of the "-"
    key_column: int  # 0-based column of the event's keys


def event_block(lines: Lines, event: Event, next_start: int | None, floor: int = 1) -> Block:
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
    # Trailing blank lines and comments at the dash's indentation belong to what follows,
    # except the blank lines a last value written `|+` or `>+` keeps as its own text.
    keeps = _ends_in_kept_lines(lines, event)
    while last > start_line and (
        (lines.is_blank(last) and not keeps)
        or (lines.is_comment(last) and lines.indent(last) <= dash_column)
    ):
        last -= 1
    if keeps:
        while last > start_line and lines.is_blank(last) and lines.is_comment(last - 1):
            last -= 1  # blank lines after a comment are no longer the value's
    first = dash
    while first > floor and lines.is_comment(first - 1):
        first -= 1
    return Block(first, dash, last, dash_column, start_column - 1)


def _last_block_header(lines: Lines, event: Event) -> str | None:
    """The header (`|`, `>-`, `|2+`, ...) of the event's last value when that is a block
    scalar, else None."""
    values = [position for key, position in event.positions.items() if key not in ("", "$end")]
    if not values:
        return None
    line, column = max(values)
    if lines.char_at((line, column)) not in ("|", ">"):
        return None
    return lines.line(line)[column - 1 :].split("#", 1)[0].strip()


def _ends_in_kept_lines(lines: Lines, event: Event) -> bool:
    """True when the event's last value is a block scalar that keeps its trailing blank lines
    (`|+`, `>+`): those lines are part of the value, so they stay with the event."""
    header = _last_block_header(lines, event)
    return header is not None and "+" in header


def ends_the_file_in_clipped_text(lines: Lines, event: Event, last: int) -> bool:
    """True when the event's lines end the file, without a newline, inside a block scalar
    that keeps one final line break (`|`, `>`): any line after it would add that break to
    the text, so nothing can go after it as written."""
    if last != len(lines.lines) or lines.lines[-1].endswith(("\n", "\r")):
        return False
    header = _last_block_header(lines, event)
    return header is not None and "+" not in header and "-" not in header


def event_blocks(lines: Lines, report: LoadReport) -> list[tuple[Event, Block]]:
    """Every event with its block, in file order."""
    by_id = report.timeline.by_id()
    ordered = [by_id[event_id] for event_id in report.file_order if event_id in by_id]
    ordered.sort(key=lambda event: event.positions[""])
    result: list[tuple[Event, Block]] = []
    for index, event in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        next_start = dash_line(lines, following) if following else None
        # A comment indented under the previous event is that event's; blocks never overlap.
        floor = result[-1][1].last + 1 if result else 1
        result.append((event, event_block(lines, event, next_start, floor)))
    return result


def dash_line(lines: Lines, event: Event) -> int:
    line, column = event.positions[""]
    if lines.line(line)[: column - 1].strip().startswith("-"):
        return line
    return line - 1


def newest_first(blocks: list[tuple[Event, Block]]) -> bool:
    """True when the file lists its events mostly newest first."""
    votes = 0
    for (earlier, _), (later, _) in pairwise(blocks):
        if earlier.date.sort_key != later.date.sort_key:
            votes += 1 if earlier.date.sort_key > later.date.sort_key else -1
    return votes > 0


def blank_separated(lines: Lines, blocks: list[tuple[Event, Block]]) -> bool:
    """True when events are mostly separated by a blank line (the default for new files)."""
    votes = 0
    for (_, block), (_, following) in pairwise(blocks):
        gap = range(block.last + 1, following.first)
        votes += 1 if any(lines.is_blank(n) for n in gap) else -1
    return votes >= 0
