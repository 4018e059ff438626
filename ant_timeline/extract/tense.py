"""Tense: whether the clause around a phrase speaks of the past, the future or neither."""

from __future__ import annotations

import functools
import re

# A schedule in the present ("the consultation ends on April 15", "the envoy arrives Monday",
# "the talks, which resume Monday") points ahead: news tells what happened in the past tense.
# Only verbs that are seldom nouns: "returns", "votes", "talks" would catch "filed tax returns".
_SCHEDULE_BASE = (
    r"start|begin|open|close|end|run|expire|take\s+effect|kick\s+off|arrive|depart|leave|meet"
    r"|visit|travel|resume|reconvene|convene|reopen|testify|conclude|debut|premiere|air|host"
    r"|return\s+to"
)
_SCHEDULE_VERBS = (
    r"(?<!housing\s)starts|begins|opens|closes|ends|runs|expires|takes\s+effect|kicks\s+off|arrives|departs"
    r"|leaves|meets|visits|travels|resumes|reconvenes|convenes|reopens|testifies|concludes"
    r"|debuts|premieres|airs|hosts|returns\s+to"
)
_FUTURE = re.compile(
    r"(?i)\b(?:will|shall|won['’]t|(?:is|are|am)\s+(?:\w+ly\s+)?(?:(?:expected|set|due|scheduled"
    r"|slated|poised|going|planning|likely|about)\s+to|due|to)"
    r"|(?:plans?|aims?|intends?|expects?|hopes?|seeks?|promises?|pledges?|vows?|wants?)\s+to"
    r"|(?:is|are|am)\s+(?:\w+ly\s+)?(?:scheduled|slated|planned|set|expected|due)"
    r"|upcoming|forthcoming|"
    + _SCHEDULE_VERBS
    + r"|(?:which|who|that|they|we)\s+(?:"
    + _SCHEDULE_BASE
    + r"))\b(?:\s+(?:not|also|still|soon|then|only|now|be|have|been|again|\w+ly))*"
    r"(?:\s+\w+)?|\w['’]ll\b"
)
# The future seen from a past moment ("would", "was due to", "aimed to"): after that moment,
# which may be last week or years ago, so the nearest occurrence is the best guess.
_REPORTED_FUTURE = re.compile(
    r"(?i)\b(?:would(?!\s+have)|(?:was|were)\s+(?:\w+ly\s+)?(?:(?:expected|set|due|scheduled"
    r"|slated|poised|going|planning|likely|about)\s+to|due|to)"
    r"|(?:planned|aimed|intended|expected|hoped|promised|pledged|vowed|wanted)\s+to)\b"
    r"(?:\s+(?:not|also|still|soon|then|only|now|be|have|been|\w+ly))*(?:\s+\w+)?"
)
# "has fined", "had been warned"; not "have until June" or "has a year": that is having.
_PERFECT = re.compile(
    r"(?i)\b(?:has|have|had)\b(?!\s+(?:until|till|to|a|an|the|no|its|their|his|her|some|any"
    r"|more|less|much|many|\d+)\b)(?:\s+\w+ly)?(?:\s+been)?(?:\s+\w+)?"
)
_PRESENT_PASSIVE = re.compile(r"(?i)\b(?:is|are|am|be|being)\s+(?:\w+ly\s+)?\w+ed\b")
# A word in -ed is a past verb only in lower case: "United", "Red Cross" are names.
_PAST = re.compile(
    r"(?i)\b(?:was|were|did|became|began|came|went|took|made|gave|met|held|paid|sold|bought"
    r"|won|lost|rose|fell|grew|saw|left|led|brought|sought|struck|spent|kept|chose|drew|hit"
    r"|set|put|found|heard|felt|thought|stood|ran|wrote|spoke|broke|drove|flew|fought|caught"
    r"|taught|sent|built|meant|arose|fled|shot|stole|swore|threw|withdrew|got|knew|told"
    r"|begun|done|gone|seen|taken|given|written|known|shown|grown|drawn|driven|chosen|spoken"
    r"|broken|fallen|risen|beaten|hidden|thrown|flown|sworn|forgotten"
    r"|died|sued|owed|axed|tied|lied|vied|eyed"
    r"|(?!(?:need|proceed|succeed|exceed|indeed|speed|seed|feed|breed|bleed|deed|weed|heed|greed"
    r"|steed|reed|creed|tweed)\b)(?!based\b)"
    r"(?!hundred\b)(?-i:[a-z])\w{2,}ed)\b"
)
# What must, should, may or might happen is still to come; "could" may be the past of "can".
_MODAL = re.compile(
    r"\b(?:[Mm]ust|[Ss]hould|[Mm]ight|may|[Cc]an(?:not|['’]t)?)\b(?!\s+(?:not\s+)?have\b)"
    r"(?:\s+(?:not|also|still|soon|then|only|now|be|\w+ly))*(?:\s+\w+)?"
)
_COULD = re.compile(r"\b[Cc]ould\b(?!\s+(?:not\s+)?have\b)(?:\s+(?:not|be|\w+ly))*(?:\s+\w+)?")
# Being scheduled or planned for a time puts it after the scheduling, which may be past.
_SCHEDULED = re.compile(
    r"(?i)\b(?:has|have|had|was|were|is|are)\s+(?:scheduled|slated|planned|set(?=\s+(?:for|to)\b))\b"
    r"|\b(?:scheduled|slated|planned|set)\s+(?:for|to)\b"
    r"|(?<!the\s)(?<!\ba\s)(?<!its\s)\b(?:scheduled|slated|planned)\b"
)
_PRESENT = re.compile(r"(?i)\b(?:is|are|am)\b(?:\s+(?:not|also|still|now|\w+ly))*(?:\s+\w+)?")
# Reporting verbs are past in every news story whatever the time of what they report.
_REPORTING = re.compile(r"(?i)^(?:said|told|added|noted|stated|reported|wrote|explained)$")
REPORTED_PERIOD = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?i:results|earnings|profits?|revenues?|sales|figures|loss(?:es)?|reports?|GDP|growth"
    r"|data|numbers)\b"
)
RESULTS_FOR = re.compile(
    r"(?i)\b(?:results|earnings|figures|profits?|revenues?|accounts|sales|loss(?:es)?)\s+"
    r"(?:for|in|of)\s+$"
)
# "he would later say on Monday": what did follow, told as a story
_NARRATED = re.compile(r"(?i)\b(?:later|eventually|afterwards|soon|then)\b")
# "would not comment Tuesday", "wouldn't say": a refusal, told in the past
_REFUSED = re.compile(r"(?i)\b(?:would\s+not|wouldn['’]t|would\s+neither)\b")


def looks_ahead(before: str) -> bool:
    """Whether the phrase comes after a verb that tells what was still to come, in its clause
    ("said they would appeal the ruling on Monday", "planned to leave on Thursday"): a day
    named there is the coming one, as a day gone by would have been told in the past."""
    last = next(reversed(list(_REPORTED_FUTURE.finditer(before))), None)
    if last is None or _REFUSED.match(before, last.start()) or _NARRATED.search(last.group()):
        return False
    return not _CLAUSE_BREAK.search(before, last.end())


# A phrase right after a verb of saying dates the saying, which is past: "said on Monday that
# it will", "announced in January", "said in a statement Tuesday"
_SAID_JUST_BEFORE = re.compile(
    r"(?i)\b(?:said|announced|reported|added|stated|confirmed|disclosed|revealed|declared"
    r"|warned|predicted|noted|explained|wrote|told(?:\s+[\w’'-]+){1,3}?)"
    r"(?:\s+(?:in|at|during)\s+(?:a|an|the|its|his|her|their)\s+[\w’'-]+(?:\s+[\w’'-]+)?)?"
    r"\s+(?:on\s+|in\s+|late\s+|early\s+)?$"
)
_UNTIL = re.compile(r"(?i)(?:until|till)\b")
_HAVING_UNTIL = re.compile(r"(?i)\b(?:has|have|(?P<had>had))\s+(?:[\w’'-]+\s+){0,3}?$")
RECENTLY = re.compile(r"(?i)\b(?:most\s+|as\s+|more\s+)?recently(?:\s+as)?\s*,?\s*(?:in\s+)?$")
_CLAUSE_BREAK = re.compile(r"[,;:()–—]|\s-\s")
_JOINED_CLAUSE = re.compile(
    r"(?i)\s(?:and|but)\s+(?:then\s+)?(?:will|would|shall|is|are|was|were|has|have|had|plans?"
    r"|expects?|aims?|intends?|hopes?|must|should|may|might|could|can)\b"
)


# A participle after a determiner is an adjective ("every affected customer", "the proposed
# rule"); one that is only ever a participle, before a noun and with no auxiliary, is too
# ("submit written comments", "hidden losses"). Neither tells the clause's tense.
_DETERMINER_BEFORE = re.compile(
    r"(?i)\b(?:the|a|an|every|each|no|its|their|his|her|our|your|my)\s+$"
)
_PARTICIPLE_ONLY = re.compile(
    r"(?i)(?:begun|done|gone|seen|taken|given|written|known|shown|grown|drawn|driven|chosen"
    r"|spoken|broken|fallen|risen|beaten|hidden|thrown|flown|sworn|forgotten)$"
)
_NOUN_NEXT = re.compile(
    r"\s+(?!(?:on|in|at|by|for|from|to|with|into|over|under|during|since|until|till|after"
    r"|before|last|this|that|and|or|as|up|down|out|off|back|away|the|a|an|its|their|his|her"
    r"|our|it|them|him|us|me|you)\b)[a-z]"
)
_AUXILIARY_BEFORE = re.compile(r"(?i)\b(?:has|have|had|is|are|was|were|be|been|being|get|got)\s+$")


def _adjective(text: str, start: int, end: int) -> bool:
    """Whether a would-be past verb is a participle used as an adjective."""
    if _DETERMINER_BEFORE.search(text, 0, start):
        return True
    return bool(
        _PARTICIPLE_ONLY.search(text, start, end)
        and _NOUN_NEXT.match(text, end)
        and not _AUXILIARY_BEFORE.search(text, 0, start)
    )


@functools.lru_cache(maxsize=8)
def _cues(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each tense cue in a sentence; computed once per sentence."""
    cues: list[tuple[int, int, str]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in cues)

    for pattern, kind in (
        (_FUTURE, "future"),
        (_MODAL, "future"),
        (_REPORTED_FUTURE, "reported"),
        (_SCHEDULED, "reported"),
        (_COULD, "reported"),
        (_PERFECT, "past"),
        (_PRESENT_PASSIVE, "present"),
        (_PRESENT, "present"),
        (_PAST, "past"),
    ):
        for match in pattern.finditer(text):
            if kind == "past" and (
                _REPORTING.match(match.group()) or _adjective(text, match.start(), match.end())
            ):
                continue
            if free(match.start(), match.end()):
                cues.append((match.start(), match.end(), kind))
    return [cue for cue in cues if cue[2] != "none"]


def clause_tense(sentence: str, start: int, end: int, *, before_only: bool = False) -> str | None:
    """'future', 'past', 'reported' (future seen from the past), 'present' or None: the verb
    nearest the phrase, in its clause first; `before_only` for a possessive ("Monday's
    decision means ..."), whose time is its noun's, not that of a verb after it."""
    if _SAID_JUST_BEFORE.search(sentence, 0, start):
        return "past"  # "said on Monday that it will ...": the day of the saying
    if _UNTIL.match(sentence, start):
        having = _HAVING_UNTIL.search(sentence, 0, start)
        if having:  # "has until Friday to decide": a deadline ahead (of then, for "had")
            return "reported" if having["had"] else "future"
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    right_match = _CLAUSE_BREAK.search(sentence, end)
    right = right_match.start() if right_match else len(sentence)
    # a semicolon ends a clause of its own: the verbs beyond it tell another time
    part_lo = sentence.rfind(";", 0, start) + 1
    part_hi = sentence.find(";", end) % (len(sentence) + 1)
    # "cut its fees in April and will announce ...": "and" before a verb of its own starts
    # another clause, whose time is not the phrase's
    joined = _JOINED_CLAUSE.search(sentence, end, part_hi)
    if joined:
        right, part_hi = min(right, joined.start()), joined.start()
    every = _cues(sentence)

    def distance(cue: tuple[int, int, str]) -> int:
        return start - cue[1] if cue[1] <= start else (cue[0] - start) + 2

    for lo, hi in ((left, right), (part_lo, part_hi)):
        cues = [
            c for c in every if lo <= c[0] and c[1] <= hi and not (before_only and c[1] > start)
        ]
        if cues:
            cue = min(cues, key=distance)
            before = [c for c in cues if c[1] <= start]
            if before and cue[0] >= end and not sentence[end : cue[0]].strip():
                # "A storm that formed on Sunday is expected to ...": a verb right after the
                # phrase is that of the clause whose subject the phrase ends; the phrase
                # belongs to the verb before it
                cue = max(before, key=lambda c: c[1])
            return _adjusted(sentence, start, end, cue)
    return None


# "to" and a verb: an infinitive, whose time comes after the verb it hangs on.
_INFINITIVE = re.compile(
    r"\bto\s+(?!(?:the|a|an|its|his|her|their|our|my|your|this|that|these|those|be|date|court"
    r"|prison|jail|power|office|work|school|market|town|dinner|lunch|bed|death|trial|justice"
    r"|\w+(?:s|ing|tion|ment|ness|ity|ance|ence|ers?|ists?))\b)(?-i:[a-z]+)\b(?!['’])",
    re.IGNORECASE,
)
# "declined to rehear the case on May 3": the date is when it was declined, tried or begun.
_DONE_VERB = re.compile(
    r"(?i)\b(?:declined|refused|failed|tried|managed|sought|attempted|rushed|moved|hurried|began"
    r"|started|continued|stopped|ceased|used|happened|seemed|appeared)\b"
)
_POSTPONED = re.compile(
    r"(?i)\b(?:postpone[ds]?|delay(?:ed|s)?|defer(?:red|s)?|adjourn(?:ed|s)?|put\s+off"
    r"|pushed\s+back|extend(?:ed|s)?|moved)\b"
)
# "gave the family until Tuesday": a deadline, ahead of the giving
_GRANTED = re.compile(r"(?i)\b(?:gave|given|granted|allowed)\b")
# "set a hearing for May 4", "called an election for June": the time of what was arranged
_ARRANGED = re.compile(
    r"(?i)\b(?:set|scheduled|rescheduled|slated|called|fixed|booked|planned|arranged)\b"
)


def _adjusted(sentence: str, start: int, end: int, cue: tuple[int, int, str]) -> str:
    """The cue's tense, read against where the phrase stands:

    - a plan or expectation reported after the phrase ("On Friday, the ministry planned to
      pay") has the phrase on the past verb itself;
    - a phrase inside an infinitive after a past verb ("decided to admit them in March") is
      after that verb, as a future seen from the past;
    - a new time after a postponement ("postponed until Tuesday") is ahead.
    """
    kind = cue[2]
    if kind == "present" and _UNTIL.match(sentence, start):
        return "future"  # "the museum is closed until Saturday"
    if kind == "reported" and cue[0] >= end and not any(c[1] <= start for c in _cues(sentence)):
        return "past"
    if kind == "past" and cue[1] <= start:
        between = sentence[cue[1] : end]
        verb = sentence[cue[0] : cue[1]]
        # "postponed until Monday", "asked the judge to postpone it until September"
        postponed = next(reversed(list(_POSTPONED.finditer(sentence, cue[0], start))), None)
        if postponed and re.search(r"(?i)\b(?:until|till|to)\b", sentence[postponed.end() : end]):
            return "future"
        if re.search(r"(?i)\b(?:until|till)\b", between) and _GRANTED.search(verb):
            return "future"
        if _ARRANGED.search(verb) and re.search(
            r"(?i)\bfor\s+(?:the\s+)?$", sentence[cue[1] : start]
        ):
            return "reported"
        if (
            _INFINITIVE.search(sentence[cue[1] : start])
            and not re.search(r"[;:()–—]", between)
            and not _DONE_VERB.search(sentence[cue[0] : cue[1]])
        ):
            return "reported"
    return kind
