"""What several export formats share: links, source labels, year groups, the subject line."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ant_timeline.dates import day_text
from ant_timeline.model import covered_text, group_year, year_heading
from ant_timeline.text import inert, link_url

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import date

    from ant_timeline.model import Event, Source, Timeline


def first_link(event: Event) -> str | None:
    """The first source address that is http(s), made safe for a link."""
    for source in event.sources:
        target = link_url(source.url)
        if target is not None:
            return target
    return None


def source_label(source: Source) -> str:
    """`Publisher, 3 Nov 2020`: who published a source and when (inert text).

    Falls back to the source's title, then to the address's host, then to the address.
    """
    name = source.publisher or source.title
    if not name:
        name = urlsplit(source.url).netloc if link_url(source.url) else source.url
    parts = [inert(name.strip())]
    if source.published is not None:
        parts.append(source.published.display())
    return ", ".join(part for part in parts if part)


def by_year(events: Iterable[Event]) -> Iterator[tuple[str, list[Event]]]:
    """Consecutive events grouped under their year's heading, in the order given."""
    for year, group in groupby(events, key=group_year):
        yield year_heading(year), list(group)


def heading(timeline: Timeline) -> str:
    """The timeline's title (inert), falling back to its subject."""
    info = timeline.info
    return " ".join(inert(info.title or info.subject or "Timeline").split())


def subject_line(timeline: Timeline, as_of: date | None = None) -> str:
    """`Ant Group · 5 events · May 2023 – Jul 2023` (inert); `2 timelines · ...` for several;
    `... · as known on 31 Jan 2023` for a timeline shown as known on a day."""
    parts = []
    subject = timeline.info.subject
    if timeline.several:
        parts.append(f"{len(timeline.members)} timelines")
    elif subject and subject != timeline.info.title:
        parts.append(" ".join(inert(subject).split()))
    count = len(timeline.events)
    parts.append(f"{count} event{'' if count == 1 else 's'}")
    span = covered_text(timeline.events)
    if span:
        parts.append(span)
    if as_of is not None:
        parts.append(f"as known on {day_text(as_of)}")
    return " · ".join(parts)


def one_line(text: str) -> str:
    """Text from the data on one line: controls made visible, runs of whitespace collapsed."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the common case; the only whitespace printable text holds is " "
    return " ".join(inert(text).split())


def paragraphs(text: str) -> list[str]:
    """Text from the data as paragraphs (split at blank lines), each on one line."""
    lines = inert(text, keep_newlines=True).split("\n")
    result: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            result.append(" ".join(" ".join(current).split()))
            current = []
    return result


def event_subject(timeline: Timeline, event: Event) -> str | None:
    """The subject of an event's timeline (inert, on one line), when several are shown."""
    if not timeline.several:
        return None
    return " ".join(inert(timeline.subject_of(event)).split())
