"""Temporal expressions resolved against a publication date.

``resolve("May 16", date(2022, 6, 28), future=False)`` gives ``When("2022-05-16", "day",
"explicit")``; weekdays and words such as "yesterday" or "last month" are ``relative``. A date
is cut to the precision the text has: "in February" is a month, "in 2019" a year.
"""

from __future__ import annotations

import re
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
_MONTH = (r"(january|february|march|april|may|june|july|august|september|october|november|december"
          r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?")
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d{2})"


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
            return MONTHS[month[:3]], int(day), int(year) if year else None
    return None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: date, future: bool) -> date | None:
    """The year that puts the date on the side of ``published`` that the tense says."""
    this = _safe(published.year, month, day)
    if this is None:
        this = _safe(published.year - 1, month, day) or _safe(published.year + 1, month, day)
        return this
    if future and this < published - timedelta(days=7):
        return _safe(published.year + 1, month, day)
    if not future and this > published + timedelta(days=7):
        return _safe(published.year - 1, month, day)
    return this


def _weekday(target: int, published: date, future: bool, shift: str) -> date:
    delta = (target - published.weekday()) % 7
    if shift == "next" or (future and shift != "last"):
        return published + timedelta(days=delta if delta or shift != "next" else 7)
    back = (published.weekday() - target) % 7
    if shift == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)


def resolve(text: str, published: date | None, future: bool = False) -> When | None:
    """The date an expression names, or None when it names none (durations, times alone)."""
    lower = " ".join(text.lower().replace("’", "'").split())
    # Absolute dates.
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", lower)
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
    month_year = re.search(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", lower)
    if month_year:
        return When(f"{month_year[2]}-{MONTHS[month_year[1][:3]]:02d}", "month", "explicit")
    month_only = re.search(rf"\b{_MONTH}(?!\w)", lower)
    # "may" and "march" alone are a verb more often than a month: they need a cue word.
    if month_only and (month_only[1] not in ("may", "march") or re.search(
            r"\b(in|since|by|until|early|late|mid|last|next|this)\s+(may|march)\b", lower)):
        month = MONTHS[month_only[1][:3]]
        if published is None:
            return None
        year = published.year
        if re.search(r"\blast\b", lower) or (not future and month > published.month):
            year -= 1
        if re.search(r"\bnext\b", lower) or (future and month < published.month):
            year += 1
        return When(f"{year}-{month:02d}", "month", "explicit")
    year_only = re.search(rf"\b{_YEAR}\b", lower)
    if year_only:
        return When(year_only[1], "year", "explicit")
    if published is None:
        return None
    # Relative expressions.
    for word, days in (("day before yesterday", -2), ("yesterday", -1), ("today", 0),
                       ("tonight", 0), ("this morning", 0), ("this afternoon", 0),
                       ("this evening", 0), ("day after tomorrow", 2), ("tomorrow", 1)):
        if re.search(rf"\b{word}\b", lower):
            return When((published + timedelta(days=days)).isoformat(), "day", "relative")
    for name, number in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", lower):
            shift = "last" if re.search(r"\blast\b", lower) else (
                "next" if re.search(r"\bnext\b|\bcoming\b", lower) else "")
            return When(_weekday(number, published, future, shift).isoformat(), "day", "relative")
    ago = re.search(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                    r"\s+(day|week|month|year)s?\s+ago\b", lower)
    if ago:
        count = int(ago[1]) if ago[1].isdigit() else NUMBERS[ago[1]]
        unit = ago[2]
        if unit == "day":
            return When((published - timedelta(days=count)).isoformat(), "day", "relative")
        if unit == "week":
            return When((published - timedelta(weeks=count)).isoformat()[:7], "month", "relative")
        if unit == "month":
            total = published.year * 12 + published.month - 1 - count
            return When(f"{total // 12}-{total % 12 + 1:02d}", "month", "relative")
        return When(str(published.year - count), "year", "relative")
    if re.search(r"\b(this|current) year\b|\bearlier this year\b|\bso far this year\b", lower):
        return When(str(published.year), "year", "relative")
    if re.search(r"\blast year\b", lower):
        return When(str(published.year - 1), "year", "relative")
    if re.search(r"\bnext year\b", lower):
        return When(str(published.year + 1), "year", "relative")
    if re.search(r"\b(this|earlier this|later this) month\b", lower):
        return When(published.isoformat()[:7], "month", "relative")
    if re.search(r"\blast month\b", lower):
        total = published.year * 12 + published.month - 2
        return When(f"{total // 12}-{total % 12 + 1:02d}", "month", "relative")
    if re.search(r"\bnext month\b", lower):
        total = published.year * 12 + published.month
        return When(f"{total // 12}-{total % 12 + 1:02d}", "month", "relative")
    if re.search(r"\b(last|this|next) week\b", lower):
        shift = {"last": -7, "this": 0, "next": 7}[re.search(r"\b(last|this|next) week", lower)[1]]
        return When((published + timedelta(days=shift)).isoformat()[:7], "month", "relative")
    return None
