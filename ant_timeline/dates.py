"""The partial-date model: parse, order, compare and display dates that are spans, not days.

Grammar (see the README): `2020-11-03`, `2023-01`, `2022-Q3`, `2021-H2`, `2021`, each optionally
suffixed `~` (approximate), `?` (uncertain) or `%` (both); an interval is `START/END` where either
end may be `..` (open). Canonical text is parsed here without dateparser; natural-language phrases
go through `parse_user_date`, which imports dateparser only when it is actually needed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ant_timeline.errors import DateError

if TYPE_CHECKING:
    from collections.abc import Callable

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EN_DASH = "–"
OPEN = ".."

GRAMMAR_HINT = (
    "write it as YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY, optionally followed by "
    "~ (approximate), ? (uncertain) or % (both), or an interval START/END ('..' for an open end)"
)


class Precision(StrEnum):
    """How much of a date is known. `interval` is the precision of a START/END span."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    INTERVAL = "interval"


_QUALIFIER = {"": (False, False), "~": (True, False), "?": (False, True), "%": (True, True)}
_POINT = re.compile(
    r"(?P<year>\d{4})"
    r"(?:-(?:(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?|(?P<kind>[QHqh])(?P<part>\d+)))?"
    r"(?P<qual>[~?%]?)",
    re.ASCII,  # `\d` alone would take any script's digits: `２０２１` is not the grammar's 2021
)


def day_text(day: date) -> str:
    """One day as every output shows it: `30 Jun 2021`."""
    return f"{day.day} {MONTH_ABBR[day.month - 1]} {day.year}"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """One date known to some precision: a day, a month, a quarter, a half-year or a year."""

    precision: Precision
    year: int
    part: int = 0  # the month (day and month precision), quarter or half; 0 for a year
    day: int = 0
    approximate: bool = False
    uncertain: bool = False

    @property
    def earliest(self) -> date:
        """The first day this date can mean."""
        if self.precision is Precision.DAY:
            return date(self.year, self.part, self.day)
        if self.precision is Precision.MONTH:
            return date(self.year, self.part, 1)
        if self.precision is Precision.QUARTER:
            return date(self.year, 3 * self.part - 2, 1)
        if self.precision is Precision.HALF:
            return date(self.year, 6 * self.part - 5, 1)
        return date(self.year, 1, 1)

    @property
    def latest(self) -> date:
        """The last day this date can mean."""
        if self.precision is Precision.DAY:
            return date(self.year, self.part, self.day)
        last_month = {
            Precision.MONTH: self.part,
            Precision.QUARTER: 3 * self.part,
            Precision.HALF: 6 * self.part,
        }.get(self.precision, 12)
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def qualifier(self) -> str:
        """The grammar's suffix: `~`, `?`, `%` or nothing."""
        if self.approximate and self.uncertain:
            return "%"
        return "~" if self.approximate else "?" if self.uncertain else ""

    @property
    def canonical(self) -> str:
        """The date in the grammar, e.g. `2021-H2~`."""
        body = {
            Precision.DAY: f"{self.year:04d}-{self.part:02d}-{self.day:02d}",
            Precision.MONTH: f"{self.year:04d}-{self.part:02d}",
            Precision.QUARTER: f"{self.year:04d}-Q{self.part}",
            Precision.HALF: f"{self.year:04d}-H{self.part}",
        }.get(self.precision, f"{self.year:04d}")
        return body + self.qualifier

    def display(self, *, with_year: bool = True, with_month: bool = True) -> str:
        """Human text that keeps the precision: `3 Nov 2020`, `Jan 2023`, `Q3 2022`, `c. 2021?`."""
        year = f" {self.year}" if with_year else ""
        if self.precision is Precision.DAY:
            month = f" {MONTH_ABBR[self.part - 1]}" if with_month else ""
            text = f"{self.day}{month}{year}"
        elif self.precision is Precision.MONTH:
            text = f"{MONTH_ABBR[self.part - 1]}{year}"
        elif self.precision is Precision.QUARTER:
            text = f"Q{self.part}{year}"
        elif self.precision is Precision.HALF:
            text = f"H{self.part}{year}"
        else:
            text = str(self.year)
        if self.approximate:
            text = "c. " + text
        if self.uncertain:
            text += "?"
        return text


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened: one partial date, or an interval between two (either may be open).

    `earliest`/`latest` bound the span (None for an open end); ordering is by earliest, then
    latest, with an open start first and an open end last.
    """

    start: PartialDate | None
    end: PartialDate | None
    interval: bool
    earliest: date | None
    latest: date | None

    @classmethod
    def point(cls, when: PartialDate) -> EventDate:
        """A single partial date."""
        return cls(when, None, False, when.earliest, when.latest)

    @classmethod
    def span(cls, start: PartialDate | None, end: PartialDate | None) -> EventDate:
        """An interval START/END; None for an open end."""
        return cls(
            start,
            end,
            True,
            start.earliest if start else None,
            end.latest if end else None,
        )

    @classmethod
    def of_days(cls, first: date, last: date) -> EventDate:
        """The day-precise span first..last (a single day when they are equal)."""
        first_day = PartialDate(Precision.DAY, first.year, first.month, first.day)
        if first == last:
            return cls.point(first_day)
        return cls.span(first_day, PartialDate(Precision.DAY, last.year, last.month, last.day))

    @property
    def precision(self) -> Precision:
        """`interval` for a span, else the precision of the one date."""
        if self.interval or self.start is None:
            return Precision.INTERVAL
        return self.start.precision

    @property
    def approximate(self) -> bool:
        """True when either end is marked approximate."""
        return any(p.approximate for p in (self.start, self.end) if p)

    @property
    def uncertain(self) -> bool:
        """True when either end is marked uncertain."""
        return any(p.uncertain for p in (self.start, self.end) if p)

    @property
    def sort_key(self) -> tuple[date, date]:
        """Earliest, then latest; open ends sort first (start) and last (end)."""
        return (self.earliest or date.min, self.latest or date.max)

    @property
    def canonical(self) -> str:
        """The date in the grammar; `parse(d.canonical) == d`."""
        if not self.interval and self.start is not None:
            return self.start.canonical
        start = self.start.canonical if self.start else OPEN
        end = self.end.canonical if self.end else OPEN
        return f"{start}/{end}"

    def __str__(self) -> str:
        return self.canonical

    def display(self) -> str:
        """Human text that never shows a day the data does not have: `23 Sep – 8 Oct 2023`."""
        start, end = self.start, self.end
        if not self.interval and start is not None:
            return start.display()
        if start is None or end is None:
            left = start.display() if start else "…"
            right = end.display() if end else "…"
            return f"{left} {EN_DASH} {right}"
        if start == end:  # `2023-01-05/2023-01-05` is one day, whatever the file says
            return start.display()
        plain = not (start.qualifier or end.qualifier)
        fine = (Precision.DAY, Precision.MONTH, Precision.QUARTER, Precision.HALF)
        same_year = plain and start.year == end.year and start.precision in fine
        same_month = (
            same_year
            and start.precision is Precision.DAY
            and end.precision is Precision.DAY
            and start.part == end.part
        )
        if same_year and end.precision is Precision.YEAR:
            same_year = False
        left = start.display(with_year=not same_year, with_month=not same_month)
        return f"{left} {EN_DASH} {end.display()}"

    def within(self, other: EventDate) -> bool:
        """True when this span lies inside `other` (open ends are unbounded)."""
        lo, hi = self.sort_key
        other_lo, other_hi = other.sort_key
        return other_lo <= lo and hi <= other_hi


def _point(text: str, whole: str) -> PartialDate:
    match = _POINT.fullmatch(text)
    if match is None:
        if any(char.isdigit() and not char.isascii() for char in text):
            raise DateError(f"{whole!r} is not a valid date: write its digits as 0-9")
        raise DateError(f"{whole!r} is not a valid date: {GRAMMAR_HINT}")
    year = int(match["year"])
    approximate, uncertain = _QUALIFIER[match["qual"]]
    if year == 0:
        raise DateError(f"{whole!r} is not a valid date: there is no year 0000")
    if match["kind"]:
        kind, part = match["kind"].upper(), int(match["part"])
        limit = 4 if kind == "Q" else 2
        if not 1 <= part <= limit or match["kind"] != kind or len(match["part"]) != 1:
            name = "quarter" if kind == "Q" else "half"
            raise DateError(
                f"{whole!r} is not a valid date: a {name} is {kind}1 to {kind}{limit}, "
                f"written {year}-{kind}1"
            )
        precision = Precision.QUARTER if kind == "Q" else Precision.HALF
        return PartialDate(precision, year, part, 0, approximate, uncertain)
    if match["month"] is None:
        return PartialDate(Precision.YEAR, year, 0, 0, approximate, uncertain)
    if len(match["month"]) != 2 or (match["day"] is not None and len(match["day"]) != 2):
        raise DateError(
            f"{whole!r} is not a valid date: months and days have two digits (e.g. 2023-01-07)"
        )
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise DateError(f"{whole!r} is not a valid date: there is no month {month}")
    if match["day"] is None:
        return PartialDate(Precision.MONTH, year, month, 0, approximate, uncertain)
    day = int(match["day"])
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise DateError(
            f"{whole!r} is not a valid date: {calendar.month_name[month]} {year} "
            f"has {days_in_month} days"
        )
    return PartialDate(Precision.DAY, year, month, day, approximate, uncertain)


@lru_cache(maxsize=1 << 16)
def parse(text: str) -> EventDate:
    """Parse a date in the canonical grammar; raise `DateError` with the reason otherwise.

    Dates are values, so each distinct text is parsed once per process (a timeline repeats
    its dates, and several timelines read together share many).
    """
    text = text.strip()
    if "/" not in text:
        return EventDate.point(_point(text, text))
    left, _, right = text.partition("/")
    if "/" in right:
        raise DateError(f"{text!r} is not a valid date: an interval has one '/'")
    if left == OPEN and right == OPEN:
        raise DateError(f"{text!r} is not a valid date: an interval needs at least one end")
    start = None if left == OPEN else _point(left, text)
    end = None if right == OPEN else _point(right, text)
    if start is not None and end is not None and end.latest < start.earliest:
        raise DateError(
            f"{text!r} is not a valid date: the interval ends ({end.display()}) "
            f"before it starts ({start.display()})"
        )
    return EventDate.span(start, end)


# ---------------------------------------------------------------------------------------------
# Natural-language input ("July 7, 2023", "late 2021", "last Tuesday")

_HALF_WORDS = {"early": 1, "first": 1, "h1": 1, "late": 2, "second": 2, "h2": 2}
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
_HALF_PHRASE = re.compile(
    r"(?P<word>early|late|h[12])[\s-]+(?P<year>\d{4})"
    r"|(?:the\s+)?(?P<ordinal>first|second)\s+half\s+(?:of\s+)?(?P<year2>\d{4})"
    r"|(?P<year3>\d{4})[\s-]+(?P<word3>h[12])",
    re.IGNORECASE,
)
_QUARTER_PHRASE = re.compile(
    r"q(?P<q1>[1-4])[\s-]+(?P<y1>\d{4})|(?P<y2>\d{4})[\s-]+q(?P<q2>[1-4])"
    r"|(?:the\s+)?(?P<ordinal>first|1st|second|2nd|third|3rd|fourth|4th)\s+quarter\s+"
    r"(?:of\s+)?(?P<y3>\d{4})",
    re.IGNORECASE,
)
_MID_YEAR = re.compile(r"mid[\s-]+(?P<year>\d{4})", re.IGNORECASE)
_CIRCA = re.compile(r"(?:c\.|ca\.|circa|about|around)\s*(?P<rest>.+)", re.IGNORECASE)
_PART_OF_MONTH = re.compile(r"(?:early|mid|late)[\s-]+(?P<rest>[a-z]+\.?\s+\d{4})", re.IGNORECASE)


def _phrase_we_know(text: str) -> EventDate | None:
    """Phrases dateparser gets wrong or drops, and the tool's own display forms.

    'late 2021' and '2021 H2' are halves, 'the first quarter of 2022' a quarter, 'mid-2021' the
    year (as `extract` reads it), 'c. 2021' the approximate year; 'early January 2023' is the
    month (the grammar has nothing finer than a month short of a day).
    """
    compact = " ".join(text.split())
    half = _HALF_PHRASE.fullmatch(compact)
    if half:
        word = (half["word"] or half["ordinal"] or half["word3"]).lower()
        year = int(half["year"] or half["year2"] or half["year3"])
        return EventDate.point(PartialDate(Precision.HALF, year, _HALF_WORDS[word]))
    quarter = _QUARTER_PHRASE.fullmatch(compact)
    if quarter:
        year = int(quarter["y1"] or quarter["y2"] or quarter["y3"])
        number = quarter["q1"] or quarter["q2"]
        part = int(number) if number else _ORDINALS[quarter["ordinal"].lower()]
        return EventDate.point(PartialDate(Precision.QUARTER, year, part))
    mid = _MID_YEAR.fullmatch(compact)
    if mid:
        return EventDate.point(PartialDate(Precision.YEAR, int(mid["year"])))
    return None


_MONTH_WORDS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAY_WORDS = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?"
)
_UNIT = r"days?|weeks?|fortnights?|months?|quarters?|years?"
# What a phrase must contain to name a day or a period: dateparser also turns durations and
# times of day ("48 hours", "10 min", "noon") and decades ("the 1990s") into a day near today.
_CALENDAR_ANCHOR = re.compile(
    rf"\b(?:{_MONTH_WORDS}|{_WEEKDAY_WORDS}|yesterday|today|tomorrow)\b"
    r"|\b\d{4}\b(?!'?s)"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    rf"|\b(?:last|next|this|previous|coming)\s+(?:{_UNIT})\b"
    rf"|\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:{_UNIT})\s+ago\b"
    rf"|\bin\s+(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:{_UNIT})\b",
    re.IGNORECASE,
)
_DECADE = re.compile(r"\b(?:\d{2}|\d{4})'?s\b", re.IGNORECASE)


def from_period(day: date, period: str) -> EventDate:
    """The span that a resolved day stands for at a given period (dateparser's vocabulary)."""
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return EventDate.of_days(monday, monday + timedelta(days=6))
    if period == "month":
        return EventDate.point(PartialDate(Precision.MONTH, day.year, day.month))
    if period == "quarter":
        return EventDate.point(PartialDate(Precision.QUARTER, day.year, (day.month - 1) // 3 + 1))
    if period == "year":
        return EventDate.point(PartialDate(Precision.YEAR, day.year))
    return EventDate.of_days(day, day)


def dateparser_resolver(relative_to: date, prefer: str = "past") -> Callable[[str], Any]:
    """A function phrase -> dateparser's DateData; imports dateparser (slow) on first use."""
    from datetime import datetime  # noqa: PLC0415 - keep the top of the module cheap

    from dateparser.date import DateDataParser  # noqa: PLC0415 - ~150 ms, only when needed

    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(relative_to.year, relative_to.month, relative_to.day),
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_DATES_FROM": prefer,
            "RETURN_TIME_AS_PERIOD": False,
        },
    )
    return parser.get_date_data


def _approximate(when: EventDate) -> EventDate:
    """The same date with every bounded end marked approximate (`c. 2021` -> `2021~`)."""
    start = replace(when.start, approximate=True) if when.start else None
    end = replace(when.end, approximate=True) if when.end else None
    return EventDate(start, end, when.interval, when.earliest, when.latest)


def parse_user_date(text: str, *, relative_to: date | None = None) -> EventDate:
    """A date a user typed: canonical grammar first, then natural language via dateparser.

    Keeps the precision the phrase had ("January 2023" is a month, "last week" a span of days);
    a phrase that cannot be resolved is an error, never a guess.
    """
    text = text.strip()
    if not text:
        raise DateError(f"an empty date: {GRAMMAR_HINT}")
    try:
        return parse(text)
    except DateError as canonical_error:
        if re.fullmatch(r"\d{4}-[qh]\d[~?%]?", text):
            return parse(text.upper())  # 2021-h2 as 2021-H2
        circa = _CIRCA.fullmatch(text)
        if circa:
            return _approximate(parse_user_date(circa["rest"], relative_to=relative_to))
        part_of_month = _PART_OF_MONTH.fullmatch(" ".join(text.split()))
        if part_of_month:
            text = part_of_month["rest"]
        known = _phrase_we_know(text)
        if known is not None:
            return known
        if re.fullmatch(r"[\d\s\-/.~?%QqHh]+", text):
            # It looks like the grammar, so the grammar's own message is the useful one.
            raise canonical_error from None
    if _DECADE.search(text):
        raise DateError(
            f"{text!r} is a decade, which is not a precision of the grammar: write it as an "
            "interval of years, such as 1990/1999"
        )
    base = relative_to or date.today()
    data = dateparser_resolver(base)(text) if _CALENDAR_ANCHOR.search(text) else None
    if data is None or data.date_obj is None:
        raise DateError(
            f"cannot understand the date {text!r}: {GRAMMAR_HINT}, "
            "or use a phrase such as 'July 7, 2023', 'January 2023' or 'last Tuesday'"
        )
    return from_period(data.date_obj.date(), data.period or "day")


# ---------------------------------------------------------------------------------------------
# Dates as `display()` writes them ("3 Nov 2020", "23 Sep – 8 Oct 2023", "c. Q3 2022"), read back

_MONTH_NUMBERS = {
    **{name.lower(): number for number, name in enumerate(MONTH_ABBR, start=1)},
    **{calendar.month_name[number].lower(): number for number in range(1, 13)},
    "sept": 9,
}
_SPAN_DASH = re.compile(r"\s+[–—-]\s+")
_OPEN_DISPLAY = ("…", "...")


def _display_point(
    text: str, *, year: int | None = None, month: int | None = None
) -> PartialDate | None:
    """One end as `display()` writes it; a left end may leave out the year (and, for a day,
    the month) it shares with the right end, given as `year` and `month`."""
    if not text.strip():
        return None
    approximate = text.startswith(("c. ", "c."))
    if approximate:
        text = text[2:].lstrip()
    uncertain = text.endswith("?")
    if uncertain:
        text = text[:-1].rstrip()
    words = text.split()
    # A left end of one number, with a day on the right, is a day ("3 – 8 Oct 2023").
    lone_day = month is not None and len(words) == 1 and not (approximate or uncertain)
    if words and re.fullmatch(r"\d{1,4}", words[-1]) and not lone_day:
        year = int(words.pop())
    if year is None or year == 0:
        return None
    qualifiers = {"approximate": approximate, "uncertain": uncertain}
    if not words:
        return PartialDate(Precision.YEAR, year, **qualifiers)
    if len(words) == 1 and re.fullmatch(r"[QqHh]\d", words[0]):
        kind, part = words[0][0].upper(), int(words[0][1])
        if not 1 <= part <= (4 if kind == "Q" else 2):
            return None
        precision = Precision.QUARTER if kind == "Q" else Precision.HALF
        return PartialDate(precision, year, part, **qualifiers)
    day = None
    if words[0].isdigit():
        day = int(words.pop(0))
    if len(words) > 1:
        return None
    if words:
        month = _MONTH_NUMBERS.get(words[0].lower().rstrip("."))
    if month is None:
        return None
    if day is None:
        return PartialDate(Precision.MONTH, year, month, **qualifiers)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return PartialDate(Precision.DAY, year, month, day, **qualifiers)


def parse_display(text: str) -> EventDate | None:
    """A date written as `EventDate.display()` writes it, or None when it is not one.

    `parse_display(d.display()) == d` for every date but an interval whose ends are equal
    (shown as the one date). Month names may be written in full; the dash between the ends
    of a span may be an en dash, an em dash or a spaced hyphen.
    """
    compact = " ".join(text.split())
    ends = _SPAN_DASH.split(compact)
    if len(ends) == 1:
        point = _display_point(compact)
        return EventDate.point(point) if point is not None else None
    if len(ends) != 2:
        return None
    left, right = ends
    end = None if right in _OPEN_DISPLAY else _display_point(right)
    if end is None and right not in _OPEN_DISPLAY:
        return None
    if left in _OPEN_DISPLAY:
        return EventDate.span(None, end) if end is not None else None
    inherited_month = end.part if end is not None and end.precision is Precision.DAY else None
    start = None
    if end is not None:
        start = _display_point(left, year=end.year, month=inherited_month)
    if start is None:
        start = _display_point(left)
    if start is None or (end is not None and end.latest < start.earliest):
        return None
    return EventDate.span(start, end)
