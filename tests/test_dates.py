"""The partial-date model: grammar, spans, order, display, natural-language input."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ant_timeline import dates
from ant_timeline.dates import EventDate, PartialDate, Precision, parse, parse_user_date
from ant_timeline.errors import DateError


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest", "shown"),
    [
        ("2020-11-03", "day", date(2020, 11, 3), date(2020, 11, 3), "3 Nov 2020"),
        ("2023-01", "month", date(2023, 1, 1), date(2023, 1, 31), "Jan 2023"),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29), "Feb 2024"),
        ("2022-Q3", "quarter", date(2022, 7, 1), date(2022, 9, 30), "Q3 2022"),
        ("2021-H2", "half", date(2021, 7, 1), date(2021, 12, 31), "H2 2021"),
        ("2021", "year", date(2021, 1, 1), date(2021, 12, 31), "2021"),
        ("2021~", "year", date(2021, 1, 1), date(2021, 12, 31), "c. 2021"),
        ("2021?", "year", date(2021, 1, 1), date(2021, 12, 31), "2021?"),
        ("2021%", "year", date(2021, 1, 1), date(2021, 12, 31), "c. 2021?"),
        (
            "2023-09-23/2023-10-08",
            "interval",
            date(2023, 9, 23),
            date(2023, 10, 8),
            "23 Sep – 8 Oct 2023",
        ),
        (
            "2020-12-26/2020-12-27",
            "interval",
            date(2020, 12, 26),
            date(2020, 12, 27),
            "26 – 27 Dec 2020",
        ),
        (
            "2022-12/2023-01",
            "interval",
            date(2022, 12, 1),
            date(2023, 1, 31),
            "Dec 2022 – Jan 2023",
        ),
        ("2023-03/2023-05", "interval", date(2023, 3, 1), date(2023, 5, 31), "Mar – May 2023"),
        ("1984~/2004-06", "interval", date(1984, 1, 1), date(2004, 6, 30), "c. 1984 – Jun 2004"),
        ("2023-03/..", "interval", date(2023, 3, 1), None, "Mar 2023 – …"),
        ("2023-01-05/2023-01-05", "interval", date(2023, 1, 5), date(2023, 1, 5), "5 Jan 2023"),
        ("../2020", "interval", None, date(2020, 12, 31), "… – 2020"),
    ],
)
def test_grammar_spans_and_display(
    text: str, precision: str, earliest: date | None, latest: date | None, shown: str
) -> None:
    parsed = parse(text)
    assert parsed.precision.value == precision
    assert parsed.earliest == earliest
    assert parsed.latest == latest
    assert parsed.display() == shown
    assert parsed.canonical == text


def test_qualifiers_belong_to_each_end() -> None:
    span = parse("1984~/2004-06")
    assert span.approximate and not span.uncertain
    assert parse("2020/2021?").uncertain


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2023-13-01", "there is no month 13"),
        ("2023-02-30", "February 2023 has 28 days"),
        ("2023-00", "there is no month 0"),
        ("2023-Q5", "a quarter is Q1 to Q4"),
        ("2023-H3", "a half is H1 to H2"),
        ("2023-05/2023-03", "the interval ends (Mar 2023) before it starts (May 2023)"),
        ("2023-1-5", "two digits"),
        ("../..", "at least one end"),
        ("23-01-01", "YYYY-MM-DD"),
        ("next week", "YYYY-MM-DD"),
        ("2023/2024/2025", "one '/'"),
        ("0000", "no year 0000"),
    ],
)
def test_invalid_dates_say_why(text: str, reason: str) -> None:
    with pytest.raises(DateError) as caught:
        parse(text)
    assert reason in str(caught.value)
    assert repr(text) in str(caught.value)


def test_order_is_earliest_then_latest_and_open_ends_go_first_and_last() -> None:
    texts = ["2021", "2021-H1", "2021-01", "2021-01-05", "../2020", "2022-03/..", "2021-Q1"]
    ordered = sorted(texts, key=lambda t: parse(t).sort_key)
    assert ordered == [
        "../2020",
        "2021-01",
        "2021-Q1",
        "2021-H1",
        "2021",
        "2021-01-05",
        "2022-03/..",
    ]


def test_within() -> None:
    assert parse("2023-01-07").within(parse("2023-01"))
    assert not parse("2023-01").within(parse("2023-01-07"))
    assert parse("2023-05").within(parse("2023-03/.."))


# -- properties ---------------------------------------------------------------------------------

qualifiers = st.sampled_from(["", "~", "?", "%"])


@st.composite
def points(draw: st.DrawFn) -> str:
    year = draw(st.integers(1, 9999))
    kind = draw(st.sampled_from(["day", "month", "quarter", "half", "year"]))
    if kind == "day":
        day = draw(st.dates(date(year, 1, 1), date(year, 12, 31)))
        body = day.isoformat()
    elif kind == "month":
        body = f"{year:04d}-{draw(st.integers(1, 12)):02d}"
    elif kind == "quarter":
        body = f"{year:04d}-Q{draw(st.integers(1, 4))}"
    elif kind == "half":
        body = f"{year:04d}-H{draw(st.integers(1, 2))}"
    else:
        body = f"{year:04d}"
    return body + draw(qualifiers)


@st.composite
def canonical_dates(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(points())
    start = draw(st.one_of(points(), st.just("..")))
    end = draw(st.one_of(points(), st.just("..")))
    if start == ".." and end == "..":
        end = draw(points())
    if start != ".." and end != ".." and parse(end).latest < parse(start).earliest:  # type: ignore[operator]
        start, end = end, start
    return f"{start}/{end}"


@given(canonical_dates())
def test_canonical_text_round_trips(text: str) -> None:
    assert parse(text).canonical == text
    assert parse(parse(text).canonical) == parse(text)


@given(canonical_dates())
def test_every_span_is_ordered(text: str) -> None:
    parsed = parse(text)
    if parsed.earliest and parsed.latest:
        assert parsed.earliest <= parsed.latest
    assert parsed.sort_key[0] <= parsed.sort_key[1]


@given(canonical_dates(), canonical_dates())
def test_order_is_total_and_agrees_with_the_bounds(first: str, second: str) -> None:
    a, b = parse(first), parse(second)
    assert (a.sort_key <= b.sort_key) or (b.sort_key <= a.sort_key)
    if a.sort_key < b.sort_key:
        assert (a.sort_key[0], a.sort_key[1]) < (b.sort_key[0], b.sort_key[1])
        assert a.sort_key[0] <= b.sort_key[0]


@given(canonical_dates())
def test_display_never_invents_a_day(text: str) -> None:
    parsed = parse(text)
    shown = parsed.display()
    ends = [p for p in (parsed.start, parsed.end) if p]
    day_then_month = re.compile(r"\b\d{1,2} (" + "|".join(dates.MONTH_ABBR) + r")\b")
    if all(p.precision is not Precision.DAY for p in ends):
        assert not day_then_month.search(shown)
    else:
        assert day_then_month.search(shown)


# -- natural language ----------------------------------------------------------------------------

BASE = date(2023, 5, 17)


@pytest.mark.parametrize(
    ("phrase", "canonical", "precision"),
    [
        ("July 7, 2023", "2023-07-07", "day"),
        ("January 2023", "2023-01", "month"),
        ("Jan 2023", "2023-01", "month"),
        ("late 2021", "2021-H2", "half"),
        ("early 2022", "2022-H1", "half"),
        ("Q3 2022", "2022-Q3", "quarter"),
        ("last Tuesday", "2023-05-16", "day"),
        ("2 years ago", "2021", "year"),
        ("last week", "2023-05-08/2023-05-14", "interval"),
        ("last month", "2023-04", "month"),
    ],
)
def test_phrases_keep_their_precision(phrase: str, canonical: str, precision: str) -> None:
    parsed = parse_user_date(phrase, relative_to=BASE)
    assert parsed.canonical == canonical
    assert parsed.precision.value == precision


@pytest.mark.parametrize(
    ("phrase", "canonical"),
    [
        ("c. 2021", "2021~"),  # the tool's own display of 2021~
        ("c. 2021?", "2021%"),
        ("circa May 2022", "2022-05~"),
        ("mid-2021", "2021"),
        ("2021 H2", "2021-H2"),
        ("2021-h2", "2021-H2"),
        ("2023-q1", "2023-Q1"),
        ("the first quarter of 2022", "2022-Q1"),
        ("third quarter 2022", "2022-Q3"),
        ("the second half of 2020", "2020-H2"),
        ("early January 2023", "2023-01"),
        ("late Sept. 2022", "2022-09"),
        ("Tuesday 3pm", "2023-05-16"),
        ("in 2 days", "2023-05-19"),
        ("a year ago", "2022"),
    ],
)
def test_more_phrases(phrase: str, canonical: str) -> None:
    assert parse_user_date(phrase, relative_to=BASE).canonical == canonical


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("the 1990s", "is a decade"),
        ("1980s", "is a decade"),
        ("90s", "is a decade"),
        ("10 min", "cannot understand"),
        ("two days", "cannot understand"),
        ("48 hours", "cannot understand"),
        ("noon", "cannot understand"),
        ("5s", "cannot understand"),
    ],
)
def test_durations_times_and_decades_are_not_given_a_false_day(phrase: str, message: str) -> None:
    # dateparser would turn each of these into a day near the base date
    with pytest.raises(DateError, match=message):
        parse_user_date(phrase, relative_to=BASE)


def test_canonical_input_wins_over_phrases() -> None:
    assert parse_user_date("2021", relative_to=BASE).canonical == "2021"


def test_an_unknown_phrase_is_an_error_not_a_guess() -> None:
    with pytest.raises(DateError, match="cannot understand the date 'whenever the moon is blue'"):
        parse_user_date("whenever the moon is blue", relative_to=BASE)


def test_grammar_lookalikes_get_the_grammar_message() -> None:
    with pytest.raises(DateError, match="there is no month 13"):
        parse_user_date("2023-13-01", relative_to=BASE)


def test_canonical_dates_do_not_import_dateparser() -> None:
    code = (
        "import sys; from ant_timeline.dates import parse_user_date;"
        "parse_user_date('2023-01'); parse_user_date('2021-H2/2022');"
        "print('dateparser' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_of_days_and_from_period() -> None:
    assert EventDate.of_days(date(2023, 1, 2), date(2023, 1, 2)).canonical == "2023-01-02"
    assert dates.from_period(date(2023, 5, 10), "week").canonical == "2023-05-08/2023-05-14"
    assert dates.from_period(date(2023, 8, 1), "quarter").canonical == "2023-Q3"
    assert PartialDate(Precision.HALF, 2021, 2).canonical == "2021-H2"


# -- dates as they are displayed, read back (what `import` reads from TimelineJS and CSV) ------


@given(canonical_dates())
def test_a_displayed_date_reads_back_as_itself(text: str) -> None:
    when = parse(text)
    start, end = when.start, when.end
    if when.interval and start == end:
        return  # shown as the one date: `2021/2021` is displayed `2021`
    if (
        start is not None
        and end is not None
        and start.precision is Precision.YEAR
        and start.year <= 31
        and end.precision is Precision.DAY
        and not start.qualifier
    ):
        return  # `3 – 8 Oct 2023` is a span of days, whatever year 3 would have been
    assert dates.parse_display(when.display()) == when


@pytest.mark.parametrize(
    ("shown", "canonical"),
    [
        ("3 Nov 2020", "2020-11-03"),
        ("3 November 2020", "2020-11-03"),
        ("Sept 2021", "2021-09"),
        ("c. Q3 2022", "2022-Q3~"),
        ("H2 2021?", "2021-H2?"),
        ("c. 2021?", "2021%"),
        ("3 – 8 Oct 2023", "2023-10-03/2023-10-08"),
        ("23 Sep – 8 Oct 2023", "2023-09-23/2023-10-08"),
        ("December 2019 - January 2020", "2019-12/2020-01"),
        ("2021 – 8 Oct 2023", "2021/2023-10-08"),
        ("… – 2020", "../2020"),
        ("Mar 2023 – …", "2023-03/.."),
    ],
)
def test_displayed_dates(shown: str, canonical: str) -> None:
    read = dates.parse_display(shown)
    assert read is not None
    assert read.canonical == canonical


@pytest.mark.parametrize(
    "text", ["Spring 2021", "9 – 8 Oct 2023", "31 Feb 2023", "Q5 2021", "2021-01", "", "… – …"]
)
def test_what_is_not_a_displayed_date(text: str) -> None:
    assert dates.parse_display(text) is None
