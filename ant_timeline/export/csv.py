"""CSV for spreadsheets: a header row, then one row per event (RFC 4180, UTF-8, CRLF).

Lists (actors, tags, source addresses, their archived copies, related ids) are joined with
`; `. With several timelines loaded together, a `timeline` column after `id` names each
event's timeline. A cell that a
spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
return, after any spaces) gets a leading `'`, as OWASP advises against CSV injection.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from ant_timeline.text import inert

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ant_timeline.export import ExportOptions
    from ant_timeline.model import Event, Timeline

LIST_SEPARATOR = "; "
# The characters that make Excel, LibreOffice or Google Sheets read a cell as a formula; the
# full-width forms are read as formulas by some East Asian spreadsheet locales.
FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")

COLUMNS = (
    "id",
    "date",
    "display_date",
    "earliest",
    "latest",
    "precision",
    "approximate",
    "uncertain",
    "title",
    "category",
    "actors",
    "tags",
    "summary",
    "sources",
    "publishers",
    "archived",
    "related",
)


def cell(text: str) -> str:
    """A value made safe for a spreadsheet: controls visible, formulas neutralised."""
    text = inert(text, keep_newlines=True)
    if text.lstrip(" ")[:1] in FORMULA_START:
        return "'" + text
    return text


def joined(values: Iterable[str]) -> str:
    """A list in one cell, `; `-separated."""
    return LIST_SEPARATOR.join(" ".join(inert(value).split()) for value in values)


def row(event: Event) -> dict[str, str]:
    """One event as CSV cells (before neutralising)."""
    when = event.date
    return {
        "id": event.id,
        "timeline": event.timeline,
        "date": when.canonical,
        "display_date": when.display(),
        "earliest": when.earliest.isoformat() if when.earliest else "",
        "latest": when.latest.isoformat() if when.latest else "",
        "precision": when.precision.value,
        "approximate": "true" if when.approximate else "false",
        "uncertain": "true" if when.uncertain else "false",
        "title": event.title,
        "category": event.category or "",
        "actors": joined(event.actors),
        "tags": joined(event.tags),
        "summary": event.summary or "",
        "sources": joined(source.url for source in event.sources),
        "publishers": joined(source.publisher or "" for source in event.sources),
        # in source order, like `sources`: empty for a source without an archived copy
        "archived": joined(source.archived or "" for source in event.sources)
        if any(source.archived for source in event.sources)
        else "",
        "related": joined(event.related),
    }


def render(timeline: Timeline, options: ExportOptions) -> str:
    """The events as CSV; the summary column is left out with --brief."""
    columns = [name for name in COLUMNS if options.detail or name != "summary"]
    if timeline.members:  # several timelines: which one each event is in
        columns.insert(1, "timeline")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for event in timeline.events:
        cells = row(event)
        writer.writerow([cell(cells[name]) for name in columns])
    return out.getvalue()
