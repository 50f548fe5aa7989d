"""Expression + publication date → date, precision and basis."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.when.expressions import resolve

P = date(2022, 6, 28)  # a Tuesday

CASES = [
    # text, published, future, date, precision, basis
    ("May 16", P, False, "2022-05-16", "day", "explicit"),
    ("on May 16", P, False, "2022-05-16", "day", "explicit"),
    ("16 May", P, False, "2022-05-16", "day", "explicit"),
    ("May 16, 2021", P, False, "2021-05-16", "day", "explicit"),
    ("June 29", P, True, "2022-06-29", "day", "explicit"),
    ("Dec. 10", P, False, "2021-12-10", "day", "explicit"),
    ("Dec. 10", P, True, "2022-12-10", "day", "explicit"),
    ("December 31", date(2023, 1, 2), False, "2022-12-31", "day", "explicit"),
    ("January 3", date(2022, 12, 30), True, "2023-01-03", "day", "explicit"),
    ("Feb. 29", date(2024, 3, 5), False, "2024-02-29", "day", "explicit"),
    ("12/10", P, False, "2021-12-10", "day", "explicit"),
    ("6/1/2022", P, False, "2022-06-01", "day", "explicit"),
    ("2022-05-16", P, False, "2022-05-16", "day", "explicit"),
    ("June 1–3", P, False, "2022-06-01", "day", "explicit"),
    ("June 1-3", P, False, "2022-06-01", "day", "explicit"),
    ("the 3rd of June", P, False, "2022-06-03", "day", "explicit"),
    ("February", P, False, "2022-02", "month", "explicit"),
    ("In February", P, False, "2022-02", "month", "explicit"),
    ("in September", P, False, "2021-09", "month", "explicit"),
    ("in September", P, True, "2022-09", "month", "explicit"),
    ("since March", P, False, "2022-03", "month", "explicit"),
    ("in May", P, False, "2022-05", "month", "explicit"),
    ("March 2020", P, False, "2020-03", "month", "explicit"),
    ("last December", P, False, "2021-12", "month", "explicit"),
    ("2019", P, False, "2019", "year", "explicit"),
    ("in 2019", P, False, "2019", "year", "explicit"),
    ("Tuesday", P, False, "2022-06-28", "day", "relative"),
    ("on Monday", P, False, "2022-06-27", "day", "relative"),
    ("Wednesday", P, False, "2022-06-22", "day", "relative"),
    ("Wednesday morning", P, True, "2022-06-29", "day", "relative"),
    ("next Tuesday", P, True, "2022-07-05", "day", "relative"),
    ("last Tuesday", P, False, "2022-06-21", "day", "relative"),
    ("on Sunday", date(2024, 1, 1), False, "2023-12-31", "day", "relative"),
    ("Friday", date(2024, 2, 28), True, "2024-03-01", "day", "relative"),
    ("yesterday", P, False, "2022-06-27", "day", "relative"),
    ("yesterday", date(2024, 3, 1), False, "2024-02-29", "day", "relative"),
    ("today", P, False, "2022-06-28", "day", "relative"),
    ("tomorrow", date(2022, 12, 31), True, "2023-01-01", "day", "relative"),
    ("three days ago", P, False, "2022-06-25", "day", "relative"),
    ("two months ago", date(2022, 1, 15), False, "2021-11", "month", "relative"),
    ("three years ago", P, False, "2019", "year", "relative"),
    ("this year", P, False, "2022", "year", "relative"),
    ("earlier this year", P, False, "2022", "year", "relative"),
    ("last year", P, False, "2021", "year", "relative"),
    ("next year", P, True, "2023", "year", "relative"),
    ("earlier this month", P, False, "2022-06", "month", "relative"),
    ("last month", date(2022, 1, 10), False, "2021-12", "month", "relative"),
    ("next month", date(2022, 12, 10), True, "2023-01", "month", "relative"),
    ("last week", P, False, "2022-06", "month", "relative"),
    # --- Month and day, year inferred from the publication date and the tense ---
    ("May 16", P, True, "2023-05-16", "day", "explicit"),  # planned, and May 16 has passed
    ("July 15", P, False, "2021-07-15", "day", "explicit"),  # past, and July 15 is still to come
    ("July 15", P, True, "2022-07-15", "day", "explicit"),
    ("June 1", P, True, "2023-06-01", "day", "explicit"),
    ("June 25", P, True, "2022-06-25", "day", "explicit"),  # a few days back: the tense, not the year
    ("Jan 12", P, False, "2022-01-12", "day", "explicit"),
    ("March 3", P, False, "2022-03-03", "day", "explicit"),
    ("April 4", P, False, "2022-04-04", "day", "explicit"),
    ("Oct. 3", P, False, "2021-10-03", "day", "explicit"),
    ("Nov. 8", P, True, "2022-11-08", "day", "explicit"),
    ("Sept. 5", P, False, "2021-09-05", "day", "explicit"),
    ("Sept. 5", P, True, "2022-09-05", "day", "explicit"),
    ("Sep 5", P, True, "2022-09-05", "day", "explicit"),
    ("September 5th", P, True, "2022-09-05", "day", "explicit"),
    ("Aug. 1, 2021", P, False, "2021-08-01", "day", "explicit"),
    ("Dec. 10, 2020", P, False, "2020-12-10", "day", "explicit"),
    ("Tuesday, June 28", P, False, "2022-06-28", "day", "explicit"),
    ("3rd June", P, False, "2022-06-03", "day", "explicit"),
    ("scheduled for June 29", P, True, "2022-06-29", "day", "explicit"),
    ("scheduled for June 29", P, False, "2022-06-29", "day", "explicit"),  # "was scheduled for"
    # Across the year boundary, both ways.
    ("Dec. 31", date(2023, 1, 1), False, "2022-12-31", "day", "explicit"),
    ("Dec. 31", date(2023, 1, 10), True, "2023-12-31", "day", "explicit"),
    ("Dec. 28", date(2023, 1, 4), False, "2022-12-28", "day", "explicit"),
    ("Jan. 3", date(2022, 12, 20), False, "2022-01-03", "day", "explicit"),
    ("Jan. 5", date(2022, 12, 28), True, "2023-01-05", "day", "explicit"),
    ("scheduled for Jan. 2", date(2022, 12, 30), False, "2023-01-02", "day", "explicit"),
    # Leap days.
    ("Feb. 29", date(2023, 6, 1), False, "2020-02-29", "day", "explicit"),
    ("Feb. 29", date(2023, 6, 1), True, "2024-02-29", "day", "explicit"),
    ("Feb. 29", date(2024, 2, 20), True, "2024-02-29", "day", "explicit"),
    ("February 29, 2024", P, False, "2024-02-29", "day", "explicit"),
    # Ranges give their start.
    ("1-3 June", P, False, "2022-06-01", "day", "explicit"),
    ("1–3 June 2021", P, False, "2021-06-01", "day", "explicit"),
    ("June 1 to 3", P, False, "2022-06-01", "day", "explicit"),
    ("from May 30 to June 2", P, False, "2022-05-30", "day", "explicit"),
    ("between June 20 and 22", P, False, "2022-06-20", "day", "explicit"),
    ("July 5-7", P, True, "2022-07-05", "day", "explicit"),
    # Days written out.
    ("the third of June", P, False, "2022-06-03", "day", "explicit"),
    ("June third", P, False, "2022-06-03", "day", "explicit"),
    ("the first of July", P, True, "2022-07-01", "day", "explicit"),
    ("the Fourth of July", P, True, "2022-07-04", "day", "explicit"),
    ("May twenty-first", P, False, "2022-05-21", "day", "explicit"),
    ("the twenty first of May", P, False, "2022-05-21", "day", "explicit"),
    ("the twentieth of May", P, False, "2022-05-20", "day", "explicit"),
    ("the thirty-first of December", P, False, "2021-12-31", "day", "explicit"),
    ("the twelfth of June 2020", P, False, "2020-06-12", "day", "explicit"),
    # A day of the month alone: the nearest month on the side the tense says.
    ("on the 15th", P, False, "2022-06-15", "day", "explicit"),
    ("the 15th", P, True, "2022-07-15", "day", "explicit"),
    ("on the 1st", date(2022, 6, 20), False, "2022-06-01", "day", "explicit"),
    ("the 31st", P, False, "2022-05-31", "day", "explicit"),  # June has 30 days
    ("the 20th", date(2022, 1, 10), False, "2021-12-20", "day", "explicit"),
    ("by the 5th", date(2022, 12, 20), True, "2023-01-05", "day", "explicit"),
    # --- Numeric dates ---
    ("12/10", P, True, "2022-12-10", "day", "explicit"),
    ("12/10/2021", P, False, "2021-12-10", "day", "explicit"),
    ("12/10/21", P, False, "2021-12-10", "day", "explicit"),
    ("6/1", P, False, "2022-06-01", "day", "explicit"),
    ("2/29/2024", P, False, "2024-02-29", "day", "explicit"),
    ("2021-12-31", P, False, "2021-12-31", "day", "explicit"),
    ("on 2021-03-04", P, True, "2021-03-04", "day", "explicit"),
    ("2022-06-28T10:00", P, False, "2022-06-28", "day", "explicit"),
    ("2022-06-28T10:00:00Z", P, False, "2022-06-28", "day", "explicit"),
    ("2022-06-28 10:00", P, False, "2022-06-28", "day", "explicit"),
    ("2022/05/16", P, False, "2022-05-16", "day", "explicit"),
    # --- Months: never more precision than the text gives ---
    ("in July", P, False, "2021-07", "month", "explicit"),
    ("in July", P, True, "2022-07", "month", "explicit"),
    ("in June", P, False, "2022-06", "month", "explicit"),
    ("in June", P, True, "2022-06", "month", "explicit"),
    ("in January", date(2022, 12, 30), True, "2023-01", "month", "explicit"),
    ("in December", date(2023, 1, 5), False, "2022-12", "month", "explicit"),
    ("by May", P, True, "2023-05", "month", "explicit"),
    ("until March", P, False, "2022-03", "month", "explicit"),
    ("next January", P, True, "2023-01", "month", "explicit"),
    ("next June", P, True, "2023-06", "month", "explicit"),
    ("next December", P, True, "2022-12", "month", "explicit"),
    ("last June", P, False, "2021-06", "month", "explicit"),
    ("mid-June", P, False, "2022-06", "month", "explicit"),
    ("mid-June", P, True, "2022-06", "month", "explicit"),
    ("early March", P, False, "2022-03", "month", "explicit"),
    ("mid-March", P, False, "2022-03", "month", "explicit"),
    ("mid-May", P, False, "2022-05", "month", "explicit"),
    ("late May", P, False, "2022-05", "month", "explicit"),
    ("the end of May", P, False, "2022-05", "month", "explicit"),
    ("the middle of May", P, False, "2022-05", "month", "explicit"),
    ("the beginning of December", P, True, "2022-12", "month", "explicit"),
    ("early March 2020", P, False, "2020-03", "month", "explicit"),
    ("the end of May 2021", P, False, "2021-05", "month", "explicit"),
    ("since January 2020", P, False, "2020-01", "month", "explicit"),
    ("October of 2019", P, False, "2019-10", "month", "explicit"),
    # --- Years ---
    ("in 2023", P, True, "2023", "year", "explicit"),
    ("since 2015", P, False, "2015", "year", "explicit"),
    ("late 2021", P, False, "2021", "year", "explicit"),
    ("mid-2021", P, False, "2021", "year", "explicit"),
    ("the end of 2023", P, True, "2023", "year", "explicit"),
    ("the year 2000", P, False, "2000", "year", "explicit"),
    ("the 2016 election", P, False, "2016", "year", "explicit"),
    # --- Weekdays: the past one for a past event, the coming one for a planned event ---
    ("Sunday", P, False, "2022-06-26", "day", "relative"),
    ("Saturday", P, False, "2022-06-25", "day", "relative"),
    ("on Friday", P, False, "2022-06-24", "day", "relative"),
    ("Thursday", P, False, "2022-06-23", "day", "relative"),
    ("Wednesday", P, True, "2022-06-29", "day", "relative"),
    ("Thursday", P, True, "2022-06-30", "day", "relative"),
    ("on Friday", P, True, "2022-07-01", "day", "relative"),
    ("Saturday", P, True, "2022-07-02", "day", "relative"),
    ("Sunday", P, True, "2022-07-03", "day", "relative"),
    ("Monday", P, True, "2022-07-04", "day", "relative"),
    ("on Tuesday", P, True, "2022-06-28", "day", "relative"),  # the same weekday: that day
    ("Wednesday morning", P, False, "2022-06-22", "day", "relative"),
    ("Friday night", P, False, "2022-06-24", "day", "relative"),
    ("Friday night", P, True, "2022-07-01", "day", "relative"),
    ("late Monday", P, False, "2022-06-27", "day", "relative"),
    ("Sunday evening", P, True, "2022-07-03", "day", "relative"),
    ("last Tuesday", P, True, "2022-06-21", "day", "relative"),
    ("last Friday", P, False, "2022-06-24", "day", "relative"),
    ("next Tuesday", P, False, "2022-07-05", "day", "relative"),
    ("next Monday", P, True, "2022-07-04", "day", "relative"),
    ("this Tuesday", P, False, "2022-06-28", "day", "relative"),
    ("this Monday", P, False, "2022-06-27", "day", "relative"),
    ("this Friday", P, True, "2022-07-01", "day", "relative"),
    ("this coming Friday", P, True, "2022-07-01", "day", "relative"),
    # Across the ends of months and years.
    ("Friday", date(2022, 3, 1), False, "2022-02-25", "day", "relative"),
    ("Thursday", date(2023, 2, 28), True, "2023-03-02", "day", "relative"),
    ("Monday", date(2022, 12, 30), True, "2023-01-02", "day", "relative"),
    ("Saturday", date(2023, 1, 2), False, "2022-12-31", "day", "relative"),
    ("last Friday", date(2023, 1, 3), False, "2022-12-30", "day", "relative"),
    ("next Monday", date(2021, 12, 29), True, "2022-01-03", "day", "relative"),
    ("Wednesday", date(2024, 3, 1), False, "2024-02-28", "day", "relative"),
    ("Thursday", date(2024, 3, 1), False, "2024-02-29", "day", "relative"),
    # --- Days relative to publication ---
    ("yesterday", date(2023, 3, 1), False, "2023-02-28", "day", "relative"),
    ("yesterday", date(2022, 1, 1), False, "2021-12-31", "day", "relative"),
    ("tomorrow", P, True, "2022-06-29", "day", "relative"),
    ("tomorrow", date(2024, 2, 28), True, "2024-02-29", "day", "relative"),
    ("last night", P, False, "2022-06-27", "day", "relative"),
    ("last night", date(2022, 3, 1), False, "2022-02-28", "day", "relative"),
    ("tonight", P, True, "2022-06-28", "day", "relative"),
    ("this morning", P, False, "2022-06-28", "day", "relative"),
    ("yesterday afternoon", P, False, "2022-06-27", "day", "relative"),
    ("the day before yesterday", P, False, "2022-06-26", "day", "relative"),
    ("the day after tomorrow", date(2022, 12, 31), True, "2023-01-02", "day", "relative"),
    ("10 days ago", P, False, "2022-06-18", "day", "relative"),
    ("two days ago", date(2022, 1, 1), False, "2021-12-30", "day", "relative"),
    # --- Weeks and weekends (Monday to Sunday), cut to what their days share ---
    ("last week", date(2022, 3, 2), False, "2022-02", "month", "relative"),
    ("last week", date(2022, 7, 5), False, "2022", "year", "relative"),  # June 27 to July 3
    ("two weeks ago", P, False, "2022-06", "month", "relative"),
    ("three weeks ago", date(2022, 1, 5), False, "2021-12", "month", "relative"),
    ("this week", date(2022, 6, 15), False, "2022-06", "month", "relative"),
    ("this week", P, False, "2022", "year", "relative"),  # June 27 to July 3
    ("earlier this week", P, False, "2022-06", "month", "relative"),
    ("earlier this week", date(2022, 7, 1), False, "2022-06", "month", "relative"),
    ("later this week", date(2022, 6, 15), True, "2022-06", "month", "relative"),
    ("next week", P, True, "2022-07", "month", "relative"),
    ("over the weekend", date(2022, 6, 27), False, "2022-06", "month", "relative"),
    ("at the weekend", date(2022, 5, 2), False, "2022", "year", "relative"),  # April 30 and May 1
    ("last weekend", P, False, "2022-06", "month", "relative"),
    ("this weekend", P, True, "2022-07", "month", "relative"),
    ("next weekend", P, True, "2022-07", "month", "relative"),
    ("this coming weekend", date(2022, 6, 21), True, "2022-06", "month", "relative"),  # not July 2-3
    ("a week ago", date(2022, 3, 2), False, "2022-02", "month", "relative"),
    # --- Months and years relative to publication ---
    ("this month", P, False, "2022-06", "month", "relative"),
    ("later this month", P, True, "2022-06", "month", "relative"),
    ("earlier this month", date(2022, 1, 20), False, "2022-01", "month", "relative"),
    ("last month", P, False, "2022-05", "month", "relative"),
    ("next month", P, True, "2022-07", "month", "relative"),
    ("a month ago", P, False, "2022-05", "month", "relative"),
    ("six months ago", P, False, "2021-12", "month", "relative"),
    ("a year ago", P, False, "2021", "year", "relative"),
    ("12 years ago", P, False, "2010", "year", "relative"),
    ("last year", date(2022, 1, 2), False, "2021", "year", "relative"),
    ("since last year", P, False, "2021", "year", "relative"),
    ("so far this year", P, False, "2022", "year", "relative"),
    ("later this year", P, True, "2022", "year", "relative"),
]


@pytest.mark.parametrize(("text", "published", "future", "day", "precision", "basis"), CASES,
                         ids=[f"{c[0]}@{c[1]}{'+future' if c[2] else ''}" for c in CASES])
def test_resolve(text: str, published: date, future: bool, day: str, precision: str,
                 basis: str) -> None:
    found = resolve(text, published, future)
    assert found is not None
    assert (found.date, found.precision, found.basis) == (day, precision, basis)


NO_DATE = [
    # Durations and vague spans.
    "the 30 years", "30 years", "the past 30 years", "the next two years", "three hours", "hours",
    "a week", "a weekend", "two weeks", "10 days", "a decade", "decades", "years", "recent years",
    "a long time", "the past",
    # Times alone, recurrences, "may" the verb.
    "morning", "10 a.m.", "noon", "24/7", "every year", "daily", "may",
    # Ordinals that are not days of a month.
    "the 20th century", "the 50th anniversary",
    # Days that do not exist.
    "June 31", "February 29, 2023", "2022-02-30", "13/45",
]


@pytest.mark.parametrize("text", NO_DATE)
def test_no_date(text: str) -> None:
    assert resolve(text, P) is None


# Found by fuzzing: arithmetic off the calendar raised OverflowError, and years before 1000 or
# below 1 came out as "999-06", "0" or "-978".
OFF_CALENDAR = [
    ("99999999 days ago", P), ("3000 years ago", P), ("yesterday", date.min),
    ("Friday", date.min), ("last month", date.min), ("last year", date.min),
    ("tomorrow", date.max), ("next week", date.max), ("next year", date.max),
]


@pytest.mark.parametrize(("text", "published"), OFF_CALENDAR)
def test_a_date_off_the_calendar_is_none(text: str, published: date) -> None:
    assert resolve(text, published) is None


def test_years_before_1000_are_written_with_four_digits() -> None:
    found = resolve("in June", date(1000, 1, 1))
    assert found is not None and found.date == "0999-06"
    found = resolve("last year", date(1000, 1, 1))
    assert found is not None and found.date == "0999"


def test_no_publication_date_and_no_year() -> None:
    assert resolve("May 16", None) is None
    assert resolve("May 16, 2021", None) is not None
    assert resolve("on the 15th", None) is None
    assert resolve("last weekend", None) is None
    assert resolve("2022-06-28T10:00", None) is not None
