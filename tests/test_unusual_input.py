"""Input nobody tuned for, in the reading commands: digits of other scripts in a date, hostile
file and folder names on a terminal, empty option values, spreadsheet CSV habits, JSON text
that no UTF-8 file can hold."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ant_timeline import dates
from ant_timeline.errors import DateError

Invoke = Callable[..., object]

# ---------------------------------------------------------------------------------------------
# Dates: the grammar's digits are 0-9


@pytest.mark.parametrize(
    "text",
    ["２０２１", "٢٠٢١-٠٣", "2021-０３", "२०२१-Q3", "2021/२०२२", "2021-03-0٤"],
    ids=["fullwidth", "arabic-indic", "fullwidth month", "devanagari", "devanagari end", "day"],
)
def test_digits_of_other_scripts_are_not_the_grammar(text: str) -> None:
    with pytest.raises(DateError) as caught:
        dates.parse(text)
    assert str(caught.value) == f"{text!r} is not a valid date: write its digits as 0-9"


def test_a_date_in_fullwidth_digits_is_a_load_error_with_its_place(
    invoke: Invoke, write: Callable[..., Path]
) -> None:
    # A date typed with an East Asian input method on: it looks like 2021 and was read as 2021.
    path = write("version: 1\nevents:\n  - id: a\n    date: ２０２１-０３\n    title: A\n")
    shown = invoke("show", "--file", str(path))
    assert shown.exit_code == 2
    assert shown.stderr.startswith(
        f"error: {path}:4:11: date: '２０２１-０３' is not a valid date: write its digits as 0-9\n"
    )
    checked = invoke("check", "--file", str(path))
    assert checked.exit_code == 1
    assert "[invalid-date]" in checked.stdout
