"""Temporal expressions resolved against a publication date.

``resolve("May 16", date(2022, 6, 28), future=False)`` gives ``When("2022-05-16", "day",
"explicit")``; weekdays and words such as "yesterday" or "last month" are ``relative``. A date
is cut to the precision the text has: "in February" is a month, "in 2019" a year, "mid-June" a
month, and a stretch of days such as "last week" the month (or else the year) its days share.

A date the text leaves incomplete ("May 16", "Friday", "the 15th", "in September") is put on the
side of the publication date that the tense says: the coming one for a planned event
(``future=True``), the latest one otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from dateline.records import When

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
ORDINALS = {word: n for n, word in enumerate([*_UNITS, "tenth", "eleventh", "twelfth", "thirteenth",
                                              "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                                              "eighteenth", "nineteenth", "twentieth"], 1)}
ORDINALS |= {f"twenty-{word}": 21 + n for n, word in enumerate(_UNITS)}
ORDINALS |= {"thirtieth": 30, "thirty-first": 31}
_MONTH = (r"(january|february|march|april|may|june|july|august|september|october|november|december"
          r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?")
# "16", "16th", "sixteenth", "twenty-first" (longest words first, so that none stops short).
_ORDINAL = "|".join(word.replace("-", r"[\s-]") for word in sorted(ORDINALS, key=len, reverse=True))
_DAY = rf"(\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL})"
_YEAR = r"((?:19|20)\d{2})"
# "may" and "march" alone are a verb more often than a month: they need a cue word before them.
_MONTH_CUE = (r"\b(in|since|by|until|till|through|from|during|before|after|early|late|mid|of|last"
              r"|next|this)[\s-]+(may|march)\b")
# A date this close on the other side of publication is taken as the tense's error, not the year's.
SLACK = timedelta(days=7)


def _day_number(text: str) -> int:
    digits = re.match(r"\d+", text)
    return int(digits[0]) if digits else ORDINALS[re.sub(r"[\s-]+", "-", text)]


def _month_day(text: str) -> tuple[int, int, int | None] | None:
    for pattern, order in (
        (rf"\b{_MONTH}\s+{_DAY}(?:\s*[-–]\s*\d{{1,2}})?(?:,?\s+{_YEAR})?\b", "md"),
        (rf"\b{_DAY}(?:\s*[-–]\s*\d{{1,2}})?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", "dm"),
    ):
        match = re.search(pattern, text)
        if match:
            if order == "md":
                month, day, year = match.group(1), match.group(2), match.group(3)
            else:
                day, month, year = match.group(1), match.group(2), match.group(3)
            return MONTHS[month[:3]], _day_number(day), int(year) if year else None
    return None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _pick(candidates: Iterable[date | None], published: date, future: bool) -> date | None:
    """The first candidate from ``published`` on for a planned event, else the last up to it
    (give or take SLACK)."""
    found = sorted(day for day in candidates if day is not None)
    if future:
        return next((day for day in found if day >= published - SLACK), None)
    return next((day for day in reversed(found) if day <= published + SLACK), None)


def _infer_year(month: int, day: int, published: date, future: bool) -> date | None:
    """The year that puts the date on the side of ``published`` that the tense says (eight years
    either way, so that a February 29 finds its leap year)."""
    years = range(published.year - 8, published.year + 9)
    return _pick((_safe(year, month, day) for year in years), published, future)


def _infer_month(day: int, published: date, future: bool) -> date | None:
    """The month that puts "the 15th" on the side of ``published`` that the tense says."""
    now = published.year * 12 + published.month - 1
    months = range(now - 2, now + 3)
    return _pick((_safe(m // 12, m % 12 + 1, day) for m in months), published, future)


def _month_name(month: int, published: date, future: bool, shift: str) -> str:
    """The year of a month named alone: "last" and "next" skip the month of publication."""
    back, ahead = (published.month - month) % 12, (month - published.month) % 12
    offset = {"last": -(back or 12), "next": ahead or 12}.get(shift, ahead if future else -back)
    return _month_iso(published.year * 12 + published.month - 1 + offset)


def _month_iso(months: int) -> str:
    """"2022-06" for a count of months since year 0 (January = 0)."""
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def _weekday(target: int, published: date, future: bool, shift: str) -> date:
    delta = (target - published.weekday()) % 7
    if shift == "next" or (future and shift != "last"):
        return published + timedelta(days=delta if delta or shift != "next" else 7)
    back = (published.weekday() - target) % 7
    if shift == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)


def _shift(text: str) -> str:
    return "last" if re.search(r"\blast\b", text) else (
        "next" if re.search(r"\bnext\b|\bcoming\b", text) else "")


def _span(first: date, last: date) -> When:
    """A stretch of days, cut to the month its days share, else to the year of its middle."""
    if first.isoformat()[:7] == last.isoformat()[:7]:
        return When(first.isoformat()[:7], "month", "relative")
    return When(f"{(first + (last - first) / 2).year:04d}", "year", "relative")


def _week(text: str, published: date, future: bool) -> When | None:
    """Weeks and weekends, Monday to Sunday."""
    monday = published - timedelta(days=published.weekday())
    ago = re.search(r"\b(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten) weeks? ago\b", text)
    if ago:
        start = monday - timedelta(weeks=int(ago[1]) if ago[1].isdigit() else NUMBERS[ago[1]])
        return _span(start, start + timedelta(days=6))
    weekend = re.search(r"\b(the|this|last|next|coming) weekend\b", text)
    if weekend:
        # "the weekend", "this weekend": the coming one for a planned event, else the one just
        # past (or under way, when published on a weekend).
        if weekend[1] in ("last", "next"):
            offset = -1 if weekend[1] == "last" else 1
        elif future or weekend[1] == "coming":
            offset = int(published.weekday() == 6)
        else:
            offset = -int(published.weekday() < 5)
        saturday = monday + timedelta(weeks=offset, days=5)
        return _span(saturday, saturday + timedelta(days=1))
    week = re.search(r"\b(?:(earlier|later) )?(last|this|next) week\b", text)
    if not week:
        return None
    start = monday + timedelta(weeks={"last": -1, "this": 0, "next": 1}[week[2]])
    end = start + timedelta(days=6)
    if week[1] == "earlier":
        end = max(start, published - timedelta(days=1))
    elif week[1] == "later":
        start = min(end, published + timedelta(days=1))
    return _span(start, end)


def resolve(text: str, published: date | None, future: bool = False) -> When | None:
    """The date an expression names, or None when it names none (durations, times alone) or
    names one off the calendar of years 1 to 9999 ("99999999 days ago", "yesterday" said on
    0001-01-01)."""
    try:
        found = _resolve(text, published, future)
    except OverflowError:
        return None
    return found if found is None or _on_calendar(found) else None


def _on_calendar(when: When) -> bool:
    """Whether ``when.date`` is an ISO date of its precision, in the years 1 to 9999."""
    value = when.date or ""
    if not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value) or value.startswith("0000"):
        return False
    parts = [int(part) for part in value.split("-")]
    return _safe(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1) is not None


def _resolve(text: str, published: date | None, future: bool) -> When | None:
    lower = " ".join(text.lower().replace("’", "'").split())
    # Absolute dates.
    iso = re.search(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)", lower)
    if iso:
        found = _safe(int(iso[1]), int(iso[2]), int(iso[3]))
        return When(found.isoformat(), "day", "explicit") if found else None
    slash = re.search(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b", lower)
    if slash:
        month, day = int(slash[1]), int(slash[2])
        year = int(slash[3]) if slash[3] else None
        if year is not None and year < 100:
            year += 2000
        found = (_safe(year, month, day) if year else
                 _infer_year(month, day, published, future) if published else None)
        return When(found.isoformat(), "day", "explicit") if found else None
    month_day = _month_day(lower)
    if month_day:
        month, day, year = month_day
        if year:
            found = _safe(year, month, day)
        elif published:
            found = _infer_year(month, day, published, future)
        else:
            return None
        return When(found.isoformat(), "day", "explicit") if found else None
    # "on the 15th": a day of the month alone (not "the 20th century").
    day_only = re.fullmatch(r"(?:(?:on|by|until|since|from|before|after)\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)",
                            lower)
    if day_only:
        found = _infer_month(int(day_only[1]), published, future) if published else None
        return When(found.isoformat(), "day", "explicit") if found else None
    month_year = re.search(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", lower)
    if month_year:
        return When(f"{month_year[2]}-{MONTHS[month_year[1][:3]]:02d}", "month", "explicit")
    month_only = re.search(rf"\b{_MONTH}(?!\w)", lower)
    if month_only and (month_only[1] not in ("may", "march") or re.search(_MONTH_CUE, lower)):
        if published is None:
            return None
        month = MONTHS[month_only[1][:3]]
        return When(_month_name(month, published, future, _shift(lower)), "month", "explicit")
    year_only = re.search(rf"\b{_YEAR}\b", lower)
    if year_only:
        return When(year_only[1], "year", "explicit")
    if published is None:
        return None
    # Relative expressions.
    for word, days in (("day before yesterday", -2), ("yesterday", -1), ("last night", -1),
                       ("today", 0), ("tonight", 0), ("this morning", 0), ("this afternoon", 0),
                       ("this evening", 0), ("day after tomorrow", 2), ("tomorrow", 1)):
        if re.search(rf"\b{word}\b", lower):
            return When((published + timedelta(days=days)).isoformat(), "day", "relative")
    for name, number in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", lower):
            return When(_weekday(number, published, future, _shift(lower)).isoformat(), "day",
                        "relative")
    week = _week(lower, published, future)
    if week:
        return week
    ago = re.search(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                    r"\s+(day|month|year)s?\s+ago\b", lower)
    if ago:
        count = int(ago[1]) if ago[1].isdigit() else NUMBERS[ago[1]]
        if ago[2] == "day":
            return When((published - timedelta(days=count)).isoformat(), "day", "relative")
        if ago[2] == "month":
            return When(_month_iso(published.year * 12 + published.month - 1 - count), "month",
                        "relative")
        return When(f"{published.year - count:04d}", "year", "relative")
    if re.search(r"\b(this|current) year\b|\bearlier this year\b|\bso far this year\b", lower):
        return When(f"{published.year:04d}", "year", "relative")
    if re.search(r"\blast year\b", lower):
        return When(f"{published.year - 1:04d}", "year", "relative")
    if re.search(r"\bnext year\b", lower):
        return When(f"{published.year + 1:04d}", "year", "relative")
    months = {"this": 0, "earlier this": 0, "later this": 0, "last": -1, "next": 1}
    month_word = re.search(r"\b(earlier this|later this|this|last|next) month\b", lower)
    if month_word:
        return When(_month_iso(published.year * 12 + published.month - 1 + months[month_word[1]]),
                    "month", "relative")
    return None
