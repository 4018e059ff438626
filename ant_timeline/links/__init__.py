"""Sources that last: which links a timeline cites, and what checking them found.

This module is data only and imports nothing that speaks HTTP; `links.check` checks links,
`links.wayback` asks the archive for copies, and `links.http` is the one module that speaks
HTTP (httpx is imported there, and only when a link really has to go over the network).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ant_timeline.errors import UsageError
from ant_timeline.text import is_web_url

if TYPE_CHECKING:
    from ant_timeline.model import Event, Timeline

JSON_VERSION = 1


class Status(StrEnum):
    """What a link check found (see the README: ok, moved, dead, failing)."""

    OK = "ok"
    MOVED = "moved"  # a permanent redirect: the source should cite `location`
    DEAD = "dead"  # 404, 410, or no such host
    FAILING = "failing"  # 5xx, timeout, TLS or connection trouble, other refusals: try again


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """The result of checking one address."""

    url: str
    status: Status
    reason: str  # `200 OK`, `404 Not Found`, `no answer within 10 s`, `redirect loop`
    code: int | None = None  # the last HTTP status seen, if any answer came
    location: str | None = None  # where a moved link now is
    checked: float = 0.0  # when (seconds since the epoch)
    cached: bool = False  # read from the results cache, not checked in this run

    @property
    def checked_at(self) -> str:
        """`2024-05-01T10:00:00Z`."""
        return datetime.fromtimestamp(self.checked, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Link:
    """One address a timeline cites: a source's `url` or its `archived` copy."""

    event: Event
    source: int  # index into event.sources
    field: str  # "url" or "archived"
    url: str

    @property
    def label(self) -> str:
        """`source 2` or `source 2 archived`."""
        what = f"source {self.source + 1}"
        return what if self.field == "url" else f"{what} archived"


def collect(timeline: Timeline) -> list[Link]:
    """Every source `url` and `archived` address of a timeline, in display order."""
    found = []
    for event in timeline.events:
        for index, source in enumerate(event.sources):
            found.append(Link(event, index, "url", source.url))
            if source.archived is not None:
                found.append(Link(event, index, "archived", source.archived))
    return found


@dataclass(frozen=True, slots=True)
class LinkReport:
    """Every link of a timeline with what its check found; addresses that are not http(s)
    (a `check` problem) are listed in `skipped`, unchecked."""

    rows: tuple[tuple[Link, LinkCheck], ...]
    skipped: tuple[Link, ...] = ()

    def count(self, status: Status) -> int:
        """How many links have this status."""
        return sum(1 for _, result in self.rows if result.status is status)

    @property
    def dead(self) -> bool:
        """True when any link is dead (the command then exits 1)."""
        return any(result.status is Status.DEAD for _, result in self.rows)

    @property
    def summary(self) -> str:
        """`52 links: 48 ok, 2 moved, 1 dead, 1 failing`."""
        total = len(self.rows)
        counts = ", ".join(f"{self.count(status)} {status.value}" for status in Status)
        text = f"{total} link{'' if total == 1 else 's'}: {counts}"
        if self.skipped:
            number = len(self.skipped)
            text += (
                f"; {number} address{'' if number == 1 else 'es'} not checked "
                "(not http(s); see `ant-timeline check`)"
            )
        return text


def unchecked(links: list[Link]) -> tuple[list[Link], list[Link]]:
    """The links that can be checked (http(s)) and those that cannot."""
    web = [link for link in links if is_web_url(link.url)]
    other = [link for link in links if not is_web_url(link.url)]
    return web, other


def envelope(report: LinkReport) -> dict[str, Any]:
    """`{"version": 1, "links": [...], "summary": {...}}`, as `links --json` prints it."""
    return {
        "version": JSON_VERSION,
        "links": [
            {
                "event": link.event.ref,
                "source": link.source + 1,
                "field": link.field,
                "url": link.url,
                "status": result.status.value,
                "code": result.code,
                "location": result.location,
                "reason": result.reason,
                "checked": result.checked_at,
                "cached": result.cached,
            }
            for link, result in report.rows
        ],
        "not_checked": [
            {
                "event": link.event.ref,
                "source": link.source + 1,
                "field": link.field,
                "url": link.url,
            }
            for link in report.skipped
        ],
        "summary": {status.value: report.count(status) for status in Status},
    }


_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_age(text: str, option: str = "--max-age") -> float:
    """Seconds in `90`, `90s`, `30m`, `12h`, `1d` or `2w`."""
    match = _DURATION.fullmatch(text)
    if match is None:
        raise UsageError(
            f"{option}: {text!r} is not a duration; write seconds or a number with a unit: "
            "90s, 30m, 12h, 1d, 2w"
        )
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
