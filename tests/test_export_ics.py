"""iCalendar export: golden file, and every event read back with the icalendar package."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ant_timeline import dates
from ant_timeline.export import ExportOptions, get
from ant_timeline.export.common import one_line
from ant_timeline.export.ics import escape_text, fold
from ant_timeline.model import Event, Source, Timeline, TimelineInfo

from .golden import assert_golden, fixture_timeline


def export_ics(timeline: Timeline, *, detail: bool = True) -> str:
    return get("ics").render(timeline, ExportOptions(detail=detail))


def vevents(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_golden() -> None:
    assert_golden("timeline.ics", export_ics(fixture_timeline()))


def test_every_event_round_trips() -> None:
    timeline = fixture_timeline()
    parsed = vevents(export_ics(timeline))
    assert len(parsed) == len(timeline.events)
    for event, vevent in zip(timeline.events, parsed, strict=True):
        assert str(vevent["UID"]) == f"{event.id}@acme.ant-timeline"
        assert str(vevent["SUMMARY"]) == one_line(event.title)
        assert [str(c) for c in vevent["CATEGORIES"].cats] == [event.category]
        assert str(vevent["TRANSP"]) == "TRANSPARENT"
        start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
        assert type(start) is date and type(end) is date  # all-day values, not date-times
        if event.date.earliest and event.date.latest:
            assert (start, end) == (event.date.earliest, event.date.latest + timedelta(days=1))


@pytest.mark.parametrize(
    ("event_id", "first", "after_last"),
    [
        ("probe-opened", date(2021, 3, 4), date(2021, 3, 5)),  # a day
        ("hearings", date(2021, 9, 27), date(2021, 10, 2)),  # an interval of days
        ("acme-fined", date(2022, 7, 1), date(2022, 8, 1)),  # a month
        ("acme-appeals", date(2022, 7, 1), date(2022, 10, 1)),  # an approximate quarter
        ("acme-restructures", date(2022, 7, 1), date(2023, 1, 1)),  # a half
        ("market-review", date(2023, 1, 1), date(2024, 1, 1)),  # an uncertain year
        ("monitoring", date(2023, 3, 1), date(2023, 4, 1)),  # 2023-03/..: its known month
        ("pre-history", date(2020, 1, 1), date(2021, 1, 1)),  # ../2020: its known year
    ],
)
def test_spans_by_precision(event_id: str, first: date, after_last: date) -> None:
    parsed = {str(v["UID"]).split("@")[0]: v for v in vevents(export_ics(fixture_timeline()))}
    vevent = parsed[event_id]
    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (first, after_last)


def test_description_url_and_open_ends() -> None:
    parsed = {str(v["UID"]).split("@")[0]: v for v in vevents(export_ics(fixture_timeline()))}
    probe = parsed["probe-opened"]
    assert str(probe["URL"]) == "https://example.org/probe"
    description = str(probe["DESCRIPTION"])
    assert description.splitlines()[0] == "Date: 4 Mar 2021"
    assert "exclusive contracts." in description
    assert "- Daily Ledger, 4 Mar 2021: Probe opened https://example.org/probe" in description
    assert "https://example.org/news/acme-probe-%28update%29?ref=%22wire%22" in description
    assert "URL" not in parsed["acme-appeals"]  # its only source is not http(s)
    assert "(an interval with an open end)" in str(parsed["monitoring"]["DESCRIPTION"])
    brief = {
        str(v["UID"]).split("@")[0]: v
        for v in vevents(export_ics(fixture_timeline(), detail=False))
    }
    assert "exclusive contracts." not in str(brief["probe-opened"]["DESCRIPTION"])


def test_lines_are_crlf_and_folded_at_75_octets() -> None:
    data = export_ics(fixture_timeline()).encode("utf-8")
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert max(len(line) for line in lines) == 75  # the fixture has lines that need folding
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is whole UTF-8: no character split
    assert any(line.startswith(b" ") for line in lines)


def test_stable_output_and_dtstamp_from_the_data() -> None:
    timeline = fixture_timeline()
    assert export_ics(timeline) == export_ics(fixture_timeline())
    parsed = {str(v["UID"]).split("@")[0]: v for v in vevents(export_ics(timeline))}
    # The latest day the event or its sources mention: here the second source's 5 March.
    assert parsed["probe-opened"].decoded("DTSTAMP") == datetime.fromisoformat(
        "2021-03-05T00:00:00+00:00"
    )


def test_dtstamp_of_a_year_before_1000_has_four_digits() -> None:
    # strftime("%Y") writes year 999 as "999" on glibc: not an iCalendar DATE-TIME.
    event = Event("early", dates.parse("0999"), "A very old event")
    text = export_ics(Timeline.of(TimelineInfo(), [event]))
    assert "DTSTAMP:09991231T000000Z\r\n" in text
    assert vevents(text)[0].decoded("DTSTAMP") == datetime.fromisoformat(
        "0999-12-31T00:00:00+00:00"
    )


def test_uid_does_not_depend_on_the_selection_or_order() -> None:
    timeline = fixture_timeline()
    whole = {str(v["SUMMARY"]): str(v["UID"]) for v in vevents(export_ics(timeline))}
    part = timeline.replace_events(reversed(timeline.events[2:5]))
    for vevent in vevents(export_ics(part)):
        assert whole[str(vevent["SUMMARY"])] == str(vevent["UID"])


def test_uid_with_a_subject_without_ascii() -> None:
    timeline = Timeline(TimelineInfo(subject="蚂蚁集团"), fixture_timeline().events[:1])
    uid = str(vevents(export_ics(timeline))[0]["UID"])
    assert uid.startswith("pre-history@") and uid.endswith(".ant-timeline")
    assert uid == str(vevents(export_ics(timeline))[0]["UID"])


def test_line_breaks_in_text_cannot_inject_properties() -> None:
    hostile = "Fine\r\nATTENDEE:mailto:victim@example.org\r\nEND:VEVENT\nBEGIN:VEVENT"
    event = Event(
        id="fine\r\nX-INJECTED:id",  # loads (check reports it), so it must be safe too
        date=dates.parse("2023-07-07"),
        title=hostile,
        summary=hostile,
        category="enforcement\r\nORGANIZER:x",
        actors=(hostile,),
        sources=(Source(url="https://example.org/\r\nX-INJECTED:1", publisher=hostile),),
    )
    text = export_ics(Timeline(TimelineInfo(title=hostile), (event,)))
    parsed = vevents(text)
    assert len(parsed) == 1
    names = set(parsed[0].keys())
    # (no URL: an address with a line break in it is not a web address)
    assert names == {
        "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "CATEGORIES", "TRANSP",
    }  # fmt: skip
    assert str(parsed[0]["SUMMARY"]) == one_line(hostile)
    for line in text.split("\r\n"):
        assert "\r" not in line and "\n" not in line  # no bare CR or LF anywhere
        assert not line.startswith(("ATTENDEE", "ORGANIZER", "X-INJECTED"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("one\ntwo", "one\\ntwo"),
        ("plain: text", "plain: text"),
    ],
)
def test_escape_text(value: str, expected: str) -> None:
    assert escape_text(value) == expected


def test_fold_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é中😀" * 40
    folded = fold(line)
    physical = folded.encode("utf-8").split(b"\r\n")[:-1]
    assert all(len(part) <= 75 for part in physical)
    assert folded.replace("\r\n ", "") == line + "\r\n"


text_values = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list(',;\\:\r\n\t"')),  # iCalendar's own syntax, often
    ),
    min_size=1,
    max_size=120,
).filter(lambda text: bool(one_line(text)))


@settings(max_examples=200, deadline=None)
@given(title=text_values, category=text_values, summary=text_values)
def test_any_text_round_trips(title: str, category: str, summary: str) -> None:
    event = Event(
        id="e",
        date=dates.parse("2022-Q3"),
        title=title,
        summary=summary,
        category=category,
        sources=(Source(url='https://example.org/a"(b)', publisher=title),),
    )
    parsed = vevents(export_ics(Timeline(TimelineInfo(title=title), (event,))))
    assert len(parsed) == 1
    assert str(parsed[0]["SUMMARY"]) == one_line(title)
    assert [str(c) for c in parsed[0]["CATEGORIES"].cats] == [one_line(category)]
    assert str(parsed[0]["URL"]) == "https://example.org/a%22%28b%29"
