"""TimelineJS3 export: golden file, dates at their precision, escaped HTML, safe links."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ant_timeline import dates
from ant_timeline.export import ExportOptions, get
from ant_timeline.export.common import one_line
from ant_timeline.model import Event, Source, Timeline, TimelineInfo

from .golden import assert_golden, fixture_timeline


def document(timeline: Timeline, *, detail: bool = True) -> dict[str, Any]:
    text = get("timelinejs").render(timeline, ExportOptions(detail=detail))
    parsed: dict[str, Any] = json.loads(text)
    return parsed


def slides(timeline: Timeline | None = None) -> dict[str, dict[str, Any]]:
    return {s["unique_id"]: s for s in document(timeline or fixture_timeline())["events"]}


class Tags(HTMLParser):
    """The tags, attributes and text of an HTML fragment, as a browser would parse it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html(fragment: str) -> Tags:
    parser = Tags()
    parser.feed(fragment)
    parser.close()
    return parser


def test_golden() -> None:
    assert_golden("timeline.timelinejs.json", get("timelinejs").render(fixture_timeline()))


def test_title_slide_and_one_slide_per_event() -> None:
    timeline = fixture_timeline()
    data = document(timeline)
    assert data["title"]["text"]["headline"] == "Acme: the antitrust years"
    assert [s["unique_id"] for s in data["events"]] == [e.id for e in timeline.events]
    assert {s["group"] for s in data["events"]} == {e.category for e in timeline.events}


@pytest.mark.parametrize(
    ("event_id", "start", "end", "shown"),
    [
        ("probe-opened", {"year": 2021, "month": 3, "day": 4}, None, "4 Mar 2021"),
        (
            "hearings",
            {"year": 2021, "month": 9, "day": 27},
            {"year": 2021, "month": 10, "day": 1},
            "27 Sep – 1 Oct 2021",
        ),
        ("acme-fined", {"year": 2022, "month": 7}, None, "Jul 2022"),
        (
            "acme-appeals",
            {"year": 2022, "month": 7},
            {"year": 2022, "month": 9, "day": 30},
            "c. Q3 2022",
        ),
        (
            "acme-restructures",
            {"year": 2022, "month": 7},
            {"year": 2022, "month": 12, "day": 31},
            "H2 2022",
        ),
        ("market-review", {"year": 2023}, None, "2023?"),
        ("monitoring", {"year": 2023, "month": 3}, None, "Mar 2023 – …"),
        ("pre-history", {"year": 2020}, None, "… – 2020"),
    ],
)
def test_dates_stop_at_their_precision(
    event_id: str, start: dict[str, int], end: dict[str, int] | None, shown: str
) -> None:
    slide = slides()[event_id]
    assert slide["start_date"] == start
    assert slide.get("end_date") == end
    assert slide["display_date"] == shown


def test_text_is_escaped_html_with_safe_links() -> None:
    timeline = fixture_timeline()
    by_id = slides(timeline)
    hostile = by_id["acme-restructures"]
    assert "<script>" not in hostile["text"]["headline"]
    assert (
        "".join(html(hostile["text"]["headline"]).text)
        == timeline.by_id()["acme-restructures"].title
    )
    for slide in by_id.values():
        assert slide["autolink"] is False
        parsed = html(slide["text"]["text"])
        assert {tag for tag, _ in parsed.tags} <= {"p", "ul", "li", "a"}
        for tag, attrs in parsed.tags:
            if tag == "a":
                assert str(attrs["href"]).startswith(("https://", "http://"))
                assert attrs["rel"] == "noopener"
                assert attrs["target"] == "_blank"
    hearings = html(by_id["hearings"]["text"]["text"])
    assert "<b>bold</b>" in "".join(hearings.text)  # shown as text, not markup
    links = [
        attrs["href"]
        for tag, attrs in html(by_id["probe-opened"]["text"]["text"]).tags
        if tag == "a"
    ]
    assert links == [
        "https://example.org/probe",
        "https://web.archive.org/web/20210304120000/https://example.org/probe",
        "https://example.org/news/acme-probe-%28update%29?ref=%22wire%22",
    ]
    fined = html(by_id["acme-fined"]["text"]["text"])
    assert "a" in {tag for tag, _ in fined.tags}  # the source itself
    assert [attrs["href"] for tag, attrs in fined.tags if tag == "a"] == [
        "https://example.org/fine"
    ]  # a javascript: copy is text, never a link
    assert "(archived: javascript:alert('archived'))" in "".join(fined.text)
    appeal = html(by_id["acme-appeals"]["text"]["text"])
    assert "a" not in {tag for tag, _ in appeal.tags}  # an ftp source is text
    assert "Wire (ftp://files.example.org/appeal.pdf): Appeal lodged" in "".join(appeal.text)


def test_brief_leaves_out_summaries() -> None:
    detailed = slides()["probe-opened"]["text"]["text"]
    brief = {s["unique_id"]: s for s in document(fixture_timeline(), detail=False)["events"]}
    assert "exclusive contracts" in detailed
    assert "exclusive contracts" not in brief["probe-opened"]["text"]["text"]


text_values = (
    st.lists(
        st.one_of(
            st.characters(codec="utf-8", exclude_categories=("Cs",)),
            st.sampled_from(["<", ">", "&", '"', "'", "<script>", "&amp;", "</p>"]),
        ),
        min_size=1,
        max_size=20,
    )
    .map("".join)
    .filter(lambda text: bool(one_line(text)))
)


@settings(max_examples=200, deadline=None)
@given(title=text_values, publisher=text_values, url=text_values)
def test_any_text_stays_text(title: str, publisher: str, url: str) -> None:
    event = Event(
        id="e",
        date=dates.parse("2021"),
        title=title,
        summary=title,
        actors=(title,),
        sources=(Source(url=url, publisher=publisher), Source(url="https://x.org/" + quote(url))),
    )
    slide = document(Timeline(TimelineInfo(title=title), (event,)))["events"][0]
    assert "".join(html(slide["text"]["headline"]).text) == one_line(title)
    parsed = html(slide["text"]["text"])
    assert [tag for tag, _ in parsed.tags if tag not in ("p", "ul", "li")] == ["a"]


def drawn_by_timelinejs(value: str) -> Tags:
    """What TimelineJS 3.9 makes of `group` and `display_date`: it takes the text of the value
    parsed as HTML (its `stripMarkup`), then writes that text into the page as HTML."""
    return html("".join(html(value).text))


@pytest.mark.parametrize(
    "category",
    [
        "<b>bold</b>",
        "&lt;img src=x onerror=alert(1)&gt;",
        "a<style><img src=x onerror=alert(1)></style>",
        "&amp;lt;b&amp;gt; AT&T",
        "&#60;script&#62;",
    ],
)
def test_group_shows_the_category_as_written(category: str) -> None:
    event = Event(id="e", date=dates.parse("2021"), title="t", category=category)
    slide = document(Timeline(TimelineInfo(title="T"), (event,)))["events"][0]
    drawn = drawn_by_timelinejs(slide["group"])
    assert drawn.tags == []
    assert "".join(drawn.text) == category


@settings(max_examples=200, deadline=None)
@given(category=text_values)
def test_any_group_stays_text(category: str) -> None:
    event = Event(id="e", date=dates.parse("2021-Q3"), title="t", category=category)
    slide = document(Timeline(TimelineInfo(title="T"), (event,)))["events"][0]
    drawn = drawn_by_timelinejs(slide["group"])
    assert drawn.tags == []
    assert "".join(drawn.text) == one_line(category)
    date_drawn = drawn_by_timelinejs(slide["display_date"])
    assert (date_drawn.tags, "".join(date_drawn.text)) == ([], "Q3 2021")


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("2022-Q2", {"year": 2022, "month": 4}, {"year": 2022, "month": 6, "day": 30}),
        ("2024-H1", {"year": 2024, "month": 1}, {"year": 2024, "month": 6, "day": 30}),
        ("2023-01/2023-05", {"year": 2023, "month": 1}, {"year": 2023, "month": 5, "day": 31}),
        ("2024-02/2024-02-10", {"year": 2024, "month": 2}, {"year": 2024, "month": 2, "day": 10}),
        ("2019/2021", {"year": 2019}, {"year": 2021, "month": 12, "day": 31}),
        ("2020-Q4/2021-H1~", {"year": 2020, "month": 10}, {"year": 2021, "month": 6, "day": 30}),
    ],
)
def test_a_span_ends_on_its_last_day(
    written: str, start: dict[str, int], end: dict[str, int]
) -> None:
    """TimelineJS reads a month alone as its first day: an end gives the day it really ends."""
    event = Event(id="e", date=dates.parse(written), title="t")
    slide = document(Timeline(TimelineInfo(title="T"), (event,)))["events"][0]
    assert (slide["start_date"], slide["end_date"]) == (start, end)
    assert slide["display_date"] == event.date.display()
