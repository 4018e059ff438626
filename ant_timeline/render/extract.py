"""The `extract` layout: each candidate event with its date, phrase, title and sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ant_timeline.dates import MONTH_ABBR
from ant_timeline.render.console import Line
from ant_timeline.render.layout import cells, pad, wrap
from ant_timeline.text import inert

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ant_timeline.extract import Candidate, Extraction

EXCERPT_LENGTH = 160


def extract_lines(
    extraction: Extraction, *, order: str = "article", width: int | None = None
) -> Iterator[Line]:
    """One block per candidate: canonical and display date, confidence and phrase on the first
    line, then the suggested title, then the sentence trimmed around the phrase."""
    candidates = extraction.ordered(order)
    published = extraction.published
    count = len(candidates)
    heading = (
        f"Published {published.day} {MONTH_ABBR[published.month - 1]} {published.year} · "
        f"{count} dated reference{'' if count == 1 else 's'}"
    )
    if count > 1:
        heading += ", in date order" if order == "date" else ", in article order"
    yield [(heading, "bold")]
    if not candidates:
        yield [("No dated references found.", "dim")]
        return
    canonical_width = max(cells(c.date.canonical) for c in candidates)
    shown_width = max(cells(c.date.display()) for c in candidates)
    for candidate in candidates:
        yield []
        yield from candidate_lines(candidate, width, canonical_width, shown_width)


def article_lines(
    file: str, extraction: Extraction, *, order: str, width: int | None, first: bool
) -> Iterator[Line]:
    """One article of many: a blank line before all but the first, its name, its candidates."""
    if not first:
        yield []
    yield [(f"== {inert(file)} ==", "bold")]
    yield from extract_lines(extraction, order=order, width=width)


def candidate_lines(
    candidate: Candidate, width: int | None, canonical_width: int = 0, shown_width: int = 0
) -> Iterator[Line]:
    """One candidate: its dates, confidence and phrase, then its title and trimmed sentence."""
    indent = "    "
    text_width = None if width is None else max(width - len(indent), 20)
    limit = EXCERPT_LENGTH if text_width is None else max(text_width * 2, 40)
    yield [
        (pad(candidate.date.canonical, canonical_width), "bold"),
        ("  ", ""),
        (pad(candidate.date.display(), shown_width), "cyan"),
        ("  ", ""),
        (f"{candidate.confidence:.2f}", _confidence_style(candidate.confidence)),
        ("  ", ""),
        (inert(candidate.text), "yellow"),
    ]
    if candidate.title:
        for part in wrap(inert(candidate.title), text_width):
            yield [(indent, ""), (part, "")]
    for part in wrap(inert(excerpt(candidate.sentence, candidate.text, limit)), text_width):
        yield [(indent, ""), (part, "dim")]


def _confidence_style(confidence: float) -> str:
    return "green" if confidence >= 0.85 else "yellow" if confidence >= 0.7 else "red"


def excerpt(sentence: str, phrase: str, limit: int = EXCERPT_LENGTH) -> str:
    """The sentence trimmed to about `limit` characters around the phrase, cut at words (…)."""
    if len(sentence) <= limit:
        return sentence
    at = max(sentence.find(phrase), 0)
    room = max(limit - len(phrase), 0)
    start = max(at - room // 2, 0)
    end = min(start + limit, len(sentence))
    start = max(end - limit, 0)
    if start > 0:
        space = sentence.find(" ", start, at) if at > start else -1
        start = space + 1 if space >= 0 else start
    if end < len(sentence):
        space = sentence.rfind(" ", at + len(phrase), end)
        end = space if space >= 0 else end
    text = sentence[start:end].strip()
    return ("… " if start > 0 else "") + text + (" …" if end < len(sentence) else "")
