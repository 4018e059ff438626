"""Mermaid export: golden file, and no event text can end a line or open an entry."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ant_timeline import dates
from ant_timeline.export import ExportOptions, get
from ant_timeline.model import Event, Timeline, TimelineInfo

from .golden import assert_golden, fixture_timeline

# The tokens of Mermaid's timeline lexer (timeline.jison). Older releases stop an event or a
# title at `#` and `;`; newer ones allow `:` inside an event when no space follows it. The
# strictest of both is used here.
TITLE = re.compile(r"    title [^#\n;]+")
SECTION = re.compile(r"    section [^#:\n;]+")
PERIOD_EVENT = re.compile(r"        (?P<period>[^#:\n%;]+) : (?P<event>[^#:\n;]+)")
MORE_EVENT = re.compile(r"            : (?P<event>[^#:\n;]+)")


def mermaid(timeline: Timeline) -> str:
    return get("mermaid").render(timeline, ExportOptions())


def test_golden() -> None:
    assert_golden("timeline.mmd", mermaid(fixture_timeline()))


def test_structure() -> None:
    timeline = fixture_timeline()
    lines = mermaid(timeline).splitlines()
    assert lines[0] == "timeline"
    assert lines[1] == "    title Acme: the antitrust years"
    assert [line for line in lines if SECTION.fullmatch(line)] == [
        "    section Earlier",
        "    section 2021",
        "    section 2022",
        "    section 2023",
    ]
    entries = [line for line in lines if PERIOD_EVENT.fullmatch(line)]
    assert len(entries) == len(timeline.events)
    assert '        c. Q3 2022 : =HYPERLINK("http∶//evil.example","Acme appeals")' in entries
    assert "        27 Sep – 1 Oct 2021 : Hearings∶ Acme's rivals testify, Acme objects" in entries


def test_events_on_the_same_date_share_a_period() -> None:
    same_day = dates.parse("2023-05-16")
    events = [Event(id=f"e{n}", date=same_day, title=f"Event {n}") for n in range(2)]
    assert mermaid(Timeline.of(TimelineInfo(title="T"), events)).splitlines()[2:] == [
        "    section 2023",
        "        16 May 2023 : Event 0",
        "            : Event 1",
    ]


text_values = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from([*":;#%\n\r\t<>{}", "%%", "<br>", ": ", "section ", "title "]),
    ),
    min_size=1,
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(text_values, min_size=1, max_size=5), text_values)
def test_no_text_can_end_a_line_or_open_an_entry(titles: list[str], title: str) -> None:
    events = [
        Event(
            id=f"e{n}",
            date=dates.EventDate.of_days(date(2021, 1, n + 1), date(2021, 1, n + 1)),
            title=text,
        )
        for n, text in enumerate(titles)
    ]
    lines = mermaid(Timeline.of(TimelineInfo(title=title), events)).split("\n")
    assert lines[-1] == ""  # newline-terminated, and no other empty line
    lines = lines[:-1]
    assert lines[0] == "timeline"
    assert TITLE.fullmatch(lines[1])
    assert lines[2] == "    section 2021"
    entries = lines[3:]
    assert len(entries) == len(events)  # one line per event, whatever its text
    for line in entries:
        assert PERIOD_EVENT.fullmatch(line), line
        assert "%%" not in line and "<" not in line
