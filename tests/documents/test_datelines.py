"""Opening datelines: place, date and agency split off the body, and the date a dateline gives."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.documents.datelines import dateline_date, split_dateline
from dateline.records import Dateline

# id, text, (place, date, agency), start of the body
DATELINES = [
    # The formats of the module's docstring.
    ("tass", "DUSHANBE, June 28. /TASS/. Issues of closer cooperation were discussed.",
     ("DUSHANBE", "June 28", "TASS"), "Issues of closer"),
    ("reuters", "MOSCOW, June 28 (Reuters) - Russia said on Tuesday.",
     ("MOSCOW", "June 28", "Reuters"), "Russia said"),
    ("xinhua-double-hyphen", "BEIJING, June 28 (Xinhua) -- China said on Tuesday.",
     ("BEIJING", "June 28", "Xinhua"), "China said"),
    ("ap-no-date", "WASHINGTON (AP) — The president said on Tuesday.",
     ("WASHINGTON", None, "AP"), "The president"),
    ("ap-place-region", "KYIV, Ukraine (AP) — Russian forces shelled the city.",
     ("KYIV, Ukraine", None, "AP"), "Russian forces"),
    ("afp-day-month", "PARIS, 28 June (AFP) - France said on Tuesday.",
     ("PARIS", "28 June", "AFP"), "France said"),
    ("united-nations", "UNITED NATIONS, Oct 3 (Reuters) - The Security Council met.",
     ("UNITED NATIONS", "Oct 3", "Reuters"), "The Security Council"),
    # Abbreviated and full months, ordinals, years.
    ("sept-dot", "GENEVA, Sept. 14 (Reuters) - Talks resumed on Wednesday.",
     ("GENEVA", "Sept. 14", "Reuters"), "Talks resumed"),
    ("sept-no-dot", "GENEVA, Sept 14 (Reuters) - Talks resumed on Wednesday.",
     ("GENEVA", "Sept 14", "Reuters"), "Talks resumed"),
    ("sep-dot", "GENEVA, Sep. 14 (Reuters) - Talks resumed on Wednesday.",
     ("GENEVA", "Sep. 14", "Reuters"), "Talks resumed"),
    ("oct-dot", "LONDON, Oct. 3 (Reuters) - Britain said on Monday.",
     ("LONDON", "Oct. 3", "Reuters"), "Britain said"),
    ("dec-no-dot", "TOKYO, Dec 5 (Reuters) - Japan said on Monday.",
     ("TOKYO", "Dec 5", "Reuters"), "Japan said"),
    ("full-month", "CANBERRA, September 14 (Reuters) - Australia said.",
     ("CANBERRA", "September 14", "Reuters"), "Australia said"),
    ("month-day-year", "TOKYO, Dec. 5, 2021 (Reuters) - Japan said on Sunday.",
     ("TOKYO", "Dec. 5, 2021", "Reuters"), "Japan said"),
    ("day-month-year", "BERLIN, 5 December 2021 (dpa) - Germany said on Sunday.",
     ("BERLIN", "5 December 2021", "dpa"), "Germany said"),
    ("tass-with-year", "DUSHANBE, June 28, 2022. /TASS/. Issues were discussed.",
     ("DUSHANBE", "June 28, 2022", "TASS"), "Issues were"),
    ("ordinal-month-first", "ISLAMABAD, June 28th (Reuters) - Pakistan said.",
     ("ISLAMABAD", "June 28th", "Reuters"), "Pakistan said"),
    ("ordinal-day-first", "PARIS, 28th June (AFP) - France said.",
     ("PARIS", "28th June", "AFP"), "France said"),
    # Weekdays instead of dates.
    ("weekday-reuters", "CAIRO, Tuesday (Reuters) - Egypt said on Tuesday.",
     ("CAIRO", "Tuesday", "Reuters"), "Egypt said"),
    ("weekday-ap", "KABUL, Monday (AP) -- The Taliban said.",
     ("KABUL", "Monday", "AP"), "The Taliban"),
    # Separators.
    ("en-dash", "ANKARA, June 28 (Reuters) – Turkey said on Tuesday.",
     ("ANKARA", "June 28", "Reuters"), "Turkey said"),
    ("em-dash", "ANKARA, June 28 (Reuters) — Turkey said on Tuesday.",
     ("ANKARA", "June 28", "Reuters"), "Turkey said"),
    ("colon", "ANKARA, June 28 (Reuters): Turkey said on Tuesday.",
     ("ANKARA", "June 28", "Reuters"), "Turkey said"),
    ("dash-no-space-after", "MOSCOW, June 28 (Reuters) -Russia said.",
     ("MOSCOW", "June 28", "Reuters"), "Russia said"),
    ("upper-place-no-dash", "WASHINGTON (AP) The president said.",
     ("WASHINGTON", None, "AP"), "The president"),
    # Agencies.
    ("agency-with-spaces", "NEW DELHI, June 28 (Press Trust of India) - India said.",
     ("NEW DELHI", "June 28", "Press Trust of India"), "India said"),
    ("agency-ampersand", "MOSCOW, June 28 (AP & Reuters) - Russia said.",
     ("MOSCOW", "June 28", "AP & Reuters"), "Russia said"),
    ("slash-xinhua", "BEIJING, June 28 /Xinhua/ -- China said on Tuesday.",
     ("BEIJING", "June 28", "Xinhua"), "China said"),
    ("slash-no-date", "MOSCOW /TASS/ - Russia said.",
     ("MOSCOW", None, "TASS"), "Russia said"),
    ("reuters-no-date", "MOSCOW (Reuters) - Russia said.",
     ("MOSCOW", None, "Reuters"), "Russia said"),
    # Case.
    ("mixed-case", "Moscow, June 28 (Reuters) - Russia said on Tuesday.",
     ("Moscow", "June 28", "Reuters"), "Russia said"),
    ("lower-case", "moscow, june 28 (reuters) - Russia said on Tuesday.",
     ("moscow", "june 28", "reuters"), "Russia said"),
    ("mixed-case-no-date", "Washington (AP) — The president said.",
     ("Washington", None, "AP"), "The president"),
    ("mixed-case-tass", "Dushanbe, June 28. /TASS/. Issues were discussed.",
     ("Dushanbe", "June 28", "TASS"), "Issues were"),
    # Places of several words, with dots, hyphens, apostrophes and accents.
    ("new-york", "NEW YORK, June 28 (Reuters) - Stocks fell on Tuesday.",
     ("NEW YORK", "June 28", "Reuters"), "Stocks fell"),
    ("st-petersburg", "ST. PETERSBURG, June 28 (TASS) - Putin said.",
     ("ST. PETERSBURG", "June 28", "TASS"), "Putin said"),
    ("rio", "RIO DE JANEIRO, June 28 (Reuters) - Brazil said.",
     ("RIO DE JANEIRO", "June 28", "Reuters"), "Brazil said"),
    ("dc-with-date", "WASHINGTON, D.C., June 28 (AP) - The president said.",
     ("WASHINGTON, D.C.", "June 28", "AP"), "The president"),
    ("dc-no-date", "WASHINGTON, D.C. (AP) — The president said.",
     ("WASHINGTON, D.C.", None, "AP"), "The president"),
    ("new-york-ny", "NEW YORK, NY (AP) — Stocks fell.",
     ("NEW YORK, NY", None, "AP"), "Stocks fell"),
    ("hyphenated", "PORT-AU-PRINCE, Haiti (AP) — Gangs blocked the port.",
     ("PORT-AU-PRINCE, Haiti", None, "AP"), "Gangs blocked"),
    ("bogota", "BOGOTÁ, June 28 (Reuters) - Colombia said.",
     ("BOGOTÁ", "June 28", "Reuters"), "Colombia said"),
    ("sao-paulo", "SÃO PAULO, June 28 (Reuters) - Brazil said.",
     ("SÃO PAULO", "June 28", "Reuters"), "Brazil said"),
    # Upper-case places without an agency.
    ("no-agency-em-dash", "LONDON — Britain said on Tuesday.",
     ("LONDON", None, None), "Britain said"),
    ("no-agency-double-hyphen", "LONDON -- Britain said on Tuesday.",
     ("LONDON", None, None), "Britain said"),
    ("no-agency-date-hyphen", "LONDON, June 28 - Britain said on Tuesday.",
     ("LONDON", "June 28", None), "Britain said"),
    ("no-agency-date-stop", "DUSHANBE, June 28. Tajikistan said on Tuesday.",
     ("DUSHANBE", "June 28", None), "Tajikistan said"),
    ("leading-space", "  MOSCOW, June 28 (Reuters) - Russia said.",
     ("MOSCOW", "June 28", "Reuters"), "Russia said"),
]

NOT_DATELINES = [
    ("plain-sentence", "The president said on Tuesday that talks would resume."),
    ("abbreviation-then-lower-case", "U.N. helicopters evacuated the wounded from Gorazde."),
    ("abbreviation-then-lower-case-us", "U.S. officials said nothing about the talks."),
    ("abbreviation-then-capital", "U.S. Secretary of State Antony Blinken arrived in Kyiv."),
    ("place-then-date-in-sentence", "In Moscow, June 28 was hot - said the forecaster."),
    ("parenthesis-in-sentence", "The president said (in a statement) that he would resign."),
    ("parenthesis-after-date", "In Moscow, June 28 (local time) the heat broke records."),
    ("parenthesis-weekday", "Police said on Monday (local time) that two men were held."),
    ("lower-case-start", "the minister said talks would resume next week."),
    ("curly-quote", "“We will not give up,” the minister said."),
    ("straight-quote", '"We will not give up," the minister said.'),
    ("number", "42 people were killed in the blast on Tuesday."),
    ("year", "2022 was a difficult year for the economy."),
    ("colon-in-sentence", "Officials said: the talks failed."),
    ("dashes-in-sentence", "Russia - the largest country - said it would act."),
    ("mixed-case-no-agency", "Moscow - Russia said on Tuesday."),
    ("mixed-case-date-no-agency", "London, June 28 - Britain said on Tuesday."),
    ("stop-then-sentence", "Talks resumed. Officials said little."),
    ("acronym-sentence", "NATO said on Tuesday it would expand."),
    ("empty", ""),
]


@pytest.mark.parametrize(
    ("text", "expected", "body_start"),
    [pytest.param(text, expected, body, id=name) for name, text, expected, body in DATELINES],
)
def test_split_dateline(
    text: str, expected: tuple[str, str | None, str | None], body_start: str
) -> None:
    dateline, body = split_dateline(text)
    assert dateline == Dateline(*expected)
    assert body.startswith(body_start)
    assert text.rstrip().endswith(body.rstrip())


@pytest.mark.parametrize("text", [pytest.param(text, id=name) for name, text in NOT_DATELINES])
def test_not_a_dateline(text: str) -> None:
    assert split_dateline(text) == (None, text)


# id, dateline date, reference date, expected
DATES = [
    ("month-day", "June 28", date(2022, 7, 1), date(2022, 6, 28)),
    ("day-month", "28 June", date(2022, 7, 1), date(2022, 6, 28)),
    ("ordinal", "June 28th", date(2022, 7, 1), date(2022, 6, 28)),
    ("abbreviated-dot", "Sept. 14", date(2022, 9, 20), date(2022, 9, 14)),
    ("same-day", "June 28", date(2022, 6, 28), date(2022, 6, 28)),
    ("one-day-after-reference", "June 28", date(2022, 6, 27), date(2022, 6, 28)),
    ("well-after-reference", "June 28", date(2022, 6, 20), date(2021, 6, 28)),
    ("year-boundary", "Dec 31", date(2023, 1, 2), date(2022, 12, 31)),
    ("explicit-year-wins", "Oct. 3, 2021", date(2023, 5, 1), date(2021, 10, 3)),
    ("explicit-year-day-first", "5 December 2021", date(2022, 1, 1), date(2021, 12, 5)),
    ("explicit-year-no-reference", "Oct. 3, 2021", None, date(2021, 10, 3)),
    ("leap-reference", "Feb 29", date(2024, 3, 5), date(2024, 2, 29)),
    ("after-leap-year", "Feb 29", date(2025, 3, 5), date(2024, 2, 29)),
    ("no-leap-either-year", "Feb 29", date(2023, 3, 5), None),
    ("explicit-non-leap", "Feb 29, 2023", date(2023, 5, 1), None),
    ("impossible-day", "June 31", date(2022, 7, 1), None),
    ("no-reference", "June 28", None, None),
    ("weekday", "Tuesday", date(2022, 7, 1), None),
    ("empty", "", date(2022, 7, 1), None),
    ("none", None, date(2022, 7, 1), None),
    # Found by fuzzing: the last day of the calendar overflowed "reference + 1 day".
    ("reference-last-day", "June 28", date.max, date(9999, 6, 28)),
    ("reference-first-day", "June 28", date.min, None),
]


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [pytest.param(text, ref, expected, id=name) for name, text, ref, expected in DATES],
)
def test_dateline_date(text: str | None, reference: date | None, expected: date | None) -> None:
    assert dateline_date(text, reference) == expected


def test_split_date_feeds_dateline_date() -> None:
    dateline, _ = split_dateline("DUSHANBE, June 28. /TASS/. Issues were discussed.")
    assert dateline is not None
    assert dateline_date(dateline.date, date(2022, 7, 1)) == date(2022, 6, 28)
