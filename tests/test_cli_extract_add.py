"""`extract --add`: review candidates on a terminal, add the accepted ones as `add event` does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ant_timeline import store

from .conftest import CURATED, REPO
from .terminal import converse

Invoke = Callable[..., Any]
ARTICLE = REPO / "docs" / "example-article.txt"


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    path.write_bytes(CURATED.read_bytes())
    return path


def test_accept_edit_skip_and_stop(events: Path) -> None:
    code, transcript = converse(
        [
            "extract",
            str(ARTICLE),
            "--add",
            "--file",
            str(events),
            "--source-url",
            "https://example.org/harbour",
            "--source-title",
            "Harbour Bank settles",
            "--publisher",
            "Daily Ledger",
        ],
        ["a", "s", "e", "Harbour Bank inspectors find lapses", "q"],
        events.parent,
    )
    assert code == 0, transcript
    assert "[1/9]" in transcript and "[4/9]" in transcript and "[5/9]" not in transcript
    assert "added 2 events to" in transcript and "skipped 7" in transcript
    timeline = store.load(events)
    fine = timeline.by_id()["harbour-bank-agreed-to-pay-a-1-2-billion-yuan-fine"]
    assert fine.date.canonical == "2023-05-16"  # "on Tuesday", published Wednesday 17 May
    lapses = timeline.by_id()["harbour-bank-inspectors-find-lapses"]
    assert lapses.date.canonical == "2023-05-08/2023-05-14"  # "last week"
    for added in (fine, lapses):
        (source,) = added.sources
        assert (source.url, source.title, source.publisher) == (
            "https://example.org/harbour",
            "Harbour Bank settles",
            "Daily Ledger",
        )
        assert source.published is not None and source.published.canonical == "2023-05-17"
    assert len(timeline.events) == len(store.load(CURATED).events) + 2


def test_a_refused_candidate_does_not_stop_the_review(events: Path) -> None:
    answers = ["a", "a", "q"]
    args = [
        "extract",
        str(ARTICLE),
        "--add",
        "--file",
        str(events),
        "--source-url",
        "https://e.org/a",
    ]
    converse(args, ["a", "q"], events.parent)
    code, transcript = converse(args, answers, events.parent)
    assert code == 0
    assert (
        "not added: this looks like 'harbour-bank-agreed-to-pay-a-1-2-billion-yuan-fine'"
        in transcript
    )
    assert "added 1 event to" in transcript and "1 refused" in transcript


@pytest.mark.parametrize("article", [str(ARTICLE), "-"])
def test_add_needs_a_terminal(invoke: Invoke, events: Path, article: str) -> None:
    before = events.read_bytes()
    result = invoke(
        "extract",
        article,
        "--add",
        "--file",
        str(events),
        "--source-url",
        "https://e.org/a",
        input=ARTICLE.read_text(),
    )
    assert result.exit_code == 2
    assert "--add reviews candidates on a terminal" in result.stderr
    assert events.read_bytes() == before


def test_add_from_standard_input_is_refused_even_on_a_terminal(events: Path) -> None:
    code, transcript = converse(
        ["extract", "-", "--add", "--file", str(events), "--source-url", "https://e.org/a"],
        [],
        events.parent,
    )
    assert code == 2
    assert "with the article as a file (not -)" in transcript


def test_add_needs_a_source_and_a_writable_file(events: Path, tmp_path: Path) -> None:
    empty = tmp_path / "elsewhere"  # no ./events.yaml here, so the bundled dataset is the file
    empty.mkdir()
    code, transcript = converse(
        ["extract", str(ARTICLE), "--add", "--file", str(events)], [], empty
    )
    assert code == 2
    assert "--add needs --source-url" in transcript
    code, transcript = converse(
        ["extract", str(ARTICLE), "--add", "--source-url", "https://e.org/a"], [], empty
    )
    assert code == 2
    assert "the bundled Ant Group timeline is read-only" in transcript


def test_a_bad_source_url_is_refused_before_the_review(events: Path) -> None:
    code, transcript = converse(
        ["extract", str(ARTICLE), "--add", "--file", str(events), "--source-url", "example.org/a"],
        [],
        events.parent,
    )
    assert code == 2
    assert "--source-url 'example.org/a' is not an http(s) address" in transcript
    assert "[1/" not in transcript
