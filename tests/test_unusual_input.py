"""Input nobody tuned for, in the reading commands: digits of other scripts in a date, hostile
file and folder names on a terminal, empty option values, spreadsheet CSV habits, JSON text
that no UTF-8 file can hold."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ant_timeline import dates
from ant_timeline.errors import DateError

from .conftest import SMALL
from .terminal import run_in_terminal

Invoke = Callable[..., object]

# ---------------------------------------------------------------------------------------------
# Dates: the grammar's digits are 0-9


@pytest.mark.parametrize(
    "text",
    ["２０２１", "٢٠٢١-٠٣", "2021-０３", "२०२१-Q3", "2021/२०२२", "2021-03-0٤"],
    ids=["fullwidth", "arabic-indic", "fullwidth month", "devanagari", "devanagari end", "day"],
)
def test_digits_of_other_scripts_are_not_the_grammar(text: str) -> None:
    with pytest.raises(DateError) as caught:
        dates.parse(text)
    assert str(caught.value) == f"{text!r} is not a valid date: write its digits as 0-9"


def test_a_date_in_fullwidth_digits_is_a_load_error_with_its_place(
    invoke: Invoke, write: Callable[..., Path]
) -> None:
    # A date typed with an East Asian input method on: it looks like 2021 and was read as 2021.
    path = write("version: 1\nevents:\n  - id: a\n    date: ２０２１-０３\n    title: A\n")
    shown = invoke("show", "--file", str(path))
    assert shown.exit_code == 2
    assert shown.stderr.startswith(
        f"error: {path}:4:11: date: '２０２１-０３' is not a valid date: write its digits as 0-9\n"
    )
    checked = invoke("check", "--file", str(path))
    assert checked.exit_code == 1
    assert "[invalid-date]" in checked.stdout


# ---------------------------------------------------------------------------------------------
# File and folder names on a terminal: shown, never obeyed

# What a hostile folder name holds (a window title, Rich markup), and how it must show.
HOSTILE_NAME = "d\x1b]0;pwned\x07[bold]x"
SHOWN_NAME = "d\\x1b]0;pwned\\x07[bold]x"


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / HOSTILE_NAME
    folder.mkdir()
    (folder / "acme.yaml").write_text(SMALL, encoding="utf-8")
    (folder / "nosource.yaml").write_text(
        "version: 1\nevents:\n  - {id: lone, date: 2021, title: Lone}\n", encoding="utf-8"
    )
    return folder


def _assert_shown_not_obeyed(output: str) -> None:
    assert "\x1b" not in output and "\x07" not in output, repr(output)
    assert SHOWN_NAME in output


def test_check_names_a_hostile_folder_as_text(invoke: Invoke, hostile_folder: Path) -> None:
    one = invoke("check", "--file", str(hostile_folder / "acme.yaml"))
    assert one.exit_code == 0
    _assert_shown_not_obeyed(one.stdout)
    assert one.stdout.endswith(f"{SHOWN_NAME}/acme.yaml: no problems in 3 events\n")
    both = invoke("check", "--file", str(hostile_folder))
    assert both.exit_code == 1
    _assert_shown_not_obeyed(both.stdout)
    assert f"{SHOWN_NAME}/nosource.yaml: 1 error in 1 event\n" in both.stdout


def test_a_dry_run_diff_names_the_file_as_text(invoke: Invoke, hostile_folder: Path) -> None:
    table = hostile_folder / "sheet.csv"
    table.write_text("Year,Headline\n2024,Acme appeals\n", encoding="utf-8")
    events = hostile_folder / "acme.yaml"
    result = invoke("import", "timelinejs", str(table), "--file", str(events), "--dry-run")
    assert result.exit_code == 0, result.stderr
    _assert_shown_not_obeyed(result.stdout)
    shown = str(events).replace(HOSTILE_NAME, SHOWN_NAME).lstrip("/")
    assert result.stdout.startswith(f"--- a/{shown}\n+++ b/{shown}\n")
    assert events.read_text(encoding="utf-8") == SMALL


BIDI_COMMENT = "version: 1\nevents:\n  # a note \u202egnp.live\n  - {id: a, date: 2020, title: A}\n"


def test_a_dry_run_diff_shows_the_files_control_characters_on_a_terminal(
    tmp_path: Path,
) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(BIDI_COMMENT, encoding="utf-8")
    args = ["add", "event", "--file", str(events), "--date", "2021", "--title", "B"]
    args += ["--source", "https://example.org/b", "--dry-run"]
    shown = run_in_terminal(args, {"NO_COLOR": "1"}, tmp_path)
    assert "\u202e" not in shown
    assert "# a note \\u202egnp.live" in shown
    piped = subprocess.run(
        [sys.executable, "-m", "ant_timeline", *args],
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert " # a note \u202egnp.live\n".encode() in piped.stdout  # a patch keeps the text
    assert events.read_text(encoding="utf-8") == BIDI_COMMENT


class _Terminal:
    """A stderr that says it is a terminal, keeping what is written to it."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise OSError("not a real terminal")


def test_a_progress_bar_shows_a_file_name_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from ant_timeline.render import console

    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setattr(console, "PROGRESS_AFTER", 0)
    with console.progress(f"reading {HOSTILE_NAME}.yaml") as report:
        assert report is not None
        report(1, 2)
        report(2, 2)
    drawn = "".join(terminal.written)
    assert f"reading {SHOWN_NAME}.yaml" in drawn
    assert "\x07" not in drawn and "\x1b]" not in drawn, repr(drawn)


# ---------------------------------------------------------------------------------------------
# Empty values: `--file "$UNSET"` names nothing, and `--subject ""` is nobody's name


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["show", "--file", ""], "'--file' / '-f'"),
        (["check", "--file", ""], "'--file' / '-f'"),
        (["export", "csv", "--file", ""], "'--file' / '-f'"),
        (["diff", "old.yaml", "new.yaml", "--file", ""], "'--file' / '-f'"),
        (["show", "--file", "acme.yaml", "--file", " "], "'--file' / '-f'"),
        (["export", "json", "--file", "acme.yaml", "-o", ""], "'--output' / '-o'"),
        (["import", "csv", "", "--file", "acme.yaml"], "'PATH'"),
        (["add", "event", "--date", "2024", "--title", "T", "--source", "https://e.org/t",
          "--file", ""], "'--file' / '-f'"),
    ],
    ids=["show", "check", "export", "diff", "blank", "output", "import", "add"],
)  # fmt: skip
def test_an_empty_path_is_refused_not_read_as_the_current_folder(
    invoke: Invoke, tmp_path: Path, args: list[str], option: str
) -> None:
    # The folder the command runs in holds timelines: an empty path must not stand for them.
    for name in ("acme.yaml", "old.yaml", "new.yaml"):
        (tmp_path / name).write_text(SMALL, encoding="utf-8")
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    result = invoke(*args)
    assert result.exit_code == 2
    assert f"Invalid value for {option}: an empty path names no file or folder" in result.stderr
    assert result.stdout == ""
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before


def test_an_empty_subject_names_no_timeline(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "acme.yaml").write_text(SMALL, encoding="utf-8")
    (tmp_path / "plain.yaml").write_text(  # a timeline without a subject
        "version: 1\nevents:\n  - {id: lone, date: 2021, title: Lone}\n", encoding="utf-8"
    )
    for files in (["--file", str(tmp_path)], ["--file", str(tmp_path / "plain.yaml")]):
        result = invoke("show", "--json", *files, "--subject", "")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["events"] == []
    named = invoke("show", "--json", "--file", str(tmp_path), "--subject", "plain")
    assert [event["id"] for event in json.loads(named.stdout)["events"]] == ["lone"]


# ---------------------------------------------------------------------------------------------
# Spreadsheet habits: Excel's `sep=;` line

EXCEL_SHEET = (
    "sep=;\r\n"
    "Year;Month;Day;Headline;Text\r\n"
    '2021;3;4;"Acme probed; again";"first line\r\nsecond line"\r\n'
    "2022;;;Acme fined;\r\n"
    "xx;;;Acme appeals;\r\n"
)


def test_excels_separator_line_names_the_separator(invoke: Invoke, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(b"\xef\xbb\xbf" + EXCEL_SHEET.encode("utf-8"))
    events = tmp_path / "events.yaml"
    events.write_text("version: 1\nevents: []\n", encoding="utf-8")
    refused = invoke("import", "timelinejs", str(sheet), "--file", str(events))
    assert refused.exit_code == 2
    # The places are the file's own lines: the `sep=` line counts, a quoted newline too.
    assert f"error: {sheet}:6: Year: 'xx' is not a number\n" in refused.stderr
    result = invoke("import", "timelinejs", str(sheet), "--file", str(events), "--skip-invalid")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(invoke("show", "--json", "--file", str(events)).stdout)
    assert [(event["date"], event["title"]) for event in shown["events"]] == [
        ("2021-03-04", "Acme probed; again"),
        ("2022", "Acme fined"),
    ]
    assert shown["events"][0]["summary"] == "first line second line"  # text is HTML


def test_an_export_saved_by_excel_with_its_separator_line_reads_back(
    invoke: Invoke, small: Path, tmp_path: Path
) -> None:
    exported = invoke("export", "csv", "--file", str(small)).stdout
    rows = list(csv.reader(io.StringIO(exported, newline="")))
    resaved = io.StringIO()
    resaved.write("sep=;\r\n")
    csv.writer(resaved, delimiter=";", lineterminator="\r\n").writerows(rows)
    sheet = tmp_path / "resaved.csv"
    sheet.write_text(resaved.getvalue(), encoding="utf-8", newline="")
    events = tmp_path / "events.yaml"
    events.write_text("version: 1\nevents: []\n", encoding="utf-8")
    result = invoke("import", "csv", str(sheet), "--file", str(events))
    assert result.exit_code == 0, result.stderr
    before = json.loads(invoke("show", "--json", "--file", str(small)).stdout)["events"]
    after = json.loads(invoke("show", "--json", "--file", str(events)).stdout)["events"]
    assert after == before


# ---------------------------------------------------------------------------------------------
# JSON text that is no text: half of a UTF-16 pair


@pytest.mark.parametrize(
    ("fmt", "document", "place"),
    [
        (
            "json",
            {"version": 1, "events": [
                {"id": "a", "date": "2021", "title": "A", "summary": "fine \ud83d\ude00"},
                {"id": "b", "date": "2022", "title": "B",
                 "sources": [{"url": "https://e.org/b", "title": "cut \udfff"}]},
            ]},
            "events[1].sources[0].title: \\udfff",
        ),
        (
            "timelinejs",
            {"events": [{"start_date": {"year": "2021"}, "text": {"headline": "cut \ud800"}}]},
            "events[0].text.headline: \\ud800",
        ),
    ],
    ids=["json", "timelinejs"],
)  # fmt: skip
def test_half_a_surrogate_pair_is_refused_with_its_place(
    invoke: Invoke, tmp_path: Path, fmt: str, document: object, place: str
) -> None:
    # What a JavaScript string cut in the middle of an emoji serialises to.
    source = tmp_path / "cut.json"
    source.write_text(json.dumps(document), encoding="ascii")
    events = tmp_path / "events.yaml"
    events.write_text("version: 1\nevents: []\n", encoding="utf-8")
    for extra in ([], ["--skip-invalid"]):
        result = invoke("import", fmt, str(source), "--file", str(events), *extra)
        assert result.exit_code == 2
        assert result.stderr == (
            f"error: {source}: {place} is half of a UTF-16 surrogate pair, not a character; "
            "fix the text where the JSON was made\n"
        )
        assert events.read_text(encoding="utf-8") == "version: 1\nevents: []\n"


# ---------------------------------------------------------------------------------------------
# Messages that say what to do


def test_a_url_in_a_flow_mapping_gets_the_quoting_hint(
    invoke: Invoke, write: Callable[..., Path]
) -> None:
    # The one-line style a user copies from the events above, with a source added to it.
    path = write(
        "version: 1\nevents:\n"
        "  - {id: a, date: 2021, title: A, sources: [{url: https://e.org/a}]}\n"
    )
    for command in ("show", "check"):
        result = invoke(command, "--file", str(path))
        assert result.exit_code == 2
        assert (
            f"{path}:3:56: found unexpected ':' (while scanning a plain scalar started at line 3, "
            "column 51); inside [...] or {...} a value with ':' in it (a URL, a time) needs quotes"
        ) in result.stderr


def test_an_empty_vocabulary_is_named_as_the_reason(
    invoke: Invoke, write: Callable[..., Path]
) -> None:
    path = write(
        "version: 1\ntimeline: {categories: []}\n"
        "events:\n  - {id: a, date: 2021, title: A, category: fine}\n"
    )
    result = invoke("check", "--file", str(path))
    assert result.exit_code == 1
    assert (
        f"{path}:4:45: error: category 'fine' is not in the vocabulary; timeline.categories is "
        "empty: add the category there, or leave it out [unknown-category]\n"
    ) in result.stdout


# ---------------------------------------------------------------------------------------------
# A folder of timelines with a link that leads nowhere


@pytest.mark.parametrize(
    ("target", "shown"), [("../moved.yaml", "'../moved.yaml'"), ("didi.yaml", "'didi.yaml'")],
    ids=["dangling", "loop"],
)  # fmt: skip
def test_a_broken_link_in_a_folder_of_timelines_is_an_error_not_left_out(
    invoke: Invoke, tmp_path: Path, target: str, shown: str
) -> None:
    folder = tmp_path / "timelines"
    folder.mkdir()
    (folder / "acme.yaml").write_text(SMALL, encoding="utf-8")
    (folder / "didi.yaml").symlink_to(target)
    (folder / "notes.txt").symlink_to("../nowhere.txt")  # not a timeline's name: passed over
    for args in (["show"], ["check"], ["export", "csv"]):
        result = invoke(*args, "--file", str(folder))
        assert result.exit_code == 2, args
        assert result.stderr == (
            f"error: {folder / 'didi.yaml'}: is a link to {shown}, which cannot be read; "
            "mend or remove the link\n"
        )
    (folder / "didi.yaml").unlink()
    assert invoke("show", "--file", str(folder)).exit_code == 0


# ---------------------------------------------------------------------------------------------
# A narrow terminal: nothing runs past the right edge

NARROW = """\
version: 1
timeline: {title: "蚂蚁集团 🐜 the antitrust years of a company with a long name", subject: Acme}
events:
  - id: probe
    date: 2021-03-04/2022-11-30
    title: "Regulator 👩‍⚖️ opens a probe into Acme 蚂蚁集团蚂蚁集团蚂蚁集团蚂蚁集团 e\\u0301"
    category: enforcement
    actors: [Competition Authority, 蚂蚁集团]
    tags: [antitrust, 🐜]
    summary: "Supercalifragilisticexpialidociousandmorewordsthatneverbreak at all."
    sources:
      - {title: Probe, publisher: Ledger, url: "https://example.org/p", published: 2021-03-04}
  - {id: fine, date: 2022-H2, title: Fined, category: enforcement}
"""


@pytest.mark.parametrize("width", [20, 30, 40])
@pytest.mark.parametrize("several", [False, True], ids=["one", "two timelines"])
def test_show_fits_a_narrow_terminal(tmp_path: Path, width: int, several: bool) -> None:
    from rich.cells import cell_len

    from ant_timeline import render, store

    (tmp_path / "acme.yaml").write_text(NARROW, encoding="utf-8")
    if several:
        (tmp_path / "beta.yaml").write_text(
            NARROW.replace("Acme}", "Beta Holdings}"), encoding="utf-8"
        )
    timeline = store.load_set(store.locate_set([tmp_path if several else tmp_path / "acme.yaml"]))
    lines = [
        "".join(text for text, _ in line)
        for line in render.show_lines(timeline, total=2, detail=True, width=width)
    ]
    # A source's address stays whole, to be copied or clicked; the terminal wraps it.
    assert [line for line in lines if cell_len(line) > width and "https://" not in line] == []
    words = " ".join(lines).split()
    assert "enforcement" in words and "Fined" in words
    assert "".join(words).count("蚂蚁集团蚂蚁集团蚂蚁集团蚂蚁集团") == 2 if several else 1


@pytest.mark.parametrize("word", ["x" * 5000, "蚂" * 5000, "é" * 2000 + "蚁" * 3000])
def test_a_long_unbroken_title_is_wrapped_in_one_pass(
    monkeypatch: pytest.MonkeyPatch, word: str
) -> None:
    from rich.cells import cell_len

    from ant_timeline.render import layout

    measured: list[int] = []
    real = layout.cells

    def counting(text: str) -> int:
        measured.append(len(text))
        return real(text)

    monkeypatch.setattr(layout, "cells", counting)
    lines = layout.wrap(f"Title {word} end", 40)
    assert "".join(lines) == f"Title{word}end"
    assert all(cell_len(line) <= 40 for line in lines)
    assert all(cell_len(line) >= 39 for line in lines[1:-2])  # full lines, none cut short
    # Characters measured, not seconds: cutting a word by measuring what is left of it each
    # time costs its length squared over the width (a 1 MB CJK title took minutes).
    assert sum(measured) <= 4 * len(word), sum(measured)


@pytest.mark.parametrize("width", [20, 30, 40])
def test_diff_fits_a_narrow_terminal(tmp_path: Path, width: int) -> None:
    from rich.cells import cell_len

    from ant_timeline import diff, render, store

    old = tmp_path / "a-long-folder-name-for-the-old-side" / "acme.yaml"
    old.parent.mkdir()
    old.write_text(NARROW, encoding="utf-8")
    new = tmp_path / "acme.yaml"
    new.write_text(
        NARROW.replace("2021-03-04/2022-11-30", "2021-03")
        .replace("e\\u0301", "and a longer title 蚂蚁集团蚂蚁集团")
        .replace("[antitrust, 🐜]", "[antitrust, 🐜, a-new-and-rather-long-tag]")
        .replace("2022-H2", "2022-Q4"),
        encoding="utf-8",
    )
    result = diff.diff(store.load(old), store.load(new))
    lines = ["".join(text for text, _ in line) for line in render.diff_lines(result, width=width)]
    assert [line for line in lines if cell_len(line) > width] == []
    words = " ".join(lines).split()
    for field in ("date", "title", "tags"):
        assert field in words
    assert lines[-1] == "2 changed"


# ---------------------------------------------------------------------------------------------
# links: seconds that are no number


@pytest.mark.parametrize(
    ("command", "option", "value"),
    [
        ("links", "--timeout", "nan"),
        ("links", "--timeout", "inf"),
        ("links", "--deadline", "nan"),
        ("links", "--deadline", "1e999"),
        ("archive", "--timeout", "nan"),
    ],
)
def test_seconds_that_are_not_a_number_are_refused(
    invoke: Invoke,
    write: Callable[..., Path],
    private_cache: Path,
    command: str,
    option: str,
    value: str,
) -> None:
    # `nan` passed `min=0.1` (no comparison with it holds) and every link came out "failing".
    path = write(SMALL.replace("https://example.org/", "http://127.0.0.1:9/"))
    result = invoke(command, "--file", str(path), option, value)
    assert result.exit_code == 2
    shown = "inf" if value == "1e999" else value
    assert f"Invalid value for '{option}': {shown} is not a number of seconds" in result.stderr
    assert result.stdout == ""
    assert list(private_cache.iterdir()) == []  # nothing was checked, so nothing kept


@pytest.mark.parametrize(
    ("fmt", "table", "message"),
    [
        ("timelinejs", "Year,Headline,Text,headline\n2021,Acme probed,,Acme fined\n",
         "the header has two 'headline' columns (2 and 4)"),
        ("csv", "id,date,title,summary,Title\nx,2021,Acme probed,,Acme fined\n",
         "the header has two 'Title' columns (3 and 5)"),
    ],
    ids=["timelinejs", "csv"],
)  # fmt: skip
def test_a_column_read_twice_is_refused_not_guessed(
    invoke: Invoke, tmp_path: Path, fmt: str, table: str, message: str
) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(table, encoding="utf-8")
    events = tmp_path / "events.yaml"
    events.write_text("version: 1\nevents: []\n", encoding="utf-8")
    result = invoke("import", fmt, str(sheet), "--file", str(events), "--skip-invalid")
    assert result.exit_code == 2
    assert result.stderr == f"error: {sheet}:1: {message}; keep one, or rename the other\n"
    assert events.read_text(encoding="utf-8") == "version: 1\nevents: []\n"
    # Columns the format does not read may repeat: they are noted and passed over.
    header = "Year,Headline" if fmt == "timelinejs" else "date,title"
    sheet.write_text(f"{header},Notes,notes\n2021,Acme probed,a,b\n", encoding="utf-8")
    passed = invoke("import", fmt, str(sheet), "--file", str(events))
    assert passed.exit_code == 0, passed.stderr
    assert "column 'notes' is not" in passed.stderr
