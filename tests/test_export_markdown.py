"""Markdown export: golden files, and its structure as a real CommonMark parser sees it."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from urllib.parse import quote

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ant_timeline import dates
from ant_timeline.export import ExportOptions, get
from ant_timeline.export.common import one_line
from ant_timeline.model import Event, Source, Timeline, TimelineInfo
from ant_timeline.text import link_url

from .golden import assert_golden, fixture_timeline


def markdown(timeline: Timeline, *, detail: bool = True) -> str:
    return get("markdown").render(timeline, ExportOptions(detail=detail))


def parse(text: str) -> list[Token]:
    # CommonMark plus the GitHub extensions that add syntax (tables, strikethrough).
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def flatten(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(flatten(token.children or []))
    return out


def items(tokens: list[Token]) -> list[list[Token]]:
    """The tokens of each top-level list item."""
    result: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if token.type == "list_item_open":
            depth += 1
            if depth == 1:
                result.append([])
        if depth >= 1:
            result[-1].append(token)
        if token.type == "list_item_close":
            depth -= 1
    return result


def first_line(item: list[Token]) -> str:
    """The plain text of an item up to its first hard break: `date · title`."""
    inline = next(token for token in item if token.type == "inline")
    text = []
    for child in inline.children or []:
        if child.type == "hardbreak":
            break
        if child.type in ("text", "code_inline"):
            text.append(child.content)
    return "".join(text)


def plain(inline: Token) -> str:
    """The text an inline token renders to (its `content` is the Markdown source)."""
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    return [
        (token.tag, plain(tokens[index + 1]))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def hrefs(tokens: list[Token]) -> list[str]:
    return [str(t.attrGet("href")) for t in flatten(tokens) if t.type == "link_open"]


def test_golden_detail() -> None:
    assert_golden("timeline.md", markdown(fixture_timeline()))


def test_golden_brief() -> None:
    assert_golden("timeline.brief.md", markdown(fixture_timeline(), detail=False))


@pytest.mark.parametrize("detail", [True, False])
def test_structure_headings_items_and_links(detail: bool) -> None:
    timeline = fixture_timeline()
    tokens = parse(markdown(timeline, detail=detail))
    assert headings(tokens) == [
        ("h1", "Acme: the antitrust years"),
        ("h2", "Earlier"),  # the open-start event: "… – 2020"
        ("h2", "2021"),
        ("h2", "2022"),
        ("h2", "2023"),
    ]
    listed = items(tokens)
    assert len(listed) == len(timeline.events)
    assert [first_line(item) for item in listed] == [
        f"{event.date.display()} · {one_line(event.title)}" for event in timeline.events
    ]
    # Every http(s) source is a link, percent-encoded where it had spaces or parentheses, and so
    # is an http(s) archived copy; the ftp source, the javascript: copy and the javascript: text
    # in a title are not links.
    assert hrefs(tokens) == [
        "https://example.org/probe",
        "https://web.archive.org/web/20210304120000/https://example.org/probe",
        "https://example.org/news/acme-probe-%28update%29?ref=%22wire%22",
        "https://example.org/hearings?day=1&lang=en",
        "https://example.org/fine",
        "https://example.org/split",
        "https://example.org/review",
        "https://example.org/trustee",
    ]
    kinds = {token.type for token in flatten(tokens)}
    assert not kinds & {"html_inline", "html_block", "image", "table_open", "s_open"}


def test_hostile_title_stays_text() -> None:
    timeline = fixture_timeline()
    tokens = parse(markdown(timeline))
    hostile = next(e for e in timeline.events if e.id == "acme-restructures")
    item = items(tokens)[timeline.events.index(hostile)]
    assert first_line(item) == f"H2 2022 · {hostile.title}"
    inline = next(token for token in item if token.type == "inline")
    # The only emphasis in the item is ours: the bold date and the italic category.
    strong = [c for c in inline.children or [] if c.type == "strong_open"]
    emphasis = [c for c in inline.children or [] if c.type == "em_open"]
    assert (len(strong), len(emphasis)) == (1, 1)


def test_summary_only_with_detail() -> None:
    timeline = fixture_timeline()
    assert "exclusive contracts" in markdown(timeline, detail=True)
    assert "exclusive contracts" not in markdown(timeline, detail=False)
    detailed = items(parse(markdown(timeline, detail=True)))
    hearings = detailed[[e.id for e in timeline.events].index("hearings")]
    paragraphs = [t for t in hearings if t.type == "paragraph_open"]
    # title block, two summary paragraphs, sources
    assert len(paragraphs) == 4


def test_brief_items_are_one_paragraph_each() -> None:
    tokens = parse(markdown(fixture_timeline(), detail=False))
    for item in items(tokens):
        assert [t.type for t in item].count("paragraph_open") == 1


def test_non_http_source_is_inert_code() -> None:
    text = markdown(fixture_timeline())
    assert "Wire `ftp://files.example.org/appeal.pdf`: “Appeal lodged”" in text
    codes = [t.content for t in flatten(parse(text)) if t.type == "code_inline"]
    assert codes == ["javascript:alert('archived')", "ftp://files.example.org/appeal.pdf"]


def test_unsourced_event_says_so() -> None:
    assert "Sources: none" in markdown(fixture_timeline(), detail=False)


def test_empty_selection() -> None:
    empty = fixture_timeline().replace_events([])
    assert markdown(empty) == (
        "# Acme: the antitrust years\n\nAcme · 0 events\n\n"
        "How the competition authority took on Acme, and what Acme did next.\n\nNo events.\n"
    )


def test_reverse_order_puts_years_newest_first() -> None:
    timeline = fixture_timeline()
    reversed_timeline = timeline.replace_events(reversed(timeline.events))
    years = [
        content for tag, content in headings(parse(markdown(reversed_timeline))) if tag == "h2"
    ]
    assert years == ["2023", "2022", "2021", "Earlier"]


# Text from the data, as hostile as hypothesis makes it: every character class, markup, URLs.
FRAGMENTS = [
    *"\\`*_[]()<>!#&;:|~-+=.\n\r\t ",
    *("&amp;", "&#38;", "<b>", "1.", "```", "http://x.y", "https://", "www.", "WWW.x.y", "ftp://"),
]
data_text = (
    st.lists(
        st.one_of(
            st.characters(codec="utf-8", exclude_categories=("Cs",)),
            st.sampled_from(FRAGMENTS),
        ),
        min_size=1,
        max_size=20,
    )
    .map("".join)
    .filter(lambda text: bool(one_line(text)))
)
url_text = st.one_of(
    st.builds(lambda tail: "https://example.org/" + tail, st.text(max_size=20)),
    st.builds(lambda tail: "javascript:" + tail, st.text(max_size=10)),
    data_text,
)


@st.composite
def events(draw: st.DrawFn) -> list[Event]:
    count = draw(st.integers(min_value=1, max_value=4))
    result = []
    for index in range(count):
        result.append(
            Event(
                id=f"e{index}",
                date=dates.EventDate.of_days(date(2020, 1, index + 1), date(2020, 1, index + 1)),
                title=draw(data_text),
                summary=draw(st.none() | data_text),
                category=draw(st.none() | data_text),
                actors=tuple(draw(st.lists(data_text, max_size=2))),
                sources=tuple(
                    Source(url=draw(url_text), title=draw(st.none() | data_text), publisher=p)
                    for p in draw(st.lists(st.none() | data_text, max_size=2))
                ),
            )
        )
    return result


@settings(max_examples=150, deadline=None)
@given(events(), data_text, st.booleans())
def test_data_cannot_change_the_structure(generated: list[Event], title: str, detail: bool) -> None:
    timeline = Timeline.of(TimelineInfo(title=title, subject=title), generated)
    tokens = parse(markdown(timeline, detail=detail))
    assert headings(tokens)[0] == ("h1", one_line(title))
    assert [tag for tag, _ in headings(tokens)] == ["h1", "h2"]
    listed = items(tokens)
    assert len(listed) == len(generated)
    for event, item in zip(timeline.events, listed, strict=True):
        assert first_line(item) == f"{event.date.display()} · {one_line(event.title)}"
    kinds = {token.type for token in flatten(tokens)}
    assert not kinds & {"html_inline", "html_block", "image", "table_open", "s_open"}
    links = [s for e in generated for s in e.sources if link_url(s.url) is not None]
    assert len(hrefs(tokens)) == len(links)
    assert all(href.lower().startswith(("http://", "https://")) for href in hrefs(tokens))
    # On GitHub too: the only links are the sources (and e-mail addresses, which GFM links
    # from the decoded text, so no escape can stop it).
    github = gfm(markdown(timeline, detail=detail))
    assert github.tags <= GFM_TAGS
    assert [href for href in github.hrefs if not href.startswith(EMAIL_LINKS)] == [
        as_github_writes_it(link)
        for event in timeline.events
        for source in event.sources
        if (link := link_url(source.url)) is not None
    ]


# ---------------------------------------------------------------------------------------------
# GitHub Flavored Markdown, as GitHub renders it (cmark-gfm, with raw HTML let through so that
# any that the export let out would show)

GFM_TAGS = {"h1", "h2", "p", "ul", "li", "strong", "em", "a", "code", "br"}
EMAIL_LINKS = ("mailto:", "xmpp:")


class Rendered(HTMLParser):
    """The tags, link targets and text of rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "a":
            self.hrefs.append(str(dict(attrs).get("href")))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# cmark-gfm percent-encodes every character of a link's target outside this set (its
# houdini_escape_href): "https://example.org/[" becomes ".../%5B", the same address.
GITHUB_HREF_SAFE = "!#$%&'()*+,-./:;=?@_~"


def as_github_writes_it(url: str) -> str:
    return quote(url, safe=GITHUB_HREF_SAFE)


def gfm(text: str) -> Rendered:
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    rendered = Rendered()
    rendered.feed(html)
    rendered.close()
    return rendered


@pytest.mark.parametrize(
    "text",
    [
        "Report at https://example.org/report",
        "http://a.example/b and HTTPS://X.EXAMPLE",
        "www.example.org/ant",
        "(www.example.org) and *https://example.org*",
        "Mirror: WWW.Example.org, ftp://files.example.org/a.pdf",
        "https://a.example/www.b.example",
        "a\\://b.example and www\\.c.example",
    ],
)
def test_a_bare_address_in_text_is_not_a_link_on_github(text: str) -> None:
    source = Source(url="https://example.org/source", title=text, publisher=text)
    event = Event(
        id="e",
        date=dates.parse("2021-03-04"),
        title=text,
        summary=text,
        category=text,
        actors=(text,),
        sources=(source,),
    )
    info = TimelineInfo(title=text, description=text)
    for detail in (True, False):
        rendered = gfm(markdown(Timeline.of(info, [event]), detail=detail))
        assert rendered.hrefs == ["https://example.org/source"]
        shown = "".join(rendered.text)
        # As written in every field: heading, title, category, actor, source label; with
        # detail also the description, the summary and the source's title.
        assert shown.count(text) == (8 if detail else 5)
