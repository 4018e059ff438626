"""A suggested event title: the clause around the date phrase, without the attribution."""

from __future__ import annotations

import re

TITLE_LENGTH = 90

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


def suggest_title(sentence: str, start: int, end: int, keep_the: bool) -> str:
    """A suggested title: the clause around the phrase, without the phrase or the attribution."""
    before = sentence[:start].rstrip()
    after = sentence[end:].lstrip()
    if not re.search(r"\w", before):
        # "On Tuesday, the bank said ...": the comma after a fronted date opens nothing
        before, after = "", after.lstrip(" ,;:–—-")
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
