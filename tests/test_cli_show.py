"""`ant-timeline show`, the global options, and bad input on any read command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from .conftest import CURATED, REPO
from .terminal import converse, run_in_terminal

Invoke = Callable[..., Any]


def test_show_curated_timeline(invoke: Invoke) -> None:
    result = invoke("show", "--file", str(CURATED))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Ant Group: the IPO halt, the rectification and after\n")
    assert "Ant Group · 40 events · Oct 2020 – Oct 2025" in out
    for shown in (
        "\n2020\n",
        "\n2023\n",
        "\n2025\n",
        "26 – 27 Dec 2020",
        "Q3 2022 ",
        "23 Sep – 8 Oct 2023",
        "Dec 2023 ",
        "10 Jan 2023? ",
    ):
        assert shown in out
    assert re.search(r"\n   3 Nov 2020 +enforcement  Shanghai exchange halts Ant Group's IPO", out)
    assert "\x1b[" not in out  # not a terminal: plain text


def test_show_uses_bundled_dataset_from_an_empty_folder(invoke: Invoke) -> None:
    result = invoke("show", "--limit", "1")
    assert result.exit_code == 0
    assert "Jack Ma attacks financial regulation" in result.stdout


def test_file_option_env_and_local_file_order(
    invoke: Invoke,
    small: Path,
    write: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    local = write("timeline: {title: Local}\nevents: []\n", "events.yaml")
    assert local.parent == tmp_path
    assert invoke("show").stdout.startswith("Local\n")
    monkeypatch.setenv("ANT_TIMELINE_FILE", str(small))
    assert invoke("show").stdout.startswith("Acme: the antitrust years\n")
    other = write("timeline: {title: Option}\nevents: []\n", "other.yaml")
    assert invoke("show", "--file", str(other)).stdout.startswith("Option\n")


def test_detail_adds_summary_and_sources(invoke: Invoke) -> None:
    out = invoke("show", "--file", str(CURATED), "--tag", "ipo", "--detail").stdout
    assert "citing major changes in the fintech regulatory environment" in out
    assert "· Fast Company, 3 Nov 2020: Ant Group's record-breaking IPO has been suspended" in out
    assert (
        "https://www.fastcompany.com/90571537/ant-groups-record-breaking-ipo-has-been-suspended"
        in out
    )


def test_filters_combine(invoke: Invoke) -> None:
    out = invoke(
        "show",
        "--file",
        str(CURATED),
        "--since",
        "2023",
        "--until",
        "2023-06",
        "--category",
        "regulation",
        "--category",
        "corporate",
    ).stdout
    assert "4 of 40 events" in out
    assert "Lawmakers approve a plan" in out and "Ant Group and Hangzhou sign" in out
    assert "Hangzhou and Alibaba sign" not in out  # political


def test_since_accepts_phrases(invoke: Invoke) -> None:
    out = invoke("show", "--file", str(CURATED), "--since", "Dec 2023").stdout
    assert "10 of 40 events" in out


def test_since_after_until_is_a_usage_error(invoke: Invoke) -> None:
    for command in (["show"], ["export", "markdown"]):
        result = invoke(
            *command, "--file", str(CURATED), "--since", "2023-06", "--until", "2023-05-31"
        )
        assert result.exit_code == 2, (command, result.stdout)
        assert result.stderr == (
            "error: --since 2023-06 begins after --until 2023-05-31 ends, so no event can "
            "match; swap them?\n"
        )
    # a span that touches both ends is fine: the same month, or a month inside a year
    same = invoke("show", "--file", str(CURATED), "--since", "2023-05", "--until", "2023")
    assert same.exit_code == 0 and "Hangzhou" in same.stdout


def test_relative_phrase_is_resolved_against_today(invoke: Invoke, small: Path) -> None:
    years_ago = date.today().year - 2019
    out = invoke("show", "--file", str(small), "--since", f"{years_ago} years ago").stdout
    assert "3 events" in out  # the span starts in 2019, before every event


def test_reverse_and_limit(invoke: Invoke) -> None:
    out = invoke("show", "--file", str(CURATED), "--reverse", "--limit", "2").stdout
    body = out.split("\n\n", 1)[1]
    assert body.index("18 Oct 2025") < body.index("Jun 2025")
    assert "2 of 40 events" in out


def test_no_match(invoke: Invoke) -> None:
    result = invoke("show", "--file", str(CURATED), "--tag", "no-such-tag")
    assert result.exit_code == 0
    assert "No events match." in result.stdout


def test_json_envelope_contract(invoke: Invoke) -> None:
    result = invoke("show", "--file", str(CURATED), "--tag", "nfra", "--json")
    document = json.loads(result.stdout)
    assert set(document) == {"version", "timeline", "events"}
    assert document["version"] == 1
    assert set(document["timeline"]) == {"title", "subject", "description", "categories"}
    first = document["events"][0]
    assert list(first) == [
        "id",
        "date",
        "earliest",
        "latest",
        "precision",
        "approximate",
        "uncertain",
        "title",
        "summary",
        "category",
        "actors",
        "tags",
        "sources",
        "related",
        "first_reported",
    ]
    assert first["id"] == "nfra-reform-plan-approved"
    assert first["first_reported"] == "2023-03-10"
    assert (first["date"], first["earliest"], first["latest"], first["precision"]) == (
        "2023-03-07/2023-03-10",
        "2023-03-07",
        "2023-03-10",
        "interval",
    )
    assert set(first["sources"][0]) == {"title", "publisher", "url", "published", "archived"}
    assert [e["id"] for e in document["events"]] == [
        "nfra-reform-plan-approved",
        "li-yunze-leads-nfra",
        "nfra-launched",
    ]


def test_bad_date_option(invoke: Invoke) -> None:
    result = invoke("show", "--file", str(CURATED), "--since", "2023-13")
    assert result.exit_code == 2
    assert "error: --since: '2023-13' is not a valid date: there is no month 13" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"", "events.yaml:1:1: the file is empty"),
        (b"version: 1\nevents:\n  - id: \xff\n", "events.yaml:3:9: not valid UTF-8"),
        (b"events: [\n", "events.yaml:2:1: "),
        (b"- a\n- b\n", "events.yaml:1:1: the top level is a list"),
        (
            b"events:\n  - !!python/object/apply:os.system [ls]\n",
            "events.yaml:2:5: YAML tags are not allowed",
        ),
    ],
)
def test_bad_input_is_one_clear_message_and_exit_2(
    invoke: Invoke, tmp_path: Path, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "events.yaml"
    if content is not None:
        path.write_bytes(content)
    result = invoke("show", "--file", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_folder_is_not_an_events_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("show", "--file", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder" in result.stderr


def test_several_load_errors_point_to_check(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write("events:\n  - {id: a, date: 2023-13, title: t}\n  - {id: b, date: x, title: t}\n")
    result = invoke("show", "--file", str(path))
    assert result.exit_code == 2
    assert f"{path}:2:19: date:" in result.stderr and f"{path}:3:19: date:" in result.stderr
    assert "run `ant-timeline check`" in result.stderr


def test_version(invoke: Invoke) -> None:
    from ant_timeline import __version__

    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"ant-timeline {__version__}\n"


def test_python_dash_m(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ant_timeline", "show", "--limit", "1"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
        env={**os.environ, "ANT_TIMELINE_FILE": str(CURATED)},
    )
    assert "Jack Ma attacks financial regulation" in out.stdout


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ([], {}, True),
        ([], {"NO_COLOR": "1"}, False),
        (["--no-color"], {}, False),
    ],
)
def test_colour_only_on_a_terminal_and_never_when_asked(
    args: list[str], env: dict[str, str], coloured: bool
) -> None:
    base = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    output = run_in_terminal(
        ["show", "--file", str(CURATED), "--limit", "3", "--no-pager", *args], {**base, **env}, REPO
    )
    assert "Four regulators summon Jack Ma" in output
    assert ("\x1b[" in output) is coloured


def _many(count: int) -> str:
    lines = ["events:"]
    for n in range(count):
        lines.append(
            f"  - {{id: e{n:05d}, date: {2000 + n % 20}-{n % 12 + 1:02d}, title: Event {n:05d}}}"
        )
    return "\n".join(lines) + "\n"


def test_long_output_is_streamed_whole_and_in_order(write: Callable[..., Path]) -> None:
    path = write(_many(5000))
    out = subprocess.run(
        [sys.executable, "-m", "ant_timeline", "show", "--file", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    titles = re.findall(r"Event (\d{5})", out)
    assert len(titles) == 5000 == len(set(titles))
    order = [(2000 + int(t) % 20, int(t) % 12, f"e{t}") for t in titles]
    assert order == sorted(order)
    assert out.endswith("\n") and "\n\n\n" not in out


@pytest.mark.parametrize(
    ("args", "paged"), [([], True), (["--no-pager"], False), (["--limit", "2"], False)]
)
def test_long_output_on_a_terminal_goes_through_the_pager(
    write: Callable[..., Path], args: list[str], paged: bool
) -> None:
    path = write(_many(300))
    code, output = converse(
        ["show", "--file", str(path), *args],
        [],
        path.parent,
        {"PAGER": "sed s/^/PAGED:/", "LINES": "40"},
    )
    assert code == 0
    assert "Event 00000" in output
    assert ("PAGED:" in output) is paged
