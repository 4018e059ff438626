"""The `archived` field of a source: read, checked, shown, exported, diffed, cached."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .conftest import SMALL

Invoke = Callable[..., Any]
COPY = "https://web.archive.org/web/20210304120000/https://example.org/probe"
ARCHIVED = SMALL.replace(
    "        url: https://example.org/probe\n",
    f"        url: https://example.org/probe\n        archived: {COPY}\n",
)


def test_it_is_read_and_in_the_json(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write(ARCHIVED)
    for _ in range(2):  # parsed, then from the parse cache
        document = json.loads(invoke("show", "--file", str(path), "--json").stdout)
        assert [s["archived"] for e in document["events"] for s in e["sources"]] == [
            COPY,
            None,
            None,
        ]


def test_show_detail_prints_it_under_the_url(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write(ARCHIVED)
    lines = invoke("show", "--file", str(path), "--detail").stdout.splitlines()
    at = lines.index(next(line for line in lines if line.strip() == "https://example.org/probe"))
    assert lines[at + 1].strip() == f"archived {COPY}"


def test_check_wants_a_web_address(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write(ARCHIVED.replace(COPY, "ftp://copies.example/probe"))
    result = invoke("check", "--file", str(path))
    assert result.exit_code == 1
    assert (
        f"{path}:17:19: error: source 1 archived 'ftp://copies.example/probe' is not an "
        "http(s) address [bad-url]"
    ) in result.stdout


def test_a_misspelt_key_is_named(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write(ARCHIVED.replace("archived:", "archive:"))
    result = invoke("check", "--file", str(path))
    assert "unknown key 'archive' in source 1; did you mean 'archived'?" in result.stdout


def test_strict_warns_about_copies_missing_once_a_file_keeps_them(
    invoke: Invoke, write: Callable[..., Path]
) -> None:
    keeps = write(ARCHIVED, "keeps.yaml")
    plain = invoke("check", "--file", str(keeps))
    assert plain.exit_code == 0
    assert "not-archived" not in plain.stdout
    strict = invoke("check", "--file", str(keeps), "--strict")
    assert strict.exit_code == 1
    warned = [line for line in strict.stdout.splitlines() if "[not-archived]" in line]
    fined, split = (
        ARCHIVED.splitlines().index(f"      - title: {title}") + 1
        for title in ("Acme fined", "Acme to split")
    )
    assert warned == [
        f"{keeps}:{fined}:9: warning: source 1 of 'acme-fined' has no archived copy; "
        "`ant-timeline archive` looks for one [not-archived]",
        f"{keeps}:{split}:9: warning: source 1 of 'acme-restructures' has no archived copy; "
        "`ant-timeline archive` looks for one [not-archived]",
    ]
    never = write(SMALL, "never.yaml")  # a file that keeps no copies is not told about them
    assert invoke("check", "--file", str(never), "--strict").exit_code == 0


def test_every_export_carries_it(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write(ARCHIVED)

    def export(name: str) -> str:
        return str(invoke("export", name, "--file", str(path)).stdout)

    assert f"([archived]({COPY}))" in export("markdown")
    assert f'<a class="archived" href="{COPY}" rel="noopener noreferrer">archived</a>' in export(
        "html"
    )
    assert f"(archived: {COPY[:40]}" in export("ics")
    assert f'(<a href=\\"{COPY}\\" target=\\"_blank\\" rel=\\"noopener\\">archived</a>)' in export(
        "timelinejs"
    )
    header, first = export("csv").splitlines()[:2]
    assert "archived" in header.split(",")
    assert COPY in first
    assert json.loads(export("json"))["events"][0]["sources"][0]["archived"] == COPY


def test_diff_shows_a_copy_added(invoke: Invoke, write: Callable[..., Path]) -> None:
    old, new = write(SMALL, "old.yaml"), write(ARCHIVED, "new.yaml")
    result = invoke("diff", str(old), str(new))
    assert result.exit_code == 1
    assert f"~ https://example.org/probe: archived (none) → {COPY}" in result.stdout
    change = json.loads(invoke("diff", str(old), str(new), "--json").stdout)["changed"][0]
    assert change["changes"][0]["new"][0]["archived"] == COPY


def test_archive_edits_keep_every_other_byte() -> None:
    from ant_timeline import edit
    from ant_timeline.store import parse_text

    text = (
        "version: 1\r\nevents:\r\n  - id: a\r\n    date: 2020\r\n    title: T\r\n"
        "    sources:\r\n      -   url: >-\r\n            https://e.org/c\r\n"
        "          title: Z   # a comment\r\n"
        '  - id: b\r\n    date: 2021\r\n    title: U\r\n    sources: [{url: "https://e.org/d"}, '
        '{title: "W, {x}", url: "https://e.org/e"}]'
    )
    report = parse_text(text, "x.yaml")
    copies = {
        ("a", 0, "https://e.org/c"): "https://w.example/c",
        ("b", 0, "https://e.org/d"): "https://w.example/d",
        ("b", 1, "https://e.org/e"): "https://w.example/e",
        ("b", 1, "https://e.org/changed-since"): "https://w.example/never",
    }
    change = edit.plan_archive(text, report, copies, Path("x.yaml"))
    assert change.after == text.replace(
        "            https://e.org/c\r\n",
        "            https://e.org/c\r\n          archived: https://w.example/c\r\n",
    ).replace(
        '[{url: "https://e.org/d"}, {title: "W, {x}", url: "https://e.org/e"}]',
        '[{url: "https://e.org/d", archived: "https://w.example/d"}, '
        '{title: "W, {x}", url: "https://e.org/e", archived: "https://w.example/e"}]',
    )
    assert change.summary == "3 archived copies in 2 events"
