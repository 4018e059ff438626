"""Resolving a phrase against the publication date and what the text said before it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import MAXYEAR, MINYEAR, date, timedelta
from typing import TYPE_CHECKING

from ant_timeline.dates import EventDate, PartialDate, Precision
from ant_timeline.extract import anaphora, holidays
from ant_timeline.extract.grammar import (
    ORDINALS,
    SEASONS,
    WEEKDAYS,
    Spec,
    count_of,
    int_day,
    month_number,
    offset_of,
    read_spec,
    year_of,
)
from ant_timeline.extract.scan import interval_ends
from ant_timeline.extract.tense import RECENTLY, REPORTED_PERIOD, RESULTS_FOR, looks_ahead

if TYPE_CHECKING:
    from collections.abc import Callable

    from ant_timeline.extract.scan import Mention

# How sure a resolution is, by how its year (or day) was found.
CONFIDENCE = {
    "explicit": 0.95,  # the phrase carries its year: "May 17, 2023", "late 2021"
    "relative": 0.9,  # counted from the publication date: "last week", "two years ago"
    "weekday": 0.85,  # "on Tuesday", "Tuesday's signing"
    "context": 0.8,  # the year stated earlier in the sentence or paragraph
    "anaphora": 0.75,  # counted from a date the text gave: "two days later", "a year earlier"
    "tense": 0.7,  # the tense of the sentence chose the year
    "nearest": 0.6,  # no tense either: the occurrence nearest the publication date
    "modifier": 0.5,  # a year that describes a noun: "the 1996 bombing"
}


# A day without a year, in a past clause, that would be more than FAR_BACK days before
# publication is taken for the next one when that is at most NEAR_AHEAD days after it.
FAR_BACK = 270
NEAR_AHEAD = 62
# "over the previous year", "in the next month": a stretch of time, not a date
DURATION_BEFORE = re.compile(r"(?i)\b(?:over|within|for|during|throughout|in)\s+$")
# The end of a span of weekdays: what comes before it
WEEKDAY_RANGE = re.compile(
    r"(?:\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:['’]s)?"
    r"(?:\s+(?i:morning|afternoon|evening|night))?\s*(?:(?i:to|through|thru|until|till)\s+|[-–]\s*)"
    r"|\b(?i:between)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+(?i:and)\s+)$"
)
# A word after a date that makes the date describe it ("the Dec. 21, 1988, bombing", "the
# year 2000 problem"); `NOUN_AFTER.match(text, pos, ...)` on what follows the date.
NOUN_AFTER = re.compile(
    r",?\s+(?!(?:and|or|to|through|until|till|when|while|in|on|at|of|for|from|by|with|as|after"
    r"|before|is|was|were|are|will|would|has|had)\b)[a-z]"
)
# "today's" before these means the present age ("today's youth"), not the day.
GENERIC_TODAY = re.compile(
    r"\s+(?i:youth|young|world|generation|society|children|kids|standards|terms|dollars|money"
    r"|economy|market|technology|culture|reality|realities)\b"
)
# Days named from the day of publication.
DAY_STEPS = {
    "the day before yesterday": -2,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
    "the day after tomorrow": 2,
}


_PLUPERFECT = re.compile(r"(?i)\bhad\b|['’]d\s+(?:\w+ly\s+)?(?:been\s+)?\w+ed\b")


_COMPARISON = r"from|against|compared\s+(?:with|to)|versus|vs\.?"
# "up from 47.9% in", "against 41% in", "compared with a loss in": a comparison's period
_COMPARED_WITH = re.compile(
    rf"(?i)\b(?:{_COMPARISON})\s+(?:[^\s,;]+\s+){{0,3}}?(?:(?:in|during|for)\s+)?$"
)
# "up 80 percent from a year ago", "higher than a year ago": the figure's comparison
_COMPARED_AGO = re.compile(rf"(?i)\b(?:{_COMPARISON}|than|over)\s+$")


@dataclass(slots=True)
class _Context:
    """What the text has said so far about when: the span a stated year covers."""

    year: int
    first: date
    last: date
    sentence: int = 0  # which sentence said it
    local: bool = False  # it carries only within that sentence
    until: int | None = None  # ... and there only up to this offset (the end of an aside)
    said: date | None = None  # the day or month stated, when it was one ("3 December 2020")


@dataclass(slots=True)
class Resolver:
    published: date
    context: _Context | None = None
    focus: anaphora.Focus = field(default_factory=anaphora.Focus)
    compared: bool = False  # the phrase is a comparison ("a year earlier"): not the story's time
    rough: bool = False  # the phrase is only roughly a period ("the end of the year")
    unnamed: bool = False  # the phrase names no month ("the Spring Festival")
    tense: str | None = None  # see `clause_tense`
    sentence: int = 0  # the sentence being read, counted through the article
    after: str = ""  # the sentence after the phrase
    before: str = ""  # the sentence before it
    day_first: bool = False  # the article writes dates day first: "03/04/2021" is 3 April
    fiscal_is_calendar: bool = False  # the article says the fiscal year is the calendar year

    # -- years ------------------------------------------------------------------------------

    def place(self, spec: Spec) -> tuple[PartialDate, str] | None:
        """Give a yearless spec its year: context, then tense, then nearness."""
        if spec.year is not None:
            return _with(self._build(spec, spec.year), "explicit")
        if spec.year_offset is not None:
            return _with(self._build(spec, self.published.year + spec.year_offset), "relative")
        if RECENTLY.search(self.before):
            pass  # "most recently in July": the latest July, whatever year was said before
        elif self.context is not None and self._carries(self.context):
            candidate = self._build(spec, self.context.year)
            if (
                candidate is not None
                and self.context.first <= candidate.earliest
                and candidate.latest <= self.context.last
                and self._agrees(candidate)
                # What "would" happen is after a moment that a year in an earlier sentence
                # does not date.
                and (self.tense != "reported" or self.context.sentence == self.sentence)
                and not self._goes_back(candidate)
            ):
                return candidate, "context"
        if spec.the_year:
            # "the end of the year" without a year said before it: the publication year
            return _with(self._build(spec, self.published.year), "relative")
        pub = self.published
        years = [pub.year + delta for delta in range(-8, 9)]
        options = [p for p in (self._build(spec, y) for y in years) if p is not None]
        past = [p for p in options if p.earliest <= pub]
        coming = [p for p in options if p.latest >= pub]
        if not past or not coming:
            return None
        if self.tense not in ("future", "past"):
            latest_past, next_one = past[-1], coming[0]
            if latest_past == next_one:
                return latest_past, "nearest"
            back = (pub - latest_past.latest).days
            ahead = (next_one.earliest - pub).days
            return (latest_past if back <= ahead else next_one), "nearest"
        if self.tense == "future":
            return coming[0], "tense"
        latest_past, next_one = past[-1], coming[0]
        if (
            spec.unit is Precision.DAY
            and (pub - latest_past.latest).days > FAR_BACK
            and (next_one.earliest - pub).days <= NEAR_AHEAD
        ):
            # News leaves the year out of days in the year it is written: "the ceremony on
            # March 12" in a February report is next month's, whatever the verb, as a day
            # eleven months back would have had its year. (A month is said without one:
            # "summoned it in December", in November, is last December.)
            return next_one, "nearest"
        return latest_past, "tense"

    def _carries(self, context: _Context) -> bool:
        """Whether a stated year reaches the phrase being resolved."""
        if not context.local:
            return True
        if context.sentence != self.sentence:
            return False
        return context.until is None or len(self.before) < context.until

    def _goes_back(self, when: PartialDate) -> bool:
        """Whether a later sentence would go back before the day or month the year came with:
        after "opened its inquiry on 3 December 2020", "accepted them on 19 February" is told
        in order, in the next year, unless the pluperfect takes it back ("had warned")."""
        context = self.context
        return (
            context is not None
            and context.said is not None
            and context.sentence != self.sentence
            and when.latest < context.said
            and not _PLUPERFECT.search(self.before)
        )

    def _agrees(self, when: PartialDate) -> bool:
        """A carried year must fit the tense: no past event after publication, nor the reverse."""
        if self.tense == "future":
            return when.latest >= self.published
        if self.tense != "past":
            return True
        return when.earliest <= self.published

    @staticmethod
    def _build(spec: Spec, year: int) -> PartialDate | None:
        if not MINYEAR <= year <= MAXYEAR:
            return None
        if spec.unit is Precision.DAY and not spec.holiday:
            try:
                date(year, spec.part, spec.day)
            except ValueError:
                return None
        try:
            return spec.build(year)
        except ValueError:
            return None  # a named day outside its calendar's table

    def remember(
        self, when: EventDate, how: str, *, local: bool = False, until: int | None = None
    ) -> None:
        """A date whose year the text stated becomes the context for later mentions; a `local`
        one (a date that only describes a noun: "the Dec. 21, 1988, bombing") for later
        mentions in its sentence; one in an aside ("Ant, founded in 2014, said ...") only up
        to `until`, the end of the aside."""
        if not self.compared:
            self.focus.see(when, self.sentence, period=not self.rough, named=not self.unnamed)
        self.compared = self.rough = self.unnamed = False
        if how not in ("explicit", "relative") or when.start is None:
            return
        start, end = when.start, when.end or when.start
        if start.year != end.year:
            return
        if start.precision in (Precision.QUARTER, Precision.HALF) and not when.interval:
            first, last = start.earliest, start.latest
        else:
            first, last = date(start.year, 1, 1), date(start.year, 12, 31)
        said = (
            start.earliest
            if start.precision in (Precision.DAY, Precision.MONTH) and not when.interval
            else None
        )
        self.context = _Context(
            start.year, first, last, self.sentence, local or until is not None, until, said
        )

    # -- rules ------------------------------------------------------------------------------

    def resolve(self, mention: Mention) -> tuple[EventDate, str] | None:
        handler: Callable[[re.Match[str]], tuple[EventDate, str] | None] = getattr(
            self, "rule_" + mention.rule.replace("-", "_")
        )
        return handler(mention.match)

    def rule_point(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        spec = read_spec(match["body"])
        if (
            spec is not None
            and spec.unit in (Precision.QUARTER, Precision.HALF)
            and (REPORTED_PERIOD.match(self.after) or RESULTS_FOR.search(self.before))
        ):
            # "second-quarter results" are published after the quarter: it is the last one
            self.tense = "past"
        self.rough = bool(spec and spec.rough)
        if (
            spec is not None
            and spec.unit in (Precision.QUARTER, Precision.HALF)
            and _COMPARED_WITH.search(self.before)
        ):
            # "52.4% in Q2, up from 47.9% in Q1 and from 45.0% a year ago": what the figure
            # is compared with is not the period the story reports
            self.compared = True
        placed = self.place(spec) if spec else None
        if placed is None:
            return None
        return EventDate.point(placed[0]), placed[1]

    rule_year = rule_point

    def rule_month(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        spec = Spec(Precision.MONTH, month_number(match["m"]))
        rel = (match["rel"] or "").lower()
        pub = self.published
        if rel in ("last", "next", "this"):
            # "last October" is October of last year, as "next March" is March of next year.
            year = pub.year + (offset_of(rel) or 0)
            return EventDate.point(spec.build(year)), "relative"
        placed = self.place(spec)
        return (EventDate.point(placed[0]), placed[1]) if placed else None

    def rule_first_months(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        count = count_of(match["n"])
        months = count * 3 if match["unit"].lower() == "quarters" else count
        if not 1 <= months <= 12:
            return None
        placed = self.place(
            Spec(
                Precision.MONTH,
                months,
                0,
                year_of(match["y"]),
                offset_of(match["rel"]),
                bool(match["the"]),
            )
        )
        if placed is None:
            return None
        last, how = placed
        first = PartialDate(Precision.MONTH, last.year, 1)
        return (EventDate.point(first) if months == 1 else EventDate.span(first, last)), how

    def rule_modifier(self, match: re.Match[str]) -> tuple[EventDate, str]:
        """A year used as an adjective ("the 2023 Asian Games", "the 1996 bombing"): often the
        year of the event it names, and the year of the rest of its sentence."""
        return self._described(int(match["body"]))

    def _described(self, year: int) -> tuple[EventDate, str]:
        self.context = _Context(year, date(year, 1, 1), date(year, 12, 31), self.sentence, True)
        return EventDate.point(PartialDate(Precision.YEAR, year)), "modifier"

    def rule_the_year(self, match: re.Match[str]) -> tuple[EventDate, str]:
        """'in the year 2000' is that year; 'the year 2000 problem' uses it as an adjective."""
        year = int(match["y"])
        if not self.after.startswith(",") and NOUN_AFTER.match(self.after):
            return self._described(year)
        return EventDate.point(PartialDate(Precision.YEAR, year)), "explicit"

    def rule_numeric(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        """'12/5/97', 'dated 10/30': month/day, or day/month when the first is no month or the
        article writes its dates day first ('3 March 2021')."""
        if match["y"] is None and not match["lead"]:
            return None
        placed = self._in_figures(match["a"], match["b"], match["y"])
        return (EventDate.point(placed[0]), placed[1]) if placed else None

    def rule_numeric_interval(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        """'between 01/09/2019 and 31/03/2020', 'from 3/1/2021 to 3/31/2021'."""
        start = self._in_figures(match["a1"], match["b1"], match["y1"])
        end = self._in_figures(match["a2"], match["b2"], match["y2"])
        if start is None or end is None or end[0].earliest < start[0].earliest:
            return None
        return EventDate.span(start[0], end[0]), "explicit"

    def _in_figures(self, a: str, b: str, written: str | None) -> tuple[PartialDate, str] | None:
        first, second = int(a), int(b)
        swap = first > 12 or (self.day_first and second <= 12)
        month, day = (second, first) if swap else (first, second)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        year = None
        if written is not None:
            year = int(written)
            if len(written) == 2:  # the century that puts it nearest publication, not ahead
                year += (self.published.year - year + 10) // 100 * 100
        return self.place(Spec(Precision.DAY, month, day, year))

    def rule_ordinal_day(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        """'on the 5th': that day of the month the text just named, else of the month of
        publication, or the one before or after it as the tense says."""
        day = int_day(match["d"])
        named = self.focus.near_month()
        if named is not None:
            year, month = named
            built = self._build(Spec(Precision.DAY, month, day), year)
            return (EventDate.point(built), "anaphora") if built else None
        pub = self.published
        step = 0
        if self.tense == "future" and day < pub.day:
            step = 1
        elif self.tense == "past" and day > pub.day:
            step = -1
        index = pub.year * 12 + pub.month - 1 + step
        built = self._build(Spec(Precision.DAY, index % 12 + 1, day), index // 12)
        return (EventDate.point(built), "tense") if built else None

    def rule_from_now(self, match: re.Match[str]) -> tuple[EventDate, str]:
        """'two weeks from now', 'a year from today': counted forward from publication."""
        unit, count = match["unit"].lower().rstrip("s"), count_of(match["n"])
        if unit == "week":  # "two weeks from today" is a day, fourteen on
            unit, count = "day", 7 * count
        return _shift(self.published, unit, count), "relative"

    def rule_interval(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        ends = interval_ends(match)
        if ends is None:
            return None
        start, end = ends
        if start.year is None and start.year_offset is None and end.year is not None:
            guess, anchor = self._build(start, end.year), self._build(end, end.year)
            if anchor is None:
                return None
            year = end.year if guess and guess.earliest <= anchor.earliest else end.year - 1
            start = Spec(start.unit, start.part, start.day, year)
        placed = self.place(start)
        if placed is None:
            return None
        first, how = placed
        if end.year is None and end.year_offset is None:
            year = first.year
            built = self._build(end, year)
            if built is None or built.latest < first.earliest:
                year += 1
            end = Spec(end.unit, end.part, end.day, year)
        last_placed = self.place(end)
        if last_placed is None or last_placed[0].latest < first.earliest:
            return None
        last = last_placed[0]
        if first == last:
            return EventDate.point(first), how
        return EventDate.span(first, last), how

    def rule_same(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        """'the same period in 2021', 'the same quarter a year earlier': the month, quarter,
        half or span of months the text named last, in that year; named in an earlier
        sentence of a results story, the quarter the story reports."""
        period = self.focus.period
        if (
            period is not None
            and self.focus.period_sentence != self.sentence
            and period.precision is Precision.QUARTER
        ):
            period = EventDate.point(anaphora.reporting_quarter(self.focus, self.published))
        unit = match["unit"].lower()
        if (
            period is not None
            and period.start is not None
            and (unit == "period" or (not period.interval and period.precision.value == unit))
        ):
            years = int(match["y"]) - period.start.year if match["y"] else -1
            self.compared = True
            return anaphora.shift_years(period, years), "explicit" if match["y"] else "anaphora"
        if match["y"]:
            return EventDate.point(PartialDate(Precision.YEAR, int(match["y"]))), "explicit"
        return None

    def rule_anaphora(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        direction = (match.groupdict().get("dir") or "").lower()
        unit = match["unit"].lower().rstrip("s")
        if (
            unit in ("week", "month", "year")
            and direction in anaphora.ADJACENT
            and (direction == "next" or DURATION_BEFORE.search(self.before))
        ):
            return None  # "over the next year", "in the previous month": how long
        when = anaphora.pointing(match, self.focus)
        return (when, "anaphora") if when else None

    def rule_year_earlier(self, match: re.Match[str]) -> tuple[EventDate, str]:
        self.compared = True
        return anaphora.year_earlier(
            match,
            self.focus,
            self.published,
            self.sentence,
            compared=bool(_COMPARED_AGO.search(self.before)),
        )

    def rule_quarter(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        when = anaphora.quarter(
            match, self.focus, self.published, self.sentence, ahead=self.tense == "future"
        )
        # a quarter counted from another is what the story compares with, not its own
        self.compared = bool(
            match["earlier"]
            or match["back"]
            or (match["which"] or "").lower() in ("previous", "preceding", "prior")
        )
        if when is None:
            return None
        which = (match["which"] or match["rel"] or "").lower()
        return when, "relative" if which in ("this", "last", "next", "current") else "anaphora"

    def rule_year_part(self, match: re.Match[str]) -> tuple[EventDate, str]:
        """'last year's third quarter', '2022's second half'."""
        if match["y"]:
            year, how = int(match["y"]), "explicit"
        else:
            year, how = self.published.year + (offset_of(match["rel"]) or 0), "relative"
        if match["q"]:
            part = PartialDate(Precision.QUARTER, year, ORDINALS[match["q"].lower()])
        else:
            part = PartialDate(Precision.HALF, year, ORDINALS[match["h"].lower()])
        return EventDate.point(part), how

    def rule_quarter_ended(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        """'the quarter ended Sept. 30', 'the nine months ended June 30': the months to it."""
        spec = read_spec(match["point"])
        placed = self.place(spec) if spec else None
        if placed is None:
            return None
        last, how = placed
        count = {"six": 6, "nine": 9, "twelve": 12}.get((match["n"] or "").lower())
        months = count or (3 if match["span"].lower() in ("quarter", "three months") else 12)
        first = anaphora.months_before(last.year, last.part, months - 1)
        end = PartialDate(Precision.MONTH, last.year, last.part)
        if months == 3 and last.part % 3 == 0:
            return EventDate.point(PartialDate(Precision.QUARTER, last.year, last.part // 3)), how
        if months == 6 and last.part % 6 == 0:
            return EventDate.point(PartialDate(Precision.HALF, last.year, last.part // 6)), how
        if months == 12 and last.part == 12:
            return EventDate.point(PartialDate(Precision.YEAR, last.year)), how
        return EventDate.span(first, end), how

    def rule_that_year(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        """'November 3 of that year', 'the end of that year': the year the text just named."""
        year = self.focus.year
        if year is None and self.context is not None:
            year = self.context.year
        if year is None:
            return None
        if match["edge"]:
            quarter = 1 if match["edge"].lower() in ("start", "beginning") else 4
            return EventDate.point(PartialDate(Precision.QUARTER, year, quarter)), "anaphora"
        spec = read_spec(match["point"])
        built = self._build(spec, year) if spec else None
        return (EventDate.point(built), "anaphora") if built else None

    def rule_end_of_year(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        rel = (match["rel"] or match["rel2"] or "").lower()
        quarter = 1 if (match["edge"] or "").lower() in ("start", "beginning") else 4
        self.rough = True
        if rel in ("this", "last", "next"):
            year = self.published.year + {"this": 0, "last": -1, "next": 1}[rel]
            return EventDate.point(PartialDate(Precision.QUARTER, year, quarter)), "relative"
        placed = self.place(Spec(Precision.QUARTER, quarter, the_year=True))
        return (EventDate.point(placed[0]), placed[1]) if placed else None

    def rule_end_of_month(self, match: re.Match[str]) -> tuple[EventDate, str]:
        """'the end of the month' is the month the paragraph is at, else the publication
        month; 'the start of next month' the one after it."""
        rel = (match["rel"] or "").lower()
        if rel in ("last", "next"):
            return _shift(self.published, "month", offset_of(rel) or 0), "relative"
        named = self.focus.near_month()
        if named is not None and self.focus.month_paragraph == self.focus.paragraph:
            return EventDate.point(PartialDate(Precision.MONTH, *named)), "anaphora"
        return _shift(self.published, "month", 0), "relative"

    def rule_earlier_later(self, match: re.Match[str]) -> tuple[EventDate, str]:
        pub = self.published
        unit = match["unit"].lower()
        earlier = match["when"].lower() == "earlier"
        if unit == "year":
            first, last = (1, pub.month) if earlier else (pub.month, 12)
            if first == last:
                return EventDate.point(PartialDate(Precision.MONTH, pub.year, first)), "relative"
            return (
                EventDate.span(
                    PartialDate(Precision.MONTH, pub.year, first),
                    PartialDate(Precision.MONTH, pub.year, last),
                ),
                "relative",
            )
        if unit == "month":
            return EventDate.point(PartialDate(Precision.MONTH, pub.year, pub.month)), "relative"
        monday = pub - timedelta(days=pub.weekday())
        if earlier:
            return EventDate.of_days(monday, pub), "relative"
        return EventDate.of_days(pub, monday + timedelta(days=6)), "relative"

    def rule_relative(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        if re.search(r"(?i)\bthe\s+$", self.before) and match["rel"].lower() != "this":
            return None  # "over the last week", "in the next year": how long, not when
        step = {"this": 0, "last": -1, "next": 1}[match["rel"].lower()]
        return _shift(self.published, match["unit"].lower(), step), "relative"

    def rule_ago(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        count = count_of(match["n"])
        unit = match["unit"].lower().rstrip("s")
        if count * (10 if unit == "decade" else 1) >= 1000:
            return None  # a count, not a time: "9,999 days ago" is not how news dates things
        if unit == "decade":
            year = self.published.year - 10 * count
            return EventDate.point(PartialDate(Precision.YEAR, year, approximate=True)), "relative"
        then = _shift(self.published, unit, -count)
        compare = " ".join((match["cmp"] or "").lower().split())
        if compare in ("less than", "fewer than", "under"):
            # somewhere between then and now
            now = _shift(self.published, unit, 0)
            return EventDate.span(then.start, now.end or now.start), "relative"
        if compare in ("more than", "over"):
            return EventDate.span(None, then.end or then.start), "relative"
        if compare:
            start = then.start
            if start is not None and not then.interval:
                then = EventDate.point(replace(start, approximate=True))
        return then, "relative"

    def rule_yesterday(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        word = " ".join(match["day"].lower().split())
        if word == "today" and match["day"][0] == "T" and re.search(r"\w\s+$", self.before):
            return None  # "USA Today", "Business Today": a title, not a day
        if word == "today" and match["body"][-1] == "s" and GENERIC_TODAY.match(self.after):
            return None  # "today's youth": the present age, not a day
        step = DAY_STEPS.get(word, 0)  # today, tonight, this morning: the day of publication
        day = self.published + timedelta(days=step)
        return EventDate.of_days(day, day), "relative"

    def rule_sibling_day(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        spec = Spec(Precision.DAY, month_number(match["m"]), int_day(match["body"]))
        placed = self.place(replace(spec, year=year_of(match["y"])))
        return (EventDate.point(placed[0]), placed[1]) if placed else None

    def rule_holiday(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        """'on Thanksgiving Day', 'last Christmas', 'Election Day': the named day, its year by
        the same rules as a day without one."""
        name = holidays.key(match["name"])
        rel = (match["rel"] or "").lower()
        self.unnamed = True
        if name in holidays.BARE and not (rel or match["lead"]):
            return None  # "Christmas sales", "the Easter rising"
        spec = Spec(Precision.DAY, year=year_of(match["y"]), holiday=name)
        if rel:
            pub = self.published
            years = range(pub.year - 1, pub.year + 2)
            days = [d for d in (self._build(spec, y) for y in years) if d is not None]
            if rel == "last":
                chosen = [d for d in days if d.earliest < pub][-1:]
            elif rel == "next":
                chosen = [d for d in days if d.earliest > pub][:1]
            else:
                chosen = [d for d in days if d.year == pub.year]
            return (EventDate.point(chosen[0]), "relative") if chosen else None
        placed = self.place(spec)
        return (EventDate.point(placed[0]), placed[1]) if placed else None

    def rule_weekday(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        target = WEEKDAYS.index(match["wd"].lower())
        rel = (match["rel"] or "").lower()
        pub = self.published
        start = self.focus.day
        if not rel and start is not None and WEEKDAY_RANGE.search(self.before):
            # "from Monday to Wednesday", "Monday through Friday": on or after the first day
            day = start + timedelta(days=(target - start.weekday()) % 7)
            return EventDate.of_days(day, day), "weekday"
        back = (pub.weekday() - target) % 7
        ahead = (target - pub.weekday()) % 7
        if rel == "last":
            day = pub - timedelta(days=back or 7)
        elif rel in ("next", "coming"):
            day = pub + timedelta(days=ahead or 7)
        elif rel == "past":
            day = pub - timedelta(days=back)
        elif self.tense == "future" or (
            self.tense == "reported"
            # a possessive names a thing that is there ("to get around Wednesday's ruling")
            and (ahead < back or (looks_ahead(self.before) and not match["poss"]))
        ):
            day = pub + timedelta(days=ahead)
        else:
            day = pub - timedelta(days=back)
        return EventDate.of_days(day, day), "weekday"

    def rule_fiscal(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        """'fiscal 2024' is 2024 where the article says the fiscal year is the calendar year;
        elsewhere it runs on a calendar the text may not give (and conventions differ on
        which year names it), so nothing is proposed."""
        if not self.fiscal_is_calendar:
            return None
        year = int(match["y"] or match["y2"] or match["y3"])
        return EventDate.point(PartialDate(Precision.YEAR, year)), "explicit"

    def rule_clock(self, match: re.Match[str]) -> tuple[EventDate, str]:
        """'at 09:30 GMT': a time of the day of publication (`extract` gives it the day its
        clause names instead, when it names one)."""
        day = self.published
        return EventDate.point(PartialDate(Precision.DAY, day.year, day.month, day.day)), "nearest"

    def rule_decade(self, match: re.Match[str]) -> tuple[EventDate, str]:
        """'the 1990s' is 1990 to 1999; its early, middle and late years are the first five,
        the middle three and the last five, as 'late 2021' is the second half of the year."""
        first = int(match["y"])
        part = (match["part"] or "").lower()
        lo, hi = {"early": (0, 4), "mid": (4, 6), "late": (5, 9)}.get(part, (0, 9))
        return (
            EventDate.span(
                PartialDate(Precision.YEAR, first + lo), PartialDate(Precision.YEAR, first + hi)
            ),
            "explicit",
        )

    def rule_season(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        season = (match["s1"] or match["s2"]).lower()
        first_month, last_month = SEASONS[season]
        if match["y"]:
            year, how = int(match["y"]), "explicit"
        elif match["rel2"]:
            year, how = self.published.year + (offset_of(match["rel2"]) or 0), "relative"
        else:
            rel = match["rel"].lower()
            pub = self.published
            year = pub.year
            if rel == "last":
                while date(year, last_month, 28) >= pub:
                    year -= 1
            elif rel == "next":
                while date(year, first_month, 1) <= pub:
                    year += 1
            how = "relative"
        return (
            EventDate.span(
                PartialDate(Precision.MONTH, year, first_month),
                PartialDate(Precision.MONTH, year, last_month),
            ),
            how,
        )


def _with(when: PartialDate | None, how: str) -> tuple[PartialDate, str] | None:
    """`(when, how)`, or None when there is no such date (29 February 2023)."""
    return None if when is None else (when, how)


def _shift(published: date, unit: str, step: int) -> EventDate:
    """The week, month, year or day `step` units from the one the article was published in."""
    if unit == "day":
        day = published + timedelta(days=step)
        return EventDate.of_days(day, day)
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        return EventDate.of_days(monday, monday + timedelta(days=6))
    if unit == "month":
        index = published.year * 12 + published.month - 1 + step
        return EventDate.point(PartialDate(Precision.MONTH, index // 12, index % 12 + 1))
    return EventDate.point(PartialDate(Precision.YEAR, published.year + step))
