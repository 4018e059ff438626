"""`ant-timeline extract`: finding and resolving the dated references in an article."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ant_timeline.extract import Candidate, extract, find_published

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO / "tests" / "data" / "articles"
EXAMPLE = REPO / "docs" / "example-article.txt"
MAY_17 = date(2023, 5, 17)  # a Wednesday


def found(text: str, published: date = MAY_17) -> dict[str, str]:
    """Phrase -> canonical date of every candidate (phrases are unique in these snippets)."""
    return {c.text: c.date.canonical for c in extract(text, published).candidates}


def one(text: str, published: date = MAY_17) -> Candidate:
    candidates = extract(text, published).candidates
    assert len(candidates) == 1, [c.text for c in candidates]
    return candidates[0]


# ---------------------------------------------------------------------------------------------
# The publication date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date 2023-05-17 Ant Group and the city of Hangzhou ...", date(2023, 5, 17)),
        ("May 17, 2023\n\nRegulators said ...", date(2023, 5, 17)),
        ("17 May 2023\nRegulators said ...", date(2023, 5, 17)),
        ("2023-05-17\n\nHeadline", date(2023, 5, 17)),
        ("\n\n  Published: 16 January 2025\n", date(2025, 1, 16)),
        ("BEIJING, November 9, 2023 (Wire) - China will cap ...", date(2023, 11, 9)),
        ("Wednesday, May 17, 2023 - ...", date(2023, 5, 17)),
        # below a headline: a byline's labelled date, or a line that is a date (and a time)
        (
            "Port fined\n\nBy A. Writer | example.org | Updated: 2023-05-17 10:56\n\nThe port ...",
            date(2023, 5, 17),
        ),
        (
            "Port fined\nLedger Wire\nMay 17, 2023 · 1 hour ago · 2 min read\n\nThe ...",
            date(2023, 5, 17),
        ),
        ("Port fined\n17 May 2023, 09:30 GMT\nThe port ...", date(2023, 5, 17)),
        ("Port fined\nPosted on Wednesday, May 17, 2023 at 9:30 am\nThe ...", date(2023, 5, 17)),
    ],
)
def test_the_dateline_gives_the_publication_date(text: str, expected: date) -> None:
    assert find_published(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Regulators said on Tuesday that ...\ndate 2023-05-17",  # not on the first line
        "In May 2023 regulators said ...",  # a date in a sentence is not a dateline
        "date 2023-02-30 ...",  # no such day
        "BEIJING, May 17 (Wire) - ...",  # no year
        "",
        # below a headline, a sentence that opens with a date, or names one, is the story
        "Port fined\nMay 3, 2021 was the day the port closed.\nMore ...",
        "Port fined\nThe fine was dated 2021-03-03 in the notice.\nMore ...",
        "Port fined\nThe port paid.\nUpdated: 2023-05-17",  # past the story's first sentence
        "Port fined\n" + "The port paid its fine, " * 6 + "\nUpdated: 2023-05-17",
    ],
)
def test_no_dateline(text: str) -> None:
    assert find_published(text) is None


def test_the_header_is_not_part_of_the_first_sentence() -> None:
    for text in (
        "date 2023-05-17 The regulator fined the bank on Tuesday.",
        "May 17, 2023\nThe regulator fined the bank on Tuesday.",
    ):
        (candidate,) = extract(text, MAY_17).candidates
        assert candidate.sentence == "The regulator fined the bank on Tuesday."
        assert candidate.title == "The regulator fined the bank"


def test_a_page_header_with_a_wire_dateline_below_it() -> None:
    # A dated first line with a section, the headline, a reading time, then the wire story.
    page = (
        " date 2023-05-17 Markets\nRegulator opens a probe into Harbour Eats\n1 minute read\n"
        "HONG KONG, May 17 (Ledger Wire) - The regulator said on Tuesday it had opened a probe."
    )
    (candidate,) = extract(page, MAY_17).candidates
    assert (candidate.text, candidate.date.canonical) == ("Tuesday", "2023-05-16")
    assert candidate.sentence.startswith("HONG KONG, May 17 (Ledger Wire) - The regulator")
    assert candidate.title.startswith("The regulator")
    # the page's date again under the headline, and on a line of its own, are stamps
    stamped = (
        " date 2023-05-17 Markets\nHarbour Eats probe\nLedger Wire\n"
        "May 17, 2023 · 1 hour ago · 2 min read\n\nMay 17, 2023\n\n"
        "The regulator said on Tuesday it had opened a probe."
    )
    assert found(stamped) == {"Tuesday": "2023-05-16"}


def test_a_date_on_a_line_of_its_own_that_is_not_the_pages_is_kept() -> None:
    chronology = "Harbour Eats: a chronology\n\nMarch 3, 2021\n\nRegulators summoned the founders."
    assert found(chronology) == {"March 3, 2021": "2021-03-03"}


def test_the_dateline_itself_is_not_a_candidate() -> None:
    text = "May 17, 2023\n\nThe regulator fined the bank on Tuesday."
    assert found(text) == {"Tuesday": "2023-05-16"}
    byline = (
        "Bank fined\nBy A. Writer | Updated: May 17, 2023\n\nThe regulator fined it on Tuesday."
    )
    assert found(byline) == {"Tuesday": "2023-05-16"}
    wire = "May 17, 2023\n\nHONG KONG, 17 May (Wire) - The regulator fined the bank on Tuesday."
    assert found(wire) == {"Tuesday": "2023-05-16"}


# ---------------------------------------------------------------------------------------------
# Weekdays


def test_a_weekday_is_the_latest_such_day_on_or_before_publication() -> None:
    assert found("The pact was signed on Tuesday in Hangzhou.") == {"Tuesday": "2023-05-16"}
    assert found("The fintech giant was upbeat at Tuesday’s signing.") == {
        "Tuesday’s": "2023-05-16"
    }
    assert found("Shares rose on Wednesday morning.") == {"Wednesday morning": "2023-05-17"}
    assert found("The bank said on Thursday it had cut jobs.") == {"Thursday": "2023-05-11"}


def test_a_weekday_in_a_sentence_about_the_future_is_the_next_one() -> None:
    assert found("The two sides will meet on Tuesday.") == {"Tuesday": "2023-05-23"}
    assert found("The regulator is expected to rule on Friday.") == {"Friday": "2023-05-19"}
    assert found("The board will vote on Wednesday.") == {"Wednesday": "2023-05-17"}


def test_last_and_next_weekday() -> None:
    assert found("The bank was raided last Friday.") == {"last Friday": "2023-05-12"}
    assert found("Talks resume next Tuesday.") == {"next Tuesday": "2023-05-23"}


def test_a_plural_weekday_is_a_habit_not_a_date() -> None:
    assert found("The committee meets on Tuesdays.") == {}


# ---------------------------------------------------------------------------------------------
# Counting back from publication: spans with the precision of the phrase


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected", "precision"),
    [
        ("Li was appointed last week.", "last week", "2023-05-08/2023-05-14", "interval"),
        ("The rules were drafted last month.", "last month", "2023-04", "month"),
        ("Profit fell last year.", "last year", "2022", "year"),
        ("The plan went to the NPC earlier this year.", "earlier this year", "2023-01/2023-05",
         "interval"),
        ("A review will follow later this year.", "later this year", "2023-05/2023-12",
         "interval"),
        ("The firm was fined two years ago.", "two years ago", "2021", "year"),
        ("It was warned three months ago.", "three months ago", "2023-02", "month"),
        ("It listed less than two months ago.", "less than two months ago", "2023-03/2023-05",
         "interval"),
        ("A decade ago the market barely existed.", "A decade ago", "2013~", "year"),
        ("The new regulator opens next week.", "next week", "2023-05-22/2023-05-28", "interval"),
        ("It said this week that it would appeal.", "this week", "2023-05-15/2023-05-21",
         "interval"),
        ("The bank was raided yesterday.", "yesterday", "2023-05-16", "day"),
    ],
)  # fmt: skip
def test_relative_phrases_count_from_publication(
    sentence: str, phrase: str, expected: str, precision: str
) -> None:
    candidate = one(sentence)
    assert (candidate.text, candidate.date.canonical) == (phrase, expected)
    assert candidate.date.precision.value == precision


# ---------------------------------------------------------------------------------------------
# Months and days without a year: tense, then nearness


def test_a_month_in_a_past_sentence_is_the_latest_not_after_publication() -> None:
    assert found("Liu visited the headquarters in January.") == {"January": "2023-01"}
    assert found("The conference ended in December.") == {"December": "2022-12"}
    assert found("Profit recovered in May.") == {"May": "2023-05"}


def test_a_month_in_a_future_sentence_is_the_next_one() -> None:
    assert found("The games will run from September 23 to October 8.") == {
        "September 23 to October 8": "2023-09-23/2023-10-08"
    }
    assert found("The rules will take effect in January.") == {"January": "2024-01"}
    assert found("The consultation ends on April 15.") == {"April 15": "2024-04-15"}


def test_a_month_with_no_tense_is_the_nearest_one() -> None:
    # No verb tells past from future: June 2023 is a month away, June 2022 eleven.
    assert found("The rules take effect in June, the regulator said.") == {"June": "2023-06"}


def test_a_future_seen_from_the_past_is_the_nearest_one() -> None:
    published = date(2020, 12, 28)
    text = (
        "The exchange halted the listing on November 3, before trading was due to begin on "
        "November 5."
    )
    assert found(text, published) == {"November 3": "2020-11-03", "November 5": "2020-11-05"}


def test_a_day_keeps_day_precision_and_a_month_month_precision() -> None:
    candidates = extract("The pact was signed on May 16 and talks began in March.", MAY_17)
    assert [(c.date.canonical, c.date.precision.value) for c in candidates.candidates] == [
        ("2023-05-16", "day"),
        ("2023-03", "month"),
    ]


def test_last_and_next_month_names() -> None:
    published = date(2023, 11, 9)
    assert found("It delayed the listing last October.", published) == {"last October": "2022-10"}
    assert found("It hopes to list next March.", published) == {"next March": "2024-03"}


def test_the_month_name_may_needs_a_date_word() -> None:
    assert found("May Bank said it may appeal.") == {}
    assert found("The rules were issued in May.") == {"May": "2023-05"}


# ---------------------------------------------------------------------------------------------
# A year stated earlier carries to later day and month mentions


def test_a_year_in_the_sentence_carries_to_a_later_day() -> None:
    text = (
        "Regulators foiled the stock sale in 2020, when they called a halt on the November 5 debut."
    )
    assert found(text) == {"2020": "2020", "November 5": "2020-11-05"}


def test_a_year_in_the_paragraph_carries_to_the_next_sentence() -> None:
    text = (
        "The regulator fined the bank in March 2021. The bank paid on April 3.\n\n"
        "The bank appealed on April 3."
    )
    candidates = extract(text, MAY_17).candidates
    assert [c.date.canonical for c in candidates] == ["2021-03", "2021-04-03", "2023-04-03"]


def test_a_carried_year_must_cover_the_later_mention() -> None:
    # "late 2021" is July to December: an April cannot be in it.
    text = "He became party chief in late 2021, replacing an official who pleaded guilty in April."
    assert found(text) == {"late 2021": "2021-H2", "April": "2023-04"}


def test_a_carried_year_must_fit_the_tense() -> None:
    text = "The rules, which replace measures issued in 2020, will take effect on January 1."
    assert found(text) == {"2020": "2020", "January 1": "2024-01-01"}


def test_a_year_used_as_an_adjective_sets_the_year_but_is_not_a_candidate() -> None:
    text = "Hangzhou will stage the 2023 Asian Games from September 23 to October 8."
    assert found(text) == {"September 23 to October 8": "2023-09-23/2023-10-08"}


def test_without_paragraph_breaks_a_year_carries_only_within_its_sentence() -> None:
    sentences = [
        "The fine was imposed in 2021.",
        "The bank appealed.",
        "The court heard the case.",
        "Analysts were surprised.",
        "Shares fell.",
        "The bank first warned of trouble in December.",
    ]
    flat = " ".join(sentences)
    assert found(flat)["December"] == "2022-12"
    short = " ".join([sentences[0], sentences[-1]])
    assert found(short)["December"] == "2021-12"


def test_most_recently_means_the_latest_whatever_the_year_before() -> None:
    text = (
        "The regulator took over the insurer in July 2020. The takeover was extended twice, "
        "most recently in July."
    )
    assert found(text, date(2022, 8, 31)) == {"July 2020": "2020-07", "July": "2022-07"}


# ---------------------------------------------------------------------------------------------
# Halves, quarters, intervals


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        ("He became party chief in late 2021.", "late 2021", "2021-H2"),
        ("The fine came in early 2022.", "early 2022", "2022-H1"),
        ("Turnover peaked in mid-2021.", "mid-2021", "2021"),
        ("The review ended at the end of 2022.", "the end of 2022", "2022-Q4"),
        ("Profit in the September quarter last year fell.", "the September quarter last year",
         "2022-Q3"),
        ("Revenue rose in the first quarter of 2022.", "the first quarter of 2022", "2022-Q1"),
        ("Profit fell in Q3 2022.", "Q3 2022", "2022-Q3"),
        ("Growth slowed in the second half of 2022.", "the second half of 2022", "2022-H2"),
        ("Profit rose in the first nine months of 2021.", "the first nine months of 2021",
         "2021-01/2021-09"),
        ("The company was fined in late last year.", "late last year", "2022-H2"),
        ("The listing is due in the second half of the year.", "the second half of the year",
         "2023-H2"),
        ("It will connect by the end of the year.", "the end of the year", "2023-Q4"),
        ("P2P lenders collapsed in the summer of 2018.", "the summer of 2018", "2018-06/2018-08"),
        ("Rules follow in the spring of next year.", "the spring of next year", "2024-03/2024-05"),
        ("The company listed in September 2019.", "September 2019", "2019-09"),
        ("The complaint was filed on 3 March 2021.", "3 March 2021", "2021-03-03"),
        ("The bank was licensed on 2019-09-30.", "2019-09-30", "2019-09-30"),
    ],
)  # fmt: skip
def test_halves_quarters_and_explicit_dates(sentence: str, phrase: str, expected: str) -> None:
    candidate = one(sentence)
    assert (candidate.text, candidate.date.canonical) == (phrase, expected)


def test_the_first_quarter_in_the_past_and_in_the_future() -> None:
    assert found("Losses widened in the first quarter.") == {"the first quarter": "2023-Q1"}
    assert found("Rules will follow in the third quarter.") == {"the third quarter": "2023-Q3"}
    # results are reported after the quarter, however future the report
    assert found("It will report fourth-quarter results on Friday.") == {
        "fourth-quarter": "2022-Q4",
        "Friday": "2023-05-19",
    }


def test_the_same_period_takes_the_part_of_the_period_before_it() -> None:
    text = "Net profit in the September quarter last year fell from the same period in 2021."
    assert found(text) == {
        "the September quarter last year": "2022-Q3",
        "the same period in 2021": "2021-Q3",
    }


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        ("Loans were made between January 2020 and June 2021.",
         "January 2020 and June 2021", "2020-01/2021-06"),
        ("An inspection ran from August 9 to September 30 last year.",
         "August 9 to September 30 last year", "2022-08-09/2022-09-30"),
        ("Contracts signed between 2018 and 2020 were seized.", "2018 and 2020", "2018/2020"),
        ("The roadshow runs September 23-25.", "September 23-25", "2023-09-23/2023-09-25"),
        ("A trial ran from 23 to 25 March.", "23 to 25 March", "2023-03-23/2023-03-25"),
        ("The probe will last from December to March 2024.", "December to March 2024",
         "2023-12/2024-03"),
    ],
)  # fmt: skip
def test_from_x_to_y_is_an_interval(sentence: str, phrase: str, expected: str) -> None:
    candidate = one(sentence)
    assert (candidate.text, candidate.date.canonical) == (phrase, expected)
    assert candidate.date.precision.value == "interval"


def test_and_between_two_dates_is_two_dates_unless_between() -> None:
    assert found("The bank was fined in January and March.") == {
        "January": "2023-01",
        "March": "2023-03",
    }


# ---------------------------------------------------------------------------------------------
# Not dates


@pytest.mark.parametrize(
    "sentence",
    [
        "The company completed its two-year rectification.",
        "Trading stopped less than 48 hours before the debut.",
        "He pocketed more than 193 million yuan.",
        "The company is now standing at a new starting point.",
        "The bank has 2023 branches and 1,200 staff.",
        "It cut rates by 10 basis points to 3.45 per cent.",
        "The exchange has 20 working days to decide and takes between three and six months.",
        "Its shares fell 2020 points, or 12 per cent.",
        "The probe could take between six and 12 months.",
        "Jan Smith and Mar Sanz said the bank would go on.",
    ],
)
def test_durations_counts_and_now_are_not_dates(sentence: str) -> None:
    assert found(sentence) == {}


# ---------------------------------------------------------------------------------------------
# Candidates


def test_candidates_carry_what_an_event_needs() -> None:
    text = "date 2023-05-17 ...\n\nLi Yunze was appointed last week to head the new regulator."
    candidate = one(text)
    assert candidate.text == "last week"
    assert candidate.sentence == "Li Yunze was appointed last week to head the new regulator."
    assert candidate.title == "Li Yunze was appointed to head the new regulator"
    assert 0 < candidate.confidence <= 1
    assert text[candidate.offset : candidate.offset + len(candidate.text)] == "last week"


def test_titles_drop_the_attribution_and_keep_the_possessive_noun() -> None:
    text = "The fintech giant struck an upbeat tone at Tuesday’s signing, its chairman said."
    assert one(text).title == "The fintech giant struck an upbeat tone at the signing"
    said = "The regulator said on Monday that the bank had repaid the loans."
    assert one(said).title == "The regulator said that the bank had repaid the loans"


def test_an_explicit_date_is_surer_than_a_guessed_year() -> None:
    sure = one("The fine was imposed on March 3, 2021.")
    guessed = one("The fine was imposed on March 3.")
    assert guessed.date.canonical == "2023-03-03"
    assert sure.confidence > guessed.confidence


def test_order_by_article_or_by_date() -> None:
    text = "Shares fell on Tuesday. The probe opened in 2020. It ended last month."
    result = extract(text, MAY_17)
    assert [c.text for c in result.ordered("article")] == ["Tuesday", "2020", "last month"]
    assert [c.text for c in result.ordered("date")] == ["2020", "last month", "Tuesday"]


# ---------------------------------------------------------------------------------------------
# Accuracy on annotated articles


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location(
        "extract_accuracy", REPO / "bench" / "extract_accuracy.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_recall_and_precision_on_annotated_articles() -> None:
    scorer = _scorer()
    articles = sorted(ARTICLES.glob("*.txt"))
    assert len(articles) >= 5
    scores = [scorer.score(article) for article in articles]
    for article in articles:
        words = len(article.read_text(encoding="utf-8").split())
        assert 300 <= words <= 800, f"{article.name}: {words} words"
    overall = scorer.total(scores)
    table = scorer.report(scores)
    print("\n" + table)
    assert overall.expected >= 100, table
    assert overall.recall >= 0.9, table
    assert overall.precision >= 0.9, table
    for each in scores:
        assert each.recall >= 0.9, table
        assert each.precision >= 0.9, table


def test_the_scorer_counts_a_wrong_date_as_a_miss(tmp_path: Path) -> None:
    scorer = _scorer()
    article = tmp_path / "a.txt"
    article.write_text("May 17, 2023\n\nThe bank was fined on Tuesday and in March.\n")
    (tmp_path / "a.dates").write_text("Tuesday | 2023-05-16\nin March | 2022-03\n")
    result = scorer.score(article)
    assert (result.expected, result.proposed, result.correct) == (2, 2, 1)
    assert result.misses == ("'in March' -> 2022-03",)


# ---------------------------------------------------------------------------------------------
# The command


def test_extract_prints_one_block_per_candidate(
    invoke: Callable[..., Any], write: Callable[..., Path]
) -> None:
    path = write(
        "May 17, 2023\n\nThe pact was signed on Tuesday. The city's party chief took office in "
        "late 2021.\n",
        "article.txt",
    )
    result = invoke("extract", str(path))
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Published 17 May 2023 · 2 dated references, in article order\n"
        "\n"
        "2023-05-16  16 May 2023  0.85  Tuesday\n"
        "    The pact was signed\n"
        "    The pact was signed on Tuesday.\n"
        "\n"
        "2021-H2     H2 2021      0.95  late 2021\n"
        "    The city's party chief took office\n"
        "    The city's party chief took office in late 2021.\n"
    )
    assert "\x1b" not in result.output


def test_extract_sorts_by_date(invoke: Callable[..., Any], write: Callable[..., Path]) -> None:
    path = write("date 2023-05-17\nIt fell on Tuesday after a warning in late 2021.", "a.txt")
    result = invoke("extract", str(path), "--sort", "date")
    assert result.exit_code == 0, result.output
    assert "in date order" in result.output
    assert result.output.index("2021-H2") < result.output.index("2023-05-16")


def test_extract_json_envelope(invoke: Callable[..., Any], write: Callable[..., Path]) -> None:
    path = write("date 2023-05-17\n\nLi was appointed last week.", "a.txt")
    result = invoke("extract", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "version": 1,
        "published": "2023-05-17",
        "candidates": [
            {
                "date": "2023-05-08/2023-05-14",
                "earliest": "2023-05-08",
                "latest": "2023-05-14",
                "precision": "interval",
                "text": "last week",
                "sentence": "Li was appointed last week.",
                "title": "Li was appointed",
                "confidence": 0.9,
            }
        ],
    }


def test_extract_reads_stdin_and_takes_published(invoke: Callable[..., Any]) -> None:
    result = invoke(
        "extract", "-", "--published", "2023-05-17", "--json", input="It opened on Tuesday.\n"
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["published"] == "2023-05-17"
    assert [c["date"] for c in document["candidates"]] == ["2023-05-16"]


def test_published_overrides_the_dateline(
    invoke: Callable[..., Any], write: Callable[..., Path]
) -> None:
    path = write("May 17, 2023\nIt opened on Tuesday.", "a.txt")
    result = invoke("extract", str(path), "--published", "May 24, 2023", "--json")
    assert result.exit_code == 0, result.output
    assert [c["date"] for c in json.loads(result.output)["candidates"]] == ["2023-05-23"]


def test_without_a_publication_date_it_says_how_to_give_one(
    invoke: Callable[..., Any], write: Callable[..., Path]
) -> None:
    path = write("It opened on Tuesday.", "a.txt")
    result = invoke("extract", str(path))
    assert result.exit_code == 2
    assert "cannot tell when the article was published" in result.output
    assert "--published" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-05", "is not a day"),
        ("whenever", "--published: cannot understand the date 'whenever'"),
        ("2023-13-01", "--published: '2023-13-01' is not a valid date"),
    ],
)
def test_published_must_be_a_day(
    invoke: Callable[..., Any], write: Callable[..., Path], value: str, message: str
) -> None:
    path = write("It opened on Tuesday.", "a.txt")
    result = invoke("extract", str(path), "--published", value)
    assert result.exit_code == 2
    assert message in result.output


def test_unreadable_articles_exit_2(
    invoke: Callable[..., Any], write: Callable[..., Path], tmp_path: Path
) -> None:
    missing = invoke("extract", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2
    assert "nope.txt: no such file" in missing.output
    folder = invoke("extract", str(tmp_path))  # a folder is its articles; this one has none
    assert folder.exit_code == 2
    assert "no articles (*.txt) in this folder" in folder.output
    latin = write(b"date 2023-05-17\nCaf\xe9 owners sued on Tuesday.\n", "latin.txt")
    bad = invoke("extract", str(latin))
    assert bad.exit_code == 2
    assert "latin.txt:2:4: not valid UTF-8 (byte 0xe9)" in bad.output
    stdin = invoke("extract", "-", input=b"\xff\xfe")  # type: ignore[arg-type]
    assert stdin.exit_code == 2
    assert "<stdin>" in stdin.output


def test_article_text_is_inert(invoke: Callable[..., Any], write: Callable[..., Path]) -> None:
    path = write("date 2023-05-17\nThe \x1b[31mbank\x1b[0m paid on Tuesday.", "a.txt")
    result = invoke("extract", str(path))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "\\x1b[31mbank" in result.output


def test_no_candidates(invoke: Callable[..., Any], write: Callable[..., Path]) -> None:
    path = write("date 2023-05-17\nThe bank is now standing at a new starting point.", "a.txt")
    result = invoke("extract", str(path))
    assert result.exit_code == 0
    assert result.output == (
        "Published 17 May 2023 · 0 dated references\nNo dated references found.\n"
    )


def test_help_shows_examples(invoke: Callable[..., Any]) -> None:
    result = invoke("extract", "--help")
    assert result.exit_code == 0
    assert "ant-timeline extract article.txt --published 2023-05-17" in result.output
    assert "--sort" in result.output


# ---------------------------------------------------------------------------------------------
# Imports


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return set(out.stdout.split())


def test_the_extract_core_imports_neither_typer_nor_rich_nor_dateparser() -> None:
    modules = _modules_after(
        "from datetime import date\nfrom ant_timeline.extract import extract\n"
        "extract('It opened on Tuesday in late 2021.', date(2023, 5, 17))"
    )
    assert not {"typer", "rich", "dateparser"} & modules


def test_show_and_extract_on_canonical_dates_do_not_import_dateparser(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("date 2023-05-17\nIt opened on Tuesday.\n", encoding="utf-8")
    for command in (
        ["show", "--since", "2023", "--until", "2023-06"],
        ["extract", str(article)],
        ["extract", str(article), "--published", "2023-05-17", "--json"],
    ):
        modules = _modules_after(
            "from typer.testing import CliRunner\nfrom ant_timeline.cli import app\n"
            f"result = CliRunner().invoke(app, {command!r})\n"
            "assert result.exit_code == 0, result.output"
        )
        assert "dateparser" not in modules, command


# ---------------------------------------------------------------------------------------------
# The README


def test_readme_example_is_what_the_tool_prints(invoke: Callable[..., Any]) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- section: extract -->", 1)[1]
    block = re.search(r"```console\n\$ (ant-timeline extract [^\n]*)\n(.*?)```", section, re.S)
    assert block is not None
    command, printed = block.group(1), block.group(2)
    arguments = command.split()[1:]
    assert arguments[1] == "docs/example-article.txt"
    arguments[1] = str(EXAMPLE)
    result = invoke(*arguments)
    assert result.exit_code == 0, result.output
    assert result.output == printed


# ---------------------------------------------------------------------------------------------
# Robustness: any text, never a traceback

_VOCABULARY = (
    "in on from to between and last next this year years ago week month quarter the first second "
    "half early late mid end of January May June September December Tuesday Tuesday's 2020 2021 "
    "1999 0000 9999 5 17 29 30 31 Q3 H2 2023-02-29 2023-13-01 0000-01-01 999 decades days two "
    "will would was said less than more over since until spring fall same period 2022-23 "
    "2019-2020 23-25 at least most recently . , - – ( )"
)
_WORDS = [*_VOCABULARY.split(" "), "\n", "\n\n"]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_WORDS), max_size=60),
    published=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
)
def test_any_text_gives_candidates_that_point_at_their_phrase(
    words: list[str], published: date
) -> None:
    text = " ".join(words)
    for candidate in extract(text, published).candidates:
        written = " ".join(text[candidate.offset :].split())
        assert written.startswith(candidate.text)
        assert candidate.date.canonical
        assert 0 < candidate.confidence <= 1


def test_text_without_full_stops_is_still_read_in_pieces() -> None:
    text = "the rules were issued in January and " * 400 + "the bank appealed on Tuesday"
    candidates = extract(text, MAY_17).candidates
    assert len(candidates) == 401
    assert {c.date.canonical for c in candidates[:-1]} == {"2023-01"}
    assert candidates[-1].date.canonical == "2023-05-16"
    assert max(len(c.sentence) for c in candidates) <= 1000


@pytest.mark.parametrize(
    ("published", "kept", "left_out"),
    [
        (date(1, 1, 3), {"January": "0001-01", "next week": "0001-01-08/0001-01-14"}, "last week"),
        (
            date(9999, 12, 30),
            {"last week": "9999-12-20/9999-12-26", "tomorrow": "9999-12-31"},
            "next year",
        ),
    ],
)
def test_phrases_that_point_past_the_ends_of_the_calendar_are_left_out(
    published: date, kept: dict[str, str], left_out: str
) -> None:
    text = (
        "The rules were issued in January. The bank was fined last week and two years ago, "
        "on Tuesday, in the same period a year earlier and in late 1999. The regulator will "
        "review it next year, next month, next week, tomorrow and in the coming spring."
    )
    resolved = found(text, published)
    assert kept.items() <= resolved.items()
    assert left_out not in resolved


# The report the curated dataset started from, kept beside the repository, not in it.
SCMP = REPO.parent / "shared" / "sources" / "2023-05-17-scmp-ant-group-hangzhou-pact.txt"


@pytest.mark.skipif(not SCMP.is_file(), reason="the SCMP article is kept outside the repository")
def test_every_dated_reference_of_the_scmp_report_and_nothing_else() -> None:
    expected = REPO / "tests" / "data" / "sources" / (SCMP.stem + ".dates")
    result = _scorer().score(SCMP, expected)
    assert (result.expected, result.proposed, result.correct) == (14, 14, 14), result
