"""The archive service against a fake Wayback Machine on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from ant_timeline.dates import parse
from ant_timeline.errors import UsageError
from ant_timeline.links.http import Client
from ant_timeline.links.wayback import (
    SERVICE_ENV,
    Wanted,
    closest,
    find_copies,
    save,
    save_url,
    service,
)

from .linkserver import LinkServer, serving


@pytest.fixture
def archive(monkeypatch: pytest.MonkeyPatch) -> Iterator[LinkServer]:
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    with serving() as server:
        monkeypatch.setenv(SERVICE_ENV, server.base)
        yield server


def test_the_closest_snapshot_is_asked_for_near_the_date(archive: LinkServer) -> None:
    page = "https://example.org/fine"
    archive.state.snapshots[page] = ("20230707101500", "200")
    with Client() as client:
        found = closest(client, archive.base, page, date(2023, 7, 7))
    assert found is not None
    assert found.url == f"{archive.base}/web/20230707101500/{page}"
    assert found.day == date(2023, 7, 7)
    asked = archive.state.seen[0].path
    assert asked.startswith("/wayback/available?")
    assert "timestamp=20230707" in asked
    assert "url=https%3A%2F%2Fexample.org%2Ffine" in asked


def test_no_snapshot_is_none(archive: LinkServer) -> None:
    with Client() as client:
        assert closest(client, archive.base, "https://example.org/none", None) is None
    assert "timestamp" not in archive.state.seen[0].path  # no date: the newest copy


def test_a_snapshot_of_an_error_page_is_no_copy(archive: LinkServer) -> None:
    archive.state.snapshots["https://example.org/x"] = ("20230707101500", "404")
    with Client() as client:
        assert closest(client, archive.base, "https://example.org/x", None) is None


def test_save_page_now_records_the_snapshot_it_names(archive: LinkServer) -> None:
    page = "https://example.org/new"
    archive.state.saveable.add(page)
    with Client() as client:
        saved = save(client, archive.base, page)
    assert saved is not None
    assert saved.url == f"{archive.base}/web/20240501093000/{page}"
    assert archive.state.seen[0].path == f"/save/{page}"


def test_a_month_is_looked_up_at_its_last_day() -> None:
    assert Wanted("e", 0, "https://e.org", parse("2023-01")).near == date(2023, 1, 31)
    assert Wanted("e", 0, "https://e.org", parse("2023-01-05")).near == date(2023, 1, 5)
    assert Wanted("e", 0, "https://e.org", None).near is None


def test_find_copies_saves_only_what_the_archive_lacks(archive: LinkServer) -> None:
    have, lack, cannot = (f"https://example.org/{name}" for name in ("have", "lack", "cannot"))
    archive.state.snapshots[have] = ("20200101000000", "200")
    archive.state.saveable.add(lack)
    items = [Wanted("e", index, url, None) for index, url in enumerate((have, lack, cannot))]
    plain = find_copies(items)
    assert [f.snapshot is not None for f in plain] == [True, False, False]
    assert not any(f.asked for f in plain)
    saved = find_copies(items, save_missing=True)
    assert [(f.snapshot is not None, f.saved, f.asked) for f in saved] == [
        (True, False, False),
        (True, True, True),
        (False, False, True),
    ]
    assert saved[2].problem == "the archive could not save it (523)"
    assert sorted(s.path for s in archive.state.seen if s.path.startswith("/save/")) == [
        f"/save/{cannot}",
        f"/save/{lack}",
    ]


def test_an_unreachable_archive_is_a_problem_per_source(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv(SERVICE_ENV, f"http://127.0.0.1:{port}")
    [found] = find_copies([Wanted("e", 0, "https://example.org/a", None)])
    assert found.snapshot is None
    assert found.problem == "cannot reach the archive: connection refused"


def test_the_service_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SERVICE_ENV, raising=False)
    assert service() == "https://archive.org"
    assert save_url(service(), "https://e.org/a") == "https://web.archive.org/save/https://e.org/a"
    monkeypatch.setenv(SERVICE_ENV, "ftp://archive.example")
    with pytest.raises(UsageError, match="ANT_TIMELINE_WAYBACK_URL"):
        service()


def test_https_service_snapshots_are_https() -> None:
    from ant_timeline.links.wayback import _secure_like

    assert (
        _secure_like("https://archive.org", "http://web.archive.org/web/2020/x")
        == "https://web.archive.org/web/2020/x"
    )
    assert (
        _secure_like("http://127.0.0.1:9", "http://127.0.0.1:9/web/1/x")
        == "http://127.0.0.1:9/web/1/x"
    )


def test_a_gzipped_availability_answer_is_read(archive: LinkServer) -> None:
    page = "https://example.org/fine"
    archive.state.snapshots[page] = ("20230707101500", "200")
    archive.state.available_gzip = True
    with Client() as client:
        found = closest(client, archive.base, page, None)
    assert found is not None
    assert found.url == f"{archive.base}/web/20230707101500/{page}"


@pytest.mark.parametrize(
    ("body", "copy"),
    [
        (b"{}", None),
        (b'{"archived_snapshots": []}', None),
        (b'{"archived_snapshots": {"closest": {"available": false, "url": "http://a/b"}}}', None),
        (
            b'{"archived_snapshots": {"closest": {"url": "ftp://a/web/1/b", "timestamp": "1"}}}',
            None,
        ),
        (
            b'{"archived_snapshots": {"closest": {"url": "http://a/b", "timestamp": "2020"}}}',
            "2020",
        ),
    ],
)
def test_odd_availability_answers_are_no_copy_or_an_undated_one(
    archive: LinkServer, body: bytes, copy: str | None
) -> None:
    archive.state.available_body = body
    with Client() as client:
        found = closest(client, archive.base, "https://example.org/x", None)
    assert (found and found.timestamp) == copy
    if found is not None:
        assert found.day is None  # reported as "undated", never a made-up day


@pytest.mark.parametrize(
    ("status", "body", "problem"),
    [
        (200, b"<html><body>Service Unavailable</body></html>", "not its JSON"),
        (200, b"[]", "not its JSON"),
        (200, b"null", "not its JSON"),
        (200, b"[" * 65536, "not its JSON"),  # nested past Python's stack
        (200, b'{"archived_snapshots": {"closest": {"url": "' + b"x" * 70000, "cut off"),
        (502, b"Bad Gateway", "502 Bad Gateway"),
    ],
)
def test_a_broken_availability_answer_is_a_problem(
    archive: LinkServer, status: int, body: bytes, problem: str
) -> None:
    archive.state.available_status = status
    archive.state.available_body = body
    [found] = find_copies([Wanted("e", 0, "https://example.org/a", None)])
    assert found.snapshot is None
    assert found.problem is not None
    assert problem in found.problem
