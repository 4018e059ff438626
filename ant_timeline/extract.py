"""Article text -> candidate events: date phrases found and resolved against the publication date.

The finding and the context rules are ours; dateparser's `search_dates` gets too many of them
wrong (see the README). Each date phrase becomes a `Candidate` with a resolved `EventDate` at the
precision the phrase supports, the phrase as written, its sentence, a suggested title and a
confidence. Rules, in short:

- a phrase with its own year ("May 17, 2023", "late 2021", "the first quarter of 2022") is exact;
- "last week", "two years ago", "earlier this year" count back from the publication date;
- a weekday is the latest such day on or before publication, or the next on or after it when the
  sentence speaks of the future ("will meet on Tuesday");
- a month or day without a year takes the year stated earlier in the sentence (or paragraph) when
  it falls inside what that mention covered ("in 2020 ... the November 5 debut"), else the latest
  one not after publication for the past tense, the next one for the future, and the nearest one
  when the sentence gives no tense;
- durations and counts ("two-year", "48 hours", "193 million") and "now" are not dates.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field, replace
from datetime import MAXYEAR, MINYEAR, date, timedelta
from typing import TYPE_CHECKING, Any

from ant_timeline.dates import EventDate, PartialDate, Precision

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["Candidate", "Extraction", "extract", "find_published", "json_envelope"]

# A paragraph with more sentences than this is taken for text without paragraph breaks (a page
# flattened to one line): a year stated in it then only carries within its sentence.
MAX_PARAGRAPH_SENTENCES = 5
TITLE_LENGTH = 90
# Longer "sentences" (text without full stops) are cut up, which bounds the work per phrase.
MAX_SENTENCE = 1000

# How sure a resolution is, by how its year (or day) was found.
CONFIDENCE = {
    "explicit": 0.95,  # the phrase carries its year: "May 17, 2023", "late 2021"
    "relative": 0.9,  # counted from the publication date: "last week", "two years ago"
    "weekday": 0.85,  # "on Tuesday", "Tuesday's signing"
    "context": 0.8,  # the year stated earlier in the sentence or paragraph
    "tense": 0.7,  # the tense of the sentence chose the year
    "nearest": 0.6,  # no tense either: the occurrence nearest the publication date
}

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
}
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
_TOKENS = {
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
}


def _rx(pattern: str) -> re.Pattern[str]:
    for token, value in _TOKENS.items():
        pattern = pattern.replace(token, value)
    return re.compile(pattern)


# Point dates, each tried as a whole on one phrase (a standalone phrase or an end of an interval).
_ISO = _rx(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_MDY = _rx(r"(?:<WD>,?\s+)?(?P<m><MONTH>)\s+(?P<d><DAY>)(?:,?\s+(?P<y><YEAR>))?")
_DMY = _rx(
    r"(?:<WD>,?\s+)?(?:(?i:the)\s+)?(?P<d><DAY>)(?:\s+of)?\s+(?P<m><MONTH>)(?:,?\s+(?P<y><YEAR>))?"
)
_MONTH_POINT = _rx(
    r"(?:(?P<q>(?i:early|late|mid|the\s+end\s+of|end|the\s+beginning\s+of|the\s+start\s+of"
    r"|the\s+middle\s+of))[\s-]+)?(?P<m><MONTH>)"
    r"(?:,?\s+(?:of\s+)?(?P<y><YEAR>)|\s+(?:of\s+)?(?P<rel><REL>)\s+(?i:year))?"
)
_QUARTER = _rx(
    r"(?:(?i:the)\s+)?(?:(?P<n>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[\s-]|"
    r"(?P<qm>March|June|September|December)\s+)(?i:quarter)"
    r"(?:\s+(?:of\s+)?(?P<y><YEAR>)|\s+(?:of\s+)?(?P<rel><REL>)\s+(?i:year)"
    r"|\s+of\s+(?P<the>(?i:the\s+year)))?"
)
_Q = _rx(r"Q(?P<n>[1-4])(?:\s+(?P<y><YEAR>))?|(?P<y2><YEAR>)\s+Q(?P<n2>[1-4])")
_HALF = _rx(
    r"(?:(?i:the)\s+)?(?P<n>(?i:first|second))[\s-](?i:half)"
    r"(?:\s+(?:of\s+)?(?P<y><YEAR>)|\s+(?:of\s+)?(?P<rel><REL>)\s+(?i:year)"
    r"|\s+of\s+(?P<the>(?i:the\s+year)))?"
    r"|H(?P<n2>[12])\s+(?P<y2><YEAR>)"
)
_YEAR_PART = _rx(
    r"(?P<w>(?i:early|late|mid|the\s+end\s+of|end|the\s+close\s+of|the\s+start\s+of"
    r"|the\s+beginning\s+of|the\s+middle\s+of))[\s-]+(?:(?P<y><YEAR>)|(?P<rel><REL>)\s+(?i:year))"
)
_YEAR = _rx(r"(?P<y><YEAR>)")
_BARE_DAY = _rx(r"(?P<d><DAY>)(?:,?\s+(?P<y><YEAR>))?")

_POINT = (
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
class _Spec:
    """A point date as written: its unit and part, and its year when the text gives one."""

    unit: Precision
    part: int = 0
    day: int = 0
    year: int | None = None
    year_offset: int | None = None  # "January last year": -1 from the publication year
    the_year: bool = False  # "the second half of the year": the year in context, else this one

    def build(self, year: int) -> PartialDate:
        return PartialDate(self.unit, year, self.part, self.day)


def _month(name: str) -> int:
    return MONTH_NUMBERS[name.lower().rstrip(".")]


def _int_day(text: str) -> int:
    return int(re.match(r"\d+", text)[0])  # type: ignore[index]  # the pattern guarantees digits


def _year(*texts: str | None) -> int | None:
    for text in texts:
        if text:
            return int(text)
    return None


def _offset(rel: str | None) -> int | None:
    return None if rel is None else {"this": 0, "last": -1, "next": 1}[rel.lower()]


def _spec(text: str) -> _Spec | None:
    """A point phrase as a `_Spec`, or None when it is not one."""
    text = " ".join(text.split())
    if match := _ISO.fullmatch(text):
        try:
            day = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
        return _Spec(Precision.DAY, day.month, day.day, day.year)
    for pattern in (_MDY, _DMY):
        if match := pattern.fullmatch(text):
            return _Spec(Precision.DAY, _month(match["m"]), _int_day(match["d"]), _year(match["y"]))
    if match := _MONTH_POINT.fullmatch(text):
        return _Spec(
            Precision.MONTH, _month(match["m"]), 0, _year(match["y"]), _offset(match["rel"])
        )
    if match := _QUARTER.fullmatch(text):
        part = ORDINALS[match["n"].lower()] if match["n"] else QUARTER_MONTHS[match["qm"].lower()]
        return _Spec(
            Precision.QUARTER, part, 0, _year(match["y"]), _offset(match["rel"]), bool(match["the"])
        )
    if match := _Q.fullmatch(text):
        return _Spec(
            Precision.QUARTER, int(match["n"] or match["n2"]), 0, _year(match["y"], match["y2"])
        )
    if match := _HALF.fullmatch(text):
        part = ORDINALS[match["n"].lower()] if match["n"] else int(match["n2"])
        return _Spec(
            Precision.HALF,
            part,
            0,
            _year(match["y"], match["y2"]),
            _offset(match["rel"]),
            bool(match["the"]),
        )
    if match := _YEAR_PART.fullmatch(text):
        word = " ".join(match["w"].lower().split())
        year, offset = _year(match["y"]), _offset(match["rel"])
        if word == "early":
            return _Spec(Precision.HALF, 1, 0, year, offset)
        if word == "late":
            return _Spec(Precision.HALF, 2, 0, year, offset)
        if word in ("the end of", "end", "the close of"):
            return _Spec(Precision.QUARTER, 4, 0, year, offset)
        if word in ("the start of", "the beginning of"):
            return _Spec(Precision.QUARTER, 1, 0, year, offset)
        return _Spec(Precision.YEAR, 0, 0, year, offset)  # "mid-2022": somewhere in the middle
    if match := _YEAR.fullmatch(text):
        return _Spec(Precision.YEAR, 0, 0, int(match["y"]))
    return None


# ---------------------------------------------------------------------------------------------
# Finding the phrases


@dataclass(frozen=True, slots=True)
class _Mention:
    rule: str
    start: int  # the whole match, lead word included (sentence-relative)
    end: int
    body_start: int  # the date phrase proper
    body_end: int
    match: re.Match[str]

    @property
    def lead(self) -> str:
        try:
            return (self.match["lead"] or "").lower()
        except IndexError:
            return ""


_MONTH_LEADS = (
    r"in|on|at|since|by|until|till|from|during|through|throughout|before|after|of|the|around"
    r"|and|or|as\s+early\s+as|as\s+late\s+as|as\s+of|as\s+recently\s+as"
)

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "interval",
        _rx(
            r"(?:\b(?P<lead>(?i:from|between))\s+)?(?P<body>(?P<a>" + _POINT + r")\s*"
            r"(?P<sep>\b(?i:to|until|till|through|and)\b|[-–—])\s*(?P<b>" + _POINT + r")"
            r"(?:\s+(?:of\s+)?(?P<irel><REL>)\s+(?i:year))?)"
        ),
    ),
    (
        "same",
        _rx(
            r"\b<LEAD>(?P<body>(?i:the\s+same\s+(?P<unit>period|quarter|month|half)\s+(?:(?:in|of)\s+)?)"
            r"(?:(?P<y><YEAR>)|(?P<rel>(?i:a\s+year\s+(?:earlier|ago|before)|last\s+year"
            r"|(?:of\s+)?the\s+(?:previous|prior)\s+year))))"
        ),
    ),
    (
        "point",
        _rx(
            r"\b<LEAD>(?P<body>\d{4}-\d{2}-\d{2}"
            r"|(?:<WD>,?\s+)?<MONTH>\s+<DAY>(?:,?\s+<YEAR>)?"
            r"|(?:<WD>,?\s+)?(?:(?i:the)\s+)?<DAY>(?:\s+of)?\s+<MONTH>(?:,?\s+<YEAR>)?"
            r"|(?:(?i:early|late|mid|the\s+end\s+of|end|the\s+beginning\s+of|the\s+start\s+of"
            r"|the\s+middle\s+of)[\s-]+)?<MONTH>(?:,?\s+(?:of\s+)?<YEAR>|\s+(?:of\s+)?<REL>\s+(?i:year))"
            r"|(?:(?i:the)\s+)?(?:(?i:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]"
            r"|(?:March|June|September|December)\s+)(?i:quarter)"
            r"(?:\s+(?:of\s+)?<YEAR>|\s+(?:of\s+)?<REL>\s+(?i:year)|\s+of\s+(?i:the\s+year))?"
            r"|Q[1-4](?:\s+<YEAR>)?|<YEAR>\s+Q[1-4]"
            r"|(?:(?i:the)\s+)?(?i:first|second)[\s-](?i:half)"
            r"(?:\s+(?:of\s+)?<YEAR>|\s+(?:of\s+)?<REL>\s+(?i:year)|\s+of\s+(?i:the\s+year))?"
            r"|H[12]\s+<YEAR>"
            r"|(?i:early|late|mid|the\s+end\s+of|end|the\s+close\s+of|the\s+start\s+of"
            r"|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+(?:<YEAR>|<REL>\s+(?i:year)))\b"
        ),
    ),
    (
        "month",
        _rx(
            r"(?:\b(?P<lead>(?i:" + _MONTH_LEADS + r"))\s+)?(?P<body>(?:(?P<rel>(?i:last|next|this"
            r"|early|late|mid|the\s+end\s+of|end|the\s+beginning\s+of|the\s+start\s+of"
            r"|the\s+middle\s+of))[\s-]+)?(?P<m><FULLMONTH>)(?P<poss><S>)?)\b(?!\s*\d)"
        ),
    ),
    (
        "year",
        _rx(
            r"\b(?P<lead>(?i:in|since|by|until|till|during|throughout|of|from|before|after|through"
            r"|around|for|back\s+to|as\s+early\s+as|as\s+late\s+as|as\s+of|as\s+recently\s+as))"
            r"(?:\s+(?i:at\s+(?:the\s+)?(?:least|earliest|latest)))?\s+(?P<body><YEAR>)\b"
        ),
    ),
    ("year", _rx(r"\b(?P<body><YEAR>)<S>")),
    ("year", _rx(r"\b(?:1[89]|20)\d\d\s+(?i:and|or)\s+(?P<body><YEAR>)\b")),
    (
        "first-months",
        _rx(
            r"\b<LEAD>(?P<body>(?i:the\s+first\s+)(?P<n>(?i:two|three|four|five|six|seven|eight|nine|ten"
            r"|eleven|\d{1,2}))\s+(?P<unit>(?i:months|quarters))(?:\s+of\s+(?:(?P<y><YEAR>)"
            r"|(?P<rel><REL>)\s+(?i:year)|(?P<the>(?i:the\s+year))))?)\b"
        ),
    ),
    # A year used as an adjective ("the 2023 Asian Games") is not an event of its own, but it
    # says which year the sentence is about.
    ("context", _rx(r"\b(?i:the|a|an|its|their|his|her|this|that)\s+(?P<body><YEAR>)\b")),
    (
        "end-of-year",
        _rx(
            r"\b<LEAD>(?P<body>(?i:the\s+(?P<edge>end|close|start|beginning)\s+of\s+"
            r"(?P<rel>the|this|last|next)\s+year|(?P<rel2>this|last|next)\s+year['’]s\s+end"
            r"|year-end))\b"
        ),
    ),
    (
        "earlier-later",
        _rx(
            r"\b(?P<body>(?P<when>(?i:earlier|later))\s+(?i:this|in\s+the)\s+"
            r"(?P<unit>(?i:week|month|year)))\b"
        ),
    ),
    ("relative", _rx(r"\b(?P<body>(?P<rel><REL>)\s+(?P<unit>(?i:week|month|year)))\b")),
    (
        "ago",
        _rx(
            r"\b(?P<body>(?P<cmp>(?i:less|more|fewer)\s+than\s+|(?i:over|under|nearly|almost|about"
            r"|around|roughly|some)\s+)?(?P<n>\d{1,3}|(?i:a\s+couple\s+of|an?|one|two|three|four|five|six|seven"
            r"|eight|nine|ten|eleven|twelve))\s+(?P<unit>(?i:days?|weeks?|months?|years?|decades?))"
            r"\s+(?i:ago))\b"
        ),
    ),
    ("yesterday", _rx(r"\b(?P<body>(?i:yesterday|tomorrow))\b")),
    (
        "weekday",
        _rx(
            r"(?:\b(?P<lead>(?i:(?:late|early)\s+on|on|by|until|till|since|from|before|after))\s+)?"
            r"(?P<body>(?:(?P<rel>(?i:last|next|this|coming|past))\s+)?(?P<wd><WD>)(?:<S>)?"
            r"(?:\s+(?i:morning|afternoon|evening|night))?)(?![\w’'])"
        ),
    ),
    (
        "season",
        _rx(
            r"\b<LEAD>(?P<body>(?:(?P<rel><REL>)\s+(?P<s1>(?i:spring|summer|autumn|fall))"
            r"|(?:(?i:the)\s+)?(?P<s2>(?i:spring|summer|autumn|fall))\s+(?:of\s+)?(?:(?P<y><YEAR>)"
            r"|(?P<rel2><REL>)\s+(?i:year))))\b"
        ),
    ),
]
_RULE_ORDER = {name: index for index, (name, _) in enumerate(_RULES)}


def _interval_ends(match: re.Match[str]) -> tuple[_Spec, _Spec] | None:
    """The two ends of a `from X to Y` match, or None when it is not really an interval."""
    lead = (match["lead"] or "").lower()
    sep = match["sep"].lower()
    if sep == "and" and lead != "between":
        return None
    if lead == "between" and sep != "and":
        return None
    a_text, b_text = match["a"], match["b"]
    start, end = _spec(a_text), _spec(b_text)
    a_day = _BARE_DAY.fullmatch(a_text) if start is None else None
    b_day = _BARE_DAY.fullmatch(b_text) if end is None else None
    if start is not None and end is None and b_day and start.unit is Precision.DAY:
        # "September 23-25, 2023": the end shares the start's month
        end = _Spec(Precision.DAY, start.part, _int_day(b_day["d"]), _year(b_day["y"]))
    elif start is None and a_day and end is not None and end.unit is Precision.DAY:
        start = _Spec(Precision.DAY, end.part, _int_day(a_day["d"]), end.year)
    if start is None or end is None:
        return None
    if match["irel"]:
        if start.year is not None or end.year is not None:
            return None
        offset = _offset(match["irel"])
        start = _Spec(start.unit, start.part, start.day, None, offset)
        end = _Spec(end.unit, end.part, end.day, None, offset)
    if start.unit is Precision.YEAR and end.unit is Precision.YEAR and not (lead or sep != "and"):
        return None
    if not lead and sep in ("to", "until", "till", "through"):
        # Without "from", only month names make "X to Y" a span of time ("March to June 2023").
        named = re.search(_TOKENS["<FULLMONTH>"], a_text) and re.search(
            _TOKENS["<FULLMONTH>"], b_text
        )
        if not named:
            return None
    return start, end


def _mentions(sentence: str) -> list[_Mention]:
    """Every date phrase in a sentence, longest first where they overlap, in text order."""
    found: list[_Mention] = []
    for rule, pattern in _RULES:
        for match in pattern.finditer(sentence):
            if rule == "interval" and _interval_ends(match) is None:
                continue
            if rule == "month" and not _month_mention_ok(match):
                continue
            found.append(
                _Mention(
                    rule, match.start(), match.end(), match.start("body"), match.end("body"), match
                )
            )
    found.sort(key=lambda m: (-(m.end - m.start), _RULE_ORDER[m.rule], m.start))
    chosen: list[_Mention] = []
    for mention in found:
        if all(
            mention.body_end <= c.body_start or mention.body_start >= c.body_end for c in chosen
        ):
            chosen.append(mention)
    chosen.sort(key=lambda m: m.body_start)
    return chosen


def _month_mention_ok(match: re.Match[str]) -> bool:
    """A month name alone is a date only with a word that makes it one ('in May', 'May's')."""
    lead = (match["lead"] or "").lower()
    if match["rel"] or match["poss"]:
        return True
    if not lead:
        return False
    return not (lead in ("and", "or", "the") and match["m"] == "May")


# ---------------------------------------------------------------------------------------------
# Tense


# A present-tense schedule verb ("the consultation ends on April 15") points ahead too.
_FUTURE = re.compile(
    r"(?i)\b(?:will|shall|won['’]t|(?:is|are|am)\s+(?:\w+ly\s+)?(?:(?:expected|set|due|scheduled"
    r"|slated|poised|going|planning|likely|about)\s+to|due)"
    r"|(?:plans?|aims?|intends?|expects?|hopes?|seeks?|promises?|pledges?|vows?|wants?)\s+to"
    r"|upcoming|forthcoming|starts|begins|opens|closes|ends|runs|expires|takes\s+effect"
    r"|kicks\s+off)\b(?:\s+(?:not|also|still|soon|then|only|now|be|have|been|\w+ly))*"
    r"(?:\s+\w+)?|\w['’]ll\b"
)
# The future seen from a past moment ("would", "was due to", "aimed to"): after that moment,
# which may be last week or years ago, so the nearest occurrence is the best guess.
_REPORTED_FUTURE = re.compile(
    r"(?i)\b(?:would(?!\s+have)|(?:was|were)\s+(?:\w+ly\s+)?(?:(?:expected|set|due|scheduled"
    r"|slated|poised|going|planning|likely|about)\s+to|due)"
    r"|(?:planned|aimed|intended|expected|hoped|promised|pledged|vowed|wanted)\s+to)\b"
    r"(?:\s+(?:not|also|still|soon|then|only|now|be|have|been|\w+ly))*(?:\s+\w+)?"
)
_PERFECT = re.compile(r"(?i)\b(?:has|have|had)(?:\s+\w+ly)?(?:\s+been)?(?:\s+\w+)?")
_PRESENT_PASSIVE = re.compile(r"(?i)\b(?:is|are|am|be|being)\s+(?:\w+ly\s+)?\w+ed\b")
_PAST = re.compile(
    r"(?i)\b(?:was|were|did|became|began|came|went|took|made|gave|met|held|paid|sold|bought"
    r"|won|lost|rose|fell|grew|saw|left|led|brought|sought|struck|spent|kept|chose|drew|hit"
    r"|(?!\w*eed\b)(?!based\b)(?!hundred\b)\w{3,}ed)\b"
)
# Reporting verbs are past in every news story whatever the time of what they report.
_REPORTING = re.compile(r"(?i)^(?:said|told|added|noted|stated|reported|wrote|explained)$")
_REPORTED_PERIOD = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?i:results|earnings|profits?|revenues?|sales|figures|loss(?:es)?|reports?|GDP|growth"
    r"|data|numbers)\b"
)
_RESULTS_FOR = re.compile(
    r"(?i)\b(?:results|earnings|figures|profits?|revenues?|accounts|sales|loss(?:es)?)\s+"
    r"(?:for|in|of)\s+$"
)
_RECENTLY = re.compile(r"(?i)\b(?:most\s+|as\s+|more\s+)?recently(?:\s+as)?\s*,?\s*(?:in\s+)?$")
_CLAUSE_BREAK = re.compile(r"[,;:()–—]|\s-\s")


@functools.lru_cache(maxsize=8)
def _cues(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each tense cue in a sentence; computed once per sentence."""
    cues: list[tuple[int, int, str]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in cues)

    for pattern, kind in (
        (_FUTURE, "future"),
        (_REPORTED_FUTURE, "reported"),
        (_PERFECT, "past"),
        (_PRESENT_PASSIVE, "none"),
        (_PAST, "past"),
    ):
        for match in pattern.finditer(text):
            if kind == "past" and _REPORTING.match(match.group()):
                continue
            if free(match.start(), match.end()):
                cues.append((match.start(), match.end(), kind))
    return [cue for cue in cues if cue[2] != "none"]


def _tense(sentence: str, start: int, end: int) -> str | None:
    """'future', 'past', 'reported' (future seen from the past) or None: the verb nearest the
    phrase, in its clause first."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    right_match = _CLAUSE_BREAK.search(sentence, end)
    right = right_match.start() if right_match else len(sentence)
    every = _cues(sentence)

    def distance(cue: tuple[int, int, str]) -> int:
        return start - cue[1] if cue[1] <= start else (cue[0] - start) + 2

    for lo, hi in ((left, right), (0, len(sentence))):
        cues = [c for c in every if lo <= c[0] and c[1] <= hi]
        if cues:
            return min(cues, key=distance)[2]
    return None


# ---------------------------------------------------------------------------------------------
# Sentences and paragraphs

_ABBREVIATIONS = frozenset(
    (
        *("mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "st", "co", "corp", "inc"),
        *("ltd", "no", "vs", "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec", "jr", "sr"),
        *("u.s", "u.k", "e.g", "i.e", "a.m", "p.m"),
    )
)
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"\S(?:[^\n]|\n(?![ \t]*\n))*")


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans; text without full stops is cut into pieces of at most MAX_SENTENCE."""
    for first, last in _full_stops(text, start, end):
        begin = first
        while last - begin > MAX_SENTENCE:
            cut = text.rfind(" ", begin + MAX_SENTENCE // 2, begin + MAX_SENTENCE)
            cut = cut if cut > begin else begin + MAX_SENTENCE
            yield begin, cut
            begin = cut
        yield begin, last


def _full_stops(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        word = re.search(r"(\S+?)[.!?]*$", text[begin : match.start() + 1])
        last = word.group(1).lower().rstrip(".") if word else ""
        if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
            continue
        yield begin, match.start() + 1
        begin = match.end()
    if begin < end:
        yield begin, end


# ---------------------------------------------------------------------------------------------
# The result


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed event: its resolved date, the phrase, its sentence, a title, a confidence."""

    date: EventDate
    text: str  # the date phrase as written
    sentence: str  # the sentence it came from, whitespace collapsed
    title: str  # a suggested event title, taken from the sentence
    confidence: float  # 0-1
    offset: int  # where the phrase starts in the article (characters)
    rule: str = ""  # how the date was resolved: one of CONFIDENCE's keys


@dataclass(frozen=True, slots=True)
class Extraction:
    """What `extract` found in an article, in article order."""

    published: date
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)

    def ordered(self, by: str = "article") -> tuple[Candidate, ...]:
        """Candidates in article order, or by date (`by="date"`; ties keep article order)."""
        if by == "date":
            return tuple(sorted(self.candidates, key=lambda c: (c.date.sort_key, c.offset)))
        return self.candidates


def json_envelope(extraction: Extraction, by: str = "article") -> dict[str, Any]:
    """`{"version": 1, "published": DATE, "candidates": [...]}`, as `extract --json` prints it."""
    return {
        "version": 1,
        "published": extraction.published.isoformat(),
        "candidates": [
            {
                "date": c.date.canonical,
                "earliest": c.date.earliest.isoformat() if c.date.earliest else None,
                "latest": c.date.latest.isoformat() if c.date.latest else None,
                "precision": c.date.precision.value,
                "text": c.text,
                "sentence": c.sentence,
                "title": c.title,
                "confidence": c.confidence,
            }
            for c in extraction.ordered(by)
        ],
    }


# ---------------------------------------------------------------------------------------------
# The dateline

_LABEL = r"(?:(?i:date|dated|published|updated|posted|first\s+published)(?:\s+on)?\s*:?\s*)?"
_PLACE = r"(?:[A-Z][A-Z .'’-]+,\s+)?"
_DATELINE = _rx(
    r"\s*" + _LABEL + _PLACE + r"(?:<WD>,?\s+)?(?P<date>\d{4}-\d{2}-\d{2}"
    r"|<MONTH>\s+<DAY>,?\s+<YEAR>|<DAY>\s+<MONTH>,?\s+<YEAR>)(?![\w-])"
)


# A wire dateline opening a paragraph ("HONG KONG, 26 July (Wire) -") dates the report.
_WIRE_DATELINE = _rx(
    r"[A-Z][A-Z .'’-]+,\s+(?P<date>(?:<WD>,?\s+)?(?:<MONTH>\s+<DAY>|<DAY>\s+<MONTH>)"
    r"(?:,?\s+<YEAR>)?)"
    r"(?:\s*\([^)\n]*\))?\s*[-–—:]"
)


def _dateline(text: str) -> tuple[date, int, int] | None:
    """The publication date on the first non-blank line, and where it is written."""
    first = re.search(r"\S", text)
    if first is None:
        return None
    line_start = text.rfind("\n", 0, first.start()) + 1
    match = _DATELINE.match(text, line_start)
    if match is None:
        return None
    spec = _spec(match["date"])
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
    found = _dateline(text)
    return found[0] if found else None


# ---------------------------------------------------------------------------------------------
# Resolving


@dataclass(slots=True)
class _Context:
    """What the text has said so far about when: the span a stated year covers."""

    year: int
    first: date
    last: date
    sentence: int = 0  # which sentence said it


@dataclass(slots=True)
class _Resolver:
    published: date
    context: _Context | None = None
    previous: EventDate | None = None  # the last date resolved in this sentence
    tense: str | None = None  # see `_tense`
    sentence: int = 0  # the sentence being read, counted through the article
    after: str = ""  # the sentence after the phrase
    before: str = ""  # the sentence before it

    # -- years ------------------------------------------------------------------------------

    def place(self, spec: _Spec) -> tuple[PartialDate, str] | None:
        """Give a yearless spec its year: context, then tense, then nearness."""
        if spec.year is not None:
            return _with(self._build(spec, spec.year), "explicit")
        if spec.year_offset is not None:
            return _with(self._build(spec, self.published.year + spec.year_offset), "relative")
        if _RECENTLY.search(self.before):
            pass  # "most recently in July": the latest July, whatever year was said before
        elif self.context is not None:
            candidate = self._build(spec, self.context.year)
            if (
                candidate is not None
                and self.context.first <= candidate.earliest
                and candidate.latest <= self.context.last
                and self._agrees(candidate)
                # What "would" happen is after a moment that a year in an earlier sentence
                # does not date.
                and (self.tense != "reported" or self.context.sentence == self.sentence)
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
        return (coming[0] if self.tense == "future" else past[-1]), "tense"

    def _agrees(self, when: PartialDate) -> bool:
        """A carried year must fit the tense: no past event after publication, nor the reverse."""
        if self.tense == "future":
            return when.latest >= self.published
        if self.tense != "past":
            return True
        return when.earliest <= self.published

    @staticmethod
    def _build(spec: _Spec, year: int) -> PartialDate | None:
        if not MINYEAR <= year <= MAXYEAR:
            return None
        if spec.unit is Precision.DAY:
            try:
                date(year, spec.part, spec.day)
            except ValueError:
                return None
        return spec.build(year)

    def remember(self, when: EventDate, how: str) -> None:
        """A date whose year the text stated becomes the context for later mentions."""
        self.previous = when
        if how not in ("explicit", "relative") or when.start is None:
            return
        start, end = when.start, when.end or when.start
        if start.year != end.year:
            return
        if start.precision in (Precision.QUARTER, Precision.HALF) and not when.interval:
            self.context = _Context(start.year, start.earliest, start.latest, self.sentence)
        else:
            self.context = _Context(
                start.year, date(start.year, 1, 1), date(start.year, 12, 31), self.sentence
            )

    # -- rules ------------------------------------------------------------------------------

    def resolve(self, mention: _Mention) -> tuple[EventDate, str] | None:
        handler: Callable[[re.Match[str]], tuple[EventDate, str] | None] = getattr(
            self, "rule_" + mention.rule.replace("-", "_")
        )
        return handler(mention.match)

    def rule_point(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        spec = _spec(match["body"])
        if (
            spec is not None
            and spec.unit in (Precision.QUARTER, Precision.HALF)
            and (_REPORTED_PERIOD.match(self.after) or _RESULTS_FOR.search(self.before))
        ):
            # "second-quarter results" are published after the quarter: it is the last one
            self.tense = "past"
        placed = self.place(spec) if spec else None
        if placed is None:
            return None
        return EventDate.point(placed[0]), placed[1]

    rule_year = rule_point

    def rule_month(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        spec = _Spec(Precision.MONTH, _month(match["m"]))
        rel = (match["rel"] or "").lower()
        pub = self.published
        if rel in ("last", "next", "this"):
            # "last October" is October of last year, as "next March" is March of next year.
            year = pub.year + (_offset(rel) or 0)
            return EventDate.point(spec.build(year)), "relative"
        placed = self.place(spec)
        return (EventDate.point(placed[0]), placed[1]) if placed else None

    def rule_first_months(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        raw = match["n"].lower()
        count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
        months = count * 3 if match["unit"].lower() == "quarters" else count
        if not 1 <= months <= 12:
            return None
        placed = self.place(
            _Spec(
                Precision.MONTH,
                months,
                0,
                _year(match["y"]),
                _offset(match["rel"]),
                bool(match["the"]),
            )
        )
        if placed is None:
            return None
        last, how = placed
        first = PartialDate(Precision.MONTH, last.year, 1)
        return (EventDate.point(first) if months == 1 else EventDate.span(first, last)), how

    def rule_context(self, match: re.Match[str]) -> None:
        year = int(match["body"])
        self.context = _Context(year, date(year, 1, 1), date(year, 12, 31), self.sentence)

    def rule_interval(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        ends = _interval_ends(match)
        if ends is None:
            return None
        start, end = ends
        if start.year is None and start.year_offset is None and end.year is not None:
            guess, anchor = self._build(start, end.year), self._build(end, end.year)
            if anchor is None:
                return None
            year = end.year if guess and guess.earliest <= anchor.earliest else end.year - 1
            start = _Spec(start.unit, start.part, start.day, year)
        placed = self.place(start)
        if placed is None:
            return None
        first, how = placed
        if end.year is None and end.year_offset is None:
            year = first.year
            built = self._build(end, year)
            if built is None or built.latest < first.earliest:
                year += 1
            end = _Spec(end.unit, end.part, end.day, year)
        last_placed = self.place(end)
        if last_placed is None or last_placed[0].latest < first.earliest:
            return None
        last = last_placed[0]
        if first == last:
            return EventDate.point(first), how
        return EventDate.span(first, last), how

    def rule_same(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        previous = self.previous
        year = int(match["y"]) if match["y"] else None
        if year is None:
            if previous is None or previous.start is None:
                return None
            year = previous.start.year - 1
        unit = match["unit"].lower()
        if (
            previous is not None
            and previous.start is not None
            and not previous.interval
            and previous.precision in (Precision.QUARTER, Precision.HALF, Precision.MONTH)
            and unit in ("period", previous.precision.value)
        ):
            earlier = previous.start
            return EventDate.point(PartialDate(earlier.precision, year, earlier.part)), "explicit"
        if match["y"]:
            return EventDate.point(PartialDate(Precision.YEAR, year)), "explicit"
        return None

    def rule_end_of_year(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        rel = (match["rel"] or match["rel2"] or "").lower()
        quarter = 1 if (match["edge"] or "").lower() in ("start", "beginning") else 4
        if rel in ("this", "last", "next"):
            year = self.published.year + {"this": 0, "last": -1, "next": 1}[rel]
            return EventDate.point(PartialDate(Precision.QUARTER, year, quarter)), "relative"
        placed = self.place(_Spec(Precision.QUARTER, quarter, the_year=True))
        return (EventDate.point(placed[0]), placed[1]) if placed else None

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

    def rule_relative(self, match: re.Match[str]) -> tuple[EventDate, str]:
        step = {"this": 0, "last": -1, "next": 1}[match["rel"].lower()]
        return _shift(self.published, match["unit"].lower(), step), "relative"

    def rule_ago(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        raw = " ".join(match["n"].lower().split())
        count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
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

    def rule_yesterday(self, match: re.Match[str]) -> tuple[EventDate, str]:
        step = -1 if match["body"].lower() == "yesterday" else 1
        day = self.published + timedelta(days=step)
        return EventDate.of_days(day, day), "relative"

    def rule_weekday(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        target = WEEKDAYS.index(match["wd"].lower())
        rel = (match["rel"] or "").lower()
        pub = self.published
        back = (pub.weekday() - target) % 7
        ahead = (target - pub.weekday()) % 7
        if rel == "last":
            day = pub - timedelta(days=back or 7)
        elif rel in ("next", "coming"):
            day = pub + timedelta(days=ahead or 7)
        elif rel == "past":
            day = pub - timedelta(days=back)
        elif self.tense == "future" or (self.tense == "reported" and ahead < back):
            day = pub + timedelta(days=ahead)
        else:
            day = pub - timedelta(days=back)
        return EventDate.of_days(day, day), "weekday"

    def rule_season(self, match: re.Match[str]) -> tuple[EventDate, str] | None:
        season = (match["s1"] or match["s2"]).lower()
        first_month, last_month = SEASONS[season]
        if match["y"]:
            year, how = int(match["y"]), "explicit"
        elif match["rel2"]:
            year, how = self.published.year + (_offset(match["rel2"]) or 0), "relative"
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


# ---------------------------------------------------------------------------------------------
# Titles

_CONNECTIVES = re.compile(
    r"^(?:(?:and|but|while|when|as|after|before|which|who|that|then|also|meanwhile|in\s+addition"
    r"|however|separately|since|on|in|at|by|of|from|until|during|with|so|yet|although|though"
    r"|where|whereas|because|including|to|late|early)\b\s*)+",
    re.IGNORECASE,
)
# "Name said (in a statement) that ...": what was said is the event, unless the date is on the
# saying itself ("told reporters on Wednesday").
_SAYING = re.compile(
    r"\b(?:said|says|announced|added|told\s+\w+)\b(?P<how>(?:\s+(?:in|on|at|to|during)\s+(?:a|an|its"
    r"|the|his|her|their)\s+[\w’'-]+(?:\s+[\w’'-]+){0,5}?)?)\s+(?:that\s+)?"
)
_ATTRIBUTION_TAIL = re.compile(
    r",\s*(?:according\s+to\b|[\"“”]?\s*(?:he|she|they|it|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}"
    r"|the\s+[\w’'-]+(?:\s+[\w’'-]+)?|an?\s+[\w’'-]+(?:\s+[\w’'-]+){0,3})\s+(?:said|says|added"
    r"|told)\b)"
)
_WIRE_PLACE = re.compile(r"^[A-Z][A-Z .,'’-]+(?:\([^)]*\))?\s*[-–—]\s+")
_VERB_START = re.compile(
    r"^(?:was|were|is|are|has|had|have|will|would|can|could|must|said|first|then|also|later"
    r"|plans|expects|is)\b",
    re.IGNORECASE,
)
_DETERMINED = re.compile(r"\b(?:the|a|an|its|their|his|her)\s+(?:[\w’'-]+\s+){0,4}[\w’'-]+$", re.I)


def _segments(text: str) -> list[tuple[int, int]]:
    segments: list[tuple[int, int]] = []
    position = 0
    for cut in re.finditer(r"\s*(?:[;:()]|,\s|\s[–—-]\s)\s*", text):
        segments.append((position, cut.start()))
        position = cut.end()
    segments.append((position, len(text)))
    return segments


def _antecedent(text: str) -> str:
    """The noun phrase a following 'who'/'which' refers to: a short name or 'the ...' phrase."""
    words = text.split()
    if 0 < len(words) <= 4 and words[0][0].isupper():
        return text.strip()
    names = re.search(r"(?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w’'-]*$", text.strip())
    if names:
        return names.group()
    found = _DETERMINED.search(text.strip())
    if found and len(found.group().split()) <= 5:
        return found.group()
    return ""


def _title(sentence: str, start: int, end: int, keep_the: bool) -> str:
    """A suggested title: the clause around the phrase, without the phrase or the attribution."""
    before = sentence[:start].rstrip()
    after = sentence[end:].lstrip()
    joiner = " the " if keep_the and not before.lower().endswith(" the") else " "
    text = (before + joiner + after).strip()
    marker = len(before)
    wire = _WIRE_PLACE.match(text)
    if wire and wire.end() <= marker:
        text, marker = text[wire.end() :], marker - wire.end()
    for saying in _SAYING.finditer(text, 0, marker):
        reported = text[saying.end() : marker].split()
        if saying.end() <= marker and (
            saying.group().rstrip().endswith("that")
            or (len(reported) >= 3 and not _CONNECTIVES.match(reported[0]))
        ):
            text, marker = text[saying.end() :], marker - saying.end()
            # "said last week that ...": what was said starts after "that"
            that = re.match(r"(?:[\w’'-]+\s+){1,4}?that\s+", text[:marker])
            if that:
                text, marker = text[that.end() :], marker - that.end()
            break
    tail = _ATTRIBUTION_TAIL.search(text, marker)
    if tail:
        text = text[: tail.start()]
    segments = _segments(text)
    index = next(
        (i for i, (lo, hi) in enumerate(segments) if lo <= marker <= hi + 1), len(segments) - 1
    )
    first = index
    lo, hi = segments[index]
    content = _words(_CONNECTIVES.sub("", text[lo:hi]))
    if first > 0 and 0 < content < 4 and not re.match(r"(?i)who|which", text[lo:hi]):
        # "The rules, first proposed in November, are due ...": the short clause is the event
        clause = text[lo:hi].strip()
    else:
        while index + 1 < len(segments) and _words(_CONNECTIVES.sub("", text[lo:hi])) < 4:
            index += 1
            hi = segments[index][1]
        clause = text[lo:hi].strip()
    relative = re.match(r"(?:who|which)\s+", clause)
    if relative and first > 0:
        clause = _antecedent(text[slice(*segments[first - 1])]) + " " + clause[relative.end() :]
    elif (_VERB_START.match(clause) or _words(clause) < 4) and first > 0:
        subject = text[slice(*segments[0])]
        if _words(subject) <= 7:
            clause = subject + " " + clause
    else:
        inner = list(re.finditer(r"\s(?:who|which)\s", clause[: max(marker - lo, 0)]))
        if inner:
            name = _antecedent(clause[: inner[-1].start()])
            if name:
                clause = name + " " + clause[inner[-1].end() :]
    clause = _balance_quotes(_CONNECTIVES.sub("", clause))
    clause = " ".join(clause.split()).strip(" .,;:-–—")
    clause = re.sub(r"\s+([,.;:])", r"\1", clause)
    clause = re.sub(r"(?i)\s+(?:in|on|at|of|from|by|since|during|for|to|until)$", "", clause)
    if _words(clause) < 3 and len(segments) > 1:
        opening = " ".join(text[slice(*segments[0])].split()).strip(" .,;:-–—")
        clause = opening if _words(opening) > _words(clause) else clause
    if not clause:
        return ""
    if len(clause) > TITLE_LENGTH:
        cut = clause.rfind(" ", 0, TITLE_LENGTH)
        clause = clause[: cut if cut > 0 else TITLE_LENGTH].rstrip(" ,;:") + "…"
    return clause[0].upper() + clause[1:]


def _balance_quotes(text: str) -> str:
    for opening, closing in (("“", "”"), ("‘", "’")):
        if text.count(opening) > text.count(closing):
            text += closing
        elif text.startswith(closing) or (
            text.count(closing) > text.count(opening) and text.endswith(closing)
        ):
            text = text.strip(closing)
    if text.count('"') % 2:
        text = text.strip()
        if text.endswith(('"', '."', ',"')):
            text = text[: text.rindex('"')] + text[text.rindex('"') + 1 :]
        elif text.startswith('"'):
            text = text[1:]
        else:
            text += '"'
    return text.strip()


def _words(text: str) -> int:
    return len(re.findall(r"\w[\w’'-]*", text))


# ---------------------------------------------------------------------------------------------
# Extraction


def extract(text: str, published: date) -> Extraction:
    """The dated references in an article as candidate events, in article order."""
    dateline = _dateline(text)
    skips = [(dateline[1], dateline[2])] if dateline else []
    candidates: list[Candidate] = []
    for paragraph in _PARAGRAPH.finditer(text):
        wire = _WIRE_DATELINE.match(text, paragraph.start())
        if wire:
            skips.append((wire.start("date"), wire.end("date")))
        spans = list(_sentences(text, paragraph.start(), paragraph.end()))
        resolver = _Resolver(published)
        for lo, hi in spans:
            if len(spans) > MAX_PARAGRAPH_SENTENCES:
                resolver.context = None
            resolver.previous = None
            resolver.sentence += 1
            sentence = text[lo:hi]
            for mention in _mentions(sentence):
                if any(lo + mention.body_start < b and lo + mention.body_end > a for a, b in skips):
                    continue
                candidate = _candidate(resolver, sentence, lo, mention)
                if candidate is not None:
                    candidates.append(candidate)
    return Extraction(published, tuple(candidates))


def _candidate(resolver: _Resolver, sentence: str, lo: int, mention: _Mention) -> Candidate | None:
    if mention.rule == "context":
        resolver.rule_context(mention.match)
        return None
    tense = _tense(sentence, mention.start, mention.end)
    resolver.tense = tense
    resolver.after = sentence[mention.end :]
    resolver.before = sentence[: mention.start]
    try:
        resolved = resolver.resolve(mention)
    except (OverflowError, ValueError):
        return None  # near year 1 or 9999, "last week" or "next year" can fall off the calendar
    if resolved is None:
        return None
    when, how = resolved
    # "figures for 2023" names a period, not the time of what the sentence tells
    resolver.remember(when, how if mention.lead != "for" else "label")
    phrase = sentence[mention.body_start : mention.body_end]
    cut_start = mention.start if mention.lead not in ("the", "and", "or") else mention.body_start
    possessive = bool(re.search(r"['’]s$", phrase))
    title = _title(sentence, cut_start, mention.body_end, keep_the=possessive)
    shown = " ".join(sentence.split())
    return Candidate(
        date=when,
        text=" ".join(phrase.split()),
        sentence=shown,
        title=title,
        confidence=CONFIDENCE[how],
        offset=lo + mention.body_start,
        rule=how,
    )
