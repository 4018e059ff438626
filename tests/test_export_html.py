"""The HTML page: structure, dates, escaping, links and its content policy, via html.parser."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest

from ant_timeline import export, store
from ant_timeline.dates import parse
from ant_timeline.export import ExportOptions
from ant_timeline.model import Event, Source, Timeline, TimelineInfo
from ant_timeline.text import inert

from .conftest import CURATED, DATA, SMALL

if TYPE_CHECKING:
    from collections.abc import Iterator

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Node:
    """An element of the parsed page."""

    tag: str
    attrs: dict[str, str | None]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def walk(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.walk()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
        ]

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.all(tag, cls)
        assert len(found) == 1, f"{len(found)} <{tag} class={cls}>"
        return found[0]

    def by_id(self, anchor: str) -> Node:
        return next(n for n in self.walk() if n.attrs.get("id") == anchor)


class Tree(HTMLParser):
    """A strict tree builder: every element must be closed where it was opened."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        assert len(names) == len(set(names)), f"duplicate attribute in <{tag} {attrs}>"
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        assert self.current.parent is not None
        self.current = self.current.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def page_of(timeline: Timeline, options: ExportOptions | None = None) -> tuple[str, Node]:
    text = export.get("html").render(timeline, options or ExportOptions())
    tree = Tree()
    tree.feed(text)
    tree.close()
    assert tree.current is tree.root, "unclosed elements"
    return text, tree.root


def load(text: str) -> Timeline:
    report = store.parse_text(text, "fixture.yaml")
    assert report.ok, report.problems
    return report.timeline


@pytest.fixture(scope="module")
def hostile() -> Timeline:
    return load((DATA / "hostile.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def curated() -> Timeline:
    return store.load(CURATED)


def article_ids(root: Node) -> list[str]:
    return [
        str(item.attrs["id"]).removeprefix("event-")
        for ol in root.all("ol", "events")
        for item in ol.children
        if isinstance(item, Node)
    ]


def test_html_is_in_the_registry() -> None:
    exporter = export.get("html")
    assert "html" in export.names()
    assert exporter.extension == ".html"


@pytest.mark.parametrize("which", ["small", "hostile", "curated"])
def test_every_event_is_an_article_in_order(
    which: str, hostile: Timeline, curated: Timeline
) -> None:
    timeline = {"small": load(SMALL), "hostile": hostile, "curated": curated}[which]
    _, root = page_of(timeline)
    assert article_ids(root) == [event.id for event in timeline.events]
    for ol in root.all("ol", "events"):
        assert "".join(c for c in ol.children if isinstance(c, str)).strip() == ""
        for item in ol.children:
            if isinstance(item, str):
                continue
            assert item.tag == "li"
            assert item.one("article")
            assert "hidden" not in item.attrs  # without the script, every event shows
    titles = [node.text for node in root.all("h3", "title")]
    assert titles == [inert(event.title) for event in timeline.events]


def test_years_are_headings_in_order() -> None:
    _, root = page_of(load(SMALL))
    assert [h2.text for h2 in root.all("h2")] == ["2021", "2022"]
    sections = root.all("section", "year")
    assert [article_ids(section) for section in sections] == [
        ["probe-opened"],
        ["acme-fined", "acme-restructures"],
    ]


def event_time(root: Node, event_id: str) -> tuple[list[str | None], str, str]:
    """(the datetime values, the visible date, the precision label) of one event."""
    when = root.by_id(f"event-{event_id}").one("p", "when")
    label = when.all("span", "precision")
    return (
        [node.attrs.get("datetime") for node in when.all("time")],
        when.text.removesuffix(label[0].text if label else ""),
        label[0].text if label else "",
    )


@pytest.mark.parametrize(
    ("written", "datetimes", "shown", "label"),
    [
        ("2021-03-04", ["2021-03-04"], "4 Mar 2021", ""),
        ("2023-01", ["2023-01"], "Jan 2023", "month"),
        ("2022-Q3", ["2022"], "Q3 2022", "quarter"),
        ("2021-H2", ["2021"], "H2 2021", "half-year"),
        ("2021", ["2021"], "2021", "year"),
        ("2021~", ["2021"], "c. 2021", "year"),
        ("2023-09-23/2023-10-08", ["2023-09-23", "2023-10-08"], "23 Sep – 8 Oct 2023", "16 days"),
        ("2020-12-26/2020-12-27", ["2020-12-26", "2020-12-27"], "26 – 27 Dec 2020", "2 days"),
        ("2021-04/2021-09", ["2021-04", "2021-09"], "Apr – Sep 2021", "6 months"),
        ("2019/2022", ["2019", "2022"], "2019 – 2022", "4 years"),
        ("2023-03/..", ["2023-03"], "Mar 2023 – …", "ongoing"),
        ("../2020", ["2020"], "… – 2020", "open start"),
    ],
)
def test_dates_keep_their_precision(
    written: str, datetimes: list[str], shown: str, label: str
) -> None:
    event = Event("e", parse(written), "An event", sources=(Source("https://example.org"),))
    _, root = page_of(Timeline.of(TimelineInfo(title="T"), [event]))
    assert event_time(root, "e") == (datetimes, shown, label)


def test_imprecise_dates_are_drawn_as_spans_not_points() -> None:
    events = [
        Event(name, parse(written), name, sources=(Source("https://example.org"),))
        for name, written in (
            ("day", "2021-03-04"),
            ("month", "2021-05"),
            ("quarter", "2021-Q3"),
            ("days", "2021-10-01/2021-10-04"),
            ("months", "2021-11/2022-02"),
        )
    ]
    _, root = page_of(Timeline.of(TimelineInfo(), events))
    marks = {event.id: root.by_id(f"event-{event.id}").one("article").classes for event in events}
    assert "point" in marks["day"]
    assert "point" not in marks["month"]
    assert {"vague", "span-3"} <= marks["month"]  # a dashed span a month long
    assert {"vague", "span-4"} <= marks["quarter"]  # longer than the month's
    assert "interval" in marks["days"]
    assert "vague" not in marks["days"]  # both ends are days: a solid bar
    assert {"interval", "vague"} <= marks["months"]


def test_hostile_text_is_shown_as_text(hostile: Timeline) -> None:
    text, root = page_of(hostile)
    by_id = hostile.by_id()
    # Each hostile title is in the page exactly as written, as text.
    for event_id in ("script-title", "attribute-title"):
        heading = root.by_id(f"event-{event_id}-title")
        assert heading.text == by_id[event_id].title
    assert root.one("title").text == hostile.info.title
    assert root.one("h1").text == hostile.info.title
    script_event = root.by_id("event-script-title")
    assert script_event.one("p", "actors").text == "Actors: " + by_id["script-title"].actors[0]
    assert "<img src=x onerror=" in script_event.one("div", "summary").text
    # Nothing from the data became markup: one script, one style, no images, no handlers.
    assert len(root.all("script")) == 1
    assert len(root.all("style")) == 1
    assert root.all("img") == []
    assert root.all("b") == []
    handlers = [(n.tag, name) for n in root.walk() for name in n.attrs if name.startswith("on")]
    assert handlers == []
    assert "pwned" not in (root.one("script").text + root.one("style").text)
    # Invisible characters that could disguise text are shown, not obeyed.
    bidi = root.by_id("event-approximate-year-title").text
    assert "\u202e" not in bidi
    assert "\\u202e" in bidi
    assert "\\x07" in bidi
    assert "\u202e" not in text


def test_data_for_the_filter_script_round_trips(hostile: Timeline) -> None:
    _, root = page_of(hostile)
    for event in hostile.events:
        item = root.by_id(f"event-{event.id}")
        assert json.loads(str(item.attrs["data-tags"])) == [tag.lower() for tag in event.tags]
        assert item.attrs["data-category"] == (event.category or "")
        assert item.attrs["data-date"] == event.date.canonical
    values = {
        str(button.attrs["data-value"])
        for button in root.all("button")
        if button.attrs.get("data-filter") == "tag"
    }
    assert values == {"fine", "</script>", "a\" onclick=\"document.title='pwned'", "antitrust"} | {
        "background",
        "earnings",
        "review",
    }


def test_only_http_links_and_they_do_not_leak(hostile: Timeline) -> None:
    _, root = page_of(hostile)
    links = [str(a.attrs.get("href")) for a in root.all("a")]
    external = [href for href in links if not href.startswith("#")]
    assert external == [
        "https://example.org/background",
        # percent-encoded: nothing in an address can end the attribute or open a tag
        "https://example.org/ok?a=1&b=%22%3E%3Cscript%3Edocument.title='pwned'%3C/script%3E",
        "http://example.org/results",
        "https://example.org/review",
        "https://example.org/policy",
        "https://example.org/open",
    ]
    for anchor in root.all("a"):
        href = str(anchor.attrs["href"])
        if href.startswith("#"):
            target = href[1:]
            assert any(node.attrs.get("id") == target for node in root.walk()), href
        else:
            assert anchor.attrs.get("rel") == "noopener noreferrer"
    # The unsafe addresses are cited as text, marked as not links.
    sources = root.by_id("event-script-title").one("div", "sources").text
    assert "not a web address: javascript:document.title='pwned'" in sources
    assert "not a web address: JaVaScRiPt:" in sources
    assert "not a web address: data:text/html" in sources


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_content_policy_allows_only_the_pages_own_blocks(hostile: Timeline) -> None:
    _, root = page_of(hostile)
    head = root.one("head")
    first = next(node for node in head.children if isinstance(node, Node))
    policy_meta = head.all("meta")[1]
    assert first.tag == "meta"
    assert first.attrs == {"charset": "utf-8"}
    assert policy_meta.attrs["http-equiv"] == "Content-Security-Policy"
    policy = dict(
        [*part.split(" ", 1), ""][:2] for part in str(policy_meta.attrs["content"]).split("; ")
    )
    assert policy["default-src"] == "'none'"
    assert policy["style-src"] == sha256(root.one("style").text)
    assert policy["script-src"] == sha256(root.one("script").text)
    assert "unsafe" not in str(policy_meta.attrs["content"])
    # The policy comes before anything it governs.
    tags = [node.tag for node in head.children if isinstance(node, Node)]
    assert tags.index("meta") < tags.index("style")


def test_the_page_is_self_contained(curated: Timeline) -> None:
    text, root = page_of(curated)
    sources = {source.url for event in curated.events for source in event.sources}
    for node in root.walk():
        assert "src" not in node.attrs, node.tag
        assert node.tag not in {"link", "iframe", "object", "embed", "img", "base"}
        href = node.attrs.get("href")
        if href is not None and not href.startswith("#"):
            assert href in sources
    style = root.one("style").text
    assert "url(" not in style
    assert "@import" not in style
    assert "//" not in root.one("script").text.replace("://", "")  # no comment-hidden loads
    assert {str(a.attrs["href"]) for a in root.all("a") if a.attrs["href"] != "#timeline"} >= (
        sources
    )
    assert text.startswith("<!DOCTYPE html>\n")


def test_filters_are_hidden_until_the_script_shows_them(curated: Timeline) -> None:
    _, root = page_of(curated)
    panel = root.by_id("filters")
    assert "hidden" in panel.attrs
    labels = {str(label.attrs["for"]) for label in panel.all("label")}
    assert labels == {"filter-search", "filter-asof"}
    assert panel.by_id("filter-search").tag == "input"
    assert panel.by_id("filter-asof").attrs["type"] == "range"
    assert panel.by_id("filter-count").attrs["role"] == "status"
    buttons = [b for b in panel.all("button") if b.attrs.get("data-filter")]
    assert all(b.attrs["type"] == "button" and b.attrs["aria-pressed"] == "false" for b in buttons)
    categories = [
        b.one("span", "name").text for b in buttons if b.attrs["data-filter"] == "category"
    ]
    vocabulary = ["regulation", "enforcement", "policy", "corporate", "political", "market"]
    assert categories == [*vocabulary, "context"]
    ipo = next(b for b in buttons if b.attrs.get("data-value") == "ipo")
    assert ipo.text == "ipo 1 event"
    assert panel.by_id("filter-count").text == "Showing all 40 events"


def test_category_is_named_not_only_coloured(curated: Timeline) -> None:
    _, root = page_of(curated)
    for event in curated.events:
        article = root.by_id(f"event-{event.id}").one("article")
        assert article.one("p", "category").text == f"Category: {event.category}"
        assert any(name.startswith("cat-") for name in article.classes)


def test_sources_and_actors_are_shown(curated: Timeline) -> None:
    _, root = page_of(curated)
    event = curated.by_id()["ant-ipo-suspended"]
    item = root.by_id("event-ant-ipo-suspended")
    cited = item.one("div", "sources")
    assert [str(a.attrs["href"]) for a in cited.all("a")] == [s.url for s in event.sources]
    assert [li.text for li in cited.one("ul").all("li")] == [
        "Shanghai stock exchange suspends Ant Group's A-share IPO"
        " Reuters (via Malay Mail), 3 Nov 2020",
        "Ant Group's record-breaking IPO has been suspended Fast Company, 3 Nov 2020",
    ]
    assert item.one("p", "actors").text == "Actors: " + ", ".join(event.actors)
    related = item.one("p", "related")
    assert [str(a.attrs["href"]) for a in related.all("a")] == ["#event-regulators-summon-jack-ma"]


def test_without_detail_summaries_are_left_out(curated: Timeline) -> None:
    _, full = page_of(curated)
    _, brief = page_of(curated, ExportOptions(detail=False))
    assert len(full.all("div", "summary")) == sum(1 for e in curated.events if e.summary)
    assert brief.all("div", "summary") == []
    assert article_ids(brief) == article_ids(full)


def test_quiet_stretches_are_marked() -> None:
    _, root = page_of(load(SMALL))
    gaps = [
        (str(gap.parent.attrs["id"]) if gap.parent else "", gap.text)
        for gap in root.all("p", "gap")
    ]
    assert gaps == [("event-probe-opened", "15 months without events")]  # as `show` counts


def test_header_counts_events_sources_and_the_span(curated: Timeline) -> None:
    _, root = page_of(curated)
    sources = len({s.url for e in curated.events for s in e.sources})
    assert (
        root.one("p", "meta").text == f"40 events · Oct 2020 – Oct 2025 · {sources} sources cited"
    )
    assert root.one("p", "kicker").text == "Timeline · Ant Group"


def test_an_empty_timeline_is_still_a_page() -> None:
    _, root = page_of(Timeline.of(TimelineInfo(title="Nothing yet"), []))
    assert root.one("h1").text == "Nothing yet"
    assert article_ids(root) == []
    assert root.by_id("timeline").all("p", "empty")[0].text == "No events."


def test_print_stylesheet_hides_controls_and_keeps_cards_whole() -> None:
    from ant_timeline.export.html_assets import STYLE

    print_rules = STYLE[STYLE.index("@media print") :]
    assert re.search(r"\.filters[^{]*\{ display: none !important; \}", print_rules)
    assert re.search(r"\.event > article[^{]*\{ break-inside: avoid;", print_rules)


def test_many_tags_offer_a_show_all_button(curated: Timeline) -> None:
    _, root = page_of(curated)
    more = root.by_id("tag-more")
    assert (more.tag, more.attrs["type"], more.attrs["aria-expanded"]) == (
        "button",
        "button",
        "false",
    )
    assert more.attrs["aria-controls"] == "tag-chips"
    assert more.text == "All 28 tags"
    _, small = page_of(load(SMALL))
    assert not any(node.attrs.get("id") == "tag-more" for node in small.walk())
