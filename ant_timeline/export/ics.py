"""iCalendar (RFC 5545) for calendar apps: one all-day VEVENT per event.

- The span: DTSTART is the first day the date can mean and DTEND the day after the last
  (DTEND is exclusive), so `2023-01` covers all of January, `2022-Q3` July to September,
  `2021-H2` July to December and `2021` the whole year; an interval covers its first day to
  its last. An interval with an open end covers its known end's own span (`2023-03/..` is
  March 2023); the description says the interval is open. Events are TRANSP:TRANSPARENT, so a
  year-long span never shows the calendar as busy.
- UID: `<id>@<subject>.ant-timeline`: the same event keeps its UID from one export to the
  next, so importing a newer export updates events instead of duplicating them.
- DTSTAMP: derived from the data, not the clock (the latest day the event or its sources
  mention, at midnight UTC), so exporting the same timeline twice gives the same bytes.
- Text is escaped as RFC 5545 TEXT (backslash, `;`, `,`, newline) with controls made visible,
  and lines are folded at 75 octets without splitting a UTF-8 character.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ant_timeline.export.common import (
    event_subject,
    first_link,
    heading,
    one_line,
    paragraphs,
    source_label,
)
from ant_timeline.text import link_url

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ant_timeline.export import ExportOptions
    from ant_timeline.model import Event, Timeline

CRLF = "\r\n"
LINE_OCTETS = 75
PRODID = "-//ant-timeline//ant-timeline//EN"


def escape_text(text: str) -> str:
    """An RFC 5545 TEXT value: `\\`, `;` and `,` escaped, newlines written as `\\n`."""
    # Chained replace (backslash first) is many times faster than a regex or str.translate.
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets (continuations start with a space), CRLF-terminated.

    Folds fall between characters, never inside a UTF-8 sequence.
    """
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line + CRLF
    pieces: list[bytes] = []
    begin, limit = 0, LINE_OCTETS
    while len(data) - begin > limit:
        cut = begin + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back off to its start
            cut -= 1
        pieces.append(data[begin:cut])
        begin, limit = cut, LINE_OCTETS - 1  # the leading space counts
    pieces.append(data[begin:])
    return b"\r\n ".join(pieces).decode("utf-8") + CRLF


def slug(text: str) -> str:
    """ASCII kebab-case for the UID's domain part; a short hash when nothing ASCII is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    if words:
        return "-".join(words)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def uid(event: Event, timeline: Timeline) -> str:
    """A UID that stays the same for the same event id in the same timeline, whether that
    timeline is exported alone or with others (its own subject names it)."""
    member = timeline.member(event.timeline) if event.timeline else None
    info = member.info if member is not None else timeline.info
    # An id that is not kebab-case still loads (`check` reports it), so it is made one line.
    return f"{one_line(event.id)}@{slug(info.subject or info.title or 'timeline')}.ant-timeline"


def day_span(event: Event) -> tuple[date, date]:
    """First and last day of the all-day span (an open end takes its known end's span)."""
    when = event.date
    if when.earliest is not None and when.latest is not None:
        return when.earliest, when.latest
    known = when.start or when.end
    if known is None:  # pragma: no cover - the grammar needs one end
        raise ValueError(f"{event.id}: a date without any end")
    return known.earliest, known.latest


def stamp(event: Event) -> str:
    """DTSTAMP from the data: the latest day the event or its sources mention, 00:00 UTC."""
    days = list(day_span(event))
    days.extend(s.published.latest for s in event.sources if s.published and s.published.latest)
    return _ical_date(max(days)) + "T000000Z"


def _ical_date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def description(event: Event, *, detail: bool, subject: str | None = None) -> str:
    """When, what, who, and the sources, as plain text with newlines."""
    when = event.date
    note = ""
    if when.interval and (when.start is None or when.end is None):
        note = " (an interval with an open end)"
    lines = [f"Timeline: {subject}"] if subject else []
    lines.append(f"Date: {when.display()}{note}")
    if event.category:
        lines.append(f"Category: {one_line(event.category)}")
    if event.actors:
        lines.append("Actors: " + ", ".join(one_line(actor) for actor in event.actors))
    if detail and event.summary:
        lines.append("")
        lines.append("\n\n".join(paragraphs(event.summary)))
    if event.sources:
        lines.append("")
        lines.append("Sources:")
        for source in event.sources:
            title = f": {one_line(source.title)}" if source.title and source.publisher else ""
            address = link_url(source.url) or one_line(source.url)
            if source.archived is not None:
                copy = link_url(source.archived) or one_line(source.archived)
                address += f" (archived: {copy})"
            lines.append(f"- {source_label(source)}{title} {address}")
    return "\n".join(lines)


def vevent(event: Event, timeline: Timeline, *, detail: bool) -> Iterator[str]:
    """The content lines of one VEVENT, unfolded."""
    first, last = day_span(event)
    yield "BEGIN:VEVENT"
    yield f"UID:{escape_text(uid(event, timeline))}"
    yield f"DTSTAMP:{stamp(event)}"
    yield f"DTSTART;VALUE=DATE:{_ical_date(first)}"
    if last < date.max:
        yield f"DTEND;VALUE=DATE:{_ical_date(last + timedelta(days=1))}"
    else:  # the day after 31 Dec 9999 has no DATE; a duration says the same
        yield f"DURATION:P{(last - first).days + 1}D"
    yield f"SUMMARY:{escape_text(one_line(event.title))}"
    subject = event_subject(timeline, event)
    yield f"DESCRIPTION:{escape_text(description(event, detail=detail, subject=subject))}"
    url = first_link(event)
    if url is not None:
        yield f"URL:{url}"
    categories = [one_line(name) for name in (subject, event.category) if name]
    if categories:
        yield "CATEGORIES:" + ",".join(escape_text(name) for name in categories)
    yield "TRANSP:TRANSPARENT"
    yield "END:VEVENT"


def calendar_lines(timeline: Timeline, *, detail: bool) -> Iterable[str]:
    """Every content line of the calendar, unfolded."""
    yield "BEGIN:VCALENDAR"
    yield "VERSION:2.0"
    yield f"PRODID:{PRODID}"
    yield "CALSCALE:GREGORIAN"
    yield f"X-WR-CALNAME:{escape_text(heading(timeline))}"
    if timeline.info.description:
        text = "\n\n".join(paragraphs(timeline.info.description))
        yield f"X-WR-CALDESC:{escape_text(text)}"
    for event in timeline.events:
        yield from vevent(event, timeline, detail=detail)
    yield "END:VCALENDAR"


def render(timeline: Timeline, options: ExportOptions) -> str:
    """The timeline as an iCalendar file (CRLF line endings, folded lines)."""
    return "".join(fold(line) for line in calendar_lines(timeline, detail=options.detail))
