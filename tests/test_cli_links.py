"""`ant-timeline links` and `ant-timeline archive` through the command line, against a server
on 127.0.0.1 started by the tests (a fake Wayback Machine included)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ant_timeline.links.wayback import SERVICE_ENV

from .conftest import CURATED, REPO
from .linkserver import LinkServer, serving
from .terminal import run_in_terminal

Invoke = Callable[..., Any]


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> Iterator[LinkServer]:
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


def timeline_text(base: str) -> str:
    return textwrap.dedent(
        f"""\
        # Links of every kind.
        version: 1
        timeline:
          title: "Acme: the antitrust years"
          subject: Acme
        events:
          - id: probe-opened
            date: 2021-03-04
            title: Regulator opens a probe into Acme
            tags: [antitrust]
            sources:
              - title: Probe opened
                publisher: Daily Ledger
                url: {base}/ok
                published: 2021-03-04
              - url: {base}/301   # moved since
                published: 2021-03

          - id: acme-fined
            date: 2022-07
            title: Acme fined for abuse of dominance
            tags: [fine]
            sources:
              - title: Acme fined
                url: {base}/missing
                archived: {base}/web/20220712000000/https://example.org/fine
              - {{url: "{base}/error", title: Hearing}}
        """
    )


@pytest.fixture
def events(web: LinkServer, write: Callable[..., Path]) -> Path:
    return write(timeline_text(web.base), "events.yaml")


def test_links_prints_one_line_per_link_when_piped(
    invoke: Invoke, web: LinkServer, events: Path
) -> None:
    result = invoke("links", "--file", str(events))
    assert result.exit_code == 1  # a dead link
    b = web.base
    assert result.stdout.splitlines() == [
        f"ok\tprobe-opened\tsource 1\t{b}/ok\t200 OK",
        f"moved\tprobe-opened\tsource 2\t{b}/301\t{b}/ok",
        f"dead\tacme-fined\tsource 1\t{b}/missing\t404 Not Found",
        f"ok\tacme-fined\tsource 1 archived\t{b}/web/20220712000000/https://example.org/fine\t200 OK",
        f"failing\tacme-fined\tsource 2\t{b}/error\t500 Internal Server Error",
    ]
    assert result.stderr.splitlines() == ["5 links: 2 ok, 1 moved, 1 dead, 1 failing"]


def test_no_dead_link_exits_0(invoke: Invoke, web: LinkServer, events: Path) -> None:
    result = invoke("links", "--file", str(events), "--tag", "antitrust")
    assert result.exit_code == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["ok", "moved"]


def test_links_json(invoke: Invoke, web: LinkServer, events: Path) -> None:
    result = invoke("links", "--file", str(events), "--tag", "fine", "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert document["summary"] == {"ok": 1, "moved": 0, "dead": 1, "failing": 1}
    first = document["links"][0]
    assert set(first) == {
        "event",
        "source",
        "field",
        "url",
        "status",
        "code",
        "location",
        "reason",
        "checked",
        "cached",
    }
    assert (first["event"], first["source"], first["field"], first["status"], first["code"]) == (
        "acme-fined",
        1,
        "url",
        "dead",
        404,
    )
    assert [link["field"] for link in document["links"]] == ["url", "archived", "url"]


def test_a_second_run_asks_no_server(invoke: Invoke, web: LinkServer, events: Path) -> None:
    invoke("links", "--file", str(events), "--tag", "antitrust")
    asked = len(web.state.seen)
    second = invoke("links", "--file", str(events), "--tag", "antitrust", "--json")
    assert len(web.state.seen) == asked
    assert [link["cached"] for link in json.loads(second.stdout)["links"]] == [True, True]
    invoke("links", "--file", str(events), "--tag", "antitrust", "--max-age", "0")
    assert len(web.state.seen) > asked
    asked = len(web.state.seen)
    invoke("links", "--file", str(events), "--tag", "antitrust", "--no-cache")
    assert len(web.state.seen) > asked


def test_a_cached_run_does_not_even_load_the_http_client(web: LinkServer, events: Path) -> None:
    from .test_imports import modules_of_command

    args = ["links", "--file", str(events), "--tag", "antitrust"]
    assert "httpx" in modules_of_command(*args)  # the first run checks, over HTTP
    assert "httpx" not in modules_of_command(*args)  # the second is answered from the cache


def test_a_bad_max_age_is_bad_usage(invoke: Invoke, events: Path) -> None:
    result = invoke("links", "--file", str(events), "--max-age", "soon")
    assert result.exit_code == 2
    assert "error: --max-age: 'soon' is not a duration" in result.stderr
    assert "Traceback" not in result.stderr


def test_links_grouped_by_event_on_a_terminal(
    web: LinkServer, events: Path, tmp_path: Path
) -> None:
    shown = run_in_terminal(
        ["links", "--file", str(events)], {"NO_COLOR": "1", SERVICE_ENV: web.base}, tmp_path
    ).replace("\r\n", "\n")
    b = web.base
    assert shown.rstrip("\n").splitlines() == [
        " 4 Mar 2021  Regulator opens a probe into Acme  [probe-opened]",
        f"  ok       source 1           {b}/ok",
        f"  moved    source 2           {b}/301  → {b}/ok (301 Moved Permanently)",
        "",
        "Jul 2022  Acme fined for abuse of dominance  [acme-fined]",
        f"  dead     source 1           {b}/missing  404 Not Found",
        f"  ok       source 1 archived  {b}/web/20220712000000/https://example.org/fine",
        f"  failing  source 2           {b}/error  500 Internal Server Error",
        "",
        "5 links: 2 ok, 1 moved, 1 dead, 1 failing",
    ]


def test_progress_is_shown_on_a_terminal_only(
    web: LinkServer, write: Callable[..., Path], tmp_path: Path
) -> None:
    from .terminal import converse

    web.state.delay = 0.6
    urls = "\n".join(f"      - url: {web.base}/delay?n={n}" for n in range(6))
    path = write(
        f"version: 1\nevents:\n  - id: a\n    date: 2020\n    title: A\n    sources:\n{urls}\n",
        "slow.yaml",
    )
    code, shown = converse(
        ["links", "--file", str(path), "--jobs", "1"], [], tmp_path, {SERVICE_ENV: web.base}
    )
    assert code == 0
    assert "checking links" in shown  # the bar, on stderr, after a second of work


def _interrupt_during(args: list[str], web: LinkServer, cwd: Path) -> tuple[int, str]:
    env = {**os.environ, SERVICE_ENV: web.base, "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ant_timeline", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert web.state.first_slow.wait(60), "the request never arrived"
    process.send_signal(signal.SIGINT)
    # Every request in flight gives up at once: far sooner than the 60 s they may wait.
    _, err = process.communicate(timeout=30)
    return process.returncode, err.decode()


@pytest.fixture
def slow_events(web: LinkServer, write: Callable[..., Path]) -> Path:
    sources = "\n".join(f"      - url: {web.base}/slow?n={n}" for n in range(4))
    return write(
        f"version: 1\nevents:\n  - id: a\n    date: 2020\n    title: A\n    sources:\n{sources}\n",
        "events.yaml",
    )


def test_ctrl_c_stops_links_cleanly(
    web: LinkServer, slow_events: Path, private_cache: Path
) -> None:
    code, err = _interrupt_during(
        ["links", "--file", str(slow_events), "--timeout", "60"], web, slow_events.parent
    )
    assert code == 130, err
    assert err.strip().endswith("error: interrupted")
    assert "Traceback" not in err
    assert not (private_cache / "links.json").exists()


def test_ctrl_c_stops_archive_with_nothing_written(
    web: LinkServer, write: Callable[..., Path]
) -> None:
    before = timeline_text(web.base).replace("/ok", "/ok-too")
    path = write(before, "events.yaml")
    web.state.snapshots[f"{web.base}/ok-too"] = ("20210304000000", "200")
    # The fake archive answers every availability question slowly when told to.
    original = web.state.snapshots

    class Slow(dict[str, tuple[str, str]]):
        def get(self, key: object, default: object = None) -> Any:
            web.state.first_slow.set()
            web.state.release.wait(60)
            return original.get(key, default)  # type: ignore[call-overload]

    web.state.snapshots = Slow()
    code, err = _interrupt_during(
        ["archive", "--file", str(path), "--timeout", "60"], web, path.parent
    )
    assert code == 130, err
    assert "error: interrupted" in err
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


# ---------------------------------------------------------------------------------------------
# archive


def test_archive_writes_only_the_archived_lines(
    invoke: Invoke, web: LinkServer, events: Path
) -> None:
    b = web.base
    web.state.snapshots[f"{b}/ok"] = ("20210305081500", "200")
    web.state.snapshots[f"{b}/error"] = ("20220712000000", "200")
    before = events.read_text(encoding="utf-8")
    result = invoke("archive", "--file", str(events))
    assert result.exit_code == 0, result.stderr
    after = events.read_text(encoding="utf-8")
    expected = before.replace(
        f"        url: {b}/ok\n",
        f"        url: {b}/ok\n        archived: {b}/web/20210305081500/{b}/ok\n",
    ).replace(
        f'      - {{url: "{b}/error", title: Hearing}}',
        f'      - {{url: "{b}/error", title: Hearing, archived: "{b}/web/20220712000000/{b}/error"}}',
    )
    assert after == expected
    assert result.stderr.splitlines() == [
        f"probe-opened source 1: copy of 5 Mar 2021: {b}/web/20210305081500/{b}/ok",
        f"probe-opened source 2: the archive has no copy of {b}/301 (`--save` asks the archive to take one)",
        f"acme-fined source 2: copy of 12 Jul 2022: {b}/web/20220712000000/{b}/error",
        f"added 2 archived copies in 2 events to {events}",
    ]
    # each source was looked up near its published date: a day, a month's last day, no date
    asked = sorted(s.path for s in web.state.seen if s.path.startswith("/wayback/"))
    assert any("timestamp=20210304" in path and "%2Fok" in path for path in asked)
    assert any("timestamp=20210331" in path and "%2F301" in path for path in asked)
    assert any("%2Ferror" in path and "timestamp" not in path for path in asked)
    again = invoke("archive", "--file", str(events))
    assert "no archived copy to add" in again.stderr
    checked = invoke("check", "--file", str(events), "--json")
    assert [p["code"] for p in json.loads(checked.stdout)["problems"]] == ["source-incomplete"] * 3


def test_archive_dry_run_prints_the_diff_and_writes_nothing(
    invoke: Invoke, web: LinkServer, events: Path
) -> None:
    b = web.base
    web.state.snapshots[f"{b}/ok"] = ("20210305081500", "200")
    before = events.read_text(encoding="utf-8")
    result = invoke("archive", "--file", str(events), "--dry-run")
    assert result.exit_code == 0
    assert events.read_text(encoding="utf-8") == before
    assert result.stdout.splitlines()[:2] == [
        f"--- a/{str(events).lstrip('/')}",
        f"+++ b/{str(events).lstrip('/')}",
    ]
    added = [line for line in result.stdout.splitlines() if line.startswith("+ ")]
    assert added == [f"+        archived: {b}/web/20210305081500/{b}/ok"]
    assert (
        result.stderr.splitlines()[-1]
        == f"dry run: nothing written to {events} (1 archived copy in 1 event)"
    )


def test_archive_save_records_what_the_archive_saved(
    invoke: Invoke, web: LinkServer, events: Path
) -> None:
    b = web.base
    web.state.saveable.add(f"{b}/301")
    result = invoke("archive", "--file", str(events), "--tag", "antitrust", "--save")
    assert f"probe-opened source 2: saved now: {b}/web/20240501093000/{b}/301" in result.stderr
    assert f"probe-opened source 1: the archive could not save it (523) ({b}/ok)" in result.stderr
    assert f"        archived: {b}/web/20240501093000/{b}/301\n" in events.read_text(
        encoding="utf-8"
    )
    assert result.exit_code == 1  # one source could not be archived: worth running again


def test_an_unreachable_archive_exits_1_and_writes_nothing(
    invoke: Invoke, events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv(SERVICE_ENV, f"http://127.0.0.1:{port}")
    before = events.read_text(encoding="utf-8")
    result = invoke("archive", "--file", str(events))
    assert result.exit_code == 1
    assert "cannot reach the archive: connection refused" in result.stderr
    assert events.read_text(encoding="utf-8") == before


def test_archive_refuses_the_bundled_dataset(invoke: Invoke, web: LinkServer) -> None:
    result = invoke("archive")
    assert result.exit_code == 2
    assert "error:" in result.stderr
    assert web.state.seen == []


def test_a_bad_archive_address_is_bad_usage(
    invoke: Invoke, events: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SERVICE_ENV, "file:///etc")
    result = invoke("archive", "--file", str(events))
    assert result.exit_code == 2
    assert (
        "error: $ANT_TIMELINE_WAYBACK_URL 'file:///etc' is not an http(s) address" in result.stderr
    )


def test_the_curated_data_passes_check_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ant_timeline", "check", "--strict", "--file", str(CURATED)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def _readme_block(first_line: str) -> list[str]:
    """The lines of the README's ```text block that starts with `first_line`."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"```text\n{first_line}\n") + len("```text\n")
    return readme[start : readme.index("```", start)].splitlines()


def test_the_readme_examples_are_what_the_tool_prints(
    invoke: Invoke, web: LinkServer, tmp_path: Path
) -> None:
    b = web.base
    web.state.snapshots[f"{b}/ok"] = ("20210305081500", "200")
    web.state.snapshots[f"{b}/error"] = ("20220712093000", "200")
    (tmp_path / "events.yaml").write_text(timeline_text(b), encoding="utf-8")

    def readme(first_line: str) -> list[str]:
        return [line.replace("http://127.0.0.1:8000", b) for line in _readme_block(first_line)]

    shown = run_in_terminal(["links"], {"NO_COLOR": "1", SERVICE_ENV: b}, tmp_path)
    assert (
        readme("$ ant-timeline links")[1:] == shown.replace("\r\n", "\n").rstrip("\n").splitlines()
    )
    assert readme("$ ant-timeline links | cat")[1:] == invoke("links").stdout.splitlines()
    result = invoke("archive", "--dry-run")
    assert readme("$ ant-timeline archive --dry-run")[1:] == result.stdout.splitlines()
    assert (
        readme(
            "probe-opened source 1: copy of 5 Mar 2021: http://127.0.0.1:8000/web/20210305081500/http://127.0.0.1:8000/ok"
        )
        == result.stderr.splitlines()
    )
