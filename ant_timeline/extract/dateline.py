"""The article's own date: a dateline opening the text, or a wire dateline opening a paragraph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ant_timeline.extract.grammar import read_spec, rx

_LABEL = r"(?:(?i:date|dated|published|updated|posted|first\s+published)(?:\s+on)?\s*:?\s*)?"
_PLACE = r"(?:[A-Z][A-Z .'’-]+,\s+)?"
# a whole date, with its weekday if given: "2023-05-17", "Wednesday, May 17, 2023", "17 May 2023"
_FULL_DATE = (
    r"(?:<WD>,?\s+)?(?P<date>\d{4}-\d{2}-\d{2}|<MONTH>\s+<DAY>,?\s+<YEAR>"
    r"|<DAY>\s+<MONTH>,?\s+<YEAR>)(?![\w-])"
)
_DATELINE = rx(r"\s*" + _LABEL + _PLACE + _FULL_DATE)


# A wire dateline opening a paragraph ("HONG KONG, 26 July (Wire) -") dates the report.
WIRE_DATELINE = rx(
    r"[A-Z][A-Z .'’-]+,\s+(?P<date>(?:<WD>,?\s+)?(?:<MONTH>\s+<DAY>|<DAY>\s+<MONTH>)"
    r"(?:,?\s+<YEAR>)?)"
    r"(?:\s*\([^)\n]*\))?\s*[-–—:]"
)


# Below a headline, a byline or a date line may date the report: "By A. Writer | Site |
# Updated: 2018-04-09 10:56", "Jul 02, 2021 · 1 hour ago". Only the few short lines before the
# story starts are the header, and only a labelled date, or a line that opens with a full date
# and holds no sentence after it, is taken there.
HEADER_LINES = 4
HEADER_LINE_CHARS = 120
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*\s*$")
# A byline's label: at the line's start or after a separator ("| Updated: ..."), or with a colon.
_LABELLED = rx(
    r"(?:^|(?<=[|•·])|(?<=[|•·]\s))\s*"
    r"(?i:published|updated|posted|first\s+published|last\s+updated|dated?)(?:\s+on)?\s*:?\s*"
    + _FULL_DATE
)
_COLON_LABELLED = rx(r"(?<![\w-])(?i:published|updated|posted|dated?)\s*:\s*" + _FULL_DATE)
_DATE_LINE = rx(r"\s*" + _FULL_DATE + r"(?P<rest>[^\n]*)")
# what may follow a date on its own line: a time and its zone ("10:56", "9.30am GMT", "(UTC+8)"),
# then, after a separator, anything ("· 1 hour ago · 3 min read")
_LINE_REST = re.compile(
    r"\s*(?:,?\s*(?:at\s+)?(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*\(?(?:[A-Z]{2,5}|UTC[+-]\d{1,2})\)?)?)?\s*(?:[•·|].*)?"
)


def locate_dateline(text: str) -> tuple[date, int, int] | None:
    """The publication date, and where it is written: a dateline on the first non-blank line,
    else a byline's labelled date or a date line among the next few short header lines."""
    found = next(_stamps(text), None)
    return found[:3] if found else None


def header_stamps(text: str, published: date) -> list[tuple[date, int, int]]:
    """Where the header dates the report: the dateline on the first line, and each byline date
    or date line among the header's lines that is the day of publication ("Reuters · Jul 02,
    2021 · 1 hour ago" below a dated first line). They say when the page was published, not
    what happened; a header date line of another day is left to the story (a chronology's
    first entry under its headline)."""
    return [
        (day, start, end)
        for day, start, end, first_line in _stamps(text)
        if first_line or day == published
    ]


def _stamps(text: str) -> Iterator[tuple[date, int, int, bool]]:
    first = re.search(r"\S", text)
    if first is None:
        return
    line_start = text.rfind("\n", 0, first.start()) + 1
    match = _DATELINE.match(text, line_start)
    if match is not None and (found := _found(match)) is not None:
        yield (*found, True)
    for start, line in _header_lines(text, line_start):
        match = _LABELLED.search(line) or _COLON_LABELLED.search(line) or _date_line_match(line)
        if match is not None and (found := _found(match, start)) is not None:
            yield (*found, False)


def date_line(line: str) -> date | None:
    """The day a line names when it is nothing but a date (a time, a zone and what follows a
    separator aside): `July 2, 2021`, `Jul 02, 2021 · 1 hour ago`; else None."""
    match = _date_line_match(line)
    found = _found(match) if match else None
    return found[0] if found else None


def _date_line_match(line: str) -> re.Match[str] | None:
    match = _DATE_LINE.match(line)
    return match if match is not None and _LINE_REST.fullmatch(match["rest"]) else None


def _header_lines(text: str, first_line: int) -> list[tuple[int, str]]:
    """The short lines after a headline, up to the first long one or sentence: where the story
    starts. A first line that is a sentence is the story itself: there is no header."""
    lines: list[tuple[int, str]] = []
    position = text.find("\n", first_line)
    if position == -1 or _SENTENCE_END.search(text, first_line, position):
        return lines
    while position != -1 and len(lines) < HEADER_LINES:
        start = position + 1
        end = text.find("\n", start)
        line = text[start:] if end == -1 else text[start:end]
        if line.strip():
            if len(line) > HEADER_LINE_CHARS:
                break
            lines.append((start, line))
            if _SENTENCE_END.search(line):
                break
        position = end
    return lines


def _found(match: re.Match[str], offset: int = 0) -> tuple[date, int, int] | None:
    spec = read_spec(match["date"])
    if spec is None or spec.year is None:
        return None
    try:
        day = date(spec.year, spec.part, spec.day)
    except ValueError:
        return None
    return day, offset + match.start("date"), offset + match.end("date")


def find_published(text: str) -> date | None:
    """The publication date from a dateline opening the text: `date 2023-05-17 ...`,
    `May 17, 2023`, `17 May 2023` or an ISO date on the first line, or a byline's
    `Updated: 2023-05-17` just below the headline; None when there is none."""
    found = locate_dateline(text)
    return found[0] if found else None
