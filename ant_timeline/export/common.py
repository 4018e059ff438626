"""What several export formats share: links, source labels, year groups, the subject line."""

from __future__ import annotations

import re
from itertools import groupby
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from ant_timeline.dates import MONTH_ABBR
from ant_timeline.text import inert

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import date

    from ant_timeline.model import Event, Source, Timeline

# Characters a URL keeps as they are: RFC 3986's unreserved and reserved sets, and `%` so that
# an address that is already percent-encoded is not encoded twice. Everything else (spaces,
# parentheses, quotes, angle brackets, backslashes, controls, non-ASCII) is percent-encoded, so
# the address cannot end a Markdown link, an HTML attribute or an iCalendar line early.
_URL_SAFE = "%:/?#[]@!$&'*+,;=~"
_NEWLINES = re.compile(r"[\r\n]+")


# An http(s) address with a host and nothing to encode: the common case, checked without parsing.
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9\-._~%!$&'*+,;=:@]+(?:[/?#][A-Za-z0-9\-._~%!$&'*+,;=:@/?#\[\]]*)?",
    re.IGNORECASE,
)


def link_target(url: str) -> str | None:
    """`url` made safe to put in a link, or None when it is not an http(s) address."""
    url = url.strip()
    if _PLAIN_URL.fullmatch(url):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced [ in the host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(_NEWLINES.sub("", url), safe=_URL_SAFE)


def first_link(event: Event) -> str | None:
    """The first source address that is http(s), made safe for a link."""
    for source in event.sources:
        target = link_target(source.url)
        if target is not None:
            return target
    return None


def source_label(source: Source) -> str:
    """`Publisher, 3 Nov 2020`: who published a source and when (inert text).

    Falls back to the source's title, then to the address's host, then to the address.
    """
    name = source.publisher or source.title
    if not name:
        name = urlsplit(source.url).netloc if link_target(source.url) else source.url
    parts = [inert(name.strip())]
    if source.published is not None:
        parts.append(source.published.display())
    return ", ".join(part for part in parts if part)


def event_year(event: Event) -> int:
    """The year an event is listed under: the year it starts, or ends for an open start."""
    when = event.date.earliest or event.date.latest
    return when.year if when else 0


def by_year(events: Iterable[Event]) -> Iterator[tuple[int, list[Event]]]:
    """Consecutive events grouped by year, in the order given (newest first after --reverse)."""
    for year, group in groupby(events, key=event_year):
        yield year, list(group)


def covered(events: Iterable[Event]) -> str:
    """`Oct 2020 – Mar 2024`: the months a set of events covers ("" when none is bounded)."""
    events = list(events)
    first = min((e.date.earliest for e in events if e.date.earliest), default=None)
    last = max((e.date.latest for e in events if e.date.latest), default=None)
    if first is None or last is None:
        return ""
    left, right = _month(first), _month(last)
    return left if left == right else f"{left} – {right}"


def _month(day: date) -> str:
    return f"{MONTH_ABBR[day.month - 1]} {day.year}"


def heading(timeline: Timeline) -> str:
    """The timeline's title (inert), falling back to its subject."""
    info = timeline.info
    return " ".join(inert(info.title or info.subject or "Timeline").split())


def subject_line(timeline: Timeline) -> str:
    """`Ant Group · 5 events · May 2023 – Jul 2023` (inert)."""
    parts = []
    subject = timeline.info.subject
    if subject and subject != timeline.info.title:
        parts.append(" ".join(inert(subject).split()))
    count = len(timeline.events)
    parts.append(f"{count} event{'' if count == 1 else 's'}")
    span = covered(timeline.events)
    if span:
        parts.append(span)
    return " · ".join(parts)


def one_line(text: str) -> str:
    """Text from the data on one line: controls made visible, runs of whitespace collapsed."""
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
