"""`extract` on many articles in one run: several files or a folder, each with its own date."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# Written for these tests.
PORT = "date 2023-05-17 Port strike\n\nDockers walked out on Tuesday after talks failed in March.\n"
MILL = "March 14, 2022\n\nThe mill was fined last week and will appeal in June.\n"
UNDATED = "The ferry resumed service on Monday.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "b-mill.txt").write_text(MILL, encoding="utf-8")
    (articles / "a-port.txt").write_text(PORT, encoding="utf-8")
    (articles / "notes.md").write_text(UNDATED, encoding="utf-8")  # not an article: no .txt
    (articles / ".draft.txt").write_text(UNDATED, encoding="utf-8")  # hidden
    return articles


def _lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines()]


def test_a_folder_gives_one_json_line_per_article_each_with_its_own_date(
    invoke: Callable[..., Any], folder: Path
) -> None:
    result = invoke("extract", str(folder), "--json")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2  # JSON Lines: one envelope a line
    port, mill = _lines(result.stdout)
    assert list(port) == ["version", "file", "published", "candidates"]
    assert (port["version"], port["file"], port["published"]) == (
        1,
        str(folder / "a-port.txt"),
        "2023-05-17",
    )
    assert [(c["text"], c["date"]) for c in port["candidates"]] == [
        ("Tuesday", "2023-05-16"),
        ("March", "2023-03"),
    ]
    assert (mill["file"], mill["published"]) == (str(folder / "b-mill.txt"), "2022-03-14")
    assert [(c["text"], c["date"]) for c in mill["candidates"]] == [
        ("last week", "2022-03-07/2022-03-13"),
        ("June", "2022-06"),
    ]


def test_several_files_in_text_each_under_a_header_in_the_order_given(
    invoke: Callable[..., Any], folder: Path
) -> None:
    mill, port = folder / "b-mill.txt", folder / "a-port.txt"
    result = invoke("extract", str(mill), str(port))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"== {mill} ==\nPublished 14 Mar 2022 · 2 dated references")
    assert f"\n\n== {port} ==\nPublished 17 May 2023 · 2 dated references" in out
    assert out.index("2022-06") < out.index(f"== {port} ==") < out.index("2023-05-16")


def test_an_article_without_a_date_is_reported_skipped_and_exits_2_at_the_end(
    invoke: Callable[..., Any], folder: Path
) -> None:
    undated = folder / "c-undated.txt"
    undated.write_text(UNDATED, encoding="utf-8")
    missing = folder / "gone.txt"
    result = invoke("extract", str(folder), str(missing), "--json")
    assert result.exit_code == 2
    assert [line["file"] for line in _lines(result.stdout)] == [
        str(folder / "a-port.txt"),
        str(folder / "b-mill.txt"),
    ]
    assert f"error: {undated}: cannot tell when the article was published" in result.stderr
    assert f"error: {missing}: no such file" in result.stderr
    assert result.stderr.rstrip().endswith(
        "2 of 4 articles skipped (see above); the others were read"
    )
    assert "Traceback" not in result.output


def test_published_dates_every_article_of_the_run(invoke: Callable[..., Any], folder: Path) -> None:
    (folder / "c-undated.txt").write_text(UNDATED, encoding="utf-8")
    result = invoke("extract", str(folder), "--published", "2024-01-10", "--json")
    assert result.exit_code == 0, result.output
    lines = _lines(result.stdout)
    assert {line["published"] for line in lines} == {"2024-01-10"}
    assert lines[2]["candidates"][0]["date"] == "2024-01-08"


def test_add_refuses_more_than_one_article(
    invoke: Callable[..., Any], folder: Path, tmp_path: Path
) -> None:
    events = tmp_path / "events.yaml"
    events.write_text("version: 1\nevents: []\n", encoding="utf-8")
    before = events.read_bytes()
    for articles in ([str(folder)], [str(folder / "a-port.txt"), str(folder / "b-mill.txt")]):
        result = invoke(
            "extract", *articles, "--add", "--file", str(events), "--source-url", "https://e.org/a"
        )
        assert result.exit_code == 2
        assert "--add reviews the candidates of one article" in result.stderr
    assert events.read_bytes() == before


def test_a_folder_without_articles_and_stdin_twice_are_usage_errors(
    invoke: Callable[..., Any], tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("extract", str(empty))
    assert result.exit_code == 2
    assert f"{empty}: no articles (*.txt) in this folder" in result.stderr
    twice = invoke("extract", "-", "-", input=PORT)
    assert twice.exit_code == 2
    assert "standard input (-) can be read only once" in twice.stderr


def test_stdin_among_files(invoke: Callable[..., Any], folder: Path) -> None:
    result = invoke("extract", str(folder / "b-mill.txt"), "-", "--json", input=PORT)
    assert result.exit_code == 0, result.output
    assert [line["file"] for line in _lines(result.stdout)] == [
        str(folder / "b-mill.txt"),
        "<stdin>",
    ]
