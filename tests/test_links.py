"""Link checks against a server on 127.0.0.1: statuses, redirects, bounds, retries, cache."""

from __future__ import annotations

import _thread
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ant_timeline import __version__
from ant_timeline.links import LinkCheck, Status, collect, parse_age
from ant_timeline.links import cache as link_cache
from ant_timeline.links.check import check_links, check_url
from ant_timeline.links.http import MAX_BODY, Client
from ant_timeline.links.pool import THREAD_PREFIX, _join, worker_threads
from ant_timeline.model import Event, EventDate, Source, Timeline, TimelineInfo

from .linkserver import LinkServer, State, serving


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.1 must never be sent to a proxy from the environment."""
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def web() -> Iterator[LinkServer]:
    with serving() as server:
        yield server


def check(url: str, timeout: float = 5.0) -> LinkCheck:
    with Client(timeout=timeout) as client:
        return check_url(client, url)


def on(year: int, month: int, day: int) -> EventDate:
    return EventDate.of_days(date(year, month, day), date(year, month, day))


def links_of(*urls: str, archived: dict[str, str] | None = None) -> Timeline:
    day = on(2023, 7, 7)
    sources = tuple(Source(url, archived=(archived or {}).get(url)) for url in urls)
    return Timeline.of(TimelineInfo(), [Event("e", day, "An event", sources=sources)])


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/ok", Status.OK, 200),
        ("/302", Status.OK, 200),
        ("/307", Status.OK, 200),
        ("/301", Status.MOVED, 301),
        ("/308", Status.MOVED, 308),
        ("/missing", Status.DEAD, 404),
        ("/gone", Status.DEAD, 410),
        ("/301-to-missing", Status.DEAD, 404),
        ("/error", Status.FAILING, 500),
        ("/unavailable", Status.FAILING, 503),
        ("/forbidden", Status.FAILING, 403),
        ("/no-head", Status.OK, 200),
        ("/chain/10", Status.OK, 200),
        ("/cookie", Status.OK, 200),
    ],
)
def test_each_answer_has_its_status(web: LinkServer, path: str, status: Status, code: int) -> None:
    result = check(web.url(path))
    assert (result.status, result.code) == (status, code)


def test_a_moved_link_says_where_it_went(web: LinkServer) -> None:
    result = check(web.url("/301"))
    assert result.location == web.url("/ok")
    assert result.reason == "301 Moved Permanently"
    assert check(web.url("/302")).location is None


def test_head_refused_falls_back_to_get(web: LinkServer) -> None:
    check(web.url("/no-head"))
    assert [(seen.method, seen.path) for seen in web.state.seen] == [
        ("HEAD", "/no-head"),
        ("GET", "/no-head"),
    ]


def test_a_redirect_loop_is_failing_for_that_link(web: LinkServer) -> None:
    result = check(web.url("/loop/a"))
    assert result.status is Status.FAILING
    assert "redirect loop" in result.reason


def test_more_than_ten_redirects_is_failing(web: LinkServer) -> None:
    result = check(web.url("/chain/11"))
    assert result.status is Status.FAILING
    assert result.reason == "more than 10 redirects"


def test_a_slow_answer_times_out(web: LinkServer) -> None:
    result = check(web.url("/slow"), timeout=0.3)
    assert result.status is Status.FAILING
    assert result.reason == "no answer within 0.3 s"


def test_a_connection_closed_mid_answer_is_failing(web: LinkServer) -> None:
    result = check(web.url("/closes"))
    assert result.status is Status.FAILING
    assert "closed the connection" in result.reason


def test_a_huge_body_is_never_downloaded(web: LinkServer) -> None:
    result = check(web.url("/huge"))
    assert result.status is Status.OK
    # The server could push a few socket buffers' worth before the client hung up; never the
    # announced 2 GiB.
    assert web.state.huge_sent < 64 * MAX_BODY


def test_a_host_that_does_not_exist_is_dead(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def lookup(host: object, *args: object, **kwargs: object) -> object:
        if host == "no-such-host.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    result = check("https://no-such-host.test/page")
    assert (result.status, result.reason) == (Status.DEAD, "no such host")


def test_a_refused_connection_is_failing() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once the probe is closed
    result = check(f"http://127.0.0.1:{port}/")
    assert (result.status, result.reason) == (Status.FAILING, "connection refused")


def test_failing_links_are_tried_once_more(web: LinkServer) -> None:
    assert check(web.url("/flaky")).status is Status.OK  # 503 first, 200 on the retry
    check(web.url("/error"))
    attempts = [seen for seen in web.state.seen if seen.path == "/error"]
    assert [seen.method for seen in attempts] == ["HEAD", "GET", "HEAD", "GET"]


def test_requests_name_the_tool(web: LinkServer) -> None:
    check(web.url("/ok"))
    agent = web.state.seen[0].headers["User-Agent"]
    assert agent.startswith(f"ant-timeline/{__version__} (+http")


def test_no_more_than_two_requests_at_once_per_host(web: LinkServer) -> None:
    web.state.delay = 0.2
    timeline = links_of(*(web.url(f"/delay?n={n}") for n in range(10)))
    report = check_links(collect(timeline), jobs=8, use_cache=False)
    assert report.count(Status.OK) == 10
    assert web.state.most_active == 2


def test_jobs_bounds_the_requests_in_flight_over_all_hosts() -> None:
    shared = State(delay=0.2)
    hosts = [f"127.0.0.{n}" for n in range(1, 5)]
    with (
        serving(hosts[0], shared) as one,
        serving(hosts[1], shared) as two,
        serving(hosts[2], shared) as three,
        serving(hosts[3], shared) as four,
    ):
        urls = [server.url(f"/delay?n={n}") for n in range(4) for server in (one, two, three, four)]
        report = check_links(collect(links_of(*urls)), jobs=3, use_cache=False)
        assert report.count(Status.OK) == 16
        assert shared.most_active == 3
        shared.most_active = 0
        check_links(collect(links_of(*(u + "&again" for u in urls))), jobs=8, use_cache=False)
        assert shared.most_active == 8  # two on each of the four hosts


def test_the_deadline_bounds_the_whole_run(web: LinkServer) -> None:
    timeline = links_of(*(web.url(f"/slow?n={n}") for n in range(3)))
    report = check_links(collect(timeline), jobs=1, timeout=5, deadline=0.5, use_cache=False)
    reasons = [result.reason for _, result in report.rows]
    assert reasons[0] == "no answer within 0.5 s" or reasons[0].startswith("no answer within 0.")
    assert reasons[1:] == ["not checked: the 0.5 s deadline passed"] * 2
    assert {result.status for _, result in report.rows} == {Status.FAILING}


def test_an_address_cited_twice_is_checked_once(web: LinkServer) -> None:
    url = web.url("/ok")
    timeline = Timeline.of(
        TimelineInfo(),
        [
            Event("a", on(2020, 1, 1), "A", sources=(Source(url),)),
            Event("b", on(2021, 1, 1), "B", sources=(Source(url),)),
        ],
    )
    report = check_links(collect(timeline), use_cache=False)
    assert [link.event.id for link, _ in report.rows] == ["a", "b"]
    assert len(web.state.seen) == 1


def test_archived_copies_are_checked_too(web: LinkServer) -> None:
    url, copy = web.url("/missing"), web.url("/web/20230707000000/https://example.org/x")
    report = check_links(collect(links_of(url, archived={url: copy})), use_cache=False)
    assert [(link.field, result.status) for link, result in report.rows] == [
        ("url", Status.DEAD),
        ("archived", Status.OK),
    ]
    assert report.dead


def test_a_second_run_comes_from_the_cache(web: LinkServer) -> None:
    links = collect(links_of(web.url("/ok"), web.url("/missing"), web.url("/error")))
    first = check_links(links)
    asked = len(web.state.seen)
    second = check_links(links)
    assert [r.status for _, r in second.rows] == [r.status for _, r in first.rows]
    assert [r.cached for _, r in second.rows] == [True, True, False]  # failing is asked again
    assert {seen.path for seen in web.state.seen[asked:]} == {"/error"}


def test_max_age_and_no_cache_make_it_ask_again(web: LinkServer) -> None:
    links = collect(links_of(web.url("/ok")))
    check_links(links)
    assert not check_links(links, max_age=0).rows[0][1].cached
    assert len(web.state.seen) == 2
    assert not check_links(links, use_cache=False).rows[0][1].cached
    assert len(web.state.seen) == 3


def test_a_corrupt_cache_is_ignored(web: LinkServer) -> None:
    link_cache.cache_file().parent.mkdir(parents=True, exist_ok=True)
    link_cache.cache_file().write_text("{not json", encoding="utf-8")
    report = check_links(collect(links_of(web.url("/ok"))))
    assert report.rows[0][1].status is Status.OK
    assert check_links(collect(links_of(web.url("/ok")))).rows[0][1].cached


def test_ctrl_c_stops_at_once_and_leaves_no_thread(web: LinkServer, private_cache: Path) -> None:
    timeline = links_of(*(web.url(f"/slow?n={n}") for n in range(4)))

    def interrupt_once_asked() -> None:
        web.state.first_slow.wait(10)
        _thread.interrupt_main()

    threading.Thread(target=interrupt_once_asked, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        check_links(collect(timeline), timeout=60)
    assert worker_threads() == []
    assert not (private_cache / "links.json").exists()  # nothing written


def test_a_worker_caught_before_it_began_is_still_joined() -> None:
    # Ctrl-C can land inside `Thread.start()`, leaving a worker that `join` refuses for a moment.
    ran = threading.Event()

    def slow_start_work() -> None:
        time.sleep(0.2)
        ran.set()

    worker = threading.Thread(target=slow_start_work, name=f"{THREAD_PREFIX}-x_0")
    threading.Timer(0.05, worker.start).start()
    _join(worker)
    assert ran.is_set()
    assert not worker.is_alive()


def test_a_worker_that_never_began_does_not_hang_the_join() -> None:
    worker = threading.Thread(target=lambda: None)  # never started: the system thread was not made
    joiner = threading.Thread(target=_join, args=(worker,))
    joiner.start()
    joiner.join(timeout=60)  # a guard against a hang, not a measure of speed
    assert not joiner.is_alive()
    assert not worker.is_alive()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90", 90),
        ("90s", 90),
        ("30m", 1800),
        ("12h", 43200),
        ("1d", 86400),
        ("2w", 1209600),
        ("0", 0),
    ],
)
def test_max_age_durations(text: str, seconds: float) -> None:
    assert parse_age(text) == seconds


def test_a_bad_duration_is_a_usage_error() -> None:
    from ant_timeline.errors import UsageError

    with pytest.raises(UsageError, match="not a duration"):
        parse_age("a day")


@pytest.fixture(autouse=True)
def no_thread_left() -> Iterator[None]:
    yield
    assert worker_threads() == []


# What real servers do ------------------------------------------------------------------------


def test_a_server_that_drips_its_answer_still_times_out(web: LinkServer) -> None:
    # Every byte comes within the timeout, but the answer never does: the timeout is for the
    # whole answer, not for each read.
    result = check(web.url("/drip"), timeout=0.5)
    assert (result.status, result.reason) == (Status.FAILING, "no answer within 0.5 s")


def test_a_head_that_is_never_answered_is_asked_again_as_a_get(web: LinkServer) -> None:
    result = check(web.url("/head-hangs"), timeout=0.5)
    assert (result.status, result.code) == (Status.OK, 200)
    assert [seen.method for seen in web.state.seen] == ["HEAD", "GET"]


def test_a_location_with_a_space_and_non_ascii_is_followed_encoded(web: LinkServer) -> None:
    result = check(web.url("/spaced"))
    assert (result.status, result.code) == (Status.OK, 200)
    assert web.state.seen[-1].path == "/landing/a%20b/%C3%A9"


def test_a_body_shorter_than_announced_keeps_its_status(web: LinkServer) -> None:
    result = check(web.url("/short-body"))
    assert (result.status, result.code) == (Status.OK, 200)


def test_an_answer_that_is_not_http_says_so(web: LinkServer) -> None:
    result = check(web.url("/not-http"))
    assert (result.status, result.reason) == (Status.FAILING, "the server's answer is not HTTP")


def test_an_https_address_on_a_plain_http_port_is_a_tls_failure(web: LinkServer) -> None:
    result = check(web.url("/ok").replace("http://", "https://"))
    assert result.status is Status.FAILING
    assert result.reason.startswith("TLS error")


def test_fragments_of_one_page_are_one_request(web: LinkServer) -> None:
    urls = [web.url("/ok#intro"), web.url("/ok#section-2"), web.url("/ok")]
    report = check_links(collect(links_of(*urls)), use_cache=False)
    assert [(link.url, result.status) for link, result in report.rows] == [
        (url, Status.OK) for url in urls
    ]
    assert [(seen.method, seen.path) for seen in web.state.seen] == [("HEAD", "/ok")]


def test_a_gzip_body_is_decoded_only_up_to_the_bound(web: LinkServer) -> None:
    with Client() as client:
        answer = client.request("GET", web.url("/bomb"), read_body=True)
    assert answer.status == 200
    assert answer.body == b"\0" * MAX_BODY
    assert not answer.complete  # the rest was neither read nor decoded


@pytest.mark.parametrize("port", ["65536+", "0"])
def test_a_port_out_of_range_is_no_address(web: LinkServer, port: str) -> None:
    # Port 65536 + N once reached port N: the server here would have answered 200.
    number = int(web.base.rsplit(":", 1)[1]) + 65536 if port == "65536+" else 0
    result = check(f"http://127.0.0.1:{number}/ok")
    assert result.status is Status.FAILING
    assert result.reason.startswith("not an address that can be requested: ")
    assert "port" in result.reason.lower()
    assert web.state.seen == []
