"""The words and patterns of dates in English news, and a point phrase read as a `Spec`."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ant_timeline.dates import PartialDate, Precision
from ant_timeline.extract import holidays

MONTH_NUMBERS = {
    name.lower(): number
    for number, name in enumerate(calendar.month_name)
    if number  # calendar.month_name[0] is ""
} | {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
QUARTER_MONTHS = {"march": 1, "june": 2, "september": 3, "december": 4}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}

# Building blocks. Month and weekday names must be capitalised (news copy always does), which
# keeps the verb "may" and the noun "march" out; the words around them match in any case.
TOKENS = {
    "<FULLMONTH>": (
        r"(?:January|February|March|April|May|June|July|August|September|October|November"
        r"|December)"
    ),
    "<MONTH>": (
        r"(?:January|February|March|April|May|June|July|August|September|October|November"
        r"|December|Sept\.?|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.?)(?![a-z])"
    ),
    "<DAY>": (
        r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
        r"(?!\d|[.,:]\d|\s*(?:%|(?i:per\s*cent|percent|[mbr]illion|trillion|hours?|days?|weeks?|months?|years?)))"
    ),
    "<YEAR>": (
        r"(?<![\d.,$¥€£])(?:1[89]\d\d|20\d\d)"
        r"(?!\d|[.,]\d|-\d|\s*(?:%|(?i:per\s*cent|percent|[mbr]illion|trillion)))"
    ),
    "<WD>": r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)",
    "<S>": r"['’]s\b",
    "<LEAD>": (
        r"(?:(?P<lead>(?i:in|on|at|since|by|until|till|from|during|through|throughout|before"
        r"|after|around|as\s+early\s+as|as\s+late\s+as|as\s+of|as\s+recently\s+as))"
        r"(?:\s+(?i:at\s+(?:the\s+)?(?:least|earliest|latest)))?\s+)?"
    ),
    "<REL>": r"(?i:this|last|next)",
    # a count in figures or words: "3", "a", "a couple of", "twelve", "twenty-five"
    "<NUM>": (
        r"(?:\d{1,3}|(?i:a\s+couple\s+of|an?|one|two|three|four|five|six|seven|eight|nine|ten"
        r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
        r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:" + _UNITS + r"))?"
        r"|a\s+hundred|one\s+hundred))(?![\w-])"
    ),
}


def rx(pattern: str) -> re.Pattern[str]:
    for token, value in TOKENS.items():
        pattern = pattern.replace(token, value)
    return re.compile(pattern)


# Point dates, each tried as a whole on one phrase (a standalone phrase or an end of an interval).
_ISO = rx(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_MDY = rx(
    r"(?:<WD>,?\s+)?(?P<m><MONTH>)\s+(?P<d><DAY>)"
    r"(?:,?\s+(?P<y><YEAR>)|\s+(?:of\s+)?(?P<rel><REL>)\s+(?i:year))?"
)
_DMY = rx(
    r"(?:<WD>,?\s+)?(?:(?i:the)\s+)?(?P<d><DAY>)(?:\s+of)?\s+(?P<m><MONTH>)"
    r"(?:,?\s+(?P<y><YEAR>)|\s+(?:of\s+)?(?P<rel><REL>)\s+(?i:year))?"
)
_MONTH_POINT = rx(
    r"(?:(?P<q>(?i:early|late|mid|the\s+end\s+of|end|the\s+beginning\s+of|the\s+start\s+of"
    r"|the\s+middle\s+of))[\s-]+)?(?P<m><MONTH>)"
    r"(?:,?\s+(?:of\s+)?(?P<y><YEAR>)|\s+(?:of\s+)?(?P<rel><REL>)\s+(?i:year))?"
)
_QUARTER = rx(
    r"(?:(?i:the)\s+)?(?:(?P<n>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[\s-]|"
    r"(?P<qm>March|June|September|December)\s+)(?i:quarter)"
    r"(?:\s+(?:of\s+)?(?P<y><YEAR>)|\s+(?:of\s+)?(?P<rel><REL>)\s+(?i:year)"
    r"|\s+of\s+(?P<the>(?i:the\s+year)))?"
)
_Q = rx(r"Q(?P<n>[1-4])(?:\s+(?P<y><YEAR>))?|(?P<y2><YEAR>)\s+Q(?P<n2>[1-4])")
_HALF = rx(
    r"(?:(?i:the)\s+)?(?P<n>(?i:first|second))[\s-](?i:half)"
    r"(?:\s+(?:of\s+)?(?P<y><YEAR>)|\s+(?:of\s+)?(?P<rel><REL>)\s+(?i:year)"
    r"|\s+of\s+(?P<the>(?i:the\s+year)))?"
    r"|H(?P<n2>[12])\s+(?P<y2><YEAR>)"
)
_YEAR_PART = rx(
    r"(?P<w>(?i:early|late|mid|the\s+end\s+of|end|the\s+close\s+of|the\s+start\s+of"
    r"|the\s+beginning\s+of|the\s+middle\s+of))[\s-]+(?:(?P<y><YEAR>)|(?P<rel><REL>)\s+(?i:year))"
)
_YEAR = rx(r"(?P<y><YEAR>)")
BARE_DAY = rx(r"(?P<d><DAY>)(?:,?\s+(?P<y><YEAR>))?")

# Dates written out, day first ("3 March", "Tuesday 3rd March 2021") or month first ("March
# 3", "Nov. 9"): which the article writes says how it writes dates in figures.
_WRITTEN_DAY_FIRST = rx(r"(?<![\d/.,])\b<DAY>(?:\s+of)?\s+<MONTH>")
_WRITTEN_MONTH_FIRST = rx(r"<MONTH>\s+<DAY>\b(?!\s*<MONTH>)")


def day_first(text: str) -> bool:
    """Whether the article writes its dates day first, as British and most non-US copy does:
    then "03/04/2021" is 3 April. Dates in figures whose first number is no month count too."""
    days = len(_WRITTEN_DAY_FIRST.findall(text))
    months = len(_WRITTEN_MONTH_FIRST.findall(text))
    for first, second in re.findall(r"(?<![\w/.])([0-3]?\d)/([0-3]?\d)/(?:\d{4}|\d{2})\b", text):
        if int(first) > 12 >= int(second):
            days += 1
        elif int(second) > 12 >= int(first):
            months += 1
    return days > months


POINT = (
    r"(?:\d{4}-\d{2}-\d{2}"
    r"|(?:<WD>,?\s+)?<MONTH>\s+<DAY>(?:,?\s+<YEAR>)?"
    r"|(?:<WD>,?\s+)?(?:(?i:the)\s+)?<DAY>(?:\s+of)?\s+<MONTH>(?:,?\s+<YEAR>)?"
    r"|(?:(?i:early|late|mid)[\s-]+)?<MONTH>(?:,?\s+(?:of\s+)?<YEAR>)?"
    r"|(?:(?i:the)\s+)?(?i:first|second|third|fourth)[\s-](?i:quarter)(?:\s+of\s+<YEAR>)?"
    r"|Q[1-4](?:\s+<YEAR>)?"
    r"|(?i:early|late|mid)[\s-]+<YEAR>"
    r"|<YEAR>"
    r"|<DAY>)"
)


@dataclass(frozen=True, slots=True)
class Spec:
    """A point date as written: its unit and part, and its year when the text gives one."""

    unit: Precision
    part: int = 0
    day: int = 0
    year: int | None = None
    year_offset: int | None = None  # "January last year": -1 from the publication year
    the_year: bool = False  # "the second half of the year": the year in context, else this one
    holiday: str = ""  # a named day ("Thanksgiving"), whose day depends on the year
    rough: bool = False  # "late 2021", "the end of 2022": roughly that part, not a named period

    def build(self, year: int) -> PartialDate:
        if self.holiday:
            day = holidays.day_of(self.holiday, year)
            return PartialDate(Precision.DAY, year, day.month, day.day)
        return PartialDate(self.unit, year, self.part, self.day)


def month_number(name: str) -> int:
    return MONTH_NUMBERS[name.lower().rstrip(".")]


def count_of(text: str | None) -> int:
    """The number a <NUM> match says: "3", "a", "twelve", "twenty-five", "a hundred"."""
    if not text:
        return 1
    raw = " ".join(text.lower().replace("-", " ").split())
    if raw.isdigit():
        return int(raw)
    if raw.endswith("hundred"):
        return 100
    if raw in NUMBER_WORDS:
        return NUMBER_WORDS[raw]
    tens, _, unit = raw.partition(" ")
    return TENS[tens] + (NUMBER_WORDS[unit] if unit else 0)


def int_day(text: str) -> int:
    return int(re.match(r"\d+", text)[0])  # type: ignore[index]  # the pattern guarantees digits


def year_of(*texts: str | None) -> int | None:
    for text in texts:
        if text:
            return int(text)
    return None


def offset_of(rel: str | None) -> int | None:
    return None if rel is None else {"this": 0, "last": -1, "next": 1}[rel.lower()]


def read_spec(text: str) -> Spec | None:
    """A point phrase as a `Spec`, or None when it is not one."""
    text = " ".join(text.split())
    if match := _ISO.fullmatch(text):
        try:
            day = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
        return Spec(Precision.DAY, day.month, day.day, day.year)
    for pattern in (_MDY, _DMY):
        if match := pattern.fullmatch(text):
            return Spec(
                Precision.DAY,
                month_number(match["m"]),
                int_day(match["d"]),
                year_of(match["y"]),
                offset_of(match["rel"]),
            )
    if match := _MONTH_POINT.fullmatch(text):
        return Spec(
            Precision.MONTH,
            month_number(match["m"]),
            0,
            year_of(match["y"]),
            offset_of(match["rel"]),
        )
    if match := _QUARTER.fullmatch(text):
        part = ORDINALS[match["n"].lower()] if match["n"] else QUARTER_MONTHS[match["qm"].lower()]
        return Spec(
            Precision.QUARTER,
            part,
            0,
            year_of(match["y"]),
            offset_of(match["rel"]),
            bool(match["the"]),
        )
    if match := _Q.fullmatch(text):
        return Spec(
            Precision.QUARTER, int(match["n"] or match["n2"]), 0, year_of(match["y"], match["y2"])
        )
    if match := _HALF.fullmatch(text):
        part = ORDINALS[match["n"].lower()] if match["n"] else int(match["n2"])
        return Spec(
            Precision.HALF,
            part,
            0,
            year_of(match["y"], match["y2"]),
            offset_of(match["rel"]),
            bool(match["the"]),
        )
    if match := _YEAR_PART.fullmatch(text):
        word = " ".join(match["w"].lower().split())
        year, offset = year_of(match["y"]), offset_of(match["rel"])
        if word == "early":
            return Spec(Precision.HALF, 1, 0, year, offset, rough=True)
        if word == "late":
            return Spec(Precision.HALF, 2, 0, year, offset, rough=True)
        if word in ("the end of", "end", "the close of"):
            return Spec(Precision.QUARTER, 4, 0, year, offset, rough=True)
        if word in ("the start of", "the beginning of"):
            return Spec(Precision.QUARTER, 1, 0, year, offset, rough=True)
        return Spec(Precision.YEAR, 0, 0, year, offset, rough=True)  # "mid-2022": its middle
    if match := _YEAR.fullmatch(text):
        return Spec(Precision.YEAR, 0, 0, int(match["y"]))
    return None
