"""`import csv`: the CSV `export csv` writes, every field as it is.

The columns are `export csv`'s (see `ant_timeline.export.csv`): `date` and `title` are needed;
`id` keeps the event's id (made from the title when empty); lists are split as the export
joins them, and a cell's formula guard (a leading `'`) is taken off. The columns that follow
from `date` (`display_date`, `earliest`, ...) and `timeline` are not read. In CSV an empty
cell and a missing value are the same, so an empty summary or source title is no summary or
title. Problems are named by line: `export.csv:14: date: ...`.
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import TYPE_CHECKING

from ant_timeline.errors import DateError
from ant_timeline.export.csv import COLUMNS, SOURCE_COLUMNS, split_list, uncell
from ant_timeline.import_ import (
    Batch,
    Candidate,
    InputError,
    RowProblem,
    looks_like_json,
    read_date,
    read_table,
    refuse_repeated_columns,
)
from ant_timeline.model import Source

if TYPE_CHECKING:
    from collections.abc import Callable

    Cell = Callable[[str], str]  # a row's value in a column, by the column's name

# Read from the input; the others follow from `date`, or name the timeline of a set.
READ = ("id", "date", "title", "summary", "category", "actors", "tags", "related", *SOURCE_COLUMNS)
DERIVED = (
    "timeline",
    "display_date",
    "earliest",
    "latest",
    "precision",
    "approximate",
    "uncertain",
    "first_reported",  # when the first source was published: it follows from the sources
)
TIMELINEJS_COLUMNS = {"year", "headline"}


class _Invalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read(text: str, label: str) -> Batch:
    """The events of an `export csv` file."""
    if looks_like_json(text):
        raise InputError(
            "this is JSON, not CSV; import it with `ant-timeline import json` (or "
            "`import timelinejs` for TimelineJS JSON)",
            label,
        )
    table = read_table(text, label)
    names = [name.lower() for name in table.header]
    if set(names) >= TIMELINEJS_COLUMNS:
        raise InputError(
            "this is a TimelineJS sheet (it has Year and Headline columns); import it with "
            "`ant-timeline import timelinejs`",
            label,
        )
    missing = [name for name in ("date", "title") if name not in names]
    if missing:
        raise InputError(
            f"not an ant-timeline CSV export: it has no {' or '.join(map(repr, missing))} "
            f"column (an export's header is {','.join(COLUMNS)})",
            f"{label}:1",
        )
    refuse_repeated_columns(table, READ, label)
    batch = Batch(label, "an ant-timeline CSV export")
    for name in names:
        if name not in READ and name not in DERIVED:
            guess = get_close_matches(name, [*READ, *DERIVED], n=1, cutoff=0.75)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            batch.notes.append(f"column {name!r} is not an export column{hint}; it was not read")
    index = {name: position for position, name in reversed(list(enumerate(names)))}
    for line, cells in table.rows:
        if not any(cell.strip() for cell in cells):
            continue
        batch.rows += 1
        place = f"{label}:{line}"
        if len(cells) > len(names):
            batch.invalid.append(
                RowProblem(place, f"{len(cells)} cells, but the header names {len(names)}")
            )
            continue

        def value(name: str, cells: list[str] = cells) -> str:
            position = index.get(name)
            if position is None or position >= len(cells):
                return ""
            # Line breaks as the export writes them (a spreadsheet may save them as CRLF).
            return uncell(cells[position].replace("\r\n", "\n").replace("\r", "\n"))

        try:
            batch.candidates.append(_candidate(value, place))
        except _Invalid as problem:
            batch.invalid.append(RowProblem(place, problem.message))
    return batch


def _candidate(value: Cell, place: str) -> Candidate:
    title = value("title")
    if not title.strip():
        raise _Invalid("title: no title")
    try:
        when = read_date(value("date"))
    except DateError as error:
        raise _Invalid(f"date: {error.message}") from None
    event_id = value("id")
    return Candidate(
        place=place,
        date=when,
        title=title,
        id=event_id if event_id.strip() else None,
        summary=value("summary") or None,
        category=value("category") or None,
        actors=tuple(split_list(value("actors"))),
        tags=tuple(split_list(value("tags"))),
        sources=_sources(value),
        related=tuple(split_list(value("related"))),
    )


def _sources(value: Cell) -> tuple[Source, ...]:
    urls = split_list(value("sources"))
    columns = {}
    for name in SOURCE_COLUMNS[1:]:
        items = split_list(value(name))
        if items and len(items) != len(urls):
            raise _Invalid(
                f"{name}: {len(items)} value{'' if len(items) == 1 else 's'} for "
                f"{len(urls)} source{'' if len(urls) == 1 else 's'} (one per source, in order)"
            )
        columns[name] = items or [""] * len(urls)
    found = []
    for number, url in enumerate(urls):
        if not url.strip():
            raise _Invalid(f"sources: source {number + 1} has no address")
        published = columns["source_published"][number]
        try:
            when = read_date(published) if published else None
        except DateError as error:
            raise _Invalid(f"source_published: source {number + 1}: {error.message}") from None
        found.append(
            Source(
                url=url,
                title=columns["source_titles"][number] or None,
                publisher=columns["publishers"][number] or None,
                published=when,
                archived=columns["archived"][number] or None,
            )
        )
    return tuple(found)
