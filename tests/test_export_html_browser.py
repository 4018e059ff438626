"""The HTML page in a real browser: headless Chromium loads it, runs its script, draws it.

Run by `make test-browser`, which installs Debian's chromium when it is missing. Without it these
tests fail rather than skip: a browser test that silently does not run proves nothing.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ant_timeline import export, store
from ant_timeline.export import ExportOptions

from .chromium import DevTools, console_messages, devtools, run_chromium
from .conftest import CURATED, DATA
from .test_export_html import Node, Tree

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ant_timeline.model import Timeline

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def hostile() -> Timeline:
    report = store.parse_text((DATA / "hostile.yaml").read_text(encoding="utf-8"), "hostile.yaml")
    assert report.ok, report.problems
    return report.timeline


@pytest.fixture
def page(tmp_path: Path, hostile: Timeline) -> Path:
    path = tmp_path / "hostile.html"
    path.write_text(export.get("html").render(hostile, ExportOptions()), encoding="utf-8")
    return path


def dom_after_scripts(tmp_path: Path, page: Path, fragment: str = "") -> tuple[Node, list[str]]:
    """The DOM as the browser holds it once the page has loaded, and the console messages."""
    done = run_chromium(tmp_path, "--dump-dom", page.as_uri() + fragment)
    tree = Tree()
    tree.feed(done.stdout)
    tree.close()
    return tree.root, console_messages(done.stderr)


def shown_events(root: Node) -> list[str]:
    return [
        str(item.attrs["id"]).removeprefix("event-")
        for item in root.all("li", "event")
        if "hidden" not in item.attrs
    ]


def test_every_event_is_shown_in_order_and_nothing_injected_ran(
    tmp_path: Path, page: Path, hostile: Timeline
) -> None:
    root, console = dom_after_scripts(tmp_path, page)
    assert console == []  # no script error, nothing blocked by the content policy
    assert shown_events(root) == [event.id for event in hostile.events]
    # The injected scripts would have set the title or marked <html>.
    html = root.one("html")
    assert root.one("title").text == hostile.info.title
    assert "data-pwned" not in html.attrs
    handlers = [(n.tag, name) for n in root.walk() for name in n.attrs if name.startswith("on")]
    assert handlers == []
    assert [n.tag for n in root.walk() if n.tag in {"img", "b", "iframe"}] == []
    assert len(root.all("script")) == 1
    # ... and the hostile titles are there, as text.
    titles = {str(h.attrs["id"]): h.text for h in root.all("h3", "title")}
    by_id = hostile.by_id()
    for event_id in ("script-title", "attribute-title"):
        assert titles[f"event-{event_id}-title"] == by_id[event_id].title
    links = [str(a.attrs["href"]) for a in root.all("a")]
    assert not any(href.lower().startswith(("javascript:", "data:")) for href in links)
    # The page's own script did run: it shows the filters and counts the events.
    assert "js" in html.classes
    assert "hidden" not in root.by_id("filters").attrs
    assert root.by_id("filter-count").text == "Showing all 7 events"


def test_filtering_by_tag_hides_the_other_events(tmp_path: Path, page: Path) -> None:
    root, console = dom_after_scripts(tmp_path, page, "#tag=fine")
    assert console == []
    # Tags match whole values in any case, as in `show --tag`: "Fine" counts.
    assert shown_events(root) == ["script-title", "quarter-report", "still-open"]
    assert root.by_id("filter-count").text == "Showing 3 of 7 events"
    pressed = [
        button.attrs["data-value"]
        for button in root.all("button", "chip")
        if button.attrs["aria-pressed"] == "true"
    ]
    assert pressed == ["fine"]
    # Years left without a shown event are hidden with their heading.
    visible_years = [
        section.one("h2").text
        for section in root.all("section", "year")
        if "hidden" not in section.attrs
    ]
    assert visible_years == ["2021", "2022", "2024"]
    assert "filtered" in root.one("html").classes


def test_category_tag_and_search_combine(tmp_path: Path, page: Path) -> None:
    root, _ = dom_after_scripts(tmp_path, page, "#category=enforcement&q=INVESTIGATION")
    assert shown_events(root) == ["still-open"]
    assert root.by_id("filter-count").text == "Showing 1 of 7 events"
    root, _ = dom_after_scripts(tmp_path, page, "#tag=nothing-like-this&q=zzz")
    assert shown_events(root) == []
    assert "hidden" not in root.by_id("filter-empty").attrs
    assert root.by_id("filter-count").text == "Showing 0 of 7 events"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshots_at_desktop_and_phone_width(tmp_path: Path, page: Path) -> None:
    for name, width, height in (("desktop", 1280, 1600), ("phone", 390, 1200)):
        shot = tmp_path / f"{name}.png"
        done = run_chromium(
            tmp_path, f"--window-size={width},{height}", f"--screenshot={shot}", page.as_uri()
        )
        assert console_messages(done.stderr) == []
        assert shot.stat().st_size > 10_000  # a drawn page, not a blank image
        assert png_size(shot) == (width, height)


def test_curated_page_shows_the_most_used_tags_first(tmp_path: Path) -> None:
    path = tmp_path / "ant.html"
    curated = store.load(CURATED)
    tags = len({tag for event in curated.events for tag in event.tags})
    path.write_text(export.get("html").render(curated, ExportOptions()), encoding="utf-8")
    root, console = dom_after_scripts(tmp_path, path, "#tag=valuation")
    assert console == []
    chips = [b for b in root.all("button", "chip") if b.attrs["data-filter"] == "tag"]
    shown = [str(b.attrs["data-value"]) for b in chips if "hidden" not in b.attrs]
    assert len(chips) == tags
    # The twelve most used, and the one chosen (used once, so otherwise tucked away).
    assert shown[:12] == [str(b.attrs["data-value"]) for b in chips[:12]]
    assert shown[12:] == ["valuation"]
    assert root.by_id("tag-more").text == f"All {tags} tags"
    assert shown_events(root) == ["ant-share-buyback"]


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    with devtools(tmp_path) as driver:
        yield driver


SHOWN = "[...document.querySelectorAll('li.event:not([hidden])')].map(e => e.id.slice(6))"


def test_a_keyboard_reader_filters_searches_and_clears(
    browser: DevTools, page: Path, hostile: Timeline
) -> None:
    browser.call("Page.enable")
    browser.call("Runtime.enable")
    browser.call("Page.navigate", url=page.as_uri())
    browser.wait_for("Page.loadEventFired")
    # Tab from the top: the skip link, then the search box.
    browser.key("Tab", "Tab", 9)
    assert browser.js("document.activeElement.textContent") == "Skip to the timeline"
    browser.key("Tab", "Tab", 9)
    assert browser.js("document.activeElement.id") == "filter-search"
    # Type a word: the list narrows as one types, and the count says so.
    browser.call("Input.insertText", text="LENDING")
    assert browser.js(SHOWN) == ["quarter-report"]
    assert browser.js("document.getElementById('filter-count').textContent") == (
        "Showing 1 of 7 events"
    )
    # Tab on to the first category button and press it with Enter, then Space: on, off.
    browser.js("document.getElementById('filter-search').value = ''")
    browser.key("Tab", "Tab", 9)
    first = browser.js("document.activeElement.getAttribute('data-value')")
    assert first == "regulation"  # vocabulary order
    browser.key("Enter", "Enter", 13, "\r")
    assert browser.js("document.activeElement.getAttribute('aria-pressed')") == "true"
    assert browser.js(SHOWN) == ["the-review"]
    assert browser.js("location.hash") == "#category=regulation"  # a link to this view
    browser.key(" ", "Space", 32, " ")
    assert browser.js("document.activeElement.getAttribute('aria-pressed')") == "false"
    assert len(browser.js(SHOWN)) == 7
    # A tag and a category together: both must hold.
    browser.js("document.querySelector('[data-filter=tag][data-value=fine]').click()")
    browser.js("document.querySelector('[data-value=enforcement]').click()")
    assert browser.js(SHOWN) == ["script-title", "still-open"]
    # Clear, from the keyboard too.
    browser.js("document.getElementById('filter-clear').focus()")
    browser.key("Enter", "Enter", 13, "\r")
    assert len(browser.js(SHOWN)) == 7
    assert browser.js("location.hash") == ""
    assert browser.js("document.getElementById('filter-clear').disabled") is True
    # Following a link to an event the filters hide brings it back into view.
    browser.js("document.querySelector('[data-filter=tag][data-value=review]').click()")
    assert browser.js(SHOWN) == ["the-review"]
    browser.js("location.hash = '#event-script-title'")
    browser.wait_for("Page.navigatedWithinDocument")
    assert "script-title" in browser.js(SHOWN)
    assert browser.js("document.title") == hostile.info.title  # nothing injected ran
    errors = [
        event
        for event in browser.events
        if event.get("method") in {"Runtime.exceptionThrown", "Runtime.consoleAPICalled"}
    ]
    assert errors == []


# A word longer than a phone is wide, as an address, an id or a run of letters can be.
LONG_WORD = "Unbroken" + "x" * 60 + "-" + "y" * 60


def long_words_timeline() -> Timeline:
    """Every text the page shows holds an unbreakable word: titles, tags, links, sources."""
    word = LONG_WORD

    def q(label: str) -> str:
        return json.dumps(f"{label}{word}")

    text = f"""\
version: 1
timeline:
  title: {q("Title")}
  subject: {q("Subject")}
  description: {q("Description")}
  categories: [{q("category")}]
events:
  - id: first-{"a" * 60}
    date: 2021-03-04
    title: {q("Title")}
    summary: {q("Summary")}
    category: {q("category")}
    actors: [{q("Actor")}]
    tags: [{q("tag")}, short]
    sources:
      - url: "https://example.org/{word}"
        title: {q("Source")}
        publisher: {q("Publisher")}
        published: 2021-03-04
      - url: "ftp://example.org/{word}"
  - id: second
    date: 2021-03-04/2021-03-19
    title: {q("Second")}
    tags: [{q("othertag")}]
    related: [first-{"a" * 60}]
    sources:
      - url: https://example.org/second
"""
    report = store.parse_text(text, "long-words.yaml")
    assert report.ok, report.problems
    return report.timeline


# Elements that reach past the right edge of the viewport (a visually hidden label excepted).
PAST_THE_EDGE = """
[...document.querySelectorAll('body *')]
  .filter(e => !e.closest('.vh') && getComputedStyle(e).display !== 'none')
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.slice(0, 40)}`)
"""


@pytest.mark.parametrize("which", ["long words", "hostile", "curated"])
def test_a_phone_never_scrolls_sideways(
    browser: DevTools, tmp_path: Path, hostile: Timeline, which: str
) -> None:
    timeline = {
        "long words": long_words_timeline,
        "hostile": lambda: hostile,
        "curated": lambda: store.load(CURATED),
    }[which]()
    path = tmp_path / "phone.html"
    path.write_text(export.get("html").render(timeline, ExportOptions()), encoding="utf-8")
    browser.open(path.as_uri(), width=390, height=844)
    # Every tag button shown, as after "All N tags".
    browser.js("document.querySelectorAll('#tag-chips [hidden]').forEach(e => e.hidden = false)")
    assert browser.js("document.documentElement.clientWidth") == 390
    assert browser.js(PAST_THE_EDGE) == []
    assert browser.js("document.documentElement.scrollWidth") == 390
    # ... and the long words are all there, broken across lines rather than cut off.
    if which == "long words":
        shown = browser.js("document.body.innerText").replace("\n", "")
        for label in ("Title", "Summary", "Actor", "tag", "Second", "Source", "Publisher"):
            assert f"{label}{LONG_WORD}" in shown, label
    assert browser.console() == []


def known_ids(day: str, *filters: str) -> list[str]:
    """The ids `show --as-of DAY` lists for the curated timeline, in display order."""
    from typer.testing import CliRunner

    from ant_timeline.cli import app

    result = CliRunner().invoke(
        app, ["show", "--file", str(CURATED), "--as-of", day, *filters, "--json"]
    )
    assert result.exit_code == 0, result.stderr
    return [event["id"] for event in json.loads(result.stdout)["events"]]


SHOWN_SOURCES = (
    "[...document.querySelectorAll('#event-{} .sources li:not([hidden]) a:not(.archived)')]"
    ".map(a => a.href)"
)


def test_the_as_known_on_slider_replays_the_story_as_reported(
    browser: DevTools, tmp_path: Path
) -> None:
    curated = store.load(CURATED)
    path = tmp_path / "ant.html"
    path.write_text(export.get("html").render(curated, ExportOptions()), encoding="utf-8")
    browser.open(path.as_uri())
    days = browser.js("JSON.parse(document.getElementById('filter-asof').dataset.days)")
    assert days == sorted(days) and len(days) > 20
    # From the keyboard: the slider comes after the tag buttons, and starts at today.
    browser.js("document.getElementById('tag-more').focus()")
    browser.key("Tab", "Tab", 9)
    assert browser.js("document.activeElement.id") == "filter-asof"
    assert browser.js("document.activeElement.getAttribute('aria-valuetext')") == "today"
    assert len(browser.js(SHOWN)) == len(curated.events)
    # Home goes to the first report; each arrow press to the next day a source became public.
    browser.key("Home", "Home", 36)
    for step, day in enumerate(days[:12]):
        if step:
            browser.key("ArrowRight", "ArrowRight", 39)
        expected = known_ids(day)
        assert browser.js(SHOWN) == expected, day
        assert browser.js("location.hash") == f"#asof={day}"
        count = browser.js("document.getElementById('filter-count').textContent")
        assert count.startswith(f"Showing {len(expected)} of {len(curated.events)} events")
        shown = browser.js("document.getElementById('filter-asof-day').textContent")
        assert browser.js("document.activeElement.getAttribute('aria-valuetext')") == shown
    # Sources appear as they were published: on 2 Nov 2020 one report of the summons, then two.
    browser.key("Home", "Home", 36)
    assert len(browser.js(SHOWN_SOURCES.format("regulators-summon-jack-ma"))) == 1
    browser.key("ArrowRight", "ArrowRight", 39)
    assert len(browser.js(SHOWN_SOURCES.format("regulators-summon-jack-ma"))) == 2
    # End: today, every event, and nothing in the address.
    browser.key("End", "End", 35)
    assert len(browser.js(SHOWN)) == len(curated.events)
    assert browser.js("location.hash") == ""
    assert browser.js("document.getElementById('filter-count').textContent") == (
        f"Showing all {len(curated.events)} events"
    )
    # The day in the address, any day, with the other filters.
    browser.js("location.hash = '#tag=rectification&asof=2021-06-30'")
    browser.wait_for("Page.navigatedWithinDocument")
    assert browser.js(SHOWN) == known_ids("2021-06-30", "--tag", "rectification")
    assert browser.js("document.getElementById('filter-asof-day').textContent") == "30 Jun 2021"
    browser.js("location.hash = '#asof=2023-02-15&q=hangzhou'")
    browser.wait_for("Page.navigatedWithinDocument")
    assert browser.js(SHOWN) == known_ids("2023-02-15", "--search", "hangzhou")
    # Moving the slider keeps the other filters in the address.
    browser.js("document.getElementById('filter-asof').focus()")
    browser.key("ArrowRight", "ArrowRight", 39)
    day = browser.js("location.hash").rpartition("asof=")[2]
    assert day > "2023-02-15"
    assert browser.js("location.hash") == f"#q=hangzhou&asof={day}"
    assert browser.js(SHOWN) == known_ids(day, "--search", "hangzhou")
    # Clear filters lets every event back in.
    browser.js("document.getElementById('filter-clear').click()")
    assert len(browser.js(SHOWN)) == len(curated.events)
    assert browser.js("document.getElementById('filter-asof-day').textContent") == "today"
    assert browser.console() == []


@pytest.fixture
def two_timelines(tmp_path: Path) -> tuple[Path, Timeline]:
    """The curated Ant timeline and the curated Didi timeline on one page."""
    from ant_timeline.store import files

    both = store.load_set(files.locate_set([CURATED, CURATED.parent / "examples" / "didi.yaml"]))
    path = tmp_path / "two.html"
    path.write_text(export.get("html").render(both, ExportOptions()), encoding="utf-8")
    return path, both


def test_a_page_of_two_timelines_filters_by_subject(
    tmp_path: Path, two_timelines: tuple[Path, Timeline]
) -> None:
    page, both = two_timelines
    didi = [f"didi--{event.id}" for event in both.events if event.timeline == "didi"]
    root, console = dom_after_scripts(tmp_path, page)
    assert console == []
    assert len(shown_events(root)) == len(both.events)
    labels = {item.attrs["id"]: item.one("p", "subject").text for item in root.all("li", "event")}
    assert labels["event-didi--cac-fines-didi"] == "Timeline: Didi Global"
    assert labels["event-events--ant-fined"] == "Timeline: Ant Group"
    # Each subject has its own colour on the page.
    assert {item.one("p", "subject").attrs["class"] for item in root.all("li", "event")} == {
        "subject subj-0",
        "subject subj-1",
    }
    root, console = dom_after_scripts(tmp_path, page, "#subject=didi")
    assert console == []
    assert shown_events(root) == didi
    assert root.by_id("filter-count").text == f"Showing {len(didi)} of {len(both.events)} events"
    # With a category too: both must hold.
    root, _ = dom_after_scripts(tmp_path, page, "#subject=didi&category=enforcement")
    enforcement = [
        f"didi--{e.id}" for e in both.events if e.timeline == "didi" and e.category == "enforcement"
    ]
    assert shown_events(root) == enforcement


def test_clicking_a_subject_filters_and_keeps_it_in_the_address(
    browser: DevTools, two_timelines: tuple[Path, Timeline]
) -> None:
    page, both = two_timelines
    browser.call("Page.enable")
    browser.call("Runtime.enable")
    browser.call("Page.navigate", url=page.as_uri())
    browser.wait_for("Page.loadEventFired")
    browser.js("document.querySelector('[data-filter=subject][data-value=events]').click()")
    ant = [f"events--{event.id}" for event in both.events if event.timeline == "events"]
    assert browser.js(SHOWN) == ant
    assert browser.js("location.hash") == "#subject=events"
