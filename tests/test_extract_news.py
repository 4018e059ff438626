"""`extract` on newswire: the rules that make it read English news as a dated record.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from ant_timeline.extract import extract

MAY_17 = date(2023, 5, 17)  # a Wednesday


def found(text: str, published: date = MAY_17) -> dict[str, str]:
    """Phrase -> canonical date of every candidate (phrases are unique in these snippets)."""
    return {c.text: c.date.canonical for c in extract(text, published).candidates}


# ---------------------------------------------------------------------------------------------
# The day of publication and its neighbours


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        ("The ferry operator resumed sailings today.", "today", "2023-05-17"),
        ("Today, the port authority said it would appeal.", "Today", "2023-05-17"),
        ("The council votes tonight on the harbour plan.", "tonight", "2023-05-17"),
        ("Divers reached the wreck this morning.", "this morning", "2023-05-17"),
        ("The mayor will speak this evening.", "this evening", "2023-05-17"),
        ("A ruling is expected later today.", "later today", "2023-05-17"),
        ("The strike ended last night.", "last night", "2023-05-16"),
        ("Pickets left yesterday morning.", "yesterday morning", "2023-05-16"),
        ("The board met the day before yesterday.", "the day before yesterday", "2023-05-15"),
        ("Bids close the day after tomorrow.", "the day after tomorrow", "2023-05-19"),
        ("Divers return tomorrow night.", "tomorrow night", "2023-05-18"),
        ("Yesterday's vote split the council.", "Yesterday's", "2023-05-16"),
    ],
)
def test_today_and_its_siblings_are_days_counted_from_publication(
    sentence: str, phrase: str, expected: str
) -> None:
    assert found(sentence) == {phrase: expected}


def test_today_as_a_title_or_as_the_present_age_is_not_a_day() -> None:
    assert found("The report ran in USA Today and was picked up widely.") == {}
    assert found("Pensions matter less to today's youth than to their parents.") == {}
    assert found("Today's vote was close.") == {"Today's": "2023-05-17"}


def test_a_fronted_date_leaves_the_rest_of_the_sentence_as_the_title() -> None:
    (candidate,) = extract("On Tuesday, the port said it would appeal.", MAY_17).candidates
    assert candidate.title == "The port said it would appeal"
