"""What `extract` returns: candidates, the extraction, and its JSON envelope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ant_timeline.dates import EventDate


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


def json_envelope(
    extraction: Extraction, by: str = "article", *, file: str | None = None
) -> dict[str, Any]:
    """`{"version": 1, "published": DATE, "candidates": [...]}`, as `extract --json` prints it;
    with `file` (many articles in one run), `"file"` follows the version."""
    return {
        "version": 1,
        **({"file": file} if file is not None else {}),
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
