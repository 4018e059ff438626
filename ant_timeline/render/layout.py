"""Measuring and wrapping text for the terminal, and the shapes every layout shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len

from ant_timeline.text import inert

if TYPE_CHECKING:
    from ant_timeline.model import Event, Source

ARROW = "→"


def wrap(text: str, width: int | None) -> list[str]:
    """Word-wrap `text` to `width` terminal cells (CJK counts double); no wrap when None."""
    if width is None or cells(text) <= width:
        return [text]
    width = max(width, 10)
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if cells(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        rest = word
        while cells(rest) > width:  # a word longer than the line (a URL, CJK text)
            cut = _fit(rest, width)
            lines.append(rest[:cut])
            rest = rest[cut:]
        current = rest
    if current:
        lines.append(current)
    return lines or [""]


def _fit(word: str, width: int) -> int:
    used = 0
    for index, char in enumerate(word):
        used += cells(char)
        if used > width:
            return max(index, 1)
    return len(word)


def cells(text: str) -> int:
    """How many terminal cells text takes: its length when it is ASCII (the common case, and
    Rich's measure is many times slower), else Rich's measure of wide and zero-width
    characters."""
    return len(text) if text.isascii() else cell_len(text)


def pad(text: str, width: int) -> str:
    return text + " " * max(width - cells(text), 0)


def event_date_text(event: Event) -> str:
    text = event.date.display()
    # Day numbers line up: " 2 Nov 2020" under "24 Oct 2020".
    return f" {text}" if len(text) > 1 and text[0].isdigit() and text[1] == " " else text


NO_YEAR_YET = -1  # before the first heading; `group_year` is an int or None


def source_label(source: Source) -> str:
    """`Publisher, 3 Jan 2023: Title`, as far as the source says (made inert for a terminal);
    "" when it names nothing but its address."""
    parts = [inert(source.publisher)] if source.publisher else []
    if source.published:
        parts.append(source.published.display())
    label = ", ".join(parts)
    if source.title:
        label = f"{label}: {inert(source.title)}" if label else inert(source.title)
    return label
