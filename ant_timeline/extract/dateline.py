"""The article's own date: a dateline opening the text, or a wire dateline opening a paragraph."""

from __future__ import annotations

import re
from datetime import date

from ant_timeline.extract.grammar import read_spec, rx

_LABEL = r"(?:(?i:date|dated|published|updated|posted|first\s+published)(?:\s+on)?\s*:?\s*)?"
_PLACE = r"(?:[A-Z][A-Z .'’-]+,\s+)?"
_DATELINE = rx(
    r"\s*" + _LABEL + _PLACE + r"(?:<WD>,?\s+)?(?P<date>\d{4}-\d{2}-\d{2}"
    r"|<MONTH>\s+<DAY>,?\s+<YEAR>|<DAY>\s+<MONTH>,?\s+<YEAR>)(?![\w-])"
)


# A wire dateline opening a paragraph ("HONG KONG, 26 July (Wire) -") dates the report.
WIRE_DATELINE = rx(
    r"[A-Z][A-Z .'’-]+,\s+(?P<date>(?:<WD>,?\s+)?(?:<MONTH>\s+<DAY>|<DAY>\s+<MONTH>)"
    r"(?:,?\s+<YEAR>)?)"
    r"(?:\s*\([^)\n]*\))?\s*[-–—:]"
)


def locate_dateline(text: str) -> tuple[date, int, int] | None:
    """The publication date on the first non-blank line, and where it is written."""
    first = re.search(r"\S", text)
    if first is None:
        return None
    line_start = text.rfind("\n", 0, first.start()) + 1
    match = _DATELINE.match(text, line_start)
    if match is None:
        return None
    spec = read_spec(match["date"])
    if spec is None or spec.year is None:
        return None
    try:
        day = date(spec.year, spec.part, spec.day)
    except ValueError:
        return None
    return day, match.start("date"), match.end("date")


def find_published(text: str) -> date | None:
    """The publication date from a dateline opening the text: `date 2023-05-17 ...`,
    `May 17, 2023`, `17 May 2023` or an ISO date on the first line; None when there is none."""
    found = locate_dateline(text)
    return found[0] if found else None
