"""HTML as a reader of a TimelineJS slide sees it: plain text in paragraphs, and its links.

TimelineJS writes a slide's headline and text into the page as HTML, so what to import is what
the page shows: text, with paragraphs and line breaks, never markup. What is not text (scripts,
styles, frames, embedded objects, form controls) is dropped with everything inside it, and no
attribute is kept but a link's address. The http(s) links are collected: they are the slide's
sources.

Our own `export timelinejs` marks its parts so that they come back where they came from: the
actors paragraph (`<p class="actors">`, the actors as a JSON list in `data-actors`), the title
slide's subject (`<p class="subject">`) and the list of sources (`<p class="sources">` and
`<ul class="sources">`, one `<li>` per source carrying its fields as `data-` attributes).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ant_timeline.text import is_web_url

# Elements whose content is not text: dropped whole.
HIDDEN = frozenset(
    (
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "head",
        "title",
        "textarea",
        "select",
        "option",
        "button",
        "canvas",
        "audio",
        "video",
        "picture",
        "map",
    )
)
# Elements that start and end a paragraph of their own.
BLOCKS = frozenset(
    (
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "main",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "pre",
        "figure",
        "figcaption",
        "address",
        "hr",
        "details",
        "summary",
        "center",
        "form",
        "fieldset",
        "legend",
    )
)
VOID = frozenset(
    (
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    )
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# A bare address in text, which TimelineJS makes a link of unless `autolink` is off.
_BARE_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"
SOURCE_FIELDS = ("url", "title", "publisher", "published", "archived")


@dataclass(frozen=True, slots=True)
class Link:
    """An http(s) link in the text, with its text (None for a bare address), and the number
    of the paragraph it is in."""

    url: str
    text: str | None
    paragraph: int = 0


# What is left of a paragraph of links once the links are taken out: separators, and perhaps
# a label such as "Sources:" or "Read more:".
_LINK_SEPARATORS = re.compile(r"[\s,;.·|/&()\[\]–—-]+")
_LABEL = re.compile(r"[^\W\d_][\w ]{0,24}:", re.UNICODE)


@dataclass(slots=True)
class Reading:
    """What an HTML text says: paragraphs (each with its line breaks), links, marked parts."""

    paragraphs: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    actors: list[str] | None = None
    subject: str | None = None
    listed_sources: list[dict[str, str]] = field(default_factory=list)
    dropped: int = 0  # elements dropped with their content (script, style, ...)

    @property
    def text(self) -> str:
        """The paragraphs, separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def prose(self) -> str:
        """The paragraphs but those that only list links (they become sources): separated by
        blank lines."""
        by_paragraph: dict[int, list[Link]] = {}
        for link in self.links:
            by_paragraph.setdefault(link.paragraph, []).append(link)
        kept = []
        for number, paragraph in enumerate(self.paragraphs):
            rest = paragraph
            links = by_paragraph.get(number, [])
            for link in links:
                rest = rest.replace(link.text or link.url, " ", 1)
            rest = _LINK_SEPARATORS.sub(" ", rest).strip()
            if not links or (rest and not _LABEL.fullmatch(rest)):
                kept.append(paragraph)
        return "\n\n".join(kept)

    @property
    def line(self) -> str:
        """Everything on one line (for a headline, a caption, a group)."""
        return " ".join(" ".join(self.paragraphs).split("\n"))


# Where a `<br>` broke the line, in the text being collected: a character no text holds (a
# noncharacter), since every other one may be data, and a raw newline in HTML is a space.
_BREAK = "\uffff"


def _clean(text: str) -> str:
    """Runs of HTML white space as one space, each line (broken by `<br>`) trimmed, empty
    lines dropped."""
    lines = (_HTML_SPACE.sub(" ", line).strip() for line in text.split(_BREAK))
    return "\n".join(line for line in lines if line)


class _Reader(HTMLParser):
    def __init__(self, autolink: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.autolink = autolink
        self.reading = Reading()
        self.stack: list[tuple[str, str]] = []  # (tag, role)
        # How many open elements have each tag and each role: deep or unclosed markup must
        # not make every event a walk down the stack.
        self.open_tags: Counter[str] = Counter()
        self.open_roles: Counter[str] = Counter()
        self.buffer: list[str] = []
        self.link: tuple[str, list[str]] | None = None
        self.subject: list[str] | None = None

    # -- where we are --------------------------------------------------------------------------

    def _inside(self, role: str) -> bool:
        return self.open_roles[role] > 0

    def _push(self, tag: str, role: str) -> None:
        self.stack.append((tag, role))
        self.open_tags[tag] += 1
        self.open_roles[role] += 1

    def _pop(self) -> tuple[str, str]:
        tag, role = self.stack.pop()
        self.open_tags[tag] -= 1
        self.open_roles[role] -= 1
        return tag, role

    def _flush(self) -> None:
        text = _clean("".join(self.buffer))
        self.buffer = []
        if text:
            self.reading.paragraphs.append(text)

    # -- the parser's events -------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._inside("hidden"):
            if tag not in VOID:
                self._push(tag, "hidden")
            return
        values = {name: value or "" for name, value in attrs}
        classes = values.get("class", "").split()
        if tag in HIDDEN:
            self.reading.dropped += 1
            if tag not in VOID:
                self._push(tag, "hidden")
            return
        if tag == "br":
            self.buffer.append(_BREAK)
            return
        role = ""
        if tag in BLOCKS:
            self._flush()
            actors = _json_texts(values.get("data-actors", "")) if "actors" in classes else None
            if tag == "p" and actors is not None and not self._inside("sources"):
                role = "actors"
                self.reading.actors = actors
            elif tag == "p" and "subject" in classes:
                role = "subject"
                self.subject = []
            elif tag in ("p", "ul") and "sources" in classes:
                role = "sources"
            elif tag == "li" and self._inside("sources") and "data-url" in values:
                self.reading.listed_sources.append(
                    {
                        name: values[f"data-{name}"]
                        for name in SOURCE_FIELDS
                        if f"data-{name}" in values
                    }
                )
        elif tag == "a" and not self._inside("sources") and self.link is None:
            href = (values.get("href") or "").strip()
            if is_web_url(href):
                role = "link"
                self.link = (href, [])
        if tag not in VOID:
            self._push(tag, role)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tags[tag]:
            if tag == "br" and not self._inside("hidden"):
                self.buffer.append(_BREAK)  # </br> is read as <br> by browsers
            return
        while self.stack:
            open_tag, role = self._pop()
            self._close(open_tag, role)
            if open_tag == tag:
                break

    def _close(self, tag: str, role: str) -> None:
        if role == "hidden":
            return
        if role == "link" and self.link is not None:
            url, words = self.link
            text = _clean("".join(words)).replace("\n", " ") or None
            self.reading.links.append(Link(url, text, len(self.reading.paragraphs)))
            self.link = None
        elif role == "actors":
            self.buffer = []
        elif role == "subject" and self.subject is not None:
            self.reading.subject = _clean("".join(self.subject)).replace("\n", " ") or None
            self.subject = None
            self.buffer = []
        elif role == "sources":
            self.buffer = []
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._inside("hidden") or self._inside("sources"):
            return
        if self._inside("actors"):
            return
        if self.subject is not None:
            self.subject.append(data)
            return
        self.buffer.append(data.replace(_BREAK, ""))
        if self.link is not None:
            self.link[1].append(data)
        elif self.autolink:
            for match in _BARE_URL.finditer(data):
                url = match.group().rstrip(_TRAILING)
                if is_web_url(url):
                    self.reading.links.append(Link(url, None, len(self.reading.paragraphs)))

    def close(self) -> None:
        super().close()
        while self.stack:
            tag, role = self._pop()
            self._close(tag, role)
        self._flush()


def _json_texts(value: str) -> list[str] | None:
    """A JSON list of texts (an attribute's value), or None when it is not one."""
    import json  # noqa: PLC0415

    try:
        items = json.loads(value)
    except ValueError:
        return None
    if isinstance(items, list) and all(isinstance(item, str) for item in items):
        return items
    return None


def read_html(html: str, *, autolink: bool = False) -> Reading:
    """The text and links of an HTML fragment, as a browser would show it."""
    reader = _Reader(autolink)
    reader.feed(html)
    reader.close()
    return reader.reading


def html_line(html: str) -> str:
    """An HTML fragment's text on one line (a headline, a caption)."""
    return read_html(html).line
