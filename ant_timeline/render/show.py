"""The `show` layout: a header, then events grouped by year, each with its date at the
precision the data has (and its timeline's subject when several are shown)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.style import Style

from ant_timeline.dates import day_text
from ant_timeline.model import (
    covered_text,
    first_reported_text,
    gap_months,
    group_year,
    subject_labels,
    year_heading,
)
from ant_timeline.render.console import Line
from ant_timeline.render.layout import (
    NO_YEAR_YET,
    cells,
    event_date_text,
    pad,
    source_label,
    wrap,
)
from ant_timeline.text import inert, is_web_url

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from ant_timeline.model import Event, Source, Timeline
CATEGORY_STYLES = {
    "regulation": "blue",
    "enforcement": "red",
    "policy": "magenta",
    "corporate": "green",
    "political": "yellow",
    "market": "cyan",
    "context": "bright_black",
}


SUBJECT_STYLES = (
    "bold bright_cyan",
    "bold bright_magenta",
    "bold bright_green",
    "bold bright_yellow",
    "bold bright_blue",
    "bold bright_red",
    "bold cyan",
    "bold magenta",
)


def _events_text(shown: int, total: int) -> str:
    return (
        f"{shown} event{'s' if shown != 1 else ''}"
        if shown == total
        else f"{shown} of {total} events"
    )


def subject_styles(timeline: Timeline) -> dict[str, str]:
    """A colour per loaded timeline, by key, in the order they were named."""
    return {
        member.key: SUBJECT_STYLES[index % len(SUBJECT_STYLES)]
        for index, member in enumerate(timeline.members)
    }


def show_lines(
    timeline: Timeline,
    *,
    total: int,
    detail: bool = False,
    width: int | None = None,
    as_of: date | None = None,
) -> Iterator[Line]:
    """The `show` layout: a header, then events grouped by year (as known on `as_of`)."""
    events = timeline.events
    info = timeline.info
    heading = inert(info.title or info.subject or "Timeline")
    yield [(heading, "bold")]
    meta = []
    if timeline.several:
        meta.append(f"{len(timeline.members)} timelines")
    elif info.subject and info.subject != info.title:
        meta.append(inert(info.subject))
    meta.append(_events_text(len(events), total))
    covered = covered_text(events)
    if covered:
        meta.append(covered)
    if as_of is not None:
        meta.append(f"as known on {day_text(as_of)}")
    yield [(" · ".join(meta), "dim")]
    labels = {key: inert(label) for key, label in subject_labels(timeline).items()}
    styles = subject_styles(timeline)
    label_width = max((cells(label) for label in labels.values()), default=0)
    if timeline.several:
        shown = Counter(event.timeline for event in events)
        for member in timeline.members:
            yield [
                ("  ", ""),
                (pad(labels[member.key], label_width), styles[member.key]),
                ("  ", ""),
                (f"{inert(member.path)} · {_events_text(shown[member.key], member.count)}", "dim"),
            ]
    else:
        label_width = 0
    if not events:
        yield []
        yield [("No events match.", "dim")]
        return
    dates = [event_date_text(event) for event in events]
    categories = [inert(event.category or "") for event in events]
    date_width = max(cells(text) for text in dates)
    category_width = max((cells(text) for text in categories), default=0)
    indent = "  "
    column = len(indent) + date_width + 2 + (category_width + 2 if category_width else 0)
    column += label_width + 2 if label_width else 0
    hanging = " " * column
    text_width = None if width is None else max(width - column, 20)
    previous: Event | None = None
    previous_year: int | None = NO_YEAR_YET
    for event, date_text, category in zip(events, dates, categories, strict=True):
        gap = gap_months(previous, event) if previous is not None else 0
        if gap:
            yield [(hanging, ""), (f"· {gap} months without events ·", "dim")]
        year = group_year(event)
        if year != previous_year:
            yield []
            yield [(year_heading(year), "bold")]
            previous_year = year
        elif detail:
            yield []  # detailed events are paragraphs: a blank line between them
        title_lines = wrap(inert(event.title), text_width)
        first: Line = [(indent, ""), (pad(date_text, date_width), "bold"), ("  ", "")]
        if label_width:
            first.append((pad(labels[event.timeline], label_width), styles[event.timeline]))
            first.append(("  ", ""))
        if category_width:
            first.append((pad(category, category_width), CATEGORY_STYLES.get(category, "white")))
            first.append(("  ", ""))
        first.append((title_lines[0], "bold" if detail else ""))
        yield first
        for more in title_lines[1:]:
            yield [(hanging, ""), (more, "bold" if detail else "")]
        yield from _people_and_tags(event, hanging, text_width)
        if detail:
            yield from _detail(event, hanging, text_width)
        previous = event


def _people_and_tags(event: Event, hanging: str, width: int | None) -> Iterator[Line]:
    actors = ", ".join(inert(actor) for actor in event.actors)
    tags = " ".join(f"#{inert(tag)}" for tag in event.tags)
    if not actors and not tags:
        return
    if width is not None and cells(actors) + cells(tags) + 2 > width:
        for part in wrap(actors, width):
            yield [(hanging, ""), (part, "dim")]
        if tags:
            for part in wrap(tags, width):
                yield [(hanging, ""), (part, "cyan")]
        return
    line: Line = [(hanging, "")]
    if actors:
        line.append((actors, "dim"))
    if tags:
        line.append(("  " if actors else "", ""))
        line.append((tags, "cyan"))
    yield line


def _detail(event: Event, hanging: str, width: int | None) -> Iterator[Line]:
    if event.summary:
        for paragraph in inert(event.summary, keep_newlines=True).split("\n"):
            for part in wrap(paragraph, width):
                yield [(hanging, ""), (part, "")]
    reported = first_reported_text(event)
    if reported is not None:
        yield [(hanging, ""), (reported, "dim italic")]
    for source in event.sources:
        yield from _source_lines(source, hanging, width)


def _source_lines(source: Source, hanging: str, width: int | None) -> Iterator[Line]:
    label = source_label(source)
    url = inert(source.url)
    is_link = is_web_url(source.url)
    style = Style(color="blue", underline=True, link=url) if is_link else Style(dim=True)
    if not label:  # nothing but the address: it goes on the bullet's own line
        yield [(hanging, ""), ("· ", ""), (url, style)]
    else:
        for index, part in enumerate(wrap(f"· {label}", width)):
            yield [(hanging, ""), (part if index == 0 else f"  {part}", "italic" if index else "")]
        yield [(hanging + "  ", ""), (url, style)]
    if source.archived is not None:
        copy = inert(source.archived)
        copy_style = (
            Style(color="blue", underline=True, link=copy)
            if is_web_url(source.archived)
            else Style(dim=True)
        )
        yield [(hanging + "  ", ""), ("archived ", "dim"), (copy, copy_style)]
