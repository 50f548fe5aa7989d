"""The opening dateline of a dispatch: place, date and agency, split off the body.

    DUSHANBE, June 28. /TASS/.           MOSCOW, June 28 (Reuters) -
    BEIJING, June 28 (Xinhua) --         WASHINGTON (AP) —
    KYIV, Ukraine (AP) —                 PARIS, 28 June (AFP) -
"""

from __future__ import annotations

import re
from datetime import date

from dateline.records import Dateline

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?|{_WEEKDAY})"
)
_WORD = r"[^\W\d_][\w.'’\-]*"
_PLACE = rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}"
_AGENCY = r"(?:\((?P<agency>[^\W\d_][\w .&\-]{0,24})\)|/(?P<agency2>[^\W\d_][\w\-]{0,24})/)"
_DASH = r"(?:-{1,3}|—|–|:)"
_HEAD = (
    rf"^\s*(?P<place>{_PLACE})"
    rf"(?:,\s*(?P<date>{_DATE})|,\s*(?P<region>{_PLACE})(?:,\s*(?P<date2>{_DATE}))?)?"
)
WITH_AGENCY = re.compile(
    rf"{_HEAD}\s*\.?\s*{_AGENCY}(?P<tail>\s*\.?\s*{_DASH}|\s*\.)?\s*", re.IGNORECASE
)
# The body after "MOSCOW. " must start with a capital, whatever the case of the rest: "U.N.
# helicopters evacuated ..." is no dateline.
WITHOUT_AGENCY = re.compile(rf"{_HEAD}(?:\s*{_DASH}\s+|\.\s+(?=(?-i:[A-Z“\"])))", re.IGNORECASE)


def split_dateline(text: str) -> tuple[Dateline | None, str]:
    """The dateline at the start of ``text`` (if any) and the body without it."""
    match = WITH_AGENCY.match(text)
    if match is not None and not _upper(match.group("place")) and not _separated(match):
        # "The president said (in a statement) that ...": a sentence, not a dateline. Only an
        # upper-case place may go without the dash (or the "/TASS/." stop) after the agency.
        match = None
    if match is None:
        match = WITHOUT_AGENCY.match(text)
        # Without an agency, only an upper-case place is a dateline ("MOSCOW, June 28 -"), and
        # not an abbreviation: "U.S. Secretary of State ..." is a sentence.
        if match is None or not _upper(match.group("place")) or "." in match.group("place"):
            return None, text
    groups = match.groupdict()
    agency = groups.get("agency") or groups.get("agency2")
    dateline = Dateline(
        place=match.group("place").strip(),
        date=(groups.get("date") or groups.get("date2") or None),
        agency=agency.strip() if agency else None,
    )
    region = groups.get("region")
    if region:
        dateline = Dateline(f"{dateline.place}, {region.strip()}", dateline.date, dateline.agency)
    body = text[match.end():]
    return dateline, body


def _separated(match: re.Match[str]) -> bool:
    tail = match.group("tail") or ""
    dash = re.sub(r"[\s.]", "", tail) != ""
    return dash or (match.group("agency2") is not None and "." in tail)


def _upper(words: str) -> bool:
    letters = [c for c in words if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def dateline_date(text: str | None, reference: date | None) -> date | None:
    """The date a dateline gives ("June 28", "28 June", "Oct. 3, 2022"), with the year taken from
    the text or else chosen so that the date is the latest one not after ``reference``."""
    if not text:
        return None
    found = re.search(rf"({_MONTH})\s+(\d{{1,2}})|(\d{{1,2}})\s+({_MONTH})", text, re.IGNORECASE)
    if not found:
        return None
    month_name = (found.group(1) or found.group(4)).lower()[:3]
    day = int(found.group(2) or found.group(3))
    month = MONTHS[month_name]
    year_match = re.search(r"\b(\d{4})\b", text)
    candidates: list[int]
    if year_match:
        candidates = [int(year_match.group(1))]
    elif reference is not None:
        candidates = [reference.year, reference.year - 1]
    else:
        return None
    for year in candidates:
        try:
            found_date = date(year, month, day)
        except ValueError:
            continue
        if year_match or reference is None or (found_date - reference).days <= 1:
            return found_date
    return None
