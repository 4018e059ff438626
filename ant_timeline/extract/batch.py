"""Many articles in one run: each read, dated and extracted on its own, one result each.

An article that cannot be read or has no publication date is a result too, with its problem,
so a run over a folder reports it and goes on to the next article.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ant_timeline.errors import FileReadError, TimelineError, UsageError
from ant_timeline.extract import Extraction, extract, find_published, json_envelope

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from datetime import date

# What a folder of articles holds: text files.
ARTICLE_SUFFIX = ".txt"
NO_PUBLICATION_DATE = (
    "cannot tell when the article was published: give it with --published DATE "
    "(e.g. --published 2023-05-17), or start the text with a dateline such as "
    "'date 2023-05-17' or 'May 17, 2023' on its first line"
)


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One article of a run: what was found in it, or why it was skipped."""

    file: str  # the article as named: a path, or "<stdin>"
    extraction: Extraction | None = None
    problem: TimelineError | None = None


def article_paths(arguments: Sequence[str]) -> list[str]:
    """The articles the arguments name: each file as given (`-` for standard input), and for a
    folder every `*.txt` directly in it, in name order."""
    paths: list[str] = []
    for argument in arguments:
        folder = Path(argument)
        if argument != "-" and folder.is_dir():
            inside = sorted(
                str(p)
                for p in folder.iterdir()
                if p.suffix == ARTICLE_SUFFIX and not p.name.startswith(".") and p.is_file()
            )
            if not inside:
                raise FileReadError(f"no articles (*{ARTICLE_SUFFIX}) in this folder", argument)
            paths.extend(inside)
        else:
            paths.append(argument)
    if paths.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    return paths


def extract_articles(
    files: Iterable[str],
    read: Callable[[str], tuple[str, str]],
    published: date | None = None,
) -> Iterator[ArticleResult]:
    """Each article read (`read` gives its text and the name to show), dated (`published`,
    else its own dateline) and extracted, in the order given."""
    for file in files:
        label = "<stdin>" if file == "-" else file
        try:
            text, label = read(file)
            when = published or find_published(text)
            if when is None:
                raise UsageError(NO_PUBLICATION_DATE, label)
            yield ArticleResult(label, extract(text, when))
        except TimelineError as problem:
            yield ArticleResult(label, problem=problem)


def json_line(result: ArticleResult, by: str = "article") -> str:
    """One article's envelope on one line: `{"version": 1, "file", "published", "candidates"}`."""
    if result.extraction is None:
        raise ValueError("an article that was skipped has no envelope")
    envelope = json_envelope(result.extraction, by, file=result.file)
    return json.dumps(envelope, ensure_ascii=False) + "\n"
