"""The Wayback Machine: the snapshot closest to a date, and Save Page Now.

- availability: `GET {service}/wayback/available?url=URL&timestamp=YYYYMMDD` answers with the
  closest snapshot, `{"archived_snapshots": {"closest": {"available": true, "url": ...,
  "timestamp": "20201103123456", "status": "200"}}}`, or `{"archived_snapshots": {}}`;
- Save Page Now: `GET {service}/save/URL` asks the archive to take a snapshot; when it has one
  it says where, in `Content-Location` or in a redirect to `/web/TIMESTAMP/URL`.

The service is `$ANT_TIMELINE_WAYBACK_URL`, by default `https://archive.org` (whose Save Page Now
answers on `web.archive.org`). Only snapshots the archive reports as 2xx pages are used: a copy of
an error page is no copy.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from ant_timeline.errors import UsageError
from ant_timeline.links.pool import PER_HOST, run_bounded
from ant_timeline.text import is_web_url

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ant_timeline.dates import EventDate
    from ant_timeline.links.http import Client
    from ant_timeline.model import Timeline

SERVICE_ENV = "ANT_TIMELINE_WAYBACK_URL"
DEFAULT_SERVICE = "https://archive.org"
SAVE_TIMEOUT = 60.0  # Save Page Now takes its time: at least this long for a save request
_SNAPSHOT_PATH = re.compile(r"/web/(\d{14})/")


class ServiceError(Exception):
    """The archive did not give a usable answer (it is down, busy, or answered nonsense)."""


def service() -> str:
    """The archive's address: `$ANT_TIMELINE_WAYBACK_URL`, else `https://archive.org`."""
    chosen = (os.environ.get(SERVICE_ENV) or DEFAULT_SERVICE).rstrip("/")
    if not is_web_url(chosen):
        raise UsageError(f"${SERVICE_ENV} {chosen!r} is not an http(s) address")
    return chosen


def availability_url(base: str, url: str, when: date | None) -> str:
    """The availability API's address for `url`, near `when` (the newest copy without one)."""
    query = {"url": url}
    if when is not None:
        query["timestamp"] = when.strftime("%Y%m%d")
    return f"{base}/wayback/available?{urlencode(query)}"


def save_url(base: str, url: str) -> str:
    """Save Page Now's address for `url` (the page's address goes in the path as it is)."""
    parts = urlsplit(base)
    if (parts.hostname or "").lower() == "archive.org":
        # The availability API answers on archive.org; Save Page Now only on web.archive.org.
        base = urlunsplit((parts.scheme, "web.archive.org", parts.path, "", ""))
    return f"{base}/save/{url}"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """An archived copy: its address and the archive's timestamp (YYYYMMDDhhmmss)."""

    url: str
    timestamp: str

    @property
    def day(self) -> date | None:
        """The day the copy was taken."""
        try:
            return date(int(self.timestamp[:4]), int(self.timestamp[4:6]), int(self.timestamp[6:8]))
        except ValueError:
            return None


def _secure_like(base: str, address: str) -> str:
    # The archive hands out http:// snapshot addresses; a service reached over https serves the
    # same copies over https, which is what a reader should follow.
    if base.startswith("https://") and address.startswith("http://"):
        return "https://" + address[len("http://") :]
    return address


def closest(client: Client, base: str, url: str, when: date | None) -> Snapshot | None:
    """The snapshot of `url` closest to `when`, or None when the archive has none."""
    answer = client.request("GET", availability_url(base, url, when), read_body=True)
    if answer.status != 200:
        raise ServiceError(f"the archive's availability API answered {answer.status_text}")
    if not answer.complete:
        raise ServiceError("the archive's availability API answer was cut off")
    try:
        document = json.loads(answer.body)
        found = (document.get("archived_snapshots") or {}).get("closest")
    except (ValueError, AttributeError, RecursionError):  # nested past Python's stack
        raise ServiceError(
            "the archive's availability API answered something that is not its JSON"
        ) from None
    if not isinstance(found, dict) or found.get("available") is False:
        return None
    address, timestamp = found.get("url"), str(found.get("timestamp") or "")
    if not str(found.get("status", "200")).startswith("2"):
        return None  # a copy of an error page, or of a redirect
    if not isinstance(address, str) or not is_web_url(address):
        return None
    return Snapshot(_secure_like(base, address), timestamp)


def save(client: Client, base: str, url: str) -> Snapshot | None:
    """Ask the archive to take a snapshot; the snapshot when it says where, else None."""
    endpoint = save_url(base, url)
    answer = client.request("GET", endpoint, timeout=max(client.timeout, SAVE_TIMEOUT))
    for header in (answer.content_location, answer.location):
        if header and (match := _SNAPSHOT_PATH.search(header)):
            address = _secure_like(base, urljoin(endpoint, header.strip()))
            if is_web_url(address):
                return Snapshot(address, match.group(1))
    if 200 <= answer.status < 400:
        return None  # asked; the archive has not said where the copy is (yet)
    if answer.status == 429:
        raise ServiceError("the archive is refusing more saves for now (429); try again later")
    raise ServiceError(f"the archive could not save it ({answer.status_text})")


# ---------------------------------------------------------------------------------------------
# A timeline's sources without a copy


@dataclass(frozen=True, slots=True)
class Wanted:
    """A source without an archived copy: which event, which source, its address and date."""

    event: str
    source: int  # index into the event's sources
    url: str
    published: EventDate | None

    @property
    def near(self) -> date | None:
        """The day to look for a copy near: the last day of `published` (the page as published,
        soon after), else its first day; None (the newest copy) without a date."""
        when = self.published
        if when is None:
            return None
        return when.latest or when.earliest


@dataclass(frozen=True, slots=True)
class Found:
    """What the archive said about one wanted source."""

    wanted: Wanted
    snapshot: Snapshot | None = None
    saved: bool = False  # the snapshot was taken now, at our request
    asked: bool = False  # Save Page Now was asked (with or without a snapshot in its answer)
    problem: str | None = None  # the archive could not be asked or gave no usable answer


def wanted(timeline: Timeline) -> list[Wanted]:
    """Every http(s) source of a timeline that has no `archived` copy yet, in display order."""
    return [
        Wanted(event.id, index, source.url, source.published)
        for event in timeline.events
        for index, source in enumerate(event.sources)
        if source.archived is None and is_web_url(source.url)
    ]


def find_copies(
    items: Sequence[Wanted],
    *,
    save_missing: bool = False,
    jobs: int = 8,
    timeout: float = 10.0,
    deadline: float = 300.0,
    progress: Callable[[int, int], None] | None = None,
) -> list[Found]:
    """Ask the archive about each wanted source (each address and day once); with
    `save_missing`, ask it to save the pages it has no copy of."""
    from ant_timeline.links.check import Stopped, host_of  # noqa: PLC0415
    from ant_timeline.links.http import Client, NetworkError  # noqa: PLC0415

    base = service()
    questions = list(dict.fromkeys((item.url, item.near) for item in items))
    ends = time.monotonic() + deadline

    def ask(question: tuple[str, date | None]) -> Found:
        url, near = question
        item = Wanted("", 0, url, None)
        asked = False
        try:
            snapshot = closest(client, base, url, near)
            if snapshot is not None or not save_missing:
                return Found(item, snapshot)
            asked = True
            return Found(item, save(client, base, url), saved=True, asked=True)
        except NetworkError as error:
            if error.kind == "stopped":
                raise Stopped(url) from None
            return Found(item, asked=asked, problem=f"cannot reach the archive: {error.message}")
        except ServiceError as error:
            return Found(item, asked=asked, problem=str(error))

    with Client(timeout=timeout, jobs=jobs) as client:
        answers = run_bounded(
            questions,
            ask,
            host_of=lambda _question: host_of(base),
            jobs=jobs,
            per_host=PER_HOST,
            deadline=ends,
            progress=progress,
            interrupt=client.stop,
        )
    by_question = {
        question: answer
        or Found(Wanted("", 0, question[0], None), problem="not asked: the deadline passed")
        for question, answer in zip(questions, answers, strict=True)
    }
    results = []
    for item in items:
        answer = by_question[(item.url, item.near)]
        results.append(
            Found(
                item,
                answer.snapshot,
                answer.saved and answer.snapshot is not None,
                answer.asked,
                answer.problem,
            )
        )
    return results
