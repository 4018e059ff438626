"""`import`: TimelineJS sheets and JSON, our own csv and json, into an events file."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ant_timeline import import_, store
from ant_timeline.store import files

from .conftest import DATA, REPO, SMALL

Invoke = Callable[..., Any]
SHEET = DATA / "import" / "didi-sheet.csv"
HEADER = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
]


def sheet(*rows: dict[str, str], header: list[str] = HEADER) -> str:
    """A TimelineJS sheet saved as CSV, as Google Sheets saves it (CRLF, quoted as needed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue()


def row(year: str, headline: str, **cells: str) -> dict[str, str]:
    names = {key.replace("_", " ").title(): value for key, value in cells.items()}
    return {"Year": year, "Headline": headline, **names}


@pytest.fixture
def events(tmp_path: Path) -> Path:
    """An events file as `init` writes it (no events yet)."""
    path = tmp_path / "events.yaml"
    path.write_text(files.new_file_text(title="Acme", subject="Acme"), encoding="utf-8")
    return path


def imported(invoke: Invoke, tmp_path: Path, text: str, events: Path, *args: str) -> Any:
    """Import a sheet (text) into `events`; the loaded timeline after."""
    source = tmp_path / "sheet.csv"
    source.write_text(text, encoding="utf-8", newline="")
    result = invoke("import", "timelinejs", str(source), "--file", str(events), *args)
    assert result.exit_code == 0, result.stderr
    return store.load(events)


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "canonical"),
    [
        ({"Year": "2021"}, "2021"),  # a year alone is a year, never 1 January
        ({"Year": "2021", "Month": "7"}, "2021-07"),
        ({"Year": "2021", "Month": "7", "Day": "2"}, "2021-07-02"),
        ({"Year": " 2,021 ", "Month": "07"}, "2021-07"),  # as TimelineJS cleans a number
        (
            {"Year": "2021", "Month": "7", "Day": "4", "End Year": "2023", "End Month": "1"},
            "2021-07-04/2023-01",
        ),
        ({"Year": "2021", "End Year": "2023"}, "2021/2023"),
        ({"Year": "2021", "Display Date": "2021-H2"}, "2021-H2"),
        ({"Year": "2021", "Display Date": "late 2021"}, "2021-H2"),
        ({"Year": "2021", "Display Date": "c. 2021"}, "2021~"),
        ({"Year": "2022", "Month": "7", "Display Date": "Q3 2022"}, "2022-Q3"),
        (
            {"Year": "2023", "Month": "9", "Day": "23", "Display Date": "23 Sep – 8 Oct 2023"},
            "2023-09-23/2023-10-08",
        ),
        ({"Year": "2021", "Month": "7", "Day": "2", "Time": "9:30 AM"}, "2021-07-02"),
    ],
)
def test_dates_keep_the_precision_the_sheet_has(
    invoke: Invoke, tmp_path: Path, events: Path, cells: dict[str, str], canonical: str
) -> None:
    timeline = imported(invoke, tmp_path, sheet({"Headline": "An event", **cells}), events)
    assert [event.date.canonical for event in timeline.events] == [canonical]


@pytest.mark.parametrize(
    ("display", "note"),
    [
        ("Spring 2021", "Display Date (such as 'Spring 2021') is not a date"),
        ("1999", "Display Date (such as '1999') is not a date this tool reads, or not the date"),
    ],
)
def test_a_display_date_that_is_not_the_date_leaves_the_fields(
    invoke: Invoke, tmp_path: Path, events: Path, display: str, note: str
) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(sheet(row("2021", "An event", month="4", display_date=display)))
    result = invoke("import", "timelinejs", str(source), "--file", str(events))
    assert result.exit_code == 0, result.stderr
    assert [e.date.canonical for e in store.load(events).events] == ["2021-04"]
    assert note in result.stderr


# -- text, sources, groups -------------------------------------------------------------------------


def test_html_becomes_plain_text_and_its_links_sources(
    invoke: Invoke, tmp_path: Path, events: Path
) -> None:
    text = (
        "<p>Regulators <b>summoned</b> Acme &amp; its bosses.</p>"
        '<p>As <a href="https://example.org/wire?a=1&amp;b=2">the wire reported</a>, it agreed.'
        "<br>A second line.</p>"
        "<script>document.title = 'pwned'</script><style>p { color: red }</style>"
        '<p><a href="javascript:alert(1)">not a source</a></p>'
        '<p>Sources: <a href="https://example.org/one">One</a>, <a href="http://example.org/two">Two</a></p>'
    )
    timeline = imported(
        invoke, tmp_path, sheet(row("2021", "<i>Acme</i> summoned", text=text)), events
    )
    (event,) = timeline.events
    assert event.title == "Acme summoned"
    assert event.summary == (
        "Regulators summoned Acme & its bosses.\n\n"
        "As the wire reported, it agreed.\nA second line.\n\n"
        "not a source"
    )
    assert [(s.url, s.title) for s in event.sources] == [
        ("https://example.org/wire?a=1&b=2", "the wire reported"),
        ("https://example.org/one", "One"),
        ("http://example.org/two", "Two"),
    ]
    written = events.read_text(encoding="utf-8")
    assert "pwned" not in written and "color" not in written and "<" not in written
    # paragraphs are kept as the lines of a block summary
    assert "    summary: |-\n      Regulators summoned Acme & its bosses.\n\n" in written


def test_a_bare_address_is_a_source_where_timelinejs_links_it(
    invoke: Invoke, tmp_path: Path, events: Path
) -> None:
    timeline = imported(
        invoke, tmp_path, sheet(row("2021", "A", text="Reported at https://example.org/a.")), events
    )
    assert [s.url for s in timeline.events[0].sources] == ["https://example.org/a"]
    slide = {
        "events": [
            {
                "start_date": {"year": 2021},
                "text": {"headline": "B", "text": "See https://example.org/b"},
                "autolink": False,
            }
        ]
    }
    source = tmp_path / "t.json"
    source.write_text(json.dumps(slide))
    assert invoke("import", "timelinejs", str(source), "--file", str(events)).exit_code == 0
    assert store.load(events).by_id()["b"].sources == ()


@pytest.mark.parametrize(
    ("group", "category", "tags"),
    [
        ("enforcement", "enforcement", ()),
        # A sheet's group is a row label, capitalised as the sheet shows it; the category is
        # written as the vocabulary spells it, so `check` accepts it.
        ("Enforcement", "enforcement", ()),
        ("REGULATION", "regulation", ()),
        ("Data security", None, ("Data security",)),
    ],
)
def test_a_group_is_the_category_when_the_vocabulary_has_it_else_a_tag(
    invoke: Invoke,
    tmp_path: Path,
    events: Path,
    group: str,
    category: str | None,
    tags: tuple[str, ...],
) -> None:
    timeline = imported(invoke, tmp_path, sheet(row("2021", "A", group=group)), events)
    assert (timeline.events[0].category, timeline.events[0].tags) == (category, tags)


def test_the_vocabulary_is_the_files(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "own.yaml"
    path.write_text("version: 1\ntimeline:\n  categories: [fines, rules]\nevents: []\n")
    timeline = imported(
        invoke,
        tmp_path,
        sheet(row("2021", "A", group="fines"), row("2022", "B", group="enforcement")),
        path,
    )
    assert [(e.category, e.tags) for e in timeline.events] == [
        ("fines", ()),
        (None, ("enforcement",)),
    ]


def test_media_is_the_source_only_of_a_row_without_a_link(
    invoke: Invoke, tmp_path: Path, events: Path
) -> None:
    media = {
        "media": "https://example.org/photo",
        "media_caption": "A <b>photo</b>",
        "media_credit": "Wire",
    }
    source = tmp_path / "sheet.csv"
    source.write_text(
        sheet(
            row("2021", "No link", text="Just text.", **media),
            row("2022", "A link", text='<a href="https://example.org/story">Story</a>', **media),
            row("2023", "Not a web address", media="<iframe src='x'></iframe>"),
        )
    )
    result = invoke("import", "timelinejs", str(source), "--file", str(events))
    assert result.exit_code == 0, result.stderr
    by_id = store.load(events).by_id()
    assert [(s.url, s.title, s.publisher) for s in by_id["no-link"].sources] == [
        ("https://example.org/photo", "A photo", "Wire")
    ]
    assert [s.url for s in by_id["a-link"].sources] == ["https://example.org/story"]
    assert by_id["not-a-web-address"].sources == ()
    assert (
        "note: 1 row had no link but an http(s) Media address, which is its source" in result.stderr
    )


def test_title_and_era_rows_are_not_events(invoke: Invoke, tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    source = tmp_path / "sheet.csv"
    source.write_text(
        sheet(
            {
                "Headline": "Acme: <i>the</i> antitrust years",
                "Text": "<p>How it went.</p>",
                "Type": "title",
            },
            row("2021", "The probe", end_year="2022", type="era"),
            row("2021", "An event"),
        )
    )
    result = invoke("import", "timelinejs", str(source), "--file", str(new), "--subject", "Acme")
    assert result.exit_code == 0, result.stderr
    timeline = store.load(new)
    assert [e.title for e in timeline.events] == ["An event"]
    assert (timeline.info.title, timeline.info.subject, timeline.info.description) == (
        "Acme: the antitrust years",
        "Acme",
        "How it went.",
    )
    assert f"note: {source}:3: an era, not an event; it was not read" in result.stderr
    assert "(a new file)" in result.stderr


def test_an_existing_files_header_is_kept(invoke: Invoke, tmp_path: Path, small: Path) -> None:
    before = small.read_text(encoding="utf-8")
    source = tmp_path / "sheet.csv"
    source.write_text(sheet({"Headline": "Another title", "Type": "title"}, row("2024", "New")))
    assert invoke("import", "timelinejs", str(source), "--file", str(small)).exit_code == 0
    after = small.read_text(encoding="utf-8")
    assert after.startswith(before[: before.index("events:")])
    assert store.load(small).info.title == "Acme: the antitrust years"


def test_ids_are_made_from_the_headline_and_unique(
    invoke: Invoke, tmp_path: Path, small: Path
) -> None:
    timeline = imported(
        invoke,
        tmp_path,
        sheet(
            row("2024", "Probe opened"), row("2025", "Probe opened"), row("2026", "Acme: fined!")
        ),
        small,
    )
    ids = [e.id for e in timeline.events if e.date.earliest and e.date.earliest.year >= 2024]
    assert ids == ["probe-opened-2", "probe-opened-3", "acme-fined-2"]


# -- all or nothing, duplicates, the summary ---------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [row("", "No year", month="3")],
            "sheet.csv:2: Year: no year: TimelineJS needs a year for every event",
        ),
        ([row("2021", "Bad month", month="13")], "sheet.csv:2: Month: 13 is not a month (1 to 12)"),
        (
            [row("2023", "Bad day", month="2", day="29")],
            "sheet.csv:2: Day: 29 is not a day of Feb 2023 (it has 28 days)",
        ),
        ([row("2021", "Day alone", day="3")], "sheet.csv:2: Day: a day needs its month (Month)"),
        ([row("March", "Words")], "sheet.csv:2: Year: 'March' is not a number"),
        (
            [row("-500", "Antiquity")],
            "sheet.csv:2: Year: -500 is outside the years a date can have (1 to 9999)",
        ),
        (
            [row("2022", "Backwards", month="5", end_year="2021")],
            "sheet.csv:2: End Year: the event ends (2021) before it starts (May 2022)",
        ),
        (
            [row("2021", "End", end_month="3")],
            "sheet.csv:2: End Month: an end date needs its year (End Year)",
        ),
        ([row("2021", "")], "sheet.csv:2: Headline: no headline"),
        ([row("2021", "<script>alert(1)</script>")], "sheet.csv:2: Headline: no headline"),
    ],
)
def test_an_invalid_row_is_named_and_nothing_is_written(
    invoke: Invoke, tmp_path: Path, small: Path, rows: list[dict[str, str]], message: str
) -> None:
    before = small.read_bytes()
    source = tmp_path / "sheet.csv"
    source.write_text(sheet(row("2024", "A good row"), *rows))
    result = invoke("import", "timelinejs", str(source), "--file", str(small))
    assert result.exit_code == 2
    expected = message.replace("sheet.csv:2", f"{source}:3")
    assert result.stderr.splitlines()[0] == f"error: {expected}"
    assert result.stderr.splitlines()[-1] == (
        f"1 invalid row: nothing written to {small}; fix it, or pass --skip-invalid to import the rest"
    )
    assert small.read_bytes() == before
    assert "Traceback" not in result.stderr


def test_skip_invalid_imports_the_rest_and_names_what_it_skipped(
    invoke: Invoke, tmp_path: Path, events: Path
) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(
        sheet(row("2021", "Good"), row("2021", "Bad", month="13"), row("", "No year"))
    )
    result = invoke("import", "timelinejs", str(source), "--file", str(events), "--skip-invalid")
    assert result.exit_code == 0, result.stderr
    assert [e.title for e in store.load(events).events] == ["Good"]
    assert f"skipped {source}:3: Month: 13 is not a month (1 to 12)" in result.stderr
    assert f"skipped {source}:4: Year: no year" in result.stderr
    assert f"added 1 event to {events}; skipped 2 invalid rows" in result.stderr


def test_duplicates_are_skipped_unless_forced(invoke: Invoke, tmp_path: Path, small: Path) -> None:
    source = tmp_path / "sheet.csv"
    # the same span and nearly the same title as acme-fined, and a new one
    source.write_text(
        sheet(row("2022", "Acme fined for abuse of dominance!", month="7"), row("2024", "New"))
    )
    result = invoke("import", "timelinejs", str(source), "--file", str(small))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert (
        f"{source}:2: skipped: it looks like 'acme-fined' (line 19): the same date and nearly the "
        "same title; --force adds it anyway"
    ) in lines
    assert f"added 1 event to {small}; skipped 1 duplicate" in lines
    assert len(store.load(small).events) == 4
    again = invoke("import", "timelinejs", str(source), "--file", str(small))
    assert again.exit_code == 0
    assert f"nothing to add to {small}; skipped 2 duplicates" in again.stderr
    forced = invoke("import", "timelinejs", str(source), "--file", str(small), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert len(store.load(small).events) == 6


def test_the_same_id_is_a_duplicate_and_force_gives_it_one_of_its_own(
    invoke: Invoke, tmp_path: Path, small: Path
) -> None:
    exported = invoke("export", "csv", "--file", str(small), "--tag", "fine").stdout
    source = tmp_path / "fine.csv"
    source.write_text(exported, encoding="utf-8", newline="")
    result = invoke("import", "csv", str(source), "--file", str(small))
    assert f"{source}:2: skipped: id 'acme-fined' is already in {small} (line 19)" in result.stderr
    forced = invoke("import", "csv", str(source), "--file", str(small), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert f"note: {source}:2: id 'acme-fined' is taken, so it is 'acme-fined-2'" in forced.stderr
    copy = store.load(small).by_id()["acme-fined-2"]
    assert copy.title == "Acme fined for abuse of dominance"


def test_the_summary_at_the_end(invoke: Invoke, tmp_path: Path, events: Path) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(
        sheet(
            row("2021", "Sourced", text='<a href="https://example.org/a">A</a>'),
            row("2022", "Unsourced"),
            row("2023", "Also unsourced"),
        )
    )
    result = invoke("import", "timelinejs", str(source), "--file", str(events))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"read 3 rows of {source} (a TimelineJS sheet)"
    assert result.stderr.splitlines()[-2:] == [
        f"added 3 events to {events}",
        "2 of them have no source: `ant-timeline check` reports each; cite one with `add source`",
    ]
    check = invoke("check", "--file", str(events))
    assert check.stdout.count("[missing-source]") == 2


def test_dry_run_shows_the_diff_and_writes_nothing(
    invoke: Invoke, tmp_path: Path, small: Path
) -> None:
    before = small.read_bytes()
    source = tmp_path / "sheet.csv"
    source.write_text(sheet(row("2022", "Between", month="9"), row("2024", "Last")))
    result = invoke("import", "timelinejs", str(source), "--file", str(small), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert small.read_bytes() == before
    diff = result.stdout
    assert diff.startswith(f"--- a/{str(small).lstrip('/')}\n+++ b/")
    added = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert "  - id: between" in added and "  - id: last" in added
    assert "dry run: would add 2 events" in result.stderr
    new = tmp_path / "new.yaml"
    invoke("import", "timelinejs", str(source), "--file", str(new), "--dry-run")
    assert not new.exists()


def test_the_whole_import_is_one_write(
    invoke: Invoke, tmp_path: Path, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[Path] = []
    real = files.write_atomic

    def counted(path: Path, text: str, **options: Any) -> None:
        writes.append(path)
        real(path, text, **options)

    monkeypatch.setattr(files, "write_atomic", counted)
    source = tmp_path / "sheet.csv"
    source.write_text(sheet(*(row(str(2000 + n), f"Event number {n}") for n in range(50))))
    result = invoke("import", "timelinejs", str(source), "--file", str(small))
    assert result.exit_code == 0, result.stderr
    assert len(store.load(small).events) == 53
    assert writes == [small.resolve()]


def test_every_event_goes_in_at_its_place(invoke: Invoke, tmp_path: Path, small: Path) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(
        sheet(row("2030", "Last"), row("2000", "First"), row("2022", "Middle", month="1"))
    )
    imported(invoke, tmp_path, source.read_text(), small)
    order = store.read_report(small).file_order
    assert order == ["first", "probe-opened", "middle", "acme-fined", "acme-restructures", "last"]


# -- inputs that are not what they say -------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content", "message"),
    [
        (
            "timelinejs",
            "Headline,Text\r\nA,B\r\n",
            "{src}:1: not a TimelineJS sheet: it has no 'Year' column",
        ),
        (
            "timelinejs",
            "Year,Month\r\n2021,1\r\n",
            "{src}:1: not a TimelineJS sheet: it has no 'Headline' column",
        ),
        (
            "timelinejs",
            "version: 1\nevents: []\n",
            "{src}:1: not a TimelineJS sheet: it has no 'Year' or 'Headline' column",
        ),
        ("timelinejs", '{"events": [', "{src}:1:13: not JSON: Expecting value"),
        (
            "timelinejs",
            '{"version": 1, "events": []}',
            "{src}: this is an ant-timeline JSON export, not TimelineJS",
        ),
        (
            "timelinejs",
            '["a"]',
            '{src}: not TimelineJS JSON: expected an object with an "events" list',
        ),
        (
            "timelinejs",
            'Year,Headline\r\n2021,"unclosed\r\n',
            "{src}:2: not CSV: unexpected end of data",
        ),
        (
            "csv",
            "Year,Headline\r\n2021,A\r\n",
            "{src}: this is a TimelineJS sheet (it has Year and Headline columns)",
        ),
        (
            "csv",
            "when,what\r\n2021,A\r\n",
            "{src}:1: not an ant-timeline CSV export: it has no 'date' or 'title' column",
        ),
        ("csv", '{"version": 1}', "{src}: this is JSON, not CSV"),
        ("csv", "", "{src}: is empty: a CSV input starts with a header row"),
        ("json", "id,date,title\r\n", "{src}:1:1: not JSON: Expecting value"),
        (
            "json",
            '{"events": [], "title": {}}',
            "{src}: this is TimelineJS JSON, not an ant-timeline export",
        ),
        ("json", '{"version": 2, "events": []}', '{src}: "version": 2 is not supported'),
    ],
)
def test_an_input_that_is_not_the_format_is_refused(
    invoke: Invoke, tmp_path: Path, small: Path, fmt: str, content: str, message: str
) -> None:
    before = small.read_bytes()
    source = tmp_path / "input"
    source.write_text(content, encoding="utf-8", newline="")
    result = invoke("import", fmt, str(source), "--file", str(small))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: " + message.format(src=source)), result.stderr
    assert small.read_bytes() == before


def test_not_utf8_and_folders_and_missing_files(
    invoke: Invoke, tmp_path: Path, small: Path
) -> None:
    source = tmp_path / "latin1.csv"
    source.write_bytes("Year,Headline\r\n2021,Caf\xe9\r\n".encode("latin-1"))
    result = invoke("import", "timelinejs", str(source), "--file", str(small))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {source}:2:9: not valid UTF-8 (byte 0xe9)")
    result = invoke("import", "timelinejs", str(tmp_path), "--file", str(small))
    assert result.stderr == f"error: {tmp_path}: is a folder, not a timeline to import\n"
    result = invoke("import", "csv", str(tmp_path / "none.csv"), "--file", str(small))
    assert result.stderr == f"error: {tmp_path / 'none.csv'}: no such file; check the path\n"


def test_a_huge_input_is_refused_before_it_is_read(
    invoke: Invoke, tmp_path: Path, small: Path
) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(2**30)  # 1 GiB, sparse: no disk is used
    result = invoke("import", "csv", str(huge), "--file", str(small))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {huge}: the file is larger than 64 MiB; is it a timeline to import?\n"
    )


def test_a_pipe_is_read_only_up_to_the_limit(
    runner: Any, tmp_path: Path, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ant_timeline.cli import app

    monkeypatch.setattr(import_, "MAX_INPUT_BYTES", 1000)
    result = runner.invoke(app, ["import", "csv", "-", "--file", str(small)], input=b"x" * 5000)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: <stdin>: the input is larger than 0 MiB; is it a timeline to import?\n"
    )


def test_a_formula_cell_is_kept_as_text(invoke: Invoke, tmp_path: Path, events: Path) -> None:
    formula = '=HYPERLINK("https://evil.example/x","Acme appeals")'
    timeline = imported(invoke, tmp_path, sheet(row("2022", formula, text=formula)), events)
    (event,) = timeline.events
    assert (event.title, event.summary, event.sources) == (formula, formula, ())
    # and an export guards it again
    exported = invoke("export", "csv", "--file", str(events)).stdout
    assert "'=HYPERLINK" in exported


def test_unknown_columns_are_named(invoke: Invoke, tmp_path: Path, events: Path) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(sheet(row("2021", "A"), header=[*HEADER, "Notes"]))
    result = invoke("import", "timelinejs", str(source), "--file", str(events))
    assert "note: column 'Notes' is not a TimelineJS column; it was not read" in result.stderr


def test_json_problems_are_named_by_their_path(
    invoke: Invoke, tmp_path: Path, events: Path
) -> None:
    document = {
        "events": [
            {"start_date": {"year": 2021}, "text": {"headline": "Fine"}},
            {"start_date": {"year": 2021, "month": 13}, "text": {"headline": "Bad"}},
            {"text": {"headline": "No date"}},
            {"start_date": {"year": "20x1"}, "text": {"headline": "Words"}},
        ]
    }
    source = tmp_path / "timeline.json"
    source.write_text(json.dumps(document))
    result = invoke("import", "timelinejs", str(source), "--file", str(events))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:3] == [
        f"error: {source}: events[1].start_date.month: 13 is not a month (1 to 12)",
        f"{source}: events[2].start_date: no year: TimelineJS needs a year for every event",
        f"{source}: events[3].start_date.year: '20x1' is not a number",
    ]
    envelope = {"version": 1, "events": [{"id": "a", "date": "2023-13", "title": "A"}, {"id": "b"}]}
    source.write_text(json.dumps(envelope))
    result = invoke("import", "json", str(source), "--file", str(events))
    assert result.stderr.splitlines()[:2] == [
        f"error: {source}: events[0].date: '2023-13' is not a valid date: there is no month 13",
        f"{source}: events[1].title: no title",
    ]


def test_a_csv_row_names_its_line(invoke: Invoke, tmp_path: Path, events: Path) -> None:
    text = (
        "id,date,title,summary,sources,source_titles\r\n"
        'a,2021,A,"two\r\nlines",https://example.org/a,\r\n'
        "b,2021-02-30,B,,,\r\n"
        "c,2021,,,,\r\n"
        "d,2021,D,,https://example.org/d,One; Two\r\n"
    )
    source = tmp_path / "in.csv"
    source.write_text(text, encoding="utf-8", newline="")
    result = invoke("import", "csv", str(source), "--file", str(events))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:3] == [
        f"error: {source}:4: date: '2021-02-30' is not a valid date: February 2021 has 28 days",
        f"{source}:5: title: no title",
        f"{source}:6: source_titles: 2 values for 1 source (one per source, in order)",
    ]


# -- our own exports come back ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_piped_back_in_gives_every_event(
    runner: Any, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ant_timeline.cli import app

    monkeypatch.chdir(tmp_path)
    fixture = DATA / "export" / "timeline.yaml"
    exported = runner.invoke(app, ["export", fmt, "--file", str(fixture)]).stdout_bytes
    result = runner.invoke(app, ["import", fmt, "-", "--file", "copy.yaml"], input=exported)
    assert result.exit_code == 0, result.stderr
    assert store.load(tmp_path / "copy.yaml").by_id() == store.load(fixture).by_id()
    diff = runner.invoke(app, ["diff", str(fixture), "copy.yaml"])
    assert diff.exit_code == 0, diff.stdout


def test_a_set_of_timelines_exported_together_comes_into_one_file(
    invoke: Invoke, tmp_path: Path, small: Path, events: Path
) -> None:
    other = tmp_path / "rival.yaml"
    other.write_text(SMALL.replace("Acme", "Rival").replace("acme-", "rival-"), encoding="utf-8")
    exported = invoke("export", "csv", "--file", str(small), "--file", str(other)).stdout
    assert exported.startswith("id,timeline,date,")
    source = tmp_path / "both.csv"
    source.write_text(exported, encoding="utf-8", newline="")
    result = invoke("import", "csv", str(source), "--file", str(events))
    assert result.exit_code == 0, result.stderr
    ids = sorted(event.id for event in store.load(events).events)
    # probe-opened is in both: the second keeps its own id with a suffix
    assert ids == sorted(
        [
            "probe-opened",
            "acme-fined",
            "acme-restructures",
            "probe-opened-2",
            "rival-fined",
            "rival-restructures",
        ]
    )


def test_the_readme_example(invoke: Invoke, tmp_path: Path) -> None:
    """The README's import section is what the tool prints and writes for its example sheet."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- section: import -->")
    section = readme[start : readme.index("<!-- section: ", start + 10)]

    def block(opening: str) -> str:
        begin = section.index(opening) + len(opening)
        return section[begin : section.index("```", begin)]

    (tmp_path / "didi-sheet.csv").write_bytes(SHEET.read_bytes())
    assert invoke("init", "didi.yaml", "--subject", "Didi Global").exit_code == 0
    dry = invoke("import", "timelinejs", "didi-sheet.csv", "--file", "didi.yaml", "--dry-run")
    assert dry.exit_code == 0
    assert dry.stdout.startswith("--- a/didi.yaml\n+++ b/didi.yaml\n")
    command = "$ ant-timeline import timelinejs didi-sheet.csv --file didi.yaml\n"
    result = invoke("import", "timelinejs", "didi-sheet.csv", "--file", "didi.yaml")
    assert block("```text\n" + command) == result.stderr
    written = (tmp_path / "didi.yaml").read_text(encoding="utf-8")
    assert written == (DATA / "import" / "didi.yaml").read_text(encoding="utf-8")
    excerpt = block("```yaml\n")
    shown = ["  - id: " + part for part in excerpt.split("\n  - id: ")]
    shown[0] = shown[0].removeprefix("  - id: ")
    assert len(shown) == 2
    assert all(part in written for part in shown)
    show = invoke("show", "--file", "didi.yaml")
    assert block("```text\n$ ant-timeline show --file didi.yaml\n") == show.stdout


def test_a_long_import_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    source = tmp_path / "sheet.csv"
    source.write_text(sheet(*(row(str(1000 + n), f"Event number {n}") for n in range(3000))))
    target = tmp_path / "events.yaml"
    code = (
        "import sys\nimport ant_timeline.render.console as r\nr.PROGRESS_AFTER = 0\n"
        "from ant_timeline.cli import main\n"
        f"sys.argv = ['ant-timeline', 'import', 'timelinejs', {str(source)!r}, '--file', "
        f"{str(target)!r}, '--dry-run']\nmain()"
    )
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", code], stderr=follower, stdout=subprocess.DEVNULL
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=300) == 0
    os.close(leader)
    assert b"importing into events.yaml" in seen
    assert b"dry run: would add 3000 events" in seen
    piped = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=300, check=True
    )
    assert b"importing into" not in piped.stderr
    assert b"\x1b[" not in piped.stderr


def test_a_new_file_needs_its_folder(invoke: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(sheet(row("2021", "A")))
    missing = tmp_path / "no-such-folder" / "new.yaml"
    result = invoke("import", "timelinejs", str(source), "--file", str(missing))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {missing}: the folder {str(missing.parent)!r} does not exist; create it first\n"
    )


def test_title_and_subject_are_for_a_new_file(invoke: Invoke, tmp_path: Path, small: Path) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(sheet(row("2024", "New")))
    result = invoke("import", "timelinejs", str(source), "--file", str(small), "--title", "Other")
    assert f"note: --title and --subject are for a new file; {small} keeps its own" in result.stderr
    assert store.load(small).info.title == "Acme: the antitrust years"
    new = tmp_path / "new.yaml"
    invoke("import", "timelinejs", str(source), "--file", str(new), "--title", "Mine")
    assert (store.load(new).info.title, store.load(new).info.subject) == ("Mine", "Untitled")


@pytest.mark.parametrize(
    ("encode", "delimiter"),
    [
        (lambda text: text.encode("utf-8-sig"), ","),  # Excel's "CSV UTF-8" starts with a BOM
        (lambda text: text.encode("utf-8"), ";"),  # a spreadsheet in a locale that uses `;`
        (lambda text: text.replace("\r\n", "\n").encode("utf-8"), "\t"),
    ],
)
def test_a_sheet_as_spreadsheets_save_it(
    invoke: Invoke,
    tmp_path: Path,
    events: Path,
    encode: Callable[[str], bytes],
    delimiter: str,
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerow(
        [{"Year": "2021", "Month": "3", "Headline": "Acme; fined"}.get(n, "") for n in HEADER]
    )
    source = tmp_path / "sheet.csv"
    source.write_bytes(encode(out.getvalue()))
    result = invoke("import", "timelinejs", str(source), "--file", str(events))
    assert result.exit_code == 0, result.stderr
    assert [(e.date.canonical, e.title) for e in store.load(events).events] == [
        ("2021-03", "Acme; fined")
    ]


def test_an_endless_input_is_read_only_up_to_the_limit(
    invoke: Invoke, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_, "MAX_INPUT_BYTES", 2**20)
    before = small.read_bytes()
    result = invoke("import", "timelinejs", "/dev/zero", "--file", str(small))
    assert result.exit_code == 2
    assert result.stderr == (
        "error: /dev/zero: the file is larger than 1 MiB; is it a timeline to import?\n"
    )
    assert small.read_bytes() == before
