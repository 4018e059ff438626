"""Tense: whether the clause around a phrase speaks of the past, the future or neither."""

from __future__ import annotations

import functools
import re

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
REPORTED_PERIOD = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?i:results|earnings|profits?|revenues?|sales|figures|loss(?:es)?|reports?|GDP|growth"
    r"|data|numbers)\b"
)
RESULTS_FOR = re.compile(
    r"(?i)\b(?:results|earnings|figures|profits?|revenues?|accounts|sales|loss(?:es)?)\s+"
    r"(?:for|in|of)\s+$"
)
RECENTLY = re.compile(r"(?i)\b(?:most\s+|as\s+|more\s+)?recently(?:\s+as)?\s*,?\s*(?:in\s+)?$")
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


def clause_tense(sentence: str, start: int, end: int) -> str | None:
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
