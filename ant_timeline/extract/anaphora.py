"""Dates that point at another date the text gave: "the next day", "a year earlier", "the quarter".

News tells a story in dates and then counts from them: "The bank was raided on May 3. Two days
later it closed." A `Focus` keeps what the text has dated so far; each phrase here is resolved
against it, or not at all when the text gave nothing it could point at (a phrase that points
at an event, "two days before the debut", is not one of these).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ant_timeline.dates import EventDate, PartialDate, Precision
from ant_timeline.extract.grammar import count_of

DAY_UNITS = ("day", "morning", "afternoon", "evening", "night")
FORWARD = ("next", "following", "later", "after")
ADJACENT = ("next", "following", "previous", "preceding", "prior")
# A day counts from a day said in its own paragraph or the one before, no further back.
DAY_REACH = 1
# A reporting period a year back is the comparison of a results story only when it is recent.
REPORTING_PERIOD_DAYS = 400
# Companies report a quarter within about six weeks of its end (the SEC's 10-Q: 40-45 days).
RESULTS_DUE_DAYS = 45


@dataclass(slots=True)
class Focus:
    """What the text has dated so far, for phrases that point back at it."""

    last: EventDate | None = None  # the last date of any kind
    day: date | None = None  # the last single day
    month: tuple[int, int] | None = None  # (year, month) of the last day or month
    period: EventDate | None = None  # the last month, quarter, half or span of months
    period_sentence: int = -1  # the sentence that named it
    paragraph: int = 0  # the paragraph being read
    day_paragraph: int = 0  # the paragraph that said `day`
    month_paragraph: int = 0  # the paragraph that said `month`
    quarters: list[PartialDate] = field(default_factory=list)  # every quarter named
    whole_year: int | None = None  # the last year named as a whole ("in 2017")
    whole_year_sentence: int = -1  # the sentence that named it

    def see(
        self, when: EventDate, sentence: int, *, period: bool = True, named: bool = True
    ) -> None:
        """Take a resolved date as the one later phrases point at; not as a reporting
        `period` when it is only roughly one ("the end of the year"), nor as the month the
        text is at when the text did not name it (a named day: "the Spring Festival")."""
        start, end = when.start, when.end or when.start
        if start is None or end is None:
            return
        self.last = when
        if start.precision is Precision.DAY and not when.interval:
            self.day, self.day_paragraph = start.earliest, self.paragraph
        if named and start.precision in (Precision.DAY, Precision.MONTH) and not when.interval:
            self.month, self.month_paragraph = (start.year, start.part), self.paragraph
        if start.precision is Precision.YEAR and not when.interval:
            self.whole_year, self.whole_year_sentence = start.year, sentence
        periodic = (Precision.MONTH, Precision.QUARTER, Precision.HALF)
        if (
            period
            and start.year == end.year
            and start.precision in periodic
            and end.precision in periodic
        ):
            self.period, self.period_sentence = when, sentence
            if start.precision is Precision.QUARTER and not when.interval:
                self.quarters.append(start)

    def near_month(self) -> tuple[int, int] | None:
        """The last month said, when it was said in this paragraph or the one before."""
        if self.month is None or self.paragraph - self.month_paragraph > DAY_REACH:
            return None
        return self.month

    @property
    def year(self) -> int | None:
        """The year of the last date, when it lies within one year."""
        if self.last is None or self.last.start is None:
            return None
        end = self.last.end or self.last.start
        return self.last.start.year if self.last.start.year == end.year else None


def months_before(year: int, month: int, count: int) -> PartialDate:
    """The month `count` months before `month` of `year`."""
    return _months(year, month, -count)


def _months(year: int, month: int, step: int) -> PartialDate:
    index = year * 12 + month - 1 + step
    return PartialDate(Precision.MONTH, index // 12, index % 12 + 1)


def _day(day: date) -> EventDate:
    return EventDate.of_days(day, day)


def shift_years(when: EventDate, years: int) -> EventDate:
    """The same month, quarter, half or span of them, `years` years on (back when negative)."""

    start = replace_year(when.start, years) if when.start else None
    if not when.interval and start is not None:
        return EventDate.point(start)
    return EventDate.span(start, replace_year(when.end, years) if when.end else None)


def pointing(match: re.Match[str], focus: Focus) -> EventDate | None:
    """'that day', 'the next day', 'two days later', 'later that year', 'the following month'."""
    groups = match.groupdict()
    unit = (groups.get("unit") or "").lower()
    direction = (groups.get("dir") or "").lower()
    step = 0
    if direction:
        step = (1 if direction in FORWARD else -1) * count_of(groups.get("n"))
    day = focus.day if focus.paragraph - focus.day_paragraph <= DAY_REACH else None
    if unit.rstrip("s") in DAY_UNITS:
        if day is None:
            return None
        return _day(day + timedelta(days=step))
    if unit.startswith("week"):
        if day is None:
            return None
        if step:
            later = day + timedelta(weeks=step)
            return EventDate.point(
                PartialDate(Precision.DAY, later.year, later.month, later.day, approximate=True)
            )
        monday = day - timedelta(days=day.weekday())
        return EventDate.of_days(monday, monday + timedelta(days=6))
    if unit.startswith("month"):
        if focus.month is None:
            return None
        return EventDate.point(_months(*focus.month, step))
    year = focus.year
    if year is None:
        return None
    return EventDate.point(PartialDate(Precision.YEAR, year + step))


def year_earlier(
    match: re.Match[str], focus: Focus, published: date, sentence: int, *, compared: bool = False
) -> tuple[EventDate, str]:
    """'a year earlier', 'a year ago': in a results story the same period a year before,
    else the year before the one the text is about ('ago': before publication).

    The period is the one named in the sentence or, for 'earlier', the last date named; for
    'ago' it must have ended, not long before publication. A figure for last year compared
    `from a year ago` (`compared`: the phrase follows "from", "than", "compared with"...) is
    compared with the year before it: "fines of 7.6 billion in 2017, up 80% from a year ago"."""
    period = focus.period
    ago = match["word"].lower() == "ago"
    if period is not None and period.latest is not None:
        if ago:
            past = period.latest < published
            recent = (published - period.latest).days <= REPORTING_PERIOD_DAYS
            applies = focus.period_sentence == sentence and past and recent
        else:
            applies = focus.period_sentence == sentence or focus.last is period
        if applies:
            return shift_years(period, -1), "anaphora"
    if (
        ago
        and compared
        and focus.whole_year == published.year - 1
        and focus.whole_year_sentence == sentence
    ):
        return EventDate.point(PartialDate(Precision.YEAR, focus.whole_year - 1)), "anaphora"
    if ago or focus.year is None:
        return EventDate.point(PartialDate(Precision.YEAR, published.year - 1)), "relative"
    return EventDate.point(PartialDate(Precision.YEAR, focus.year - 1)), "anaphora"


def _quarter_of(day: date) -> PartialDate:
    return PartialDate(Precision.QUARTER, day.year, (day.month - 1) // 3 + 1)


def _quarters(quarter: PartialDate, step: int) -> PartialDate:
    index = quarter.year * 4 + quarter.part - 1 + step
    return PartialDate(Precision.QUARTER, index // 4, index % 4 + 1)


def reporting_quarter(focus: Focus, published: date) -> PartialDate:
    """The quarter a results story is about: the latest ended one it named (a story reports
    its latest period and compares it with earlier ones: "after a rise in the second
    quarter"), else the last one that ended before publication."""
    ended = [q for q in focus.quarters if q.latest < published]
    if ended:
        return max(ended, key=lambda q: q.latest)
    return _quarters(_quarter_of(published), -1)


def quarter(
    match: re.Match[str], focus: Focus, published: date, sentence: int, *, ahead: bool = False
) -> EventDate | None:
    """'the quarter', 'the latest quarter', 'this quarter', 'the year-earlier quarter' ...;
    `ahead` when the clause speaks of the future ("will report results for the quarter")."""
    which = " ".join((match["which"] or match["rel"] or "").lower().split())
    if ahead and not which and not match["earlier"] and not match["back"]:
        ended = _quarters(_quarter_of(published), -1)
        if (published - ended.latest).days > RESULTS_DUE_DAYS:
            # the last quarter's results are out: what is still to come is about this one
            return EventDate.point(_quarter_of(published))
    if which in ("current", "this"):
        return EventDate.point(_quarter_of(published))
    if which in ("last", "next"):
        return EventDate.point(_quarters(_quarter_of(published), -1 if which == "last" else 1))
    if match["back"]:  # "from a quarter earlier": the one before the reporting quarter
        which = "previous"
    if which in ("previous", "preceding", "prior", "following"):
        step = 1 if which == "following" else -1
        return EventDate.point(_quarters(reporting_quarter(focus, published), step))
    if match["earlier"]:
        period = focus.period
        named = period is not None and (focus.period_sentence == sentence or focus.last is period)
        if match["unit"].lower() == "quarter":
            if named and period is not None and period.precision is Precision.QUARTER:
                return shift_years(period, -1)  # the quarter just named, a year before
            return EventDate.point(replace_year(reporting_quarter(focus, published), -1))
        if period is None:
            return None
        return shift_years(period, -1)
    return EventDate.point(reporting_quarter(focus, published))


def replace_year(part: PartialDate, years: int) -> PartialDate:
    """`part`, `years` years on."""
    return PartialDate(part.precision, part.year + years, part.part, part.day)
