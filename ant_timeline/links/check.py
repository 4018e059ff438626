"""Checking links: HEAD first (GET where HEAD is refused), redirects followed by hand.

Each address ends as one `Status`:

- `ok`: a 2xx answer, directly or after temporary redirects (302, 303, 307);
- `moved`: a 2xx answer after a permanent redirect (301, 308); `location` is the new address;
- `dead`: 404 or 410 (also at the end of redirects), or a host that does not exist;
- `failing`: anything else: 5xx, another 4xx (403 is often a site refusing robots), a timeout,
  TLS or connection trouble, a redirect loop, more than `MAX_REDIRECTS` redirects. A failing
  link is tried once more after `RETRY_PAUSE`, and the second answer stands.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from ant_timeline.links import LinkCheck, LinkReport, Status, unchecked
from ant_timeline.links.pool import PER_HOST, run_bounded
from ant_timeline.text import is_web_url

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import httpx

    from ant_timeline.links import Link
    from ant_timeline.links.http import Answer, Client

MAX_REDIRECTS = 10
RETRY_PAUSE = 0.5  # seconds before a failing link is tried again
DEFAULT_JOBS = 8
DEFAULT_TIMEOUT = 10.0
DEFAULT_DEADLINE = 300.0
DEFAULT_MAX_AGE = 86400.0
PERMANENT = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
GONE = frozenset({404, 410})


class Stopped(Exception):
    """The run was interrupted while this link was being checked."""


def host_of(url: str) -> str:
    """The host a request for `url` goes to (lower case), for politeness limits."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def check_links(
    links: Sequence[Link],
    *,
    jobs: int = DEFAULT_JOBS,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    max_age: float = DEFAULT_MAX_AGE,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> LinkReport:
    """Check every http(s) link (each address once), reusing cached results up to `max_age`
    seconds old. `deadline` bounds the whole run: links not started by then are `failing`."""
    from ant_timeline.links import cache  # noqa: PLC0415

    web, other = unchecked(list(links))
    urls = list(dict.fromkeys(link.url for link in web))
    known = cache.load(urls, max_age) if use_cache else {}
    todo = [url for url in urls if url not in known]
    fresh: dict[str, LinkCheck] = {}
    if todo:
        # httpx and the TLS stack cost ~0.1 s to import: only a run that checks something pays
        from ant_timeline.links.http import Client  # noqa: PLC0415

        ends = time.monotonic() + deadline

        def report(done: int, total: int) -> None:
            if progress is not None:
                progress(done + len(known), total + len(known))

        with Client(timeout=timeout, jobs=jobs) as client:
            results = run_bounded(
                todo,
                lambda url: check_url(client, url, deadline=ends),
                host_of=host_of,
                jobs=jobs,
                per_host=PER_HOST,
                deadline=ends,
                progress=report,
                interrupt=client.stop,
            )
        now = time.time()
        for url, result in zip(todo, results, strict=True):
            fresh[url] = result or LinkCheck(
                url,
                Status.FAILING,
                f"not checked: the {deadline:g} s deadline passed",
                None,
                None,
                now,
            )
        if use_cache:
            cache.save(fresh.values())
    rows = tuple((link, known.get(link.url) or fresh[link.url]) for link in web)
    return LinkReport(rows, tuple(other))


def check_url(client: Client, url: str, *, deadline: float | None = None) -> LinkCheck:
    """One address, with one retry when it is failing."""
    first = _attempt(client, url, deadline)
    if first.status is not Status.FAILING:
        return first
    if deadline is not None and time.monotonic() + RETRY_PAUSE >= deadline:
        return first
    if client.stopped.wait(RETRY_PAUSE):
        raise Stopped(url)
    return _attempt(client, url, deadline)


def _attempt(client: Client, url: str, deadline: float | None) -> LinkCheck:
    from ant_timeline.links.http import NetworkError  # noqa: PLC0415

    jar = client.cookie_jar()
    seen: set[tuple[str, tuple[tuple[str, str], ...]]] = {(url, ())}
    current = url
    moved: Answer | None = None  # the last permanent redirect, if any
    moved_to: str | None = None
    for hops in range(MAX_REDIRECTS + 1):
        try:
            answer = _fetch(client, current, jar, deadline)
        except NetworkError as error:
            if error.kind == "stopped":
                raise Stopped(url) from None
            status = Status.DEAD if error.kind == "no-such-host" else Status.FAILING
            where = "" if current == url else f" at {current}"
            return LinkCheck(url, status, error.message + where, None, moved_to, time.time())
        if answer.status in REDIRECTS and answer.location:
            target = urljoin(current, answer.location.strip())
            if not is_web_url(target):
                return _failing(url, answer, f"redirected to {target!r}, not a web address")
            state = (target, tuple(sorted(jar.items())))
            if state in seen:
                return _failing(url, answer, f"redirect loop: {current} leads back to {target}")
            if hops == MAX_REDIRECTS:
                return _failing(url, answer, f"more than {MAX_REDIRECTS} redirects")
            seen.add(state)
            if answer.status in PERMANENT:
                moved, moved_to = answer, target
            current = target
            continue
        return _classify(url, current, answer, moved, moved_to)
    raise AssertionError("unreachable: the loop returns")  # pragma: no cover


def _fetch(client: Client, url: str, jar: httpx.Cookies, deadline: float | None) -> Answer:
    """HEAD, or GET (reading at most 64 KiB) when HEAD is refused or misunderstood."""
    from ant_timeline.links.http import NetworkError  # noqa: PLC0415

    timeout = client.timeout
    if deadline is not None:
        timeout = min(timeout, deadline - time.monotonic())
        if timeout <= 0:
            raise NetworkError("timeout", "not checked: the overall deadline passed")
    try:
        answer = client.request("HEAD", url, cookies=jar, timeout=timeout)
    except NetworkError as error:
        if error.kind != "protocol":
            raise
    else:
        if 200 <= answer.status < 400:
            return answer
    return client.request("GET", url, cookies=jar, timeout=timeout, read_body=True)


def _failing(url: str, answer: Answer, reason: str) -> LinkCheck:
    return LinkCheck(url, Status.FAILING, reason, answer.status, None, time.time())


def _classify(
    url: str, current: str, answer: Answer, moved: Answer | None, moved_to: str | None
) -> LinkCheck:
    now = time.time()
    where = "" if current == url else f" at {current}"
    if 200 <= answer.status < 300:
        if moved is not None and moved_to is not None:
            return LinkCheck(url, Status.MOVED, moved.status_text, moved.status, moved_to, now)
        return LinkCheck(url, Status.OK, answer.status_text, answer.status, None, now)
    if answer.status in GONE:
        return LinkCheck(url, Status.DEAD, answer.status_text + where, answer.status, None, now)
    reason = answer.status_text + where
    if 300 <= answer.status < 400:
        reason += " without a Location to follow"
    return LinkCheck(url, Status.FAILING, reason, answer.status, None, now)
