"""Checking links: HEAD first (GET where HEAD is refused), redirects followed by hand.

Each address ends as one `Status`:

Addresses that differ only in their `#fragment` are one page, asked for once. A `Location` is
taken as browsers take it: relative to the address that answered, with spaces and other
characters a URL cannot hold percent-encoded.

- `ok`: a 2xx answer, directly or after temporary redirects (302, 303, 307);
- `moved`: a 2xx answer after a permanent redirect (301, 308); `location` is the new address;
- `dead`: 404 or 410 (also at the end of redirects), or a host that does not exist;
- `failing`: anything else: 5xx, another 4xx (403 is often a site refusing robots), a timeout,
  TLS or connection trouble, a redirect loop, more than `MAX_REDIRECTS` redirects. A failing
  link is tried once more after `RETRY_PAUSE`, and the second answer stands.

A HEAD that is refused, misunderstood, or not answered in time is asked again as a GET: some
servers never answer HEAD at all.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from urllib.parse import quote, urldefrag, urljoin, urlsplit, urlunsplit

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
# HEAD errors a GET may not meet: the server got the request and did not answer it (well)
HEAD_FALLBACK = frozenset({"protocol", "timeout", "lost"})
# What a URL's path, query and fragment keep as they are (see `ant_timeline.text._URL_SAFE`).
_URL_SAFE = "%:/?#[]@!$&'*+,;=~-._"


class Stopped(Exception):
    """The run was interrupted while this link was being checked."""


def host_of(url: str) -> str:
    """The host a request for `url` goes to (lower case), for politeness limits."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def page_of(url: str) -> str:
    """The address without its `#fragment`: the page a request for it asks for."""
    try:
        return urldefrag(url).url or url
    except ValueError:
        return url


def redirect_target(current: str, location: str) -> str:
    """Where a `Location` leads from `current`: made absolute, and percent-encoded where it
    holds what a URL cannot (a space, non-ASCII), as a browser would."""
    target = urljoin(current, location.strip())
    try:
        parts = urlsplit(target)
    except ValueError:
        return target  # not an address at all (the caller says so)
    if not parts.netloc:
        return target
    return urlunsplit(
        (
            parts.scheme,
            parts.netloc,
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            quote(parts.fragment, safe=_URL_SAFE),
        )
    )


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
    seconds old. `deadline` bounds the whole run: links not started by then are `failing`.
    Addresses that differ only in their `#fragment` are checked (and cached) as one page."""
    from ant_timeline.links import cache  # noqa: PLC0415

    web, other = unchecked(list(links))
    urls = list(dict.fromkeys(page_of(link.url) for link in web))
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
    rows = tuple((link, known.get(page_of(link.url)) or fresh[page_of(link.url)]) for link in web)
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
            target = redirect_target(current, answer.location)
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
    """HEAD, or GET (reading at most 64 KiB) when HEAD is refused, misunderstood or not
    answered; the GET gets the time HEAD had."""
    from ant_timeline.links.http import NetworkError  # noqa: PLC0415

    timeout = client.timeout
    if deadline is not None:
        timeout = min(timeout, deadline - time.monotonic())
        if timeout <= 0:
            raise NetworkError("timeout", "not checked: the overall deadline passed")
    try:
        answer = client.request("HEAD", url, cookies=jar, timeout=timeout)
    except NetworkError as error:
        if error.kind not in HEAD_FALLBACK:
            raise
        if deadline is not None:
            timeout = min(client.timeout, deadline - time.monotonic())
            if timeout <= 0:
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
