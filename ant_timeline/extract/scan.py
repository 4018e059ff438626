"""Finding the date phrases: sentences and paragraphs, and the phrases in a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ant_timeline.dates import Precision
from ant_timeline.extract import holidays
from ant_timeline.extract.grammar import (
    BARE_DAY,
    POINT,
    TOKENS,
    Spec,
    int_day,
    offset_of,
    read_spec,
    rx,
    year_of,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

# Longer "sentences" (text without full stops) are cut up, which bounds the work per phrase.
MAX_SENTENCE = 1000


@dataclass(frozen=True, slots=True)
class Mention:
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
    r"|its|their|his|her|our|a|an"
)

# "a 1987 Chevrolet": the year of a car's model, not of an event; "the 1999 fiscal year" runs
# on the company's own calendar
_CAR_MAKES = (
    r"(?:Chevrolet|Chevy|Ford|Toyota|Honda|Nissan|Buick|Cadillac|Dodge|Chrysler|Plymouth"
    r"|Pontiac|Oldsmobile|Lincoln|Mercury|Jeep|Mazda|Volvo|Volkswagen|Mercedes|BMW|Audi|Porsche"
    r"|Subaru|Hyundai|Kia|Mitsubishi|Jaguar|Saab|Lexus|Acura|Infiniti|Datsun)\b"
)

# "Black Monday", "Super Tuesday", "Ash Wednesday": names of their own, not the last Monday
_NAMED_WEEKDAY = "".join(
    rf"(?<!{word}\s)"
    for word in ("Black", "Super", "Bloody", "Ash", "Cyber", "Blue", "Holy", "Maundy", "Shrove")
)

# "a.m.", "pm", and the zones English news gives times in
CLOCK_HALF = r"(?i:[ap]\.m\.|[ap]m\b)"
CLOCK_ZONE = (
    r"(?-i:GMT|UTC|BST|CET|CEST|EET|EEST|WET|ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|HKT|SGT"
    r"|JST|KST|IST|AEST|AEDT)\b"
)

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "interval",
        rx(
            r"(?:\b(?P<lead>(?i:from|between))\s+)?(?P<body>(?P<a>" + POINT + r")\s*"
            r"(?P<sep>\b(?i:to|until|till|through|and)\b|[-–—])\s*(?P<b>" + POINT + r")"
            r"(?:\s+(?:of\s+)?(?P<irel><REL>)\s+(?i:year))?)"
        ),
    ),
    (
        "same",
        rx(
            r"\b<LEAD>(?P<body>(?i:the\s+same\s+(?P<unit>period|quarter|month|half)\s+(?:(?:in|of)\s+)?)"
            r"(?:(?P<y><YEAR>)|(?P<rel>(?i:a\s+year\s+(?:earlier|ago|before)|last\s+year"
            r"|(?:of\s+)?the\s+(?:previous|prior)\s+year))))"
        ),
    ),
    (
        "point",
        rx(
            r"\b<LEAD>(?P<body>\d{4}-\d{2}-\d{2}"
            r"|(?:<WD>,?\s+)?<MONTH>\s+<DAY>(?:,?\s+<YEAR>|\s+(?:of\s+)?<REL>\s+(?i:year))?"
            r"|(?:<WD>,?\s+)?(?:(?i:the)\s+)?<DAY>(?:\s+of)?\s+<MONTH>"
            r"(?:,?\s+<YEAR>|\s+(?:of\s+)?<REL>\s+(?i:year))?"
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
        rx(
            r"(?:\b(?P<lead>(?i:" + _MONTH_LEADS + r"))\s+)?(?P<body>(?:(?P<rel>(?i:last|next|this"
            r"|early|late|mid|the\s+end\s+of|end|the\s+beginning\s+of|the\s+start\s+of"
            r"|the\s+middle\s+of))[\s-]+)?(?P<m><FULLMONTH>)(?P<poss><S>)?)\b(?!\s*\d)"
        ),
    ),
    (
        "year",
        rx(
            r"\b(?P<lead>(?i:in|since|by|until|till|during|throughout|of|from|before|after|through"
            r"|around|for|due|back\s+to|(?<=dating\s)to|(?<=dated\s)to|(?<=dates\s)to|as\s+early\s+as|as\s+late\s+as|as\s+of|as\s+recently\s+as))"
            r"(?:\s+(?i:at\s+(?:the\s+)?(?:least|earliest|latest)))?\s+(?P<body><YEAR>)\b"
        ),
    ),
    ("year", rx(r"\b(?P<body><YEAR>)<S>")),
    ("year", rx(r"\b(?:1[89]|20)\d\d\s+(?i:and|or)\s+(?P<body><YEAR>)\b")),
    (
        "first-months",
        rx(
            r"\b<LEAD>(?P<body>(?i:the\s+first\s+)(?P<n>(?i:two|three|four|five|six|seven|eight|nine|ten"
            r"|eleven|\d{1,2}))\s+(?P<unit>(?i:months|quarters))(?:\s+of\s+(?:(?P<y><YEAR>)"
            r"|(?P<rel><REL>)\s+(?i:year)|(?P<the>(?i:the\s+year))))?)\b"
        ),
    ),
    # A year used as an adjective ("the 1996 bombing", "the 2023 Asian Games", "post-1959")
    # is often its event's year, and it says which year the rest of the sentence is about.
    ("the-year", rx(r"\b<LEAD>(?P<body>(?i:the\s+)?(?i:year)\s+(?P<y><YEAR>))\b")),
    (
        "modifier",
        rx(
            r"(?:\b(?i:the|a|an|its|their|his|her|our|your|this|that)|\w['’]s)\s+"
            r"(?P<body><YEAR>)\b(?!\s+" + _CAR_MAKES + r"|\s+(?i:fiscal)\b)"
        ),
    ),
    ("modifier", rx(r"\b(?i:post|pre)-(?P<body><YEAR>)\b")),
    (
        "end-of-year",
        rx(
            r"\b<LEAD>(?P<body>(?i:the\s+(?P<edge>end|close|start|beginning)\s+of\s+"
            r"(?P<rel>the|this|last|next)\s+year|(?P<rel2>this|last|next)\s+year['’]s\s+end"
            r"|year[-\s]end))\b"
        ),
    ),
    (
        "end-of-month",
        rx(
            r"\b<LEAD>(?P<body>(?i:the\s+(?:end|close|start|beginning|middle)\s+of\s+"
            r"(?P<rel>the|this|last|next)\s+month|month[-\s]end))\b"
        ),
    ),
    (
        "earlier-later",
        rx(
            r"\b(?P<body>(?P<when>(?i:earlier|later))\s+(?i:this|in\s+the)\s+"
            r"(?P<unit>(?i:week|month|year)))\b"
        ),
    ),
    # Phrases that point at a date the text gave (see anaphora.py).
    (
        "year-earlier",
        rx(
            r"\b(?P<body>(?i:a|one)\s+year\s+(?P<word>(?i:earlier|ago)|(?i:before)"
            r"(?=\s*(?:[,.;:)!?]|$))))"
        ),
    ),
    # "a year-earlier loss", "year-ago sales": the adjective, before a noun
    (
        "year-earlier",
        rx(r"\b(?P<body>(?P<word>(?i:year-(?:earlier|ago)|prior-year)))\s+(?-i:[a-z])"),
    ),
    (
        "anaphora",
        rx(
            r"\b<LEAD>(?P<body>(?:(?i:earlier|later)\s+)?(?i:that|the\s+same|that\s+same)\s+"
            r"(?P<unit>(?i:day|morning|afternoon|evening|night|week|month|year)))(?![\w’'-])"
        ),
    ),
    (
        "anaphora",
        rx(
            r"\b<LEAD>(?P<body>(?i:the)\s+(?P<dir>(?i:next|following|previous|preceding|prior))\s+"
            r"(?P<unit>(?i:day|morning|afternoon|evening|night|week|month|year)))(?![\w’'-])"
        ),
    ),
    (
        "anaphora",
        rx(
            r"\b<LEAD>(?P<body>(?i:the)\s+(?P<unit>(?i:day|week|month|year))\s+"
            r"(?P<dir>(?i:before|after)))(?=\s*(?:[,.;:)!?]|$))"
        ),
    ),
    (
        "anaphora",
        rx(
            r"\b(?P<body>(?P<n><NUM>)\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+"
            r"(?P<dir>(?i:later|earlier)(?!\s+than)|(?i:after|before)(?=\s*(?:[,.;:)!?]|$))))"
        ),
    ),
    (
        "quarter",
        rx(
            r"\b<LEAD>(?P<body>(?i:the)\s+(?:(?P<earlier>(?i:year-(?:earlier|ago|before)|year\s+"
            r"(?:earlier|ago)|prior-year|comparable|year-previous))\s+(?P<unit>quarter|period|half)"
            r"|(?:(?P<which>(?i:latest|most\s+recent|recent|current|just[-\s](?:ended|completed)"
            r"|same|previous|preceding|prior|following))\s+)?quarter)"
            r"|(?P<rel>(?i:this|last|next))\s+quarter"
            r"|(?P<back>(?i:a|one)\s+quarter\s+(?i:earlier|ago|before(?=\s*(?:[,.;:)!?]|$)))))"
            r"(?![\w’'-])"
            r"(?!\s+(?:of|point|percentage|century|mile|ended|ending|that\s+ended|to\s+\w+)\b)"
        ),
    ),
    # "last year's third quarter", "2022's second half"
    (
        "year-part",
        rx(
            r"\b<LEAD>(?P<body>(?:(?P<rel><REL>)\s+year|(?P<y><YEAR>))['’]s\s+(?P<part>(?P<q>first"
            r"|second|third|fourth)[\s-]quarter|(?P<h>first|second)[\s-]half))\b"
        ),
    ),
    (
        "quarter-ended",
        rx(
            r"\b<LEAD>(?P<body>(?i:the)\s+(?:(?i:(?:fiscal\s+)?(?:first|second|third|fourth))\s+)?"
            r"(?P<span>quarter|three\s+months|(?P<n>six|nine|twelve)\s+months|(?:fiscal\s+)?year)"
            r"\s+(?:(?:that\s+)?(?:ended|ending|ends)(?:\s+on)?|to|through)\s+"
            r"(?P<point>(?:<MONTH>\s+<DAY>|<DAY>\s+"
            r"<MONTH>|<MONTH>)(?:,?\s+<YEAR>)?))\b"
        ),
    ),
    (
        "that-year",
        rx(
            r"\b<LEAD>(?P<body>(?:(?P<point>(?:<WD>,?\s+)?<MONTH>\s+<DAY>|(?:(?i:the)\s+)?<DAY>"
            r"(?:\s+of)?\s+<MONTH>|(?:(?i:early|late|mid)[\s-]+)?<MONTH>|(?i:the\s+(?:first|second"
            r"|third|fourth)[\s-]quarter|the\s+(?:first|second)\s+half))|(?i:the\s+(?P<edge>end"
            r"|close|start|beginning)))(?:,?\s+(?i:of))?\s+(?i:that|that\s+same|the\s+same)\s+"
            r"(?i:year))\b"
        ),
    ),
    ("relative", rx(r"\b(?P<body>(?P<rel><REL>)\s+(?P<unit>(?i:week|month|year)))\b")),
    (
        "ago",
        rx(
            r"\b(?P<body>(?P<cmp>(?i:less|more|fewer)\s+than\s+|(?i:over|under|nearly|almost|about"
            r"|around|roughly|some)\s+)?(?P<n><NUM>)\s+(?P<unit>(?i:days?|weeks?|months?|years?|decades?))"
            r"\s+(?i:ago))\b"
        ),
    ),
    (
        "numeric-interval",
        rx(
            r"(?<![\w/.,$-])(?P<lead>(?i:from|between))\s+(?P<body>(?P<a1>[0-3]?\d)/(?P<b1>[0-3]?\d)"
            r"/(?P<y1>\d{4}|\d{2})\s+(?i:to|and|until|till|through)\s+(?P<a2>[0-3]?\d)"
            r"/(?P<b2>[0-3]?\d)/(?P<y2>\d{4}|\d{2}))(?![\w/%-]|[.,]\d)"
        ),
    ),
    # "12/5/97", "dated 10/30/1998", "by 10/30": month/day as US news writes them (day/month
    # when the first number cannot be a month); without a year only after a date word, which
    # keeps "24/7" and "3/4 of" out.
    (
        "numeric",
        rx(
            r"(?<![\w/.,$-])(?:(?P<lead>(?i:on|by|until|till|from|since|before|after|dated|through"
            r"|as\s+of))\s+)?(?P<body>(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)(?:/(?P<y>\d{4}|\d{2}))?)"
            r"(?![\w/%-]|[.,]\d|\s+of\b)"
        ),
    ),
    # "on the 5th", "by the 23rd": a day of the month the text is at
    (
        "ordinal-day",
        rx(
            r"\b(?P<lead>(?i:on|by|until|till|from|since|before|after|through))\s+(?P<body>(?i:the)\s+"
            r"(?P<d>3[01]|[12]\d|0?[1-9])(?i:st|nd|rd|th))\b"
            r"(?![-–]|\s+(?!(?:and|or|to|through|until|till|when|while|at|in)\b)[A-Za-z]|\s+of\b)"
        ),
    ),
    (
        "from-now",
        rx(
            r"\b(?P<body>(?P<n><NUM>)\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+(?i:from)\s+"
            r"(?i:now|today))\b"
        ),
    ),
    (
        "yesterday",
        rx(
            r"\b(?P<body>(?P<edge>(?i:earlier|later)\s+)?(?P<day>(?i:the\s+day\s+(?:before\s+yesterday"
            r"|after\s+tomorrow)|yesterday|tomorrow|today|tonight|last\s+night|this\s+(?:morning"
            r"|afternoon|evening)))(?:\s+(?i:morning|afternoon|evening|night))?(?:<S>)?)(?![\w’'])"
        ),
    ),
    # The other day of "April 24 and 25", "24 and 25 April": a day of the month named beside it.
    (
        "sibling-day",
        rx(
            r"(?P<m><MONTH>)\s+<DAY>(?:\s*,\s*<DAY>)*\s*(?:,\s*)?(?i:and|or|&)\s+(?P<body><DAY>)"
            r"(?!\s*<MONTH>|\s*[-–/]|\w)(?:,?\s+(?P<y><YEAR>))?"
        ),
    ),
    (
        "sibling-day",
        rx(
            r"(?<![\w.,$])(?P<body><DAY>)\s+(?i:and|or|&)\s+<DAY>\s+(?P<m><MONTH>)"
            r"(?:,?\s+(?P<y><YEAR>))?"
        ),
    ),
    (
        "holiday",
        rx(
            r"\b<LEAD>(?P<body>(?:(?P<rel>(?i:last|next|this))\s+)?(?P<name>"
            + holidays.NAMES
            + r")"
            r"(?:,?\s+(?P<y><YEAR>))?(?:<S>)?)(?![\w’'-])"
        ),
    ),
    (
        "weekday",
        rx(
            r"(?:\b(?P<lead>(?i:(?:late|early)\s+on|on|by|until|till|since|from|before|after))\s+)?"
            r"(?P<body>(?:(?P<rel>(?i:last|next|this|coming|past))\s+)?"
            + _NAMED_WEEKDAY
            + r"(?P<wd><WD>)(?P<poss><S>)?"
            r"(?:\s+(?i:morning|afternoon|evening|night))?)(?![\w’'])"
        ),
    ),
    # "fiscal 2024", "fiscal year 2024", "the 2024 fiscal year", "FY2024": a company's year,
    # dated only when the article says its fiscal year is the calendar year
    (
        "fiscal",
        rx(
            r"\b<LEAD>(?P<body>(?i:fiscal)\s+(?:(?i:year)\s+)?(?P<y><YEAR>)"
            r"|(?:(?i:the|its|their)\s+)?(?P<y2><YEAR>)\s+(?i:fiscal\s+year)|FY\s?(?P<y3><YEAR>))\b"
        ),
    ),
    # "at 09:30 GMT", "by 0230 GMT", "at 2 p.m. ET", "at 10.15am": a time of day, of the day
    # its clause names, else of publication (see `extract`)
    (
        "clock",
        rx(
            r"(?<![\w.:/$£€-])(?P<body>(?:[01]?\d|2[0-3])[:.][0-5]\d\s*"
            + CLOCK_HALF
            + r"(?:\s+"
            + CLOCK_ZONE
            + r")?"
            r"|(?:[01]?\d|2[0-3])[:.][0-5]\d\s+"
            + CLOCK_ZONE
            + r"|(?<=\bat\s)(?:[01]?\d|2[0-3]):[0-5]\d"
            r"|(?:1[0-2]|0?[1-9])\s*" + CLOCK_HALF + r"(?:\s+" + CLOCK_ZONE + r")?"
            r"|(?<!\bin\s)(?:[01]\d|2[0-3])[0-5]\d\s+(?-i:GMT|UTC)\b)"
            r"(?![\w:/%-]|\.\w)"
        ),
    ),
    # "the 1990s", "the late 2010s", "the mid-1980s": a decade, or the part of it
    (
        "decade",
        rx(
            r"\b<LEAD>(?P<body>(?:(?i:the)\s+)?(?:(?P<part>(?i:early|mid|late))[\s-]+)?"
            r"(?P<y>(?:1[89]|20)\d0)['’]?s)(?![\w’'-])"
        ),
    ),
    (
        "season",
        rx(
            r"\b<LEAD>(?P<body>(?:(?P<rel><REL>)\s+(?P<s1>(?i:spring|summer|autumn|fall))"
            r"|(?:(?i:the)\s+)?(?P<s2>(?i:spring|summer|autumn|fall))\s+(?:of\s+)?(?:(?P<y><YEAR>)"
            r"|(?P<rel2><REL>)\s+(?i:year))))\b"
        ),
    ),
]
_RULE_ORDER = {name: index for index, (name, _) in enumerate(_RULES)}
# A word each rule's patterns cannot match without: a sentence without it skips the rule, which
# saves most of the work on most sentences.
_MONTH_WORD = r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_RULE_TRIGGERS = {
    name: pattern
    for name, pattern in {
        "interval": r"\d|(?i:quarter|half)|" + _MONTH_WORD,
        "point": r"\d|(?i:quarter|half|year)|" + _MONTH_WORD,
        "same": r"(?i:same)",
        "month": _MONTH_WORD,
        "year": r"\d",
        "modifier": r"\d",
        "the-year": r"(?i:year)\s+\d",
        "from-now": r"(?i:from\s+(?:now|today))",
        "numeric": r"\d/\d",
        "numeric-interval": r"\d/\d",
        "ordinal-day": r"\d(?i:st|nd|rd|th)\b",
        "sibling-day": r"\d",
        "first-months": r"(?i:first)",
        "end-of-year": r"(?i:year)",
        "earlier-later": r"(?i:earlier|later)",
        "end-of-month": r"(?i:month)",
        "year-earlier": r"(?i:year)",
        "anaphora": r"(?i:that|same|next|following|previous|preceding|prior|before|after|later"
        r"|earlier)",
        "quarter": r"quarter|period|half",
        "year-part": r"['’]s",
        "quarter-ended": r"(?i:end|months\s+t|year\s+t|quarter\s+t)",
        "that-year": r"(?i:year)",
        "relative": r"(?i:this|last|next)",
        "ago": r"(?i:ago)",
        "yesterday": r"(?i:yesterday|tomorrow|today|tonight|night|this)",
        "holiday": r"Day|Eve|Christmas|Thanksgiving|Easter|Halloween|Good|Fourth|Festival"
        r"|New\s+Year",
        "weekday": r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day",
        "season": r"(?i:spring|summer|autumn|fall)",
        "decade": r"\d0['’]?s",
        "clock": r"\d[:.]\d\d|\d\s*(?i:[ap]\.?m)|\d\d\d\d\s+(?:GMT|UTC)",
        "fiscal": r"(?i:fiscal)|FY",
    }.items()
}
_UNIT = r"(?:day|morning|afternoon|evening|night|week|month|year)"
# Rules of several patterns whose patterns each need more than the rule's word, in order.
_PATTERN_TRIGGERS = {
    "anaphora": [
        rf"(?i:(?:that|same)\s+{_UNIT})",
        rf"(?i:(?:next|following|previous|preceding|prior)\s+{_UNIT})",
        r"(?i:(?:day|week|month|year)\s+(?:before|after))",
        r"(?i:(?:days?|weeks?|months?|years?)\s+(?:later|earlier|after|before))",
    ],
}


def _triggers() -> dict[int, re.Pattern[str]]:
    """Each pattern's trigger, by its index in _RULES."""
    compiled: dict[str, re.Pattern[str]] = {}
    seen: dict[str, int] = {}
    out: dict[int, re.Pattern[str]] = {}
    for index, (name, _) in enumerate(_RULES):
        nth = seen[name] = seen.get(name, -1) + 1
        own = _PATTERN_TRIGGERS.get(name)
        source = own[nth] if own else _RULE_TRIGGERS[name]
        out[index] = compiled.setdefault(source, re.compile(source))
    return out


_TRIGGERS = _triggers()


def interval_ends(match: re.Match[str]) -> tuple[Spec, Spec] | None:
    """The two ends of a `from X to Y` match, or None when it is not really an interval."""
    lead = (match["lead"] or "").lower()
    sep = match["sep"].lower()
    if sep == "and" and lead != "between":
        return None
    if lead == "between" and sep != "and":
        return None
    a_text, b_text = match["a"], match["b"]
    start, end = read_spec(a_text), read_spec(b_text)
    a_day = BARE_DAY.fullmatch(a_text) if start is None else None
    b_day = BARE_DAY.fullmatch(b_text) if end is None else None
    if start is not None and end is None and b_day and start.unit is Precision.DAY:
        # "September 23-25, 2023": the end shares the start's month
        end = Spec(Precision.DAY, start.part, int_day(b_day["d"]), year_of(b_day["y"]))
    elif start is None and a_day and end is not None and end.unit is Precision.DAY:
        start = Spec(Precision.DAY, end.part, int_day(a_day["d"]), end.year)
    if start is None or end is None:
        return None
    if match["irel"]:
        if start.year is not None or end.year is not None:
            return None
        offset = offset_of(match["irel"])
        start = Spec(start.unit, start.part, start.day, None, offset)
        end = Spec(end.unit, end.part, end.day, None, offset)
    if start.unit is Precision.YEAR and end.unit is Precision.YEAR and not (lead or sep != "and"):
        return None
    if not lead and sep in ("to", "until", "till", "through"):
        # Without "from", only month names make "X to Y" a span of time ("March to June 2023").
        named = re.search(TOKENS["<FULLMONTH>"], a_text) and re.search(
            TOKENS["<FULLMONTH>"], b_text
        )
        if not named:
            return None
    return start, end


def mentions(sentence: str) -> list[Mention]:
    """Every date phrase in a sentence, longest first where they overlap, in text order."""
    found: list[Mention] = []
    tried: dict[re.Pattern[str], bool] = {}
    for index, (rule, pattern) in enumerate(_RULES):
        trigger = _TRIGGERS[index]
        present = tried.get(trigger)
        if present is None:
            present = tried[trigger] = trigger.search(sentence) is not None
        if not present:
            continue
        for match in pattern.finditer(sentence):
            if rule == "interval" and interval_ends(match) is None:
                continue
            if rule == "month" and not _month_mention_ok(match):
                continue
            found.append(
                Mention(
                    rule, match.start(), match.end(), match.start("body"), match.end("body"), match
                )
            )
    # the longest phrase first, its lead word counting only between phrases as long ("on Nov.
    # 2" is not longer than "Nov. 2-3")
    found.sort(
        key=lambda m: (
            -(m.body_end - m.body_start),
            -(m.end - m.start),
            _RULE_ORDER[m.rule],
            m.start,
        )
    )
    chosen: list[Mention] = []
    for mention in found:
        if all(
            mention.body_end <= c.body_start or mention.body_start >= c.body_end for c in chosen
        ):
            chosen.append(mention)
    chosen.sort(key=lambda m: m.body_start)
    return chosen


# What follows a month name used as an adjective ("September sales rose"): a noun in lower
# case, not a verb of saying (as after "June" the name) nor a preposition after "March" the verb.
_MONTH_NOUN_AFTER = re.compile(
    r"\s+(?!(?:said|says|told|added|asked|and|or|on|to|for|from|against|through|toward|towards"
    r"|in|of|with)\b)[a-z]"
)
# ... and what may stand before it: the start of the sentence or clause, a word in lower case
# or a possessive ("Ford's September sales"), not a name ("Black September")
_MONTH_NOUN_BEFORE = re.compile(r"(?:^|[,;:(–—]|\b[a-z][\w’'-]*|['’]s)\s*$")


def _month_mention_ok(match: re.Match[str]) -> bool:
    """A month name alone is a date only with a word that makes it one ('in May', 'May's'), or
    as an adjective ('September sales rose')."""
    lead = (match["lead"] or "").lower()
    if match["rel"] or match["poss"]:
        return True
    if not lead:
        text = match.string
        return (
            match["m"] != "May"
            and bool(_MONTH_NOUN_AFTER.match(text, match.end()))
            and bool(_MONTH_NOUN_BEFORE.search(text, 0, match.start()))
        )
    # "and May", "the May 4th Movement", "her May": not the month, or not surely
    return not (
        lead in ("and", "or", "the", "its", "their", "his", "her", "our", "a", "an")
        and match["m"] == "May"
    )


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
_BLOCK = re.compile(r"\S(?:[^\n]|\n(?![ \t]*\n))*")
_LINE_BREAK = re.compile(r"\n[ \t]*(?=\S)")
_ENDS_SENTENCE = re.compile(r"[.!?:][\"”’')\]]*[ \t]*$")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph spans: blocks between blank lines, and each line of a block whose every line
    ends a sentence (one paragraph a line, as many feeds write them). Lines that break inside
    sentences are a wrapped paragraph."""
    for block in _BLOCK.finditer(text):
        start, end = block.span()
        breaks = list(_LINE_BREAK.finditer(text, start, end))
        if not breaks or not all(_ENDS_SENTENCE.search(text, start, b.start()) for b in breaks):
            yield start, end
            continue
        for line_break in breaks:
            yield start, line_break.start()
            start = line_break.end()
        yield start, end


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
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
