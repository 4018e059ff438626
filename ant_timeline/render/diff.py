"""The `diff` layout: differences grouped by year, each with its sign and its fields."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ant_timeline.model import (
    group_year,
    year_heading,
)
from ant_timeline.render.console import Line
from ant_timeline.render.layout import (
    ARROW,
    NO_YEAR_YET,
    cells,
    event_date_text,
    pad,
    source_label,
    wrap,
)
from ant_timeline.text import inert

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ant_timeline.diff import Entry, FieldChange, TextChange, TimelineDiff
    from ant_timeline.model import Source


DIFF_SIGNS = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}
DIFF_STYLES = {"added": "green", "removed": "red", "changed": "yellow", "renamed": "cyan"}
DIFF_LABEL_WIDTH = 10


def diff_lines(
    result: TimelineDiff, *, stat: bool = False, width: int | None = None
) -> Iterator[Line]:
    """The `diff` layout: differences grouped by year, each with its sign, then a summary."""
    summary: Line = [(result.summary, "bold" if result else "")]
    if stat:
        for key, counts in result.by_timeline():
            yield [(f"{inert(key)}: ", "bold"), (counts, "")]
        yield summary
        return
    yield [(f"{inert(result.old_label)} {ARROW} {inert(result.new_label)}", "dim")]
    entries = result.entries()
    dates = [event_date_text(entry.event) for entry in entries]
    date_width = max((cells(text) for text in dates), default=0)
    hanging = " " * (2 + date_width + 2)
    text_width = None if width is None else max(width - len(hanging), 20)
    previous_year: int | None = NO_YEAR_YET
    for entry, date_text in zip(entries, dates, strict=True):
        year = group_year(entry.event)
        if year != previous_year:
            yield []
            yield [(year_heading(year), "bold")]
            previous_year = year
        yield from _diff_entry(entry, date_text, date_width, hanging, text_width)
    yield []
    yield summary


def _diff_entry(
    entry: Entry, date_text: str, date_width: int, hanging: str, width: int | None
) -> Iterator[Line]:
    style = DIFF_STYLES[entry.kind]
    event = entry.event
    ids = inert(event.ref)
    if entry.change is not None and entry.change.old_ref is not None:
        ids = f"{inert(entry.change.old_ref)} {ARROW} {ids}"
    title_lines = wrap(f"{inert(event.title)} [{ids}]", width)
    yield [
        (DIFF_SIGNS[entry.kind], f"bold {style}"),
        (" ", ""),
        (pad(date_text, date_width), "bold"),
        ("  ", ""),
        (title_lines[0], ""),
    ]
    for more in title_lines[1:]:
        yield [(hanging, ""), (more, "")]
    if entry.change is not None:
        for change in entry.change.changes:
            yield from _field_lines(change, hanging, width)


def _field_lines(change: FieldChange, hanging: str, width: int | None) -> Iterator[Line]:
    from ant_timeline.diff import (  # noqa: PLC0415 - only diff
        DateChange,
        SetChange,
        TextChange,
        source_differences,
    )

    label = (hanging + pad(change.field, DIFF_LABEL_WIDTH), "dim")
    inner = hanging + " " * DIFF_LABEL_WIDTH
    text_width = None if width is None else max(width - DIFF_LABEL_WIDTH, 20)
    rows: list[tuple[str, str]] = []  # (text, style) of each row after the label
    if isinstance(change, DateChange):
        rows.append(
            (f"{change.old.display()} {ARROW} {change.new.display()} ({change.kind})", "yellow")
        )
    elif isinstance(change, TextChange) and change.field == "summary":
        rows.append((f"- {_or_none(change.old)}", "red"))
        rows.append((f"+ {_or_none(change.new)}", "green"))
    elif isinstance(change, TextChange):
        rows.append((f"{_or_none(change.old)} {ARROW} {_or_none(change.new)}", ""))
    elif isinstance(change, SetChange):
        rows += [(f"+ {inert(value)}", "green") for value in change.added]
        rows += [(f"- {inert(value)}", "red") for value in change.removed]
    else:
        rows += [(f"+ {_source_label(source)}", "green") for source in change.added]
        rows += [(f"- {_source_label(source)}", "red") for source in change.removed]
        rows += [
            (f"~ {inert(after.url)}: {_source_fields(source_differences(before, after))}", "yellow")
            for before, after in change.changed
        ]
    first = True
    for text, style in rows:
        # Continuation lines are indented by two more cells, so wrap two cells shorter.
        for index, part in enumerate(wrap(text, None if text_width is None else text_width - 2)):
            lead = label if first else (inner, "")
            first = False
            yield [lead, (part if index == 0 else f"  {part}", style)]


def _or_none(value: str | None) -> str:
    return inert(value) if value is not None else "(none)"


def _source_fields(changes: Iterable[TextChange]) -> str:
    return "; ".join(
        f"{change.field} {_or_none(change.old)} {ARROW} {_or_none(change.new)}"
        for change in changes
    )


def _source_label(source: Source) -> str:
    label = source_label(source)
    url = inert(source.url)
    return f"{label} <{url}>" if label else url
