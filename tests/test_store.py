"""Reading events files: which file, its bytes, its schema; every bad input names its place."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ant_timeline import store
from ant_timeline.errors import FileReadError, LoadError, RefusedError, WriteError, YamlSyntaxError
from ant_timeline.store import files

from .conftest import CURATED, SMALL


def codes(report: store.LoadReport) -> list[str]:
    return [problem.code for problem in report.problems]


def test_loads_events_in_documented_order_with_positions(small: Path) -> None:
    timeline = store.load(small)
    assert [e.id for e in timeline.events] == ["probe-opened", "acme-fined", "acme-restructures"]
    fined = timeline.by_id()["acme-fined"]
    assert fined.where("date") == (20, 11)
    assert fined.where("sources.0.url") == (29, 14)
    assert fined.where() == (19, 5)
    assert timeline.info.title == "Acme: the antitrust years"


def test_order_does_not_depend_on_file_order(write: Callable[..., Path]) -> None:
    text = SMALL.replace("  - id: probe-opened", "  - id: zz-first").replace(
        "[probe-opened]", "[zz-first]"
    )
    blocks = text.split("\n\n")
    shuffled = (
        blocks[0].split("events:\n")[0]
        + "events:\n"
        + "\n\n".join([blocks[2], blocks[1], blocks[0].split("events:\n")[1]])
    )
    timeline = store.load(write(shuffled))
    assert [e.id for e in timeline.events] == ["zz-first", "acme-fined", "acme-restructures"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xef\xbb\xbfversion: 1\r\nevents: []\r\n", None),  # BOM and CRLF are fine
        (b"\xff\xfev\x00e\x00", "UTF-16-encoded; save it as UTF-8"),
        (b"version: 1\nevents:\n  - id: a\xff\n", "x.yaml:3:10: not valid UTF-8 (byte 0xff)"),
    ],
)
def test_encodings(write: Callable[..., Path], content: bytes, message: str | None) -> None:
    path = write(content, "x.yaml")
    if message is None:
        assert store.load(path).events == ()
        return
    with pytest.raises(FileReadError) as caught:
        store.load(path)
    assert message in str(caught.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(FileReadError, match="no such file"):
        store.load(tmp_path / "nope.yaml")
    with pytest.raises(FileReadError, match="is a folder"):
        store.load(tmp_path)


def test_oversized_file_is_refused_before_reading(
    write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    with pytest.raises(FileReadError, match="events files are limited to"):
        store.load(write("# " + "x" * 200 + "\nversion: 1\n"))


def test_syntax_error_names_line_and_column(write: Callable[..., Path]) -> None:
    path = write("version: 1\nevents:\n  - id: a\n    tags: [x, y\n    title: t\n")
    with pytest.raises(YamlSyntaxError) as caught:
        store.load(path)
    assert str(caught.value).startswith(f"{path}:5:")
    assert "while parsing a flow sequence started at line 4" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        ("", "empty-file", "the file is empty"),
        ("# only a comment\n", "empty-file", "the file is empty"),
        ("- id: a\n", "not-a-timeline", "the top level is a list"),
        ("version: 2\nevents: []\n", "unsupported-version", "version '2' is not supported"),
        ("version: 1\n", "missing-field", "no 'events' list"),
        ("version: 1\nevents: 3\n", "wrong-type", "'events' must be a list"),
        ("version: 1\nevnts: []\nevents: []\n", "unknown-key", "did you mean 'events'?"),
        (
            "events:\n  - !!python/object/apply:os.system [echo hacked]\n",
            "yaml-tag",
            "tags are not allowed",
        ),
        ("events:\n  - &a {id: x, date: 2020, title: t}\n  - *a\n", "yaml-anchor", "anchors"),
        (
            "events:\n  - id: a\n    date: 2020\n    title: t\n    title: u\n",
            "duplicate-key",
            "duplicate key 'title' (first at line 4, column 5)",
        ),
        (
            "events:\n  - {id: a, date: 2020, title: t}\n  - {id: a, date: 2021, title: u}\n",
            "duplicate-id",
            "duplicate id 'a' (first at line 2, column 10)",
        ),
        ("events:\n  - {id: a, title: t}\n", "missing-field", "a has no 'date'"),
        ("events:\n  - {id: a, date: 2020, title: }\n", "missing-field", "title is empty"),
        ("events:\n  - {id: a, date: 2020, title: [x]}\n", "wrong-type", "title must be text"),
        ("events:\n  - {id: a, date: 2020, title: t, tags: ipo}\n", "wrong-type", "e.g. [ipo]"),
        ("events:\n  - {id: a, date: 2020, title: t, sources: [x]}\n", "wrong-type", "source 1"),
        (
            "events:\n  - {id: a, date: 2020, title: t, sources: [{title: x}]}\n",
            "missing-field",
            "no 'url'",
        ),
        ("events:\n  - {id: a, date: 2023-02-30, title: t}\n", "invalid-date", "has 28 days"),
        (
            "events:\n  - id: a\n    date: 2020\n    title: t\n    categry: x\n",
            "unknown-key",
            "did you mean 'category'?",
        ),
        ("events:\n  - just a string\n", "wrong-type", "event 1 must be a mapping"),
        ("events:\n  - {[a]: b, id: a, date: 2020, title: t}\n", "yaml-complex-key", "plain name"),
    ],
)
def test_schema_problems_are_all_reported_with_places(
    write: Callable[..., Path], text: str, code: str, fragment: str
) -> None:
    path = write(text)
    report = store.read_report(path)
    assert code in codes(report)
    problem = next(p for p in report.problems if p.code == code)
    assert fragment in problem.message
    assert problem.line is not None and problem.line >= 1
    with pytest.raises(LoadError):
        store.load(path)


def test_a_python_tag_never_runs(write: Callable[..., Path], tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = write(f"events:\n  - !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(LoadError):
        store.load(path)
    assert not marker.exists()


def test_every_problem_at_once(write: Callable[..., Path]) -> None:
    report = store.read_report(
        write(
            "version: 1\nevents:\n"
            "  - {id: a, date: 2023-13-01, title: t}\n"
            "  - {id: b, date: 2020, title: t, colour: red}\n"
            "  - {id: a, date: 2020, title: t}\n"
        )
    )
    assert sorted(codes(report)) == ["duplicate-id", "invalid-date", "unknown-key"]


def test_deep_nesting_is_refused_quickly(write: Callable[..., Path]) -> None:
    path = write("events: " + "[" * 200_000 + "]" * 200_000 + "\n")
    with pytest.raises(YamlSyntaxError, match="nested more than"):
        store.load(path)


def test_second_document_is_refused(write: Callable[..., Path]) -> None:
    with pytest.raises(YamlSyntaxError, match="second YAML document"):
        store.load(write("events: []\n---\nevents: []\n"))


def test_control_character_is_a_syntax_error_with_place(write: Callable[..., Path]) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        store.load(write("events:\n  - id: a\x07b\n"))
    assert str(caught.value).endswith(
        ":2:10: control characters are not allowed: character U+0007 is not allowed in YAML"
    )


def test_locate_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(files.ENV_FILE, raising=False)
    assert store.locate(None).bundled
    (tmp_path / "events.yaml").write_text("events: []\n")
    assert store.locate(None).origin == "current folder"
    monkeypatch.setenv(files.ENV_FILE, "from-env.yaml")
    assert store.locate(None).path == Path("from-env.yaml")
    assert store.locate("option.yaml").path == Path("option.yaml")


def test_bundled_dataset_is_the_repository_copy() -> None:
    assert files.bundled_path().read_bytes() == CURATED.read_bytes()


def test_writes_never_go_to_the_bundled_dataset() -> None:
    bundled = store.TimelineFile(files.bundled_path(), "bundled")
    with pytest.raises(RefusedError, match=r"read-only\. Start your own with `ant-timeline init`"):
        files.writable(bundled)


def test_write_atomic_keeps_mode_and_leaves_nothing_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("old\n")
    path.chmod(0o640)
    files.write_atomic(path, "new\n")
    assert path.read_text() == "new\n"
    assert path.stat().st_mode & 0o777 == 0o640

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(WriteError, match="No space left on device; the file is unchanged"):
        files.write_atomic(path, "newer\n")
    assert path.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.yaml"]


def test_create_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    files.create(path, title="Acme: a timeline", subject="Acme")
    timeline = store.load(path)
    assert timeline.info.title == "Acme: a timeline"
    assert timeline.events == ()
    before = path.read_bytes()
    with pytest.raises(RefusedError, match="already exists"):
        files.create(path, title="Other")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "title",
    [
        "evil\x1b]0;pwned\x07 title",
        "a C1 \x9b control",
        "line\u2028separator and next\x85line",
        "bidi \u202eevil\u202c, zero\u200bwidth, bom\ufeff, nonchar\uffff",
        'quotes " and \\ backslash',
        "蚂蚁集团 \U0001f600",
    ],
)
def test_create_writes_any_title_so_that_the_file_reads_back(tmp_path: Path, title: str) -> None:
    path = tmp_path / "mine.yaml"
    files.create(path, title=title, subject=f"S {title}")
    timeline = store.load(path)
    assert (timeline.info.title, timeline.info.subject) == (title, f"S {title}")
    assert path.read_text().startswith("# ")
    assert not any(not c.isprintable() for c in path.read_text().split("\n", 1)[0])


def test_problems_past_a_thousand_are_counted_not_kept(write: Callable[..., Path]) -> None:
    # Four bytes of alias per two problems: listing them all would cost a hundred times the file.
    path = write("version: 1\nx: &a 1\nevents: [" + ", ".join(["*a"] * 3000) + "]\n")
    report = store.read_report(path)
    assert len(report.problems) == 1001
    assert [p.code for p in report.problems[:4]] == [
        "yaml-anchor",
        "unknown-key",
        "yaml-anchor",
        "wrong-type",
    ]
    last = report.problems[-1]
    # where the 1,001st problem is: the 500th alias (two problems each, after two others)
    assert (last.code, last.line, last.column) == (
        "too-many-problems",
        3,
        len("events: [") + 1 + 4 * 499,
    )
    assert last.message == (
        "5,002 more problems from here on are not listed; fix the first 1,000 and check again"
    )
    assert last.count == 5002
    with pytest.raises(LoadError):
        store.load(path)


def test_every_problem_is_counted_when_not_all_are_listed(
    invoke: Callable[..., Any], write: Callable[..., Path]
) -> None:
    path = write("version: 1\nx: &a 1\nevents: [" + ", ".join(["*a"] * 3000) + "]\n")
    shown = invoke("show", "--file", str(path))
    assert shown.exit_code == 2
    assert shown.stderr.splitlines()[-2:] == [
        "... and 5,982 more",  # 6,002 in all, 20 shown
        "run `ant-timeline check` to see every problem with its place",
    ]
    checked = invoke("check", "--file", str(path))
    assert checked.exit_code == 1
    assert checked.stdout.endswith(f"{path}: 6,002 errors in 3,000 events\n")


@pytest.mark.parametrize(
    "layout",
    [
        "version: 1\nevents: []\nnotes: [{items}]\n",
        "events:\n  - id: a\n    date: 2020\n    title: t\n    tags: [{items}]\n",
        "timeline:\n  categories: [{items}]\nevents: []\n",
    ],
    ids=["unknown key", "tags of an event", "categories"],
)
def test_a_value_with_more_than_100000_items_is_refused(
    write: Callable[..., Path], layout: str
) -> None:
    # Each small item costs ~50 times its bytes as a parsed value; no timeline needs so many.
    store.read_report(write(layout.format(items=", ".join(["x"] * 99_990))))  # read
    path = write(layout.format(items=", ".join(["x"] * 100_001)))
    with pytest.raises(YamlSyntaxError, match=r"more than 100,000 values") as caught:
        store.load(path)
    assert caught.value.problem.code == "yaml-too-large"
