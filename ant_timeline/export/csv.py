r"""CSV for spreadsheets: a header row, then one row per event (RFC 4180, UTF-8, CRLF).

Every field of an event is there, so `import csv` gives the events back. Lists (actors, tags,
related ids, and each source's address, title, publisher, published date and archived copy,
one column per field in source order) are joined with `; `; inside a value, a `;` followed by
a space is written `\;` and a backslash before a `;`, another backslash or the end of the
value is doubled, so a value holding `; ` stays one value. With several timelines loaded
together, a `timeline` column after `id` names each event's timeline. A cell that a spreadsheet
would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return, after
any spaces) gets a leading `'`, as OWASP advises against CSV injection; so does a cell that
starts with such a `'` of its own, so that reading a cell back takes off exactly one.
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
    "source_titles",
    "publishers",
    "source_published",
    "archived",
    "related",
)
# Columns holding one value per source, in the order of `sources`.
SOURCE_COLUMNS = ("sources", "source_titles", "publishers", "source_published", "archived")


def runs_as_formula(text: str) -> bool:
    """True when a spreadsheet would run the cell, or it is a guard `'` before such text."""
    index, length = 0, len(text)
    while True:
        first = index
        while first < length and text[first] == " ":
            first += 1
        if first < length and text[first] in FORMULA_START:
            return True
        if index >= length or text[index] != "'":
            return False
        index += 1


def cell(text: str) -> str:
    """A value made safe for a spreadsheet: controls visible, formulas neutralised."""
    text = inert(text, keep_newlines=True)
    if runs_as_formula(text):
        return "'" + text
    return text


def uncell(text: str) -> str:
    """A cell's value as `cell` was given it: the guard `'` taken off (controls stay visible)."""
    if text[:1] == "'" and runs_as_formula(text[1:]):
        return text[1:]
    return text


def list_item(value: str) -> str:
    """One value of a list, escaped so that the list can be split again (see the module)."""
    value = inert(value, keep_newlines=True)
    if "\\" not in value and "; " not in value:
        return value
    out = []
    for index, char in enumerate(value):
        following = value[index + 1 : index + 2]
        if char == "\\" and following in ("\\", ";", ""):
            out.append("\\\\")
        elif char == ";" and following == " ":
            out.append("\\;")
        else:
            out.append(char)
    return "".join(out)


def joined(values: Iterable[str]) -> str:
    """A list in one cell, `; `-separated, each value escaped by `list_item`."""
    return LIST_SEPARATOR.join(list_item(value) for value in values)


def split_list(text: str) -> list[str]:
    """The values of a list cell, as `joined` wrote them; an empty cell is no values."""
    if not text:
        return []
    if "\\" not in text:
        return text.split(LIST_SEPARATOR)
    values: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        following = text[index + 1 : index + 2]
        if char == "\\" and following in ("\\", ";"):
            current.append(following)
            index += 2
        elif text.startswith(LIST_SEPARATOR, index):
            values.append("".join(current))
            current = []
            index += len(LIST_SEPARATOR)
        else:
            current.append(char)
            index += 1
    values.append("".join(current))
    return values


def _per_source(values: Iterable[str | None]) -> str:
    """A column of one value per source: empty when no source has one."""
    listed = [value or "" for value in values]
    return joined(listed) if any(listed) else ""


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
        # in source order, like `sources`: empty for a source without one
        "source_titles": _per_source(source.title for source in event.sources),
        "publishers": _per_source(source.publisher for source in event.sources),
        "source_published": _per_source(
            source.published.canonical if source.published else None for source in event.sources
        ),
        "archived": _per_source(source.archived for source in event.sources),
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
