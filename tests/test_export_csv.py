"""CSV export: golden file, read back with the csv module, formula cells neutralised."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ant_timeline import dates
from ant_timeline.export import ExportOptions, get
from ant_timeline.export.csv import COLUMNS, cell
from ant_timeline.model import Event, Source, Timeline, TimelineInfo
from ant_timeline.text import inert

from .golden import assert_golden, fixture_timeline


def export_csv(timeline: Timeline, *, detail: bool = True) -> str:
    return get("csv").render(timeline, ExportOptions(detail=detail))


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_golden() -> None:
    assert_golden("timeline.csv", export_csv(fixture_timeline()))


def test_reads_back_one_row_per_event() -> None:
    timeline = fixture_timeline()
    text = export_csv(timeline)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert text.endswith("\r\n")
    rows = read(text)
    assert [row["id"] for row in rows] == [event.id for event in timeline.events]
    fined = rows[[e.id for e in timeline.events].index("acme-fined")]
    assert fined["date"] == "2022-07"
    assert fined["display_date"] == "Jul 2022"
    assert (fined["earliest"], fined["latest"]) == ("2022-07-01", "2022-07-31")
    assert fined["precision"] == "month"
    assert fined["actors"].split("; ") == ["Competition Authority", "Acme"]
    assert fined["tags"].split("; ") == ["antitrust", "fine"]
    assert fined["sources"] == "https://example.org/fine"
    assert fined["related"] == "probe-opened"
    probe = rows[[e.id for e in timeline.events].index("probe-opened")]
    assert probe["sources"].split("; ") == [
        "https://example.org/probe",
        'https://example.org/news/acme-probe-(update)?ref="wire"',
    ]
    assert probe["publishers"].split("; ") == ["Daily Ledger", "Wire"]
    # archived copies in source order; empty for a source without one, and for an event
    # whose sources have none
    assert probe["archived"].split("; ") == [
        "https://web.archive.org/web/20210304120000/https://example.org/probe",
        "",
    ]
    assert rows[[e.id for e in timeline.events].index("hearings")]["archived"] == ""
    open_end = rows[[e.id for e in timeline.events].index("monitoring")]
    assert (open_end["earliest"], open_end["latest"]) == ("2023-03-01", "")


def test_multiline_summary_and_utf8_survive() -> None:
    rows = {row["id"]: row for row in read(export_csv(fixture_timeline()))}
    assert rows["hearings"]["summary"].startswith("Five days of hearings.\n\nRivals described")
    assert "中文标题" in rows["market-review"]["title"]


def test_brief_leaves_out_the_summary_column() -> None:
    rows = read(export_csv(fixture_timeline(), detail=False))
    assert "summary" not in rows[0]
    assert list(rows[0]) == [name for name in COLUMNS if name != "summary"]


def test_formula_cells_are_neutralised() -> None:
    rows = {row["id"]: row for row in read(export_csv(fixture_timeline()))}
    appeal = rows["acme-appeals"]
    assert appeal["title"] == '\'=HYPERLINK("http://evil.example","Acme appeals")'
    # Only the start of a cell matters: the joined list starts with "-".
    assert appeal["actors"] == "'-Acme legal team; +1 Counsel; @acme"
    # A formula character inside a cell is left alone.
    assert '"=SUM(A1)"' in rows["hearings"]["summary"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-5%", "'-5%"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "' =1"),  # a tab is shown as a space, and still neutralised
        ("  =1", "'  =1"),
        ("\r=1", "'\n=1"),
        ("＝1", "'＝1"),
        ("Acme = 1", "Acme = 1"),
        ("2022-07", "2022-07"),
        ("", ""),
    ],
)
def test_cell(value: str, expected: str) -> None:
    assert cell(value) == expected


def test_controls_in_cells_are_made_visible() -> None:
    assert cell("Acme\x1b[31m red") == "Acme\\x1b[31m red"


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
def test_any_title_reads_back_as_one_neutral_cell(title: str) -> None:
    event = Event(
        id="e",
        date=dates.EventDate.of_days(date(2020, 1, 1), date(2020, 1, 1)),
        title=title,
        actors=(title, "x"),
        sources=(Source(url=title),),
    )
    rows = read(export_csv(Timeline.of(TimelineInfo(), [event])))
    assert len(rows) == 1
    shown = inert(title, keep_newlines=True)
    assert rows[0]["title"] in (shown, "'" + shown)
    for value in rows[0].values():
        assert value.lstrip(" ")[:1] not in set("=+-@\t\r")
