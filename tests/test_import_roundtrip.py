"""Round trips: an export imported into an empty file gives the events back.

- `export json | import json`: every field of every event, for any timeline that loads (the
  generated hostile timelines of test_fuzz, ids and text of any kind included).
- `export csv | import csv`: every field, for timelines whose text a CSV holds as it is (it
  shows control characters as visible escapes, and an empty value is no value).
- `export timelinejs | import timelinejs`: dates with their precision, titles, summaries,
  categories, actors and sources (TimelineJS has no tags or related; ids are made again).
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ant_timeline import dates, export, import_, store
from ant_timeline.cli import app
from ant_timeline.export import ExportOptions
from ant_timeline.model import DEFAULT_CATEGORIES, Event, Source, Timeline, TimelineInfo
from ant_timeline.store import files

from .test_fuzz import LOADABLE, valid_dates, valid_points

ROUND_TRIP = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def empty_file(folder: Path) -> Path:
    """A fresh events file as `init` writes it."""
    path = folder / "target.yaml"
    path.unlink(missing_ok=True)
    path.write_text(files.new_file_text(title="Target", subject="Target"), encoding="utf-8")
    return path


@ROUND_TRIP
@given(text=LOADABLE)
def test_export_json_then_import_json_gives_every_event_back(tmp_path: Path, text: str) -> None:
    source = tmp_path / "source.yaml"
    source.write_text(text, encoding="utf-8")
    target = empty_file(tmp_path)
    runner = CliRunner()
    exported = runner.invoke(app, ["export", "json", "--file", str(source)])
    assert exported.exit_code == 0, exported.stderr
    result = runner.invoke(
        app, ["import", "json", "-", "--file", str(target)], input=exported.stdout_bytes
    )
    assert result.exit_code == 0, result.stderr
    assert store.load(target).by_id() == store.load(source).by_id()


# -- CSV: text a spreadsheet holds as it is ---------------------------------------------------

# Printable text and line breaks: what a CSV cell shows as it is.
cell_text = st.lists(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp"))
    | st.sampled_from(["\n", "; ", ";", "\\", "'", "=", "-", "@", '"', ",", " "]),
    min_size=1,
    max_size=16,
).map("".join)
some_text = cell_text.filter(str.strip)
maybe_text = st.none() | cell_text
values = st.lists(cell_text, max_size=3).filter(lambda items: items != [""])
kebab = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)


@st.composite
def csv_events(draw: st.DrawFn) -> list[Event]:
    ids = draw(st.lists(kebab | some_text, max_size=6, unique=True))
    events = []
    for event_id in ids:
        sources = draw(
            st.lists(
                st.builds(
                    Source,
                    url=some_text,
                    title=maybe_text,
                    publisher=maybe_text,
                    published=st.none() | valid_points.map(dates.parse),
                    archived=maybe_text,
                ),
                max_size=3,
            )
        )
        events.append(
            Event(
                id=event_id,
                date=dates.parse(draw(valid_dates)),
                title=draw(some_text),
                summary=draw(maybe_text),
                category=draw(maybe_text),
                actors=tuple(draw(values)),
                tags=tuple(draw(values)),
                sources=tuple(sources),
                related=tuple(draw(values)),
            )
        )
    return events


def imported(fmt: str, text: str, target: Path) -> dict[str, Event]:
    batch = import_.get(fmt).read(text, f"export.{fmt}")
    assert batch.invalid == []
    import_.run(store.TimelineFile(target, "option"), batch)
    return dict(store.load(target).by_id())


@ROUND_TRIP
@given(events=csv_events())
def test_export_csv_then_import_csv_gives_every_event_back(
    tmp_path: Path, events: list[Event]
) -> None:
    timeline = Timeline.of(TimelineInfo(title="Source"), events)
    text = export.get("csv").render(timeline, ExportOptions())
    assert imported("csv", text, empty_file(tmp_path)) == {event.id: event for event in events}


# -- TimelineJS: what it has room for ----------------------------------------------------------

word = st.text(string.ascii_letters + string.digits + "&<>'\"é蚂;:!?()-", min_size=1, max_size=8)
line = st.lists(word, min_size=1, max_size=6).map(" ".join)  # one line, spaced once
summary = st.lists(line, min_size=1, max_size=3).map("\n\n".join)  # paragraphs


def _plain_for_timelinejs(text: str) -> bool:
    """Dates whose display and fields say what they are (see the README's round trips)."""
    when = dates.parse(text)
    start, end = when.start, when.end
    if when.interval and start is not None and start == end:
        # A quarter or half from itself to itself has the fields and display of the one.
        return start.precision not in (dates.Precision.QUARTER, dates.Precision.HALF)
    return not (
        start is not None
        and end is not None
        and start.precision is dates.Precision.YEAR
        and start.year <= 31
        and end.precision is dates.Precision.DAY
    )


@st.composite
def timelinejs_events(draw: st.DrawFn) -> list[Event]:
    events = []
    for number in range(draw(st.integers(0, 6))):
        sources = draw(
            st.lists(
                st.builds(
                    Source,
                    url=st.builds(lambda tail: "https://example.org/" + tail, word) | some_text,
                    title=st.none() | line,
                    publisher=st.none() | line,
                    published=st.none() | valid_points.map(dates.parse),
                    archived=st.none() | line,
                ),
                max_size=3,
                unique_by=lambda source: source.url,
            )
        )
        events.append(
            Event(
                id=f"e-{number}",
                date=dates.parse(draw(valid_dates.filter(_plain_for_timelinejs))),
                title=draw(line),
                summary=draw(st.none() | summary),
                category=draw(st.none() | st.sampled_from(DEFAULT_CATEGORIES)),
                actors=tuple(draw(st.lists(line, max_size=3))),
                sources=tuple(sources),
            )
        )
    return events


def kept(event: Event) -> tuple[Any, ...]:
    """What a TimelineJS export keeps of an event."""
    return (
        event.date,
        event.title,
        event.summary,
        event.category,
        event.actors,
        event.sources,
    )


@ROUND_TRIP
@given(events=timelinejs_events())
def test_export_timelinejs_then_import_timelinejs_keeps_what_timelinejs_has(
    tmp_path: Path, events: list[Event]
) -> None:
    timeline = Timeline.of(TimelineInfo(title="Source", subject="Acme"), events)
    text = export.get("timelinejs").render(timeline, ExportOptions())
    back = imported("timelinejs", text, empty_file(tmp_path)).values()
    assert sorted(map(repr, map(kept, back))) == sorted(map(repr, map(kept, events)))


def test_the_curated_timelines_come_back_from_every_export_that_can_hold_them(
    tmp_path: Path,
) -> None:
    from .conftest import CURATED, REPO

    for curated in (CURATED, REPO / "examples" / "didi.yaml"):
        timeline = store.load(curated)
        for fmt in ("json", "csv", "timelinejs"):
            text = export.get(fmt).render(timeline, ExportOptions())
            back = imported(fmt, text, empty_file(tmp_path))
            if fmt == "timelinejs":
                assert sorted(map(repr, map(kept, back.values()))) == sorted(
                    map(repr, map(kept, timeline.events))
                ), curated
            else:
                assert back == dict(timeline.by_id()), (curated, fmt)
