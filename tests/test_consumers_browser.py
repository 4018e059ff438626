"""The exports that other programs render, rendered by those programs in headless Chromium.

TimelineJS 3.9 and Mermaid 11, installed from npm into `tests/consumers/node_modules` by
`make test-browser` (versions pinned in `tests/consumers/package-lock.json`), load the curated
export and a hostile one. The hostile timeline carries payloads in every field a consumer could
render (title, summary, category, actors, tags, source title, publisher and address, and the
timeline's own title, subject and description); each payload, if it ran in any form (as HTML,
after one or two rounds of entity decoding, as a Mermaid directive), would set its own
`window.__ran_<field>_<n>`. The tests check that none ran, that every event is drawn, that the
dates shown are the export's display dates, that each text reads exactly as the file has it,
and that the page logged no error at all.
"""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ant_timeline import export, store
from ant_timeline.dates import Precision
from ant_timeline.export import ExportOptions, mermaid
from ant_timeline.export.common import heading, one_line

from .chromium import DevTools, devtools, serve
from .conftest import CURATED

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from ant_timeline.model import Timeline

pytestmark = pytest.mark.browser

CONSUMERS = Path(__file__).resolve().parent / "consumers"
NODE_MODULES = CONSUMERS / "node_modules"

# Each payload runs `{m}` if a consumer treats the text as anything but text: as HTML, as HTML
# after decoding entities once or twice, as HTML inside an <iframe srcdoc>, as a Mermaid
# directive or entity. `{m}` becomes `window.__ran_<field>_<n>=1`.
PAYLOADS = (
    '<img src=x onerror="{m}">',
    "&lt;img src=x onerror={m}&gt;",
    "a<style><img src=x onerror={m}></style>",
    "&amp;lt;img src=x onerror={m}&amp;gt;",
    "<script>{m}</script>",
    '<svg><animate onbegin="{m}" attributeName=x dur=1s /></svg>',
    '<iframe srcdoc="&lt;img src=x onerror=parent.{m}&gt;"></iframe>',
    '%%{{init: {{"securityLevel": "loose"}}}}%%<img src=x onerror={m}>',
    "#lt;img src=x onerror={m}#gt; &#60;img src=x onerror={m}&#62;",
    '<b>bold</b> <a href="javascript:{m}">a link</a> AT&T',
    "</p></div></li></ul></h2><img src=x onerror={m}>",
)
# Addresses: a script address, quotes that would end an attribute, markup in a query.
URL_PAYLOADS = (
    "javascript:{m}",
    'https://example.org/"><img src=x onerror={m}>',
    "https://example.org/?q=<img src=x onerror={m}>",
    "data:text/html,<script>parent.{m}</script>",
)
# One date of each form, so that every kind of display date is drawn.
DATES = (
    "2019-03-04",
    "2020-05",
    "2021-Q2",
    "2021-H2",
    "2022~",
    "2022-09-23/2022-10-08",
    "2023-01/2023-03",
    "2023-Q1/2023-Q3?",
    "../2018",
    "2024-03/..",
    "2025?",
)


PARAGRAPH_BREAK = "\n\n"


def payload(template: str, field: str, number: int) -> str:
    return template.format(m=f"window.__ran_{field}_{number}=1")


def hostile_yaml() -> str:
    """An events file with a payload in every field of every event (JSON strings are YAML)."""

    def q(value: str) -> str:
        return json.dumps(value)

    description = " ".join(
        payload(template, "timeline_description", n) for n, template in enumerate(PAYLOADS)
    )
    lines = [
        "version: 1",
        "timeline:",
        f"  title: {q(payload(PAYLOADS[0], 'timeline_title', 0) + ' Hostile & co')}",
        f"  subject: {q(payload(PAYLOADS[2], 'timeline_subject', 0))}",
        f"  description: {q(description)}",
        "events:",
    ]
    for n, template in enumerate(PAYLOADS):
        url = URL_PAYLOADS[n % len(URL_PAYLOADS)]
        lines += [
            f"  - id: payload-{n}",
            f"    date: {DATES[n % len(DATES)]}",
            f"    title: {q(payload(template, 'title', n))}",
            f"    summary: {q(payload(template, 'summary', n) + PARAGRAPH_BREAK + 'More.')}",
            f"    category: {q(payload(template, 'category', n))}",
            f"    actors: [{q(payload(template, 'actors', n))}, Plain Actor]",
            f"    tags: [{q(payload(template, 'tags', n))}, plain]",
            "    sources:",
            f"      - title: {q(payload(template, 'source_title', n))}",
            f"        publisher: {q(payload(template, 'source_publisher', n))}",
            f"        url: {q(payload(url, 'source_url', n))}",
            "        published: 2025-01-01",
            f"      - url: {q(payload(template, 'source_address', n))}",
            f"      - url: https://example.org/source-{n}",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def hostile() -> Timeline:
    report = store.parse_text(hostile_yaml(), "consumers-hostile.yaml")
    assert report.ok, report.problems
    assert len(report.timeline.events) == len(PAYLOADS)
    return report.timeline


@pytest.fixture(scope="module")
def curated() -> Timeline:
    return store.load(CURATED)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The consumer pages and their libraries served on 127.0.0.1; exports go in the folder."""
    if not (NODE_MODULES / ".package-lock.json").is_file():
        pytest.fail("the consumer libraries are not installed: `make test-browser` installs them")
    root = tmp_path / "site"
    root.mkdir()
    (root / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    for page in CONSUMERS.glob("*.html"):
        shutil.copy(page, root / page.name)
    with serve(root) as url:
        yield url, root


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    with devtools(tmp_path) as driver:
        yield driver


def installed_version(package: str) -> str:
    manifest = json.loads((NODE_MODULES / package / "package.json").read_text(encoding="utf-8"))
    version: str = manifest["version"]
    return version


def test_the_pinned_consumer_versions_are_installed() -> None:
    lock = json.loads((CONSUMERS / "package-lock.json").read_text(encoding="utf-8"))
    pinned = {
        name.removeprefix("node_modules/"): entry["version"]
        for name, entry in lock["packages"].items()
        if name in ("node_modules/@knight-lab/timelinejs", "node_modules/mermaid")
    }
    assert pinned["@knight-lab/timelinejs"].startswith("3.9.")
    assert pinned["mermaid"].startswith("11.")
    for package, version in pinned.items():
        assert installed_version(package) == version


def nothing_ran(browser: DevTools, title: str) -> None:
    """No payload recorded that it ran, and the page is still the one that was loaded."""
    ran = browser.js(
        "[window, ...[...document.querySelectorAll('iframe')].map(f => f.contentWindow)]"
        ".flatMap(w => { try { return Object.keys(w) } catch (e) { return [] } })"
        ".filter(k => k.startsWith('__ran_'))"
    )
    assert ran == []
    assert browser.js("document.title") == title
    # No element the data could have made: no image, script, frame, style or inline handler
    # outside what the library draws itself.
    assert browser.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
    handlers = browser.js(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    assert handlers == []
    links = browser.js("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert not [link for link in links if not link.startswith(("http://", "https://"))]


# ---------------------------------------------------------------------------------------------
# TimelineJS


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(fragment: str) -> str:
    """What a browser shows for an HTML fragment: its text, entities decoded."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


SLIDES = """
[...document.querySelectorAll('.tl-slide')].map(slide => ({
  id: slide.id,
  headline: slide.querySelector('.tl-headline')?.textContent ?? null,
  date: slide.querySelector('.tl-headline-date')?.textContent ?? null,
  text: slide.querySelector('.tl-text-content')?.textContent ?? '',
}))
"""
# The days TimelineJS places each event's start and end on, as it parsed the export's dates.
SPANS = """
Object.fromEntries(window.timeline.config.events.map(e => [e.unique_id, [e.start_date, e.end_date]
  .map(d => d && [d.data.date_obj.getFullYear(), d.data.date_obj.getMonth() + 1,
                  d.data.date_obj.getDate()])]))
"""
GROUPS = "[...document.querySelectorAll('.tl-timegroup-message')].map(e => e.textContent)"
MARKERS = "[...document.querySelectorAll('.tl-timemarker')].map(e => e.id)"


def load_timelinejs(browser: DevTools, url: str, root: Path, timeline: Timeline) -> dict[str, Any]:
    document = export.get("timelinejs").render(timeline, ExportOptions())
    (root / "export.json").write_text(document, encoding="utf-8")
    browser.open(f"{url}/timelinejs.html")
    browser.wait_until("window.__consumer_loaded === true")
    assert browser.js("window.timeline.config.messages") == {"errors": [], "warnings": []}
    data: dict[str, Any] = json.loads(document)
    return data


POINTS = (Precision.DAY, Precision.MONTH, Precision.YEAR)


def ymd(day: date | None) -> list[int] | None:
    return None if day is None else [day.year, day.month, day.day]


def check_timelinejs(browser: DevTools, timeline: Timeline, data: dict[str, Any]) -> None:
    """Every event is a slide and a marker, with its title, date, text and group as written."""
    slides = {slide["id"]: slide for slide in browser.js(SLIDES)}
    events = {event.id: event for event in timeline.events}
    assert len(slides) == len(events) + 1  # and the title slide
    assert sorted(browser.js(MARKERS)) == sorted(f"{event_id}-marker" for event_id in events)
    exported = {slide["unique_id"]: slide for slide in data["events"]}
    for event_id, event in events.items():
        slide = slides[event_id]
        assert slide["headline"] == one_line(event.title)
        assert slide["date"] == event.date.display()
        # The body reads as the export's HTML reads: summary, actors, source labels and titles.
        assert " ".join(slide["text"].split()) == " ".join(
            html_text(exported[event_id]["text"]["text"]).split()
        )
        if event.summary:
            assert one_line(event.summary.split(PARAGRAPH_BREAK)[0]) in slide["text"]
        for actor in event.actors:
            assert one_line(actor) in slide["text"]
    # TimelineJS places each event on its first day and, where it draws a span, ends the span
    # on the event's last day (an open start is placed where its known end begins).
    for event_id, (start, end) in browser.js(SPANS).items():
        when = events[event_id].date
        known = when.start or when.end
        assert known is not None
        assert start == ymd(known.earliest)
        if end is not None:
            assert end == ymd(when.latest)
        else:  # a point: one day, month or year, or a span with an open end
            assert when.precision in POINTS or None in (when.earliest, when.latest), event_id
    # The groups: one row per category, labelled with the category exactly as written.
    groups = {one_line(event.category) for event in timeline.events if event.category}
    assert sorted(browser.js(GROUPS)) == sorted(groups)
    title_slide = next(s for s_id, s in slides.items() if s_id not in events)
    assert title_slide["headline"] == heading(timeline)


def test_timelinejs_draws_the_curated_export(
    browser: DevTools, site: tuple[str, Path], curated: Timeline
) -> None:
    url, root = site
    data = load_timelinejs(browser, url, root, curated)
    check_timelinejs(browser, curated, data)
    nothing_ran(browser, "TimelineJS consumer")
    assert browser.console() == []


def test_timelinejs_runs_nothing_from_a_hostile_export(
    browser: DevTools, site: tuple[str, Path], hostile: Timeline
) -> None:
    url, root = site
    data = load_timelinejs(browser, url, root, hostile)
    nothing_ran(browser, "TimelineJS consumer")
    check_timelinejs(browser, hostile, data)
    # The title slide shows the subject and the description as text too.
    intro = browser.js(
        "document.querySelector('.tl-slide-titleslide .tl-text-content').textContent"
    )
    assert one_line(hostile.info.subject or "") in intro
    assert one_line(hostile.info.description or "") in " ".join(intro.split())
    assert browser.console() == []


# ---------------------------------------------------------------------------------------------
# Mermaid

# Mermaid's timeline draws the title as a <text>, then a node per section, per period and per
# event; each node's label is a <text> of word-wrapped <tspan>s.
MERMAID_LABELS = """
(() => {
  const svg = document.querySelector('#diagram svg');
  const label = (node) => [...node.querySelectorAll('tspan')].map(t => t.textContent).join(' ');
  const nodes = (selector) => [...svg.querySelectorAll(selector)].map(label);
  return {
    title: [...svg.children].filter(e => e.tagName === 'text').map(e => e.textContent),
    periods: nodes('.taskWrapper text'),
    events: nodes('.eventWrapper text'),
  };
})()
"""


def load_mermaid(
    browser: DevTools, url: str, root: Path, timeline: Timeline, security: str
) -> dict[str, list[str]]:
    (root / "export.mmd").write_text(
        export.get("mermaid").render(timeline, ExportOptions()), encoding="utf-8"
    )
    browser.open(f"{url}/mermaid.html?security={security}")
    browser.wait_until("window.__consumer_loaded === true || !!window.__consumer_error")
    assert browser.js("window.__consumer_error ?? null") is None
    drawn: dict[str, list[str]] = browser.js(MERMAID_LABELS)
    return {kind: [" ".join(text.split()) for text in texts] for kind, texts in drawn.items()}


def periods(timeline: Timeline) -> list[str]:
    """The export's periods: each event's display date, once for a run of the same date."""
    shown: list[str] = []
    previous = None
    for event in timeline.events:
        when = event.date.display()
        if when != previous:
            shown.append(" ".join(when.split()))
        previous = when
    return shown


def check_mermaid(drawn: dict[str, list[str]], timeline: Timeline) -> None:
    assert drawn["title"] == [" ".join(mermaid.text(heading(timeline), title=True).split())]
    assert drawn["periods"] == periods(timeline)  # the dates shown are the display dates
    assert drawn["events"] == [" ".join(mermaid.text(e.title).split()) for e in timeline.events]


@pytest.mark.parametrize("security", ["strict", "loose"])
def test_mermaid_draws_the_curated_export(
    browser: DevTools, site: tuple[str, Path], curated: Timeline, security: str
) -> None:
    url, root = site
    drawn = load_mermaid(browser, url, root, curated, security)
    check_mermaid(drawn, curated)
    nothing_ran(browser, "Mermaid consumer")
    assert browser.console() == []


@pytest.mark.parametrize("security", ["strict", "loose"])
def test_mermaid_runs_nothing_from_a_hostile_export(
    browser: DevTools, site: tuple[str, Path], hostile: Timeline, security: str
) -> None:
    url, root = site
    drawn = load_mermaid(browser, url, root, hostile, security)
    nothing_ran(browser, "Mermaid consumer")
    check_mermaid(drawn, hostile)
    assert browser.console() == []
