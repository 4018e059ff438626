"""`bench/timeml_accuracy.py`: the TimeML scorer counts what its docstring says it counts."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

# Written for this test: every kind of annotation the scorer treats differently.
DOCUMENT = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST0001</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="2023-05-17" functionInDocument="CREATION_TIME">2023-05-17</TIMEX3></DCT>
<TEXT>
The harbour board met <TIMEX3 tid="t1" type="DATE" value="2023-05-16">on Tuesday</TIMEX3> &amp; \
agreed to sell the pier <TIMEX3 tid="t2" type="DATE" value="2023-Q3">in the third quarter</TIMEX3>.

Talks lasted <TIMEX3 tid="t3" type="DURATION" value="P2W">two weeks</TIMEX3> and end \
<TIMEX3 tid="t4" type="DATE" value="2023-W21">this week</TIMEX3>, as they did \
<TIMEX3 tid="t5" type="DATE" value="2022">last year</TIMEX3>.
</TEXT>
</TimeML>
"""


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location(
        "timeml_accuracy", REPO / "bench" / "timeml_accuracy.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_reading_strips_the_tags_and_keeps_the_places(tmp_path: Path) -> None:
    bench = _bench()
    path = tmp_path / "doc.tml"
    path.write_text(DOCUMENT, encoding="utf-8")
    document = bench.read(path)
    assert document.published == date(2023, 5, 17)
    assert "<" not in document.text
    assert "met on Tuesday & agreed" in document.text
    for annotation in document.annotations:
        assert document.text[annotation.start : annotation.end] == annotation.words
    assert [a.role for a in document.annotations] == [
        "target",
        "target",
        "penalty",
        "neutral",
        "target",
    ]


def test_scoring_counts_right_wrong_neutral_and_missed(tmp_path: Path) -> None:
    bench = _bench()
    path = tmp_path / "doc.tml"
    path.write_text(DOCUMENT, encoding="utf-8")
    document = bench.read(path)

    def at(phrase: str, start: str, end: str) -> Any:
        offset = document.text.index(phrase)
        days = (date.fromisoformat(start), date.fromisoformat(end))
        return bench.Found(offset, offset + len(phrase), phrase, days, f"{start}/{end}")

    found = [
        at("Tuesday", "2023-05-16", "2023-05-16"),  # right
        at("third quarter", "2023-07-01", "2023-09-30"),  # right: the same days as 2023-Q3
        at("two weeks", "2023-05-01", "2023-05-14"),  # on a DURATION: wrong
        at("this week", "2023-05-15", "2023-05-21"),  # on a neutral value: not judged
        at("the pier", "2023-01-01", "2023-12-31"),  # on nothing: wrong
    ]
    result = bench.score(document, found)
    assert (result.targets, result.judged, result.right) == (3, 4, 2)
    assert result.value == (0.5, 2 / 3, bench.Score._f1(0.5, 2 / 3))
    assert result.span[:2] == (0.5, 2 / 3)
    assert [kind for kind in result.errors if kind.startswith("missed")] == ["missed: relative"]
    assert set(result.errors) == {"wrong: DURATION", "wrong: no annotation", "missed: relative"}


def test_a_wrong_value_on_a_target_is_judged_but_not_recalled(tmp_path: Path) -> None:
    bench = _bench()
    path = tmp_path / "doc.tml"
    path.write_text(DOCUMENT, encoding="utf-8")
    document = bench.read(path)
    offset = document.text.index("last year")
    wrong = bench.Found(offset, offset + 9, "last year", (date(2021, 1, 1), date(2021, 12, 31)), "")
    result = bench.score(document, [wrong])
    assert (result.judged, result.right, result.recalled, result.spanned) == (1, 0, 0, 1)
    assert list(result.errors) == [
        "wrong value: relative",
        "missed: weekday",
        "missed: quarter/half",
    ]


def test_value_days_reads_the_date_grammar() -> None:
    bench = _bench()
    assert bench.value_days("1998-Q3") == (date(1998, 7, 1), date(1998, 9, 30))
    assert bench.value_days("1998-H1") == (date(1998, 1, 1), date(1998, 6, 30))
    assert bench.value_days("2000-02") == (date(2000, 2, 1), date(2000, 2, 29))
    assert bench.value_days("1998") == (date(1998, 1, 1), date(1998, 12, 31))
    assert bench.value_days("1998-W32") is None
    assert bench.value_days("PRESENT_REF") is None


def test_the_halves_are_alternate_files_in_name_order(tmp_path: Path) -> None:
    bench = _bench()
    for name in ("c", "a", "e", "b", "d"):
        (tmp_path / f"{name}.tml").write_text(DOCUMENT.replace("TEST0001", name), encoding="utf-8")
    assert [d.name for d in bench.documents([tmp_path])] == ["a", "b", "c", "d", "e"]
    assert [d.name for d in bench.documents([tmp_path], "a")] == ["a", "c", "e"]
    assert [d.name for d in bench.documents([tmp_path], "b")] == ["b", "d"]
