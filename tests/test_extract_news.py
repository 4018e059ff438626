"""`extract` on newswire: the rules that make it read English news as a dated record.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ant_timeline.extract import extract, scan

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


def test_counted_forward_from_publication() -> None:
    assert found("The embargo ends two weeks from today.") == {"two weeks from today": "2023-05-31"}
    assert found("A year from now the line will open.") == {"A year from now": "2024"}
    assert found("Three months from now, rates will be higher.") == {
        "Three months from now": "2023-08"
    }


def test_counts_in_words_beyond_twelve() -> None:
    text = "The mill closed fifty years ago and the dam twenty-five years ago."
    assert found(text) == {"fifty years ago": "1973", "twenty-five years ago": "1998"}
    later = "The port opened on March 3. Thirty days later it closed."
    assert found(later)["Thirty days later"] == "2023-04-02"


def test_every_and_each_make_a_set_of_times_not_a_date() -> None:
    assert found("The council meets every Monday and each Friday.") == {}
    assert found("Ferries sail every other Saturday in May.") == {"May": "2023-05"}
    assert found("Rents are reviewed each January.") == {}


def test_today_as_a_title_or_as_the_present_age_is_not_a_day() -> None:
    assert found("The report ran in USA Today and was picked up widely.") == {}
    assert found("Pensions matter less to today's youth than to their parents.") == {}
    assert found("Today's vote was close.") == {"Today's": "2023-05-17"}


def test_a_fronted_date_leaves_the_rest_of_the_sentence_as_the_title() -> None:
    (candidate,) = extract("On Tuesday, the port said it would appeal.", MAY_17).candidates
    assert candidate.title == "The port said it would appeal"


# ---------------------------------------------------------------------------------------------
# Past or future: what the verbs around a phrase say


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        # what must, should or may happen is still to come
        ("The regulator said the bank must repay the loan by Friday.", "Friday", "2023-05-19"),
        ("Shares may rebound on Monday, traders said.", "Monday", "2023-05-22"),
        # a capitalised -ed word is a name, not a past verb
        ("The delegation would fly to the United States on Thursday, an aide said.", "Thursday",
         "2023-05-18"),
        # a plan reported after a fronted date: the date is the plan's own, in the past
        ("On Friday, the ministry planned to pay the first claims.", "Friday", "2023-05-12"),
        ("The ministry planned to pay the first claims on Friday.", "Friday", "2023-05-19"),
        # inside an infinitive after a past verb: after that verb
        ("The board voted to halt trading on Friday.", "Friday", "2023-05-19"),
        ("The board voted on Friday to halt trading.", "Friday", "2023-05-12"),
        # ... but not after a verb of doing rather than deciding: declined, tried, began
        ("The full court declined to rehear the case on Friday.", "Friday", "2023-05-12"),
        # a postponement points ahead, asked for or made
        ("Officials postponed until Monday any decision on the permit.", "Monday", "2023-05-22"),
        ("The defence had asked the judge to postpone the trial until Monday.", "Monday",
         "2023-05-22"),
        # being scheduled puts it after the scheduling
        ("The agency has scheduled a briefing Thursday.", "Thursday", "2023-05-18"),
        # the present tense is no past
        ("Lawyers filed the papers, and the case is heard in August.", "August", "2023-08"),
        # "set" is a past verb too
        ("The court ruled that the bank must pay, and set Friday as the deadline.", "Friday",
         "2023-05-12"),
        # "is to", "was to": what is (or was) still to come
        ("The court is to rule on Friday.", "Friday", "2023-05-19"),
        ("The appeal was to be heard in June.", "June", "2023-06"),
        # a possessive date belongs to its noun, not to the verb after it
        ("Monday's decision means the bank can reopen.", "Monday's", "2023-05-15"),
    ],
)  # fmt: skip
def test_the_verbs_around_a_phrase_decide_past_or_future(
    sentence: str, phrase: str, expected: str
) -> None:
    assert found(sentence)[phrase] == expected


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        # a schedule told in the present: news tells what is over in the past tense
        ("The envoy arrives Monday for a three-day visit.", "Monday", "2023-05-22"),
        ("The inquiry reconvenes on Tuesday after a break.", "Tuesday", "2023-05-23"),
        ("The hearings, which resume Monday, have drawn crowds.", "Monday", "2023-05-22"),
        ("They meet again Tuesday, the union said.", "Tuesday", "2023-05-23"),
        ("The envoy arrived Monday for a three-day visit.", "Monday", "2023-05-15"),
        # being set, scheduled or expected in the present
        ("The ballot is set for Sunday.", "Sunday", "2023-05-21"),
        ("A hearing is scheduled for Tuesday.", "Tuesday", "2023-05-23"),
        ("The minister is expected back on Monday.", "Monday", "2023-05-22"),
        ("The ballot was held on Sunday.", "Sunday", "2023-05-14"),
        # a deadline given is ahead of the giving
        ("The council has given the owners until Tuesday to reply.", "Tuesday", "2023-05-23"),
        ("The council gave the owners until Tuesday to reply.", "Tuesday", "2023-05-23"),
        ("Until Tuesday, the owners had not replied.", "Tuesday", "2023-05-16"),
        # open, closed or having a choice until a day: that day is ahead
        ("The offer is open until Monday.", "Monday", "2023-05-22"),
        ("The museum is closed until Tuesday.", "Tuesday", "2023-05-23"),
        ("The owners have until Tuesday to reply.", "Tuesday", "2023-05-23"),
        ("The blockade lasted until Tuesday, when the ships sailed.", "Tuesday", "2023-05-16"),
    ],
)  # fmt: skip
def test_a_schedule_or_a_deadline_points_ahead(sentence: str, phrase: str, expected: str) -> None:
    assert found(sentence)[phrase] == expected


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        # a day after "would", "planned to": the time of what was still to come, which a day
        # gone by would have told in the past ("appealed on Monday")
        ("Lawyers said they would appeal the ruling on Monday.", "Monday", "2023-05-22"),
        ("The envoy said he would travel Tuesday to the border.", "Tuesday", "2023-05-23"),
        ("The crew planned to leave the port on Monday.", "Monday", "2023-05-22"),
        # but a refusal is told in the past, as is the day of the saying
        ("A spokesman would not comment Monday.", "Monday", "2023-05-15"),
        ("The envoy would later say on Monday that he regretted it.", "Monday", "2023-05-15"),
        ("The envoy said Tuesday he would travel to the border.", "Tuesday", "2023-05-16"),
        # and a possessive names what is there: the ruling was made
        ("The family said it would fight Tuesday's ruling.", "Tuesday's", "2023-05-16"),
        ("Officials could not be reached Monday.", "Monday", "2023-05-15"),
    ],
)  # fmt: skip
def test_a_day_after_a_verb_of_what_was_to_come_is_the_coming_one(
    sentence: str, phrase: str, expected: str
) -> None:
    assert found(sentence)[phrase] == expected


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        ("The chairman said on Monday that the bank will open branches.", "Monday", "2023-05-15"),
        ("The ministry said in a statement Tuesday that fares will rise.", "Tuesday",
         "2023-05-16"),
        ("The mayor told reporters Monday that she will run again.", "Monday", "2023-05-15"),
        ("The bank announced in January that it will close the unit.", "January", "2023-01"),
        # what is said to come keeps its own time
        ("The bank said it will close the unit in January.", "January", "2024-01"),
    ],
)  # fmt: skip
def test_a_date_right_after_a_verb_of_saying_dates_the_saying(
    sentence: str, phrase: str, expected: str
) -> None:
    assert found(sentence)[phrase] == expected


def test_a_date_that_ends_a_subject_belongs_to_the_verb_before_it() -> None:
    text = "A storm that formed over the bay on Sunday is expected to reach the coast by Friday."
    assert found(text) == {"Sunday": "2023-05-14", "Friday": "2023-05-19"}
    assert found("A bill passed on Monday will take effect in June.") == {
        "Monday": "2023-05-15",
        "June": "2023-06",
    }
    # with no verb before it, the verb after it says
    assert found("The meeting on Tuesday will be tense.") == {"Tuesday": "2023-05-23"}


def test_a_bonds_maturity_frames_nothing() -> None:
    text = "The bank will redeem its 6 per cent notes due 2031 on December 1."
    assert found(text) == {"2031": "2031", "December 1": "2023-12-01"}


def test_the_end_of_a_span_of_weekdays_is_on_or_after_its_start() -> None:
    assert found("The hearings will run from Monday to Wednesday.") == {
        "Monday": "2023-05-22",
        "Wednesday": "2023-05-24",
    }
    assert found("Talks ran from Thursday through Monday.") == {
        "Thursday": "2023-05-11",
        "Monday": "2023-05-15",
    }
    assert found("Between Sunday and Tuesday, 40 people were held.") == {
        "Sunday": "2023-05-14",
        "Tuesday": "2023-05-16",
    }


def test_what_was_arranged_for_a_day_is_the_nearest_such_day() -> None:
    february = date(2023, 2, 16)
    assert found("The court set a hearing for May 4.", february) == {"May 4": "2023-05-04"}
    assert found("The court held a hearing on May 4.", february) == {"May 4": "2022-05-04"}
    assert found("The board called a vote for Friday.") == {"Friday": "2023-05-19"}


def test_a_yearless_day_far_back_in_a_past_clause_is_the_coming_one() -> None:
    # News leaves out the year of days in the year it writes in: a day eleven months back
    # would have had its year.
    february = date(2023, 2, 16)
    text = "The minister invited the envoys to a ceremony on March 12 to mark the accord."
    assert found(text, february) == {"March 12": "2023-03-12"}
    # a month is different: "summoned it in December" in November is last December
    summoned = "Regulators summoned the bank in December."
    assert found(summoned, date(2023, 11, 15)) == {"December": "2022-12"}
    # not when the coming one is months away, nor for what is only a few months back
    assert found("The envoys met on March 12.", date(2023, 1, 2)) == {"March 12": "2022-03-12"}
    assert found("The conference ended in December.", MAY_17) == {"December": "2022-12"}


# ---------------------------------------------------------------------------------------------
# How far a stated year carries


def test_a_year_after_since_is_a_span_to_now_and_does_not_carry() -> None:
    text = (
        "The activist has been arrested in several states since 2015. His car was found "
        "abandoned at the airport in December."
    )
    assert found(text) == {"2015": "2015", "December": "2022-12"}


def test_a_date_that_describes_a_noun_carries_only_within_its_sentence() -> None:
    text = (
        "Two agents were charged over the Dec. 21, 2019, bombing of the ferry. They were "
        "struck off the list after the government agreed in April to hand them over."
    )
    assert found(text, date(2023, 6, 7)) == {"Dec. 21, 2019": "2019-12-21", "April": "2023-04"}
    same_sentence = "The March 3, 2021, ruling was upheld on April 9."
    assert found(same_sentence) == {"March 3, 2021": "2021-03-03", "April 9": "2021-04-09"}


def test_lines_that_each_end_a_sentence_are_paragraphs_of_their_own() -> None:
    lines = "The fine was imposed in 2021.\nThe bank first warned of trouble in December."
    assert found(lines)["December"] == "2022-12"
    wrapped = "The fine was imposed in\n2021. The bank first warned of trouble\nin December."
    assert found(wrapped)["December"] == "2021-12"


def test_a_bare_date_after_a_perfect_or_a_participle_keeps_its_tense() -> None:
    # "have until" is having, not a perfect tense; "begun" is a past participle
    assert found("Lenders have until the end of September to comply.") == {
        "the end of September": "2023-09"
    }
    text = "The ministry said the review, begun in January, should be complete by June."
    assert found(text) == {"January": "2023-01", "June": "2023-06"}


# ---------------------------------------------------------------------------------------------
# Phrases that point at a date the text gave


def test_days_counted_from_the_day_the_story_is_at() -> None:
    text = (
        "The harbour was closed on March 3. Two days later the ferries resumed. The same day, "
        "the mayor resigned. The next morning, pickets left. The day before, talks had failed."
    )
    assert found(text) == {
        "March 3": "2023-03-03",
        "Two days later": "2023-03-05",
        "The same day": "2023-03-05",
        "The next morning": "2023-03-06",
        "The day before": "2023-03-05",
    }


def test_a_day_counted_from_nothing_is_not_proposed() -> None:
    # no day said before: nothing to count from; "two days before the debut" counts from an event
    assert found("The same day, the mayor resigned.") == {}
    assert found("Trading was halted on March 3, two days before the debut.") == {
        "March 3": "2023-03-03"
    }


def test_a_day_counts_only_from_a_day_in_its_paragraph_or_the_one_before() -> None:
    near = "Agents raided the house on April 22.\n\nTwo days later the family left."
    assert found(near)["Two days later"] == "2023-04-24"
    far = (
        "Agents raided the house on April 22.\n\nThe family moved away.\n\n"
        "If no appeal is filed within 14 days, the boy may leave seven days later."
    )
    assert "seven days later" not in found(far)


def test_years_counted_from_the_year_the_story_is_at() -> None:
    text = (
        "The company was founded in 2011. Later that year it won a licence, and the following "
        "year it listed. Two years later it was fined."
    )
    assert found(text) == {
        "2011": "2011",
        "Later that year": "2011",
        "the following year": "2012",
        "Two years later": "2014",
    }
    # how long, not when
    assert found("The index rose over the previous year and will rise over the next year.") == {}


def test_a_day_of_that_year_takes_the_year_just_named() -> None:
    text = "The company was founded in 2011.\n\nIt listed on November 3 of that year."
    assert found(text) == {"2011": "2011", "November 3 of that year": "2011-11-03"}


OCTOBER_25 = date(2023, 10, 25)


def test_a_year_earlier_in_a_results_story_is_the_same_period_a_year_before() -> None:
    text = (
        "Harbour Bank said third-quarter net profit rose 12 per cent to 4 billion yuan. A year "
        "earlier it earned 3.6 billion yuan."
    )
    assert found(text, OCTOBER_25) == {"third-quarter": "2023-Q3", "A year earlier": "2022-Q3"}
    months = "Revenue in the first nine months of 2023 rose 9 per cent from a year earlier."
    assert found(months, OCTOBER_25)["a year earlier"] == "2022-01/2022-09"
    assert found("Revenue in September rose 8 per cent from a year ago.", OCTOBER_25) == {
        "September": "2023-09",
        "a year ago": "2022-09",
    }
    # with no period to compare, it is a year
    assert found("A year ago, the bank had no online arm.", OCTOBER_25) == {"A year ago": "2022"}
    assert found("Profit fell last year from $450 million the year before.", OCTOBER_25) == {
        "last year": "2022",
        "the year before": "2021",
    }


def test_last_years_figure_from_a_year_ago_is_compared_with_the_year_before() -> None:
    text = "The watchdog's fines came to 3.1 billion yuan in 2022, up 40 per cent from a year ago."
    assert found(text, OCTOBER_25) == {"2022": "2022", "a year ago": "2021"}
    than = "Complaints in 2022 were higher than a year ago, the ombudsman said."
    assert found(than, OCTOBER_25)["a year ago"] == "2021"
    # not a comparison: a year before publication
    assert found("She joined in 2022 and left a year ago.", OCTOBER_25)["a year ago"] == "2022"
    # a year named in another sentence is not what the figure is compared with
    apart = "Fines rose in 2022. This year they are up 10 per cent from a year ago."
    assert found(apart, OCTOBER_25)["a year ago"] == "2022"


def test_the_quarter_of_a_results_story() -> None:
    text = "Net profit in the quarter rose 5 per cent from the year-earlier quarter."
    assert found(text, OCTOBER_25) == {
        "the quarter": "2023-Q3",  # the last quarter that ended before publication
        "the year-earlier quarter": "2022-Q3",
    }
    named = "Profit in the second quarter of 2023 rose. Margins in the quarter were thin."
    assert found(named, OCTOBER_25)["the quarter"] == "2023-Q2"
    relative = (
        "Sales in the latest quarter beat forecasts, the current quarter looks weak, last "
        "quarter was better and next quarter may be worse."
    )
    assert found(relative, OCTOBER_25) == {
        "the latest quarter": "2023-Q3",
        "the current quarter": "2023-Q4",
        "last quarter": "2023-Q3",
        "next quarter": "2024-Q1",
    }
    # a quarter of the revenue, a quarter point: no quarters of the year
    assert found("A quarter of its revenue went on the quarter-point rise.", OCTOBER_25) == {}


def test_a_period_ended_on_a_day_is_the_months_up_to_it() -> None:
    text = (
        "Net income for the quarter ended Sept. 30 rose; in the nine months ended Sept. 30 it "
        "fell, and for the year ended June 30 it was flat."
    )
    assert found(text, OCTOBER_25) == {
        "the quarter ended Sept. 30": "2023-Q3",
        "the nine months ended Sept. 30": "2023-01/2023-09",
        "the year ended June 30": "2022-07/2023-06",
    }


# ---------------------------------------------------------------------------------------------
# A year used as an adjective


def test_a_year_that_describes_an_event_is_proposed_with_a_low_confidence() -> None:
    (bombing,) = extract("He is charged over the 2016 harbour bombing.", MAY_17).candidates
    assert (bombing.text, bombing.date.canonical) == ("2016", "2016")
    assert bombing.confidence == 0.5
    assert found("The post-2008 rules tightened lending.") == {"2008": "2008"}
    assert found("A 2019 law capped the fees.") == {"2019": "2019"}


def test_a_year_after_a_possessive_describes_its_noun() -> None:
    assert found("The regulator's 2019 report was never published.") == {"2019": "2019"}
    (budget,) = extract("Harbour Bank's 2022 budget was cut.", MAY_17).candidates
    assert (budget.date.canonical, budget.confidence) == ("2022", 0.5)
    # a car's model year is no date, nor a fiscal year a calendar one
    assert found("Police found his 1987 Chevrolet and a 2001 Ford near the pier.") == {}
    assert found("Imports in the 2022 fiscal year fell.") == {}


def test_the_year_and_its_number() -> None:
    assert found("By the year 2030, every bus will be electric.") == {"the year 2030": "2030"}
    (bug,) = extract("Banks feared the year 2000 problem.", MAY_17).candidates
    assert (bug.text, bug.date.canonical, bug.confidence) == ("the year 2000", "2000", 0.5)


def test_a_year_that_only_frames_a_closer_date_is_that_dates_year() -> None:
    text = "The city hosts the 2023 Asian Games from September 23 to October 8."
    assert found(text) == {"September 23 to October 8": "2023-09-23/2023-10-08"}


def test_a_year_after_dating_back_to_is_a_span_to_now() -> None:
    text = "The shootings date back to 2014. In January, a week after the anniversary, police met."
    assert found(text) == {"2014": "2014", "January": "2023-01"}
    dating = "The inquiry, dating to 2014, ended. In January, police met."
    assert found(dating) == {"2014": "2014", "January": "2023-01"}
    (case,) = extract("It settled a case that dated to 2018.", MAY_17).candidates
    assert case.title == "It settled a case that dated"


# ---------------------------------------------------------------------------------------------
# Named days


@pytest.mark.parametrize(
    ("sentence", "published", "phrase", "expected"),
    [
        ("The boat was found on Thanksgiving Day.", date(2000, 1, 7), "Thanksgiving Day",
         "1999-11-25"),
        ("The boat sank last Thanksgiving.", date(2000, 2, 10), "last Thanksgiving", "1999-11-25"),
        ("The mayor faces voters on Election Day.", date(2022, 10, 26), "Election Day",
         "2022-11-08"),
        ("The fund will pay out before Christmas Eve.", date(2023, 11, 2), "Christmas Eve",
         "2023-12-24"),
        ("The ferry resumed service on Easter Monday.", date(2024, 4, 10), "Easter Monday",
         "2024-04-01"),
        ("The strike ended on Memorial Day, 2019.", MAY_17, "Memorial Day, 2019", "2019-05-27"),
    ],
)  # fmt: skip
def test_a_named_day_is_its_day_in_the_year_the_sentence_means(
    sentence: str, published: date, phrase: str, expected: str
) -> None:
    assert found(sentence, published) == {phrase: expected}


def test_a_bare_holiday_name_needs_a_word_that_makes_it_a_date() -> None:
    assert found("Christmas sales rose 4 per cent.", date(2023, 1, 10)) == {}
    assert found("Shops were busy at Christmas.", date(2023, 1, 10)) == {"Christmas": "2022-12-25"}


# ---------------------------------------------------------------------------------------------
# Dates in figures, days by their number, months as adjectives


def test_a_date_in_figures_is_month_then_day() -> None:
    assert found("The memo, dated 12/5/19, was leaked.") == {"12/5/19": "2019-12-05"}
    assert found("The licence lapsed on 3/31/2022.") == {"3/31/2022": "2022-03-31"}
    assert found("The fee was paid on 17/3/2023.") == {"17/3/2023": "2023-03-17"}  # day first
    assert found("The forms are due by 6/30.") == {"6/30": "2023-06-30"}
    # without a year and a date word, figures with a slash are other things
    assert found("The desk is staffed 24/7 and 3/4 of the staff agreed at 6/30.") == {}


def test_an_ordinal_day_is_a_day_of_the_month_the_text_is_at() -> None:
    text = "The port closed on March 3. It reopened on the 10th, and talks ended on the 12th."
    assert found(text) == {
        "March 3": "2023-03-03",
        "the 10th": "2023-03-10",
        "the 12th": "2023-03-12",
    }
    assert found("The shares will list on the 25th.") == {"the 25th": "2023-05-25"}
    assert found("The shares will list on the 2nd.") == {"the 2nd": "2023-06-02"}
    assert found("The board met on the 20th.") == {"the 20th": "2023-04-20"}
    assert found("She lives on the 5th floor; he came on the 3rd day.") == {}


def test_a_month_named_as_an_adjective_is_a_date() -> None:
    october = date(2023, 10, 25)
    text = "September sales rose 5 per cent from a month earlier, the ministry said."
    assert found(text, october) == {"September": "2023-09", "a month earlier": "2023-08"}
    assert found("Harbour Bank's August figures were weak.", october) == {"August": "2023-08"}
    assert found("The agency said September housing starts fell.", october) == {
        "September": "2023-09"
    }
    # names: a person, a group, a verb
    assert found("June Carter said April Smith would join the Black September inquiry.") == {}
    assert found("March on the capital, the leaflets said.") == {}


def test_a_possessive_month_takes_a_past_verb_after_it() -> None:
    october = date(2023, 10, 25)
    assert found("January's exports were weak.", october) == {"January's": "2023-01"}
    assert found("January's exports will be weak.", october) == {"January's": "2024-01"}


def test_a_quarter_earlier_is_the_quarter_before_the_one_reported() -> None:
    text = "Third-quarter profit fell 10 per cent from a quarter earlier."
    assert found(text, OCTOBER_25) == {"Third-quarter": "2023-Q3", "a quarter earlier": "2023-Q2"}


def test_a_weekday_in_a_name_is_no_date() -> None:
    text = "Traders still speak of Black Monday, and Super Tuesday decided the race on Tuesday."
    assert found(text) == {"Tuesday": "2023-05-16"}


def test_a_day_with_last_year_or_next_year_is_one_date() -> None:
    text = "The review began on July 2 last year, and the apps were pulled two days later."
    assert found(text) == {"July 2 last year": "2022-07-02", "two days later": "2022-07-04"}
    assert found("The rules apply from 1 January next year.") == {
        "1 January next year": "2024-01-01"
    }


def test_the_quarter_still_to_be_reported_is_the_current_one_once_the_last_is_out() -> None:
    june = date(2023, 6, 9)  # the first quarter's results came out weeks ago
    ahead = "Rivals are expected to report results for the quarter in August."
    assert found(ahead, june)["the quarter"] == "2023-Q2"
    assert found("Rivals reported strong results for the quarter.", june) == {
        "the quarter": "2023-Q1"
    }
    # three weeks after a quarter ends, its results may still be to come
    assert (
        found("Rivals will report results for the quarter next week.", OCTOBER_25)["the quarter"]
        == "2023-Q3"
    )


def test_a_period_to_a_month_is_the_months_up_to_it() -> None:
    text = (
        "Sales fell in the three months to September from the same period last year, and rose "
        "in the six months to June."
    )
    assert found(text, OCTOBER_25) == {
        "the three months to September": "2023-Q3",
        "the same period last year": "2022-Q3",
        "the six months to June": "2023-H1",
    }


def test_the_quarter_of_a_results_story_is_the_latest_it_reported() -> None:
    text = (
        "Third-quarter profit doubled, after a 9 per cent rise in the second quarter. Revenue "
        "fell from the previous quarter and from the same period last year. The quarter was "
        "flattered by the market, and shares have gained 40 per cent since the start of the "
        "year. Margins in the quarter were thin."
    )
    assert found(text, OCTOBER_25) == {
        "Third-quarter": "2023-Q3",
        "the second quarter": "2023-Q2",
        "the previous quarter": "2023-Q2",
        "the same period last year": "2022-Q3",
        "The quarter": "2023-Q3",
        "the start of the year": "2023-Q1",
        "the quarter": "2023-Q3",
    }


def test_a_year_said_of_the_last_time_frames_only_its_sentence() -> None:
    text = "The bank last raised equity in 2019, when it sold shares in Hong Kong. It agreed in July to buy a rival."
    assert found(text, OCTOBER_25) == {"2019": "2019", "July": "2023-07"}
    told = "The bank raised equity in 2019, when it sold shares in Hong Kong. It agreed in July to buy a rival."
    assert found(told, OCTOBER_25)["July"] == "2019-07"


def test_the_end_of_the_month_is_a_month() -> None:
    assert found("The loan falls due at the end of the month.") == {
        "the end of the month": "2023-05"
    }
    assert found("Fares rise at the start of next month.") == {"the start of next month": "2023-06"}
    text = "The port closed on March 3 and reopened at the end of the month."
    assert found(text) == {"March 3": "2023-03-03", "the end of the month": "2023-03"}
    assert found("By month-end the fund had shrunk.") == {"month-end": "2023-05"}


def test_bonds_due_a_year_and_the_year_end() -> None:
    assert found("The 5 per cent notes due 2029 rose.") == {"2029": "2029"}
    assert found("The bank expects to close the sale by year end.") == {"year end": "2023-Q4"}


# ---------------------------------------------------------------------------------------------
# Days beside days, and stretches of time


def test_the_other_day_of_a_pair_shares_the_month() -> None:
    assert found("The summit is on April 24 and 25.") == {
        "April 24": "2023-04-24",
        "25": "2023-04-25",
    }
    assert found("Talks ran on 3 and 4 March 2021.") == {
        "3": "2021-03-03",
        "4 March 2021": "2021-03-04",
    }
    assert found("Loans rose 24 and 25 per cent in May.") == {"May": "2023-05"}


def test_the_last_week_or_the_next_month_is_a_stretch_of_time() -> None:
    text = "Shares fell 9 per cent over the last week and may rise in the next month."
    assert found(text) == {}
    assert found("Shares fell last week.") == {"last week": "2023-05-08/2023-05-14"}


def test_quarters_named_from_other_quarters() -> None:
    text = (
        "Profit rose from the previous quarter and from last year's third quarter; 2022's "
        "second half was weak."
    )
    assert found(text, OCTOBER_25) == {
        "the previous quarter": "2023-Q2",
        "last year's third quarter": "2022-Q3",
        "2022's second half": "2022-H2",
    }
    ahead = "The company expects fourth-quarter profit to beat the year-ago quarter."
    assert found(ahead, OCTOBER_25) == {
        "fourth-quarter": "2023-Q4",
        "the year-ago quarter": "2022-Q4",
    }


def test_a_comparison_is_not_the_period_the_story_is_about() -> None:
    text = (
        "Third-quarter profit rose 8 per cent from a year earlier. Revenue in the quarter "
        "climbed. The firm hopes to find a partner by the end of 2024; results for the latest "
        "quarter were strong."
    )
    assert found(text, OCTOBER_25) == {
        "Third-quarter": "2023-Q3",
        "a year earlier": "2022-Q3",
        "the quarter": "2023-Q3",
        "the end of 2024": "2024-Q4",
        "the latest quarter": "2023-Q3",
    }


def test_agreed_is_a_past_verb_and_a_semicolon_ends_a_clause() -> None:
    text = "In August, the company agreed to buy the mill; the deal is expected to close in June."
    assert found(text, OCTOBER_25) == {"August": "2023-08", "June": "2024-06"}
    lonely = "In March, the busiest month for the port; the board will meet in June."
    assert found(lonely)["March"] == "2023-03"


# ---------------------------------------------------------------------------------------------
# The quick test before each rule


# Phrases of every rule, some without a digit or a month name, and words to put around them.
_TRIGGER_PHRASES = [
    "late last year", "the end of next year", "early this year", "the same period a year earlier",
    "the year-earlier period", "the year-ago half", "two days later", "that year", "the day before",
    "later that day", "the following month", "a year ago", "a year earlier", "New Year's Day",
    "the Fourth of July", "Good Friday", "May Day", "at Christmas", "last Thanksgiving",
    "last quarter", "the latest quarter", "the previous quarter", "this morning", "last night",
    "the day after tomorrow", "earlier this month", "later this year", "last year's third quarter",
    "the quarter ended June 30", "the first nine months", "the end of that year", "next spring",
    "the summer of 2019", "three weeks ago", "next Tuesday", "Tuesday's", "year-end", "in May",
    "March 3", "3 and 4 March", "April 24 and 25", "Q3 2022", "H2 2021", "from May to June",
    "2019-09-30", "since 2015", "the 2016 bombing", "post-2008", "the year 2000",
    "two weeks from today", "a year from now", "fifty years ago", "Harbour's 2019 report",
    "12/5/19", "on 6/30", "on the 10th", "September sales", "a quarter earlier", "due 2029",
    "by year end", "the end of the month", "month-end", "the three months to September",
]  # fmt: skip
_WORDS = [*_TRIGGER_PHRASES, "the", "it", "said", "will", "was", "and", ",", ".", ";"]


@settings(max_examples=500, deadline=None)
@given(words=st.lists(st.sampled_from(_WORDS), max_size=6))
def test_skipping_rules_by_their_trigger_words_finds_the_same_phrases(words: list[str]) -> None:
    sentence = " ".join(words)
    quick = [(m.rule, m.start, m.end) for m in scan.mentions(sentence)]
    everything = dict.fromkeys(scan._TRIGGERS, re.compile(""))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scan, "_TRIGGERS", everything)
        slow = [(m.rule, m.start, m.end) for m in scan.mentions(sentence)]
    assert quick == slow


def test_a_year_in_an_aside_frames_only_the_aside() -> None:
    text = (
        "DashCart, founded in 2013, reported a net profit for the third quarter, up 45 per cent "
        "from a year earlier."
    )
    assert found(text, date(2024, 1, 16)) == {
        "2013": "2013",
        "the third quarter": "2023-Q3",
        "a year earlier": "2022-Q3",
    }
    inside = "The bank, which was fined in March 2021 and again in May, appealed."
    assert found(inside)["May"] == "2021-05"


def test_a_month_after_a_possessive_determiner_is_a_date() -> None:
    (june,) = extract("The central bank will cut rates at its June meeting.", MAY_17).candidates
    assert (june.text, june.date.canonical) == ("June", "2023-06")
    assert june.title == "The central bank will cut rates at its meeting"
    assert found("Her May visit was cancelled.") == {}  # May the name as often as the month


def test_year_earlier_as_an_adjective_is_the_period_a_year_before() -> None:
    text = "Third-quarter net income was 5 million yuan, against a year-earlier loss of 2 million."
    assert found(text, OCTOBER_25) == {"Third-quarter": "2023-Q3", "year-earlier": "2022-Q3"}
    assert found("Year-ago sales were lower.", OCTOBER_25) == {"Year-ago": "2022"}


# ---------------------------------------------------------------------------------------------
# Tense: what is a verb of the clause and what is not

NOV_14 = date(2022, 11, 14)  # a Monday


def test_a_participle_used_as_an_adjective_does_not_make_the_clause_past() -> None:
    assert found("The firm must refund every affected customer by 30 June.", MAY_17) == {
        "30 June": "2023-06-30"
    }
    assert found("Retirees will be able to submit written comments through Feb. 28.", NOV_14) == {
        "Feb. 28": "2023-02-28"
    }
    # after an auxiliary or before a preposition it is a verb: "written on Monday" is past
    assert found("The letter, written on Monday, will be read out.", NOV_14) == {
        "Monday": "2022-11-14"
    }
    assert found("A rule that took effect on September 1 capped returns.", MAY_17) == {
        "September 1": "2022-09-01"
    }


def test_short_past_verbs_tell_the_past() -> None:
    assert found("A similar bill died in committee in April.", NOV_14) == {"April": "2022-04"}
    assert found("Depositors sued the bank in March.", NOV_14) == {"March": "2022-03"}


def test_set_is_a_schedule_only_for_a_time() -> None:
    text = "His bail conditions, which were set at his first appearance on Feb. 14, remain."
    assert found(text, date(2023, 10, 18)) == {"Feb. 14": "2023-02-14"}
    assert found("The hearing was set for Feb. 14.", date(2023, 10, 18)) == {
        "Feb. 14": "2024-02-14"
    }


def test_returning_to_court_is_a_schedule_in_the_present() -> None:
    assert found("The case returns to court on Friday for a status hearing.", MAY_17) == {
        "Friday": "2023-05-19"
    }


def test_and_before_a_verb_of_its_own_starts_another_clause() -> None:
    text = "The exchange cut its fees in April and will announce a new strategy in July."
    assert found(text, date(2019, 6, 17)) == {"April": "2019-04", "July": "2019-07"}


def test_since_a_month_is_a_time_gone_by_whatever_verb_follows() -> None:
    text = "The Fed has raised rates since March and is expected to add more in November."
    assert found(text, date(2022, 10, 7)) == {"March": "2022-03", "November": "2022-11"}


def test_what_happens_as_a_rule_is_not_a_date() -> None:
    text = "Its annual report, which normally appears in late October, was pushed back to Dec. 20."
    assert found(text, NOV_14) == {"Dec. 20": "2022-12-20"}
    assert found("Volumes usually peak in December.", NOV_14) == {}
    # "generally" is also "widely"
    assert found("The bank is generally expected to cut rates in December.", NOV_14) == {
        "December": "2022-12"
    }


def test_a_range_of_days_after_an_abbreviated_month_is_one_phrase() -> None:
    assert found("The central bank holds its next meeting on Nov. 2-3.", date(2022, 10, 7)) == {
        "Nov. 2-3": "2022-11-02/2022-11-03"
    }
    assert found("Hearings run Feb. 10-12 in three cities.", NOV_14) == {
        "Feb. 10-12": "2023-02-10/2023-02-12"
    }


def test_a_year_a_period_is_for_frames_nothing_after_it() -> None:
    text = (
        "The government is due to present its budget for next year on Oct. 7. The premier may "
        "call an election before the end of the year."
    )
    assert found(text, date(2022, 10, 3)) == {
        "next year": "2023",
        "Oct. 7": "2022-10-07",
        "the end of the year": "2022-Q4",
    }


def test_a_story_told_in_order_moves_into_the_next_year() -> None:
    text = (
        "The watchdog opened its investigation on 3rd December 2020. The supplier accepted its "
        "findings on 19 February. It had warned the supplier on 2 March."
    )
    assert found(text, date(2021, 3, 12)) == {
        "3rd December 2020": "2020-12-03",
        "19 February": "2021-02-19",
        "2 March": "2020-03-02",  # the pluperfect goes back, in the year said
    }


def test_dates_in_figures_follow_the_order_the_article_writes_dates_in() -> None:
    british = "The report, dated 06/04/2021, was published on 8 April. Work began on 14/10/2019."
    assert found(british, date(2021, 4, 9)) == {
        "06/04/2021": "2021-04-06",
        "8 April": "2021-04-08",
        "14/10/2019": "2019-10-14",
    }
    american = "The report, dated 06/04/2021, was published on April 8."
    assert found(american, date(2021, 6, 9)) == {
        "06/04/2021": "2021-06-04",
        "April 8": "2021-04-08",
    }
    # with nothing written out, a day/month the first number cannot be a month of says so
    figures = "Invoices dated 31/03/2020 and 04/01/2021 were paid twice."
    assert found(figures, date(2021, 4, 9)) == {
        "31/03/2020": "2020-03-31",
        "04/01/2021": "2021-01-04",
    }


def test_an_interval_in_figures() -> None:
    text = "Work carried out between 01/09/2019 and 31/03/2020 was billed twice."
    assert found(text, date(2021, 4, 9)) == {"01/09/2019 and 31/03/2020": "2019-09-01/2020-03-31"}
    # an end before its start is a slip in the text: nothing is proposed rather than a guess
    backwards = "Work carried out between 01/09/2020 and 31/03/2020 was billed twice."
    assert found(backwards, date(2021, 4, 9)) == {}


JUNE_17_2019 = date(2019, 6, 17)


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        ("Volumes grew tenfold through the 1980s.", "the 1980s", "1980/1989"),
        ("The real change came in the 1990s.", "the 1990s", "1990/1999"),
        ("Prices were chalked on a board until the early 1980s.", "the early 1980s", "1980/1984"),
        ("By the late 2010s data made up half of revenue.", "the late 2010s", "2015/2019"),
        ("The mill flourished in the mid-1950s.", "the mid-1950s", "1954/1956"),
        ("Rents doubled in the 2000s.", "the 2000s", "2000/2009"),
    ],
)
def test_decades_and_their_parts_are_spans_of_years(
    sentence: str, phrase: str, expected: str
) -> None:
    assert found(sentence, JUNE_17_2019) == {phrase: expected}


def test_a_decade_is_not_an_age_nor_a_figure() -> None:
    assert found("A man in his 50s and 1,990s of units were sold.", JUNE_17_2019) == {}


def test_fiscal_years_only_where_the_article_says_they_are_calendar_years() -> None:
    calendar = (
        "Corvane, whose fiscal year matches the calendar year, raised its forecast for fiscal "
        "2024. It earned $12.9 billion in fiscal 2023 and expects more in the 2025 fiscal year."
    )
    assert found(calendar, date(2024, 8, 8)) == {
        "fiscal 2024": "2024",
        "fiscal 2023": "2023",
        "the 2025 fiscal year": "2025",
    }
    ends_december = "Its fiscal year ends on December 31. FY2023 sales rose."
    assert found(ends_december, date(2024, 8, 8)) == {"FY2023": "2023"}
    # a fiscal year of its own calendar, or of none the text gives: not proposed
    assert found("Sales rose in fiscal 2024, which ended in March.", date(2024, 8, 8)) == {
        "March": "2024-03"
    }
    assert found("Sales rose in fiscal 2024.", date(2024, 8, 8)) == {}


def test_a_period_a_figure_is_compared_with_is_not_the_story_period() -> None:
    text = "Gross margin in Q2 was 52.4%, up from 47.9% in Q1 and from 45.0% a year ago."
    assert found(text, date(2024, 8, 8)) == {
        "Q2": "2024-Q2",
        "Q1": "2024-Q1",
        "a year ago": "2023-Q2",
    }


JAN_19_2024 = date(2024, 1, 19)


def test_the_spring_festival_is_the_first_day_of_the_lunar_year() -> None:
    text = "Firms must finish the checks before the Spring Festival."
    assert found(text, JAN_19_2024) == {"the Spring Festival": "2024-02-10"}
    assert found("Sales peaked before Chinese New Year.", date(2023, 3, 1)) == {
        "Chinese New Year": "2023-01-22"
    }
    assert found("Lanterns were lit for the Lantern Festival.", date(2023, 3, 1)) == {
        "the Lantern Festival": "2023-02-05"
    }
    assert found("The ban runs until Lunar New Year 2031.", JAN_19_2024) == {
        "Lunar New Year 2031": "2031-01-23"
    }


def test_the_holiday_after_the_festival_is_not_its_day() -> None:
    text = "The decision comes days before the Lunar New Year holiday, which starts on Saturday."
    assert found(text, date(2024, 2, 7)) == {"Saturday": "2024-02-10"}
    assert found("Spring Festival travel peaked.", JAN_19_2024) == {}


def test_a_festival_names_no_month_for_an_ordinal_day() -> None:
    text = "Firms must finish before the Spring Festival, the bank said on the 15th."
    assert found(text, JAN_19_2024) == {
        "the Spring Festival": "2024-02-10",
        "the 15th": "2024-01-15",
    }


def test_a_habit_said_earlier_in_the_sentence_reaches_a_clause_without_a_time() -> None:
    text = (
        "Volumes usually peak in the week before the Spring Festival, when workers send money "
        "home, and again during the Lantern Festival."
    )
    assert found(text, JAN_19_2024) == {}
    told = "The bank, which usually meets in March, said on Tuesday that it would wait."
    assert found(told, JAN_19_2024) == {"Tuesday": "2024-01-16"}


JUNE_14 = date(2023, 6, 14)  # a Wednesday


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("The pound fell after the announcement at 12:00 BST.", "12:00 BST"),
        ("The ringgit was down 0.4% by 0230 GMT.", "0230 GMT"),
        ("The press conference is scheduled for 2.30pm.", "2.30pm"),
        ("Polls close at 10 p.m. ET.", "10 p.m. ET"),
        ("The governor spoke at 09:30.", "09:30"),
    ],
)
def test_a_time_of_day_alone_is_of_the_day_of_publication(sentence: str, phrase: str) -> None:
    assert found(sentence, JUNE_14) == {phrase: "2023-06-14"}


def test_figures_with_a_point_or_a_colon_are_not_times() -> None:
    assert found("Rates rose 3.25 per cent; the team led 2:30 into the game.", JUNE_14) == {}
    assert found("Output fell in 2020 GMT terms.", JUNE_14) == {"2020": "2020"}


def test_a_time_takes_the_day_its_clause_names() -> None:
    text = "Coverage of tomorrow's figures starts at 07:00 BST."
    assert found(text, JUNE_14) == {"tomorrow's": "2023-06-15", "07:00 BST": "2023-06-15"}
    # beside the day, the time only makes it precise: one reference
    assert found("Figures published at 07:00 this morning showed a fall.", JUNE_14) == {
        "this morning": "2023-06-14"
    }
    assert found("The vote will be on Friday at 9am.", JUNE_14) == {"Friday": "2023-06-16"}
    # a clause naming a month, not a day, leaves the time without one
    assert found("In May, trading opened at 9:30 a.m.", JUNE_14) == {"May": "2023-05"}
    # in another clause, the day is not the time's
    text = "Yields fell after the decision at 12:00 BST, their lowest since last Thursday."
    assert found(text, JUNE_14) == {"12:00 BST": "2023-06-14", "last Thursday": "2023-06-08"}


def test_a_time_glossed_in_another_zone_is_one_time() -> None:
    text = "The blast occurred at about 10:35 a.m. (0735 GMT) Friday."
    assert found(text, date(1998, 8, 8)) == {"10:35 a.m.": "1998-08-07", "Friday": "1998-08-07"}


def test_the_time_stamps_of_a_live_report_are_not_references() -> None:
    text = (
        "date 2023-06-14 Live: the rate decision\n\n"
        "16:40 BST - That is all from us today.\n\n"
        "09:30 BST - Good morning. The press conference is at 14:30 BST.\n"
    )
    assert found(text, JUNE_14) == {"today": "2023-06-14", "14:30 BST": "2023-06-14"}
