"""Article text -> candidate events: date phrases found and resolved against the publication date.

The finding and the context rules are ours; dateparser's `search_dates` gets too many of them
wrong (see the README). Each date phrase becomes a `Candidate` with a resolved `EventDate` at the
precision the phrase supports, the phrase as written, its sentence, a suggested title and a
confidence. Rules, in short:

- a phrase with its own year ("May 17, 2023", "late 2021", "the first quarter of 2022") is exact;
- "today", "last week", "two years ago", "earlier this year" count from the publication date;
- a weekday is the latest such day on or before publication, or the next on or after it when the
  sentence speaks of the future ("will meet on Tuesday", "arrives Monday", "said they would
  appeal on Monday", "is closed until Saturday"), but not when it dates a saying ("said on
  Monday that it will");
- a month or day without a year takes the year stated earlier in the sentence (or paragraph) when
  it falls inside what that mention covered ("in 2020 ... the November 5 debut"), else the latest
  one not after publication for the past tense, the next one for the future, and the nearest one
  when the sentence gives no tense;
- "two days later", "that year", "a year earlier", "the quarter" count from a date the text gave
  (anaphora.py; a results story's quarter is the latest it reported); named days
  ("Thanksgiving") follow their calendar rules (holidays.py);
- a year used as an adjective ("the 1996 bombing") is proposed with the lowest confidence;
- decades ("the late 2010s") are spans of years, fiscal years only where the article says
  they are calendar years, dates in figures in the order the article writes its dates in, and
  a time of day ("at 09:30 GMT") is of the day its clause names, else of publication;
- durations and counts ("two-year", "48 hours", "193 million"), sets ("every Monday"), names
  ("Black Monday", "a 1987 Chevrolet") and "now" are not dates.

Modules: grammar (the words and point patterns), scan (sentences, paragraphs and the phrases in
them), tense, resolve, anaphora, holidays, dateline, titles, result (what is returned) and batch
(many articles in one run).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ant_timeline.extract.dateline import (
    WIRE_DATELINE,
    date_line,
    find_published,
    header_stamps,
)
from ant_timeline.extract.grammar import day_first
from ant_timeline.extract.resolve import CONFIDENCE, NOUN_AFTER, Resolver
from ant_timeline.extract.result import Candidate, Extraction, json_envelope
from ant_timeline.extract.scan import (
    CLOCK_HALF,
    CLOCK_ZONE,
    Mention,
    mentions,
    paragraphs,
    sentences,
)
from ant_timeline.extract.tense import clause_tense
from ant_timeline.extract.titles import suggest_title

__all__ = ["Candidate", "Extraction", "extract", "find_published", "json_envelope"]

# A paragraph with more sentences than this is taken for text without paragraph breaks (a page
# flattened to one line): a year stated in it then only carries within its sentence.
MAX_PARAGRAPH_SENTENCES = 5
# A line that is only the day of publication, this near the top, stamps the page
STAMP_PARAGRAPHS = 6
# "for 2023" names a period; "since 1990", "dating back to 1994" a span that runs to now.
# A bond's maturity ("the notes due 2029") names the bond.
_SPAN_TO_NOW = re.compile(r"for$|since$|to$|back\b|due$")
# An aside that describes its subject: ", founded in 2013,", ", which was fined in 2021,".
_ASIDE = re.compile(
    r",\s*(?:which|who|(?:\w+ly\s+)?(?:founded|established|launched|set\s+up|created|formed"
    r"|born|incorporated|listed|opened|built|started|acquired|bought|named|appointed|elected))"
    r"\b[^,;]*$",
    re.IGNORECASE,
)
# A date between a determiner and a noun ("the Dec. 21, 1988, bombing") describes that noun.
_DETERMINER_BEFORE = re.compile(r"(?i)\b(?:the|a|an|its|their|his|her|this|that)\s+$")
# "It last raised money in 2019", "was last seen in 2020": the latest time, which says nothing
# of when the next sentence is
_LAST_DONE = re.compile(r"(?i)\blast\s+(?:\w+ly\s+)?[a-z]+ed\b[^,;:]*$")
# "every Monday", "each January": a set of times, not a date
_EVERY = re.compile(r"(?i)\b(?:every|each)\s+(?:other\s+|single\s+)?$")
# "which normally appears in late October", "volumes usually peak in the week before ...":
# what happens as a rule, a set of times ("generally" is also "widely": "generally expected")
_HABIT = re.compile(r"(?i)\b(?:normally|usually|typically|traditionally|customarily)\b")
_CLAUSE = re.compile(r"[,;:()–—]")
# "whose fiscal year matches the calendar year", "its fiscal year ends on December 31"
_CALENDAR_FISCAL = re.compile(
    r"(?i)fiscal\s+years?\s+(?:(?:matches|follows|is|are|coincides?\s+with|runs?\s+with"
    r"|is\s+the\s+same\s+as|mirrors?)\s+the\s+calendar\s+year"
    r"|(?:ends|end|ending|ended|closes|runs\s+to|that\s+ends)\s+(?:on\s+|in\s+)?(?-i:Dec(?:ember|\.)?)"
    r"(?:\s+31)?\b)|\bcalendar[-\s]year\s+fiscal\b"
)
# "its fiscal year ends on December 31": when every such year ends, not a date
_FISCAL_YEAR_ENDS = re.compile(
    r"(?i)fiscal\s+years?\s+(?:ends|end|closes|close|runs\s+to)\s+(?:on\s+|in\s+)?$"
)
# what may stand between a time and the date it makes precise: "Monday at 9am", "07:00 this
# morning", "2 p.m. on Tuesday"
_BESIDE = re.compile(r"(?i)\s*(?:,\s*)?(?:on|at|of)?\s*")
_GLOSS = re.compile(r"\s*[(\[]\s*")
# a time's clause: a time in brackets glosses the one before it and stays in its clause
_CLOCK_CLAUSE = re.compile(r"[,;:–—]")
# a time opening a paragraph, as a live report stamps its entries: "16:40 BST - ..."
_STAMP = re.compile(
    r"\s*(?P<time>(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*" + CLOCK_HALF + r")?"
    r"(?:\s+" + CLOCK_ZONE + r")?)\s*(?:[-–—|:]|\n)"
)
# a line's start inside a paragraph; a line that ends a sentence (or a label: "Updated:")
_LINE_START = re.compile(r"\n[ \t]*(?=\S)")
_ENDS_SENTENCE = re.compile(r"[.!?][\"”’')\]]*[ \t]*$")
# the word before a phrase whose rule has no lead of its own ("its budget for next year")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+$")


def _story(text: str, dateline: tuple[date, int, int] | None) -> list[tuple[int, int]]:
    """The paragraphs of the story: without the dateline's header (`date 2021-07-02 Tech`,
    `By A. Writer | Updated: ...`, the whole line when it holds no sentence, else up to the
    date), and with a wire dateline that opens a line (`BEIJING, July 2 (Wire) -`) opening a
    paragraph, not joined to a headline above it that has no full stop."""
    cut_from = cut_to = -1
    if dateline is not None:
        line_start = text.rfind("\n", 0, dateline[1]) + 1
        line_end = text.find("\n", dateline[2])
        line_end = len(text) if line_end == -1 else line_end
        cut_from = line_start
        cut_to = line_end if not _ENDS_SENTENCE.search(text, line_start, line_end) else dateline[2]
    spans: list[tuple[int, int]] = []
    for first, last in paragraphs(text):
        starts = [first]
        starts += [
            line.end()
            for line in _LINE_START.finditer(text, first, last)
            if WIRE_DATELINE.match(text, line.end())
        ]
        for piece, end in zip(starts, [*starts[1:], last], strict=True):
            begin = piece
            if cut_from <= begin < cut_to or begin <= cut_from < end:
                # the header's part of this piece is left out: what is before it and after it
                if begin < cut_from and text[begin:cut_from].strip():
                    spans.append((begin, cut_from))
                begin = max(begin, cut_to)
                begin += len(text[begin:end]) - len(text[begin:end].lstrip())
            if begin < end and text[begin:end].strip():
                spans.append((begin, end))
    return spans


def extract(text: str, published: date) -> Extraction:
    """The dated references in an article as candidate events, in article order."""
    stamps = header_stamps(text, published)
    dateline = stamps[0] if stamps else None
    skips = [(start, end) for _, start, end in stamps]
    candidates: list[Candidate] = []
    resolver = Resolver(
        published, day_first=day_first(text), fiscal_is_calendar=bool(_CALENDAR_FISCAL.search(text))
    )
    for number, (first, last) in enumerate(_story(text, dateline)):
        if number < STAMP_PARAGRAPHS and date_line(text[first:last]) == published:
            continue  # the page's date again, on a line of its own: a stamp, not an event
        wire = WIRE_DATELINE.match(text, first)
        if wire:
            skips.append((wire.start("date"), wire.end("date")))
        stamp = _STAMP.match(text, first)
        if stamp:  # "16:40 BST - That is all from us": when a live entry was posted
            skips.append((stamp.start("time"), stamp.end("time")))
        spans = list(sentences(text, first, last))
        resolver.context = None  # a year stated in one paragraph frames only that paragraph
        resolver.focus.paragraph += 1
        for lo, hi in spans:
            if len(spans) > MAX_PARAGRAPH_SENTENCES:
                resolver.context = None
            resolver.sentence += 1
            sentence = text[lo:hi]
            pairs: list[tuple[Mention, Candidate]] = []
            for mention in mentions(sentence):
                if any(lo + mention.body_start < b and lo + mention.body_end > a for a, b in skips):
                    continue
                candidate = _candidate(resolver, sentence, lo, mention)
                if candidate is not None:
                    pairs.append((mention, candidate))
            found = _clocked(sentence, pairs)
            candidates.extend(c for c in found if not _only_context(c, found))
    return Extraction(published, tuple(candidates))


def _clocked(sentence: str, pairs: list[tuple[Mention, Candidate]]) -> list[Candidate]:
    """The candidates of a sentence, a time of day ("at 09:30 GMT") dated by the day its
    clause names (or a date that opens the sentence): none, the day of publication; beside
    it ("07:00 this morning", "Monday at 9am"), that phrase alone, which the time only makes
    precise; elsewhere in the clause, that day if it is one ("tomorrow's figures come out at
    07:00 BST"), else nothing."""
    out: list[Candidate] = []
    for mention, candidate in pairs:
        if mention.rule != "clock":
            out.append(candidate)
            continue
        if any(
            other.rule == "clock"
            and other.body_end <= mention.body_start
            and _GLOSS.fullmatch(_between(sentence, mention, other))
            for other, _ in pairs
        ):
            continue  # "10:35 a.m. (0735 GMT)": the same time, in another zone
        near = [
            (other, dated)
            for other, dated in pairs
            if other.rule != "clock"
            and (
                not _CLOCK_CLAUSE.search(_between(sentence, mention, other))
                or not sentence[: other.start].strip()  # "In May, trading opened at 9:30"
            )
        ]
        if not near:
            out.append(candidate)
            continue
        if any(_BESIDE.fullmatch(_between(sentence, mention, other)) for other, _ in near):
            continue
        days = [
            (abs(other.body_start - mention.body_start), dated)
            for other, dated in near
            if dated.date.precision == "day"
        ]
        if days:
            dated = min(days, key=lambda pair: pair[0])[1]
            out.append(replace(candidate, date=dated.date, confidence=dated.confidence))
    return out


def _between(sentence: str, one: Mention, other: Mention) -> str:
    first, second = sorted((one, other), key=lambda m: m.body_start)
    return sentence[first.body_end : second.body_start]


def _aside_end(sentence: str, mention: Mention) -> int | None:
    """Where the aside a date stands in ends ("DashCart, founded in 2013, reported ..."), or
    None when it stands in no aside: a year said there tells only the aside its time."""
    if not _ASIDE.search(sentence, 0, mention.start):
        return None
    close = sentence.find(",", mention.end)
    return close if close >= 0 else len(sentence)


def _only_context(candidate: Candidate, sentence: list[Candidate]) -> bool:
    """A year used as an adjective that only frames a closer date in its sentence ("the 2023
    Asian Games from September 23 to October 8") is that date's year, not an event of its own."""
    if candidate.rule != "modifier":
        return False
    year = candidate.date
    return any(
        other.rule != "modifier" and other.date != year and other.date.within(year)
        for other in sentence
    )


def _habitual(sentence: str, mention: Mention, tense: str | None) -> bool:
    """Whether the phrase's clause tells what happens as a rule, not once: the rule is said in
    the clause, or earlier in the sentence and the clause has no time of its own ("volumes
    usually peak in ..., and again during the Lantern Festival")."""
    left = max((m.end() for m in _CLAUSE.finditer(sentence, 0, mention.start)), default=0)
    right_match = _CLAUSE.search(sentence, mention.end)
    right = right_match.start() if right_match else len(sentence)
    if _HABIT.search(sentence, left, right):
        return True
    return tense in (None, "present") and bool(_HABIT.search(sentence, 0, left))


def _candidate(resolver: Resolver, sentence: str, lo: int, mention: Mention) -> Candidate | None:
    if _EVERY.search(sentence, 0, mention.start):
        return None
    possessive = bool(re.search(r"['’]s$", sentence[mention.body_start : mention.body_end]))
    tense = clause_tense(sentence, mention.start, mention.end, before_only=possessive)
    if _habitual(sentence, mention, tense) or _FISCAL_YEAR_ENDS.search(
        sentence, 0, mention.body_start
    ):
        return None
    word = _WORD_BEFORE.search(sentence, 0, mention.start)
    lead = mention.lead or (word.group(1).lower() if word else "")
    if lead == "since":
        tense = "past"  # "has raised rates since March and is expected to ...": a time gone by
    if (
        possessive
        and tense is None
        and clause_tense(sentence, mention.start, mention.end) == "past"
    ):
        tense = "past"  # "January's figures were weak": what it names is over
    resolver.tense = tense
    resolver.compared = resolver.rough = resolver.unnamed = False
    resolver.after = sentence[mention.end :]
    resolver.before = sentence[: mention.start]
    try:
        resolved = resolver.resolve(mention)
    except (OverflowError, ValueError):
        return None  # near year 1 or 9999, "last week" or "next year" can fall off the calendar
    if resolved is None:
        return None
    when, how = resolved
    # neither a label nor a span to now frames what the sentence tells
    resolver.remember(
        when,
        how if not _SPAN_TO_NOW.match(lead) else "label",
        local=bool(
            (
                _DETERMINER_BEFORE.search(sentence, 0, mention.start)
                and NOUN_AFTER.match(sentence, mention.end)
            )
            or _LAST_DONE.search(sentence, 0, mention.start)
        ),
        until=_aside_end(sentence, mention),
    )
    phrase = sentence[mention.body_start : mention.body_end]
    kept = ("the", "and", "or", "its", "their", "his", "her", "our", "a", "an")
    cut_start = mention.body_start if mention.lead in kept else mention.start
    title = suggest_title(sentence, cut_start, mention.body_end, keep_the=possessive)
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
