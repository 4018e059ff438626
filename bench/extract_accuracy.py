"""Recall and precision of `extract` on annotated articles.

Each ARTICLE.txt has an ARTICLE.dates beside it listing, in article order, every dated reference
as `phrase | canonical date`. A candidate counts as found when its phrase overlaps an annotated
phrase and its date (precision included) is the annotated one.

    python bench/extract_accuracy.py [FOLDER_OR_ARTICLE ...]   # default: tests/data/articles
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ant_timeline.extract import extract, find_published

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "articles"


@dataclass(frozen=True)
class Score:
    """Matches between what `extract` proposed and what the annotation lists."""

    name: str
    expected: int
    proposed: int
    correct: int
    misses: tuple[str, ...]  # annotated references not found with the right date
    wrong: tuple[str, ...]  # proposals that match no annotated reference

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 1.0


def annotations(text: str, dates_file: Path) -> list[tuple[int, int, str, str]]:
    """(start, end, phrase, date) for each annotated reference, located in article order."""
    found: list[tuple[int, int, str, str]] = []
    position = 0
    for raw in dates_file.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        phrase, _, expected = (part.strip() for part in line.rpartition("|"))
        start = text.find(phrase, position)
        if start < 0:
            raise ValueError(f"{dates_file.name}: {phrase!r} not found after offset {position}")
        found.append((start, start + len(phrase), phrase, expected))
        position = start + len(phrase)
    return found


def score(article: Path, dates_file: Path | None = None) -> Score:
    """Score one article against its annotation."""
    text = article.read_text(encoding="utf-8")
    gold = annotations(text, dates_file or article.with_suffix(".dates"))
    published = find_published(text)
    if published is None:
        raise ValueError(f"{article.name}: no dateline")
    candidates = extract(text, published).candidates
    matched: set[int] = set()
    wrong = []
    for candidate in candidates:
        lo, hi = candidate.offset, candidate.offset + len(candidate.text)
        hit = next(
            (
                index
                for index, (start, end, _, expected) in enumerate(gold)
                if index not in matched
                and lo < end
                and start < hi
                and candidate.date.canonical == expected
            ),
            None,
        )
        if hit is None:
            wrong.append(f"{candidate.text!r} -> {candidate.date.canonical}")
        else:
            matched.add(hit)
    misses = tuple(
        f"{phrase!r} -> {expected}"
        for index, (_, _, phrase, expected) in enumerate(gold)
        if index not in matched
    )
    return Score(article.name, len(gold), len(candidates), len(matched), misses, tuple(wrong))


def total(scores: list[Score]) -> Score:
    """All articles together."""
    return Score(
        "all",
        sum(s.expected for s in scores),
        sum(s.proposed for s in scores),
        sum(s.correct for s in scores),
        tuple(m for s in scores for m in s.misses),
        tuple(w for s in scores for w in s.wrong),
    )


def report(scores: list[Score]) -> str:
    """A table of recall and precision per article and overall."""
    lines = [f"{'article':36} {'refs':>5} {'found':>6} {'right':>6} {'recall':>7} {'precision':>9}"]
    for s in [*scores, total(scores)]:
        lines.append(
            f"{s.name:36} {s.expected:5} {s.proposed:6} {s.correct:6} "
            f"{s.recall:7.1%} {s.precision:9.1%}"
        )
        lines.extend(f"    missed: {m}" for m in s.misses if s.name != "all")
        lines.extend(f"    wrong:  {w}" for w in s.wrong if s.name != "all")
    return "\n".join(lines)


def main(arguments: list[str]) -> None:
    paths = [Path(a) for a in arguments] or [ARTICLES]
    articles = sorted(
        p for path in paths for p in ([path] if path.is_file() else path.glob("*.txt"))
    )
    print(report([score(article) for article in articles]))


if __name__ == "__main__":
    main(sys.argv[1:])
