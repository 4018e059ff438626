"""Markdown (CommonMark) for articles and briefings: a heading per year, an item per event.

Text from the data is escaped so that it reads as text in any CommonMark renderer: it cannot
open emphasis, code, links, headings, lists, block quotes or raw HTML. GitHub Flavored Markdown
also links a bare address (`https://...`, `www....`) found in text; a backslash before the `:`
of `://` and before the `.` of `www.` stops that and shows the same text. Only http(s) sources
become links; any other address is shown as inert code.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ant_timeline.export.common import (
    by_year,
    event_subject,
    heading,
    one_line,
    paragraphs,
    source_label,
    subject_line,
)
from ant_timeline.text import link_url

if TYPE_CHECKING:
    from ant_timeline.export import ExportOptions
    from ant_timeline.model import Event, Source, Timeline

# Inline metacharacters: backslash (first), code, emphasis (GFM strikethrough too), links, raw
# HTML and autolinks, heading closers, table cells.
_INLINE = "\\`*_[]<>~|#"
# An `&` that would start a character reference (`&amp;`, `&#38;`) is escaped; any other `&`
# is plain text already.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# GFM's autolinks start at the `:` of `scheme://` and at `www.` (matched in the source text, so
# one escaped character stops them). An e-mail address is matched in the decoded text and has
# no such escape: GFM still links it, as a `mailto:` address.
_SCHEME = "://"
_WWW = re.compile(r"(www)\.", re.IGNORECASE)
# What would open a block if it began a line: a list marker, a setext underline or thematic
# break, a heading (the inline escapes above handle `*`, `_`, `#`, `>`, `` ` `` and `~`).
_ORDERED_MARKER = re.compile(r"(\d{1,9})([.)])")
HARD_BREAK = "\\\n"
ITEM_INDENT = "  "


def escape(text: str, *, in_link: bool = False) -> str:
    """Text from the data as Markdown text that renders as itself, never as markup.

    `in_link` is for a link's label, where GFM links no bare address (a link holds no link).
    """
    text = one_line(text)
    for char in _INLINE:  # replace() per character is faster than a regex or str.translate
        if char in text:
            text = text.replace(char, "\\" + char)
    if "&" in text:
        text = _ENTITY.sub(r"\\&", text)
    if not in_link:
        if _SCHEME in text:
            text = text.replace(_SCHEME, "\\" + _SCHEME)
        if "w." in text or "W." in text:  # rare, and cheaper to test than the expression
            text = _WWW.sub(r"\1\\.", text)
    if text[:1] in ("-", "+", "="):
        return "\\" + text
    marker = _ORDERED_MARKER.match(text)
    if marker is not None:
        return f"{marker[1]}\\{marker[2]}{text[marker.end() :]}"
    return text


def code(text: str) -> str:
    """Text as an inline code span, fenced with more backticks than it contains."""
    text = one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link(label: str, target: str) -> str:
    """`[label](target)`: label is already Markdown; target is a safe http(s) URL."""
    # The URL is percent-encoded (no spaces, parentheses or angle brackets), so the plain
    # destination form holds; an `&` that looks like a character reference is escaped.
    destination = _ENTITY.sub(r"\\&", target)
    return f"[{label}]({destination})"


def source_markdown(source: Source, *, with_title: bool = False) -> str:
    """One source: a link labelled `Publisher, date`, or the label and the address as code.

    `with_title` adds the source's title after the link: `[Reuters, 3 Nov 2020](...): “Title”`.
    """
    target = link_url(source.url)
    if target is not None:
        text = link(escape(source_label(source), in_link=True), target)
    elif source.publisher or source.title:
        text = f"{escape(source_label(source))} {code(source.url)}"
    else:
        published = f", {source.published.display()}" if source.published else ""
        text = code(source.url) + published
    if with_title and source.title and source.publisher:
        text += f": “{escape(source.title)}”"
    if source.archived is not None:
        copy = link_url(source.archived)
        text += f" ({link('archived', copy)})" if copy else f" (archived: {code(source.archived)})"
    return text


def sources_text(event: Event, *, detail: bool) -> str:
    """`Sources: [A, date](url) · [B, date](url)`; with detail, one source a line with titles."""
    if not event.sources:
        return "Sources: none"
    if not detail:
        return "Sources: " + " · ".join(source_markdown(source) for source in event.sources)
    lines = [source_markdown(source, with_title=True) for source in event.sources]
    return HARD_BREAK.join(["Sources:", *lines])


def event_item(event: Event, *, detail: bool, subject: str | None = None) -> list[str]:
    """The lines of one list item: date (and subject) and title; category and actors; summary;
    sources."""
    about_subject = f"**{escape(subject)}** · " if subject else ""
    first = [f"**{escape(event.date.display())}** · {about_subject}{escape(event.title)}"]
    about = []
    category = escape(event.category or "")
    if category:
        about.append(f"*{category}*")
    actors = [escape(actor) for actor in event.actors]
    if any(actors):
        about.append(", ".join(actor for actor in actors if actor))
    if about:
        first.append(" · ".join(about))
    summary = paragraphs(event.summary) if detail and event.summary else []
    blocks = [HARD_BREAK.join(first), *(escape(paragraph) for paragraph in summary)]
    sources = sources_text(event, detail=detail)
    if detail:
        blocks.append(sources)
    else:
        blocks[0] += HARD_BREAK + sources
    lines = "\n\n".join(blocks).split("\n")
    return [f"- {lines[0]}"] + [f"{ITEM_INDENT}{line}" if line else "" for line in lines[1:]]


def render(timeline: Timeline, options: ExportOptions) -> str:
    """The timeline as a CommonMark document."""
    out = [f"# {escape(heading(timeline))}", "", escape(subject_line(timeline, options.as_of))]
    description = timeline.info.description
    if options.detail and description:
        for paragraph in paragraphs(description):
            out.extend(["", escape(paragraph)])
    if not timeline.events:
        out.extend(["", "No events."])
    for year, events in by_year(timeline.events):
        out.extend(["", f"## {year}", ""])
        for index, event in enumerate(events):
            if index and options.detail:
                out.append("")  # a loose list: items with paragraphs read better spaced
            subject = event_subject(timeline, event)
            out.extend(event_item(event, detail=options.detail, subject=subject))
    return "\n".join(out) + "\n"
