"""`ant-timeline check`: exit codes, the report, --strict, --json."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .conftest import CURATED

Invoke = Callable[..., Any]

WARNING_ONLY = "events:\n  - id: e\n    date: 2021\n    title: t\n    sources:\n      - url: https://example.org\n"


def test_clean_file(invoke: Invoke) -> None:
    result = invoke("check", "--file", str(CURATED))
    assert result.exit_code == 0
    assert result.stdout == f"{CURATED}: no problems in 40 events\n"


def test_problems_exit_1_with_places(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write(
        "version: 1\nevents:\n  - id: x\n    date: 2023-02-30\n    title: A\n    categry: policy\n"
        "  - id: y\n    date: 2023\n    title: B\n    related: [z]\n    sources:\n      - url: ftp://x\n"
    )
    result = invoke("check", "--file", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"{path}:3:5: error: event 'x' has no source; cite at least one under 'sources:' with a url [missing-source]",
        f"{path}:4:11: error: date: '2023-02-30' is not a valid date: February 2023 has 28 days [invalid-date]",
        f"{path}:6:5: error: unknown key 'categry' in event 'x'; did you mean 'category'? [unknown-key]",
        f"{path}:10:15: error: related id 'z' is not an event [unknown-related]",
        f"{path}:12:9: warning: source 1 of 'y' has no title, publisher or published date [source-incomplete]",
        f"{path}:12:14: error: source 1 url 'ftp://x' is not an http(s) address [bad-url]",
        f"{path}: 5 errors, 1 warning in 2 events",
    ]


def test_warnings_pass_unless_strict(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write(WARNING_ONLY)
    assert invoke("check", "--file", str(path)).exit_code == 0
    assert invoke("check", "--file", str(path), "--strict").exit_code == 1


def test_unparseable_file_exits_2(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write("events: [a, b\n")
    result = invoke("check", "--file", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:2:1: ")
    assert "Traceback" not in result.stderr
    missing = invoke("check", "--file", str(path.parent / "missing.yaml"))
    assert missing.exit_code == 2
    assert "no such file" in missing.stderr


def test_json_contract(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write(WARNING_ONLY)
    result = invoke("check", "--file", str(path), "--json")
    document = json.loads(result.stdout)
    assert document == {
        "version": 1,
        "problems": [
            {
                "file": str(path),
                "line": 6,
                "column": 9,
                "event": "e",
                "field": "sources",
                "code": "source-incomplete",
                "severity": "warning",
                "message": "source 1 of 'e' has no title, publisher or published date",
            }
        ],
    }
    clean = json.loads(invoke("check", "--file", str(CURATED), "--json").stdout)
    assert clean == {"version": 1, "problems": []}


def test_json_even_when_the_file_cannot_be_read(invoke: Invoke, write: Callable[..., Path]) -> None:
    missing = invoke("check", "--file", "nowhere.yaml", "--json")
    assert missing.exit_code == 2
    (problem,) = json.loads(missing.stdout)["problems"]
    assert (problem["code"], problem["line"]) == ("unreadable", None)
    assert "no such file" in problem["message"]
    bad = write(b"events:\n  - id: \xff\n", "bad.yaml")
    result = invoke("check", "--file", str(bad), "--json")
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["line"], problem["column"]) == (2, 9)
    assert "not valid UTF-8" in problem["message"]


def test_syntax_errors_come_with_a_hint(invoke: Invoke, write: Callable[..., Path]) -> None:
    tabbed = write("events:\n  - id: a\n\ttitle: b\n", "tab.yaml")
    assert "indent with spaces, not tabs" in invoke("check", "--file", str(tabbed)).stderr
    colon = write("events:\n  - id: a\n    title: The regulator says: no\n", "colon.yaml")
    assert (
        "put a value that contains ': ' in quotes" in invoke("check", "--file", str(colon)).stderr
    )
