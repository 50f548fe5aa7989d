"""Where in a document's text the coder found each event's actors, trigger, date and place.

The store keeps, for every event, the sentence it was coded from (``evidence.text``), its trigger
words, the words of its actors, its date and its place, but not their character offsets. They are
found again here, sentence by sentence:

1. **The sentence** is found in the document text: the evidence text as it is, else the same
   words with any whitespace between them. An event whose sentence is not found gets no spans
   (it is listed in ``unplaced``).
2. **The trigger** is looked for in that sentence as a phrase (words may run on: ``visit`` marks
   ``visits``), else word by word in order ("had ... talks" in "They have had six telephone talks").
3. **Each actor's words** (``source.text``, ``target.text``) are looked for in the sentence, the
   occurrence nearest the trigger. When they are not there, the coder took them from earlier in
   the document ("he" → "Putin"): the last occurrence before the sentence is marked, with
   ``antecedent: true``.
4. **The place**: its name in the sentence, else its last mention before the sentence, marked
   ``antecedent: true``; a place known only by its country is looked for by the country's name.
   A place taken from the dateline (which is not part of the stored text) is not marked.
5. **The date**: date expressions in the sentence (month and day, day and month, month, year,
   weekday, "this year", "last week", ...) are kept when what they state agrees with the event's
   date (month, day, year, weekday), or, for a date resolved from a relative expression, when
   they are relative; the one nearest the trigger is marked. A date taken from the publication
   date (``date_basis: published``) has no words in the text and is not marked.

Matching ignores case and respects word starts. Spans are character offsets into ``text``
(Python string indices, ``text[start:end]``); a span used by several events lists them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
# Month names only capitalised ("may" is a verb); the rest of the pattern ignores case.
_MONTH = "(?P<{}>(?-i:" + "|".join(f"{m[:3]}(?:{m[3:]}|\\.)?" if len(m) > 4 else m for m in _MONTHS) + "))"
_DAY = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?"
_YEAR = r"(?P<{}>(?:1[89]|20)\d\d)"
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DATES = re.compile("|".join([
    r"\b" + _YEAR.format("iy") + r"-(?P<im>\d\d)-(?P<id>\d\d)\b",
    r"\b" + _MONTH.format("m1") + r"\s+" + _DAY.format("d1") + r"(?:,?\s+" + _YEAR.format("y1") + r")?\b",
    r"\b" + _DAY.format("d2") + r"\s+(?:of\s+)?" + _MONTH.format("m2")
    + r"(?:,?\s+" + _YEAR.format("y2") + r")?\b",
    r"\b(?P<wd>" + "|".join(_WEEKDAYS) + r")(?:\s+(?:morning|afternoon|evening|night))?\b",
    r"\b(?P<rel>today|yesterday|tomorrow|tonight|(?:this|last|next|past|coming|previous)\s+"
    r"(?:week|weekend|month|year)|(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:days?|weeks?|months?|years?)\s+(?:ago|earlier|later))\b",
    r"\b" + _MONTH.format("m3") + r"(?:,?\s+" + _YEAR.format("y3") + r")?\b",
    r"\b" + _YEAR.format("y4") + r"\b",
]), re.IGNORECASE)


def document_spans(
    text: str, events: Sequence[Mapping[str, Any]], country_name: Callable[[str], str | None],
) -> dict[str, Any]:
    """The spans of every event of one document, merged: ``{"spans", "sentences", "unplaced"}``.

    ``country_name`` gives a country's English name from its code (for places known only by
    their country).
    """
    merged: dict[tuple[int, int, str], dict[str, Any]] = {}
    sentences: dict[int, tuple[int, int]] = {}
    unplaced: list[str] = []
    for event in events:
        found = event_spans(text, event, country_name)
        if found is None:
            unplaced.append(str(event["event_id"]))
            continue
        sentences[int(event.get("sentence") or 0)] = found["sentence"]
        for span in found["spans"]:
            key = (span["start"], span["end"], span["kind"])
            entry = merged.setdefault(key, {**span, "events": []})
            entry["events"].append(event["event_id"])
            entry["antecedent"] = entry.get("antecedent", False) and span.get("antecedent", False)
    spans = sorted(merged.values(), key=lambda s: (s["start"], -s["end"], s["kind"]))
    return {
        "spans": spans,
        "sentences": [{"sentence": k, "start": v[0], "end": v[1]} for k, v in sorted(sentences.items())],
        "unplaced": unplaced,
    }


def event_spans(
    text: str, event: Mapping[str, Any], country_name: Callable[[str], str | None],
) -> dict[str, Any] | None:
    """One event's sentence (start, end) and spans; ``None`` when its sentence is not found."""
    evidence = event.get("evidence") or {}
    sentence = _find_sentence(text, str(evidence.get("text") or ""))
    if sentence is None:
        return None
    start, end = sentence
    spans: list[dict[str, Any]] = []
    trigger = _trigger(text, start, end, str(evidence.get("trigger") or ""))
    spans += [_span(text, a, b, "trigger", evidence.get("rule")) for a, b in trigger]
    anchor = trigger[0][0] if trigger else start
    for side in ("source", "target"):
        actor = event.get(side)
        if actor and actor.get("text"):
            found = _phrase(text, start, end, actor["text"], anchor)
            if found:
                spans.append(_span(text, *found, "actor", actor.get("code"), role=side))
            elif (before := _before(text, start, actor["text"])) is not None:
                spans.append(_span(text, *before, "actor", actor.get("code"), role=side, antecedent=True))
    place = event.get("location")
    if place:
        name = place.get("name") or country_name(place.get("country") or "")
        if name:
            spans += _place(text, start, end, name, anchor, place.get("country"))
    when = _date(text, start, end, event, anchor)
    if when:
        spans.append(_span(text, *when, "date", event.get("date")))
    return {"sentence": (start, end), "spans": spans}


def _span(text: str, start: int, end: int, kind: str, label: Any, role: str | None = None,
          antecedent: bool = False) -> dict[str, Any]:
    span: dict[str, Any] = {"start": start, "end": end, "kind": kind, "text": text[start:end],
                            "label": label}
    if role:
        span["role"] = role
    if antecedent:
        span["antecedent"] = True
    return span


def _find_sentence(text: str, evidence: str) -> tuple[int, int] | None:
    evidence = evidence.strip()
    if not evidence:
        return None
    at = text.find(evidence)
    if at >= 0:
        return at, at + len(evidence)
    words = evidence.split()
    found = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (found.start(), found.end()) if found else None


@cache
def _pattern(phrase: str, stretch: bool) -> re.Pattern[str]:
    words = [re.escape(w) for w in phrase.split()]
    tail = r"\w*" if stretch else r"(?!\w)"
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + tail, re.IGNORECASE)


def _all(text: str, start: int, end: int, phrase: str, stretch: bool = False) -> list[tuple[int, int]]:
    if not phrase.split():
        return []
    return [(m.start(), m.end()) for m in _pattern(phrase, stretch).finditer(text, start, end)]


def _nearest(found: Iterable[tuple[int, int]], anchor: int) -> tuple[int, int] | None:
    return min(found, key=lambda s: (abs(s[0] - anchor), s[0]), default=None)


def _phrase(text: str, start: int, end: int, phrase: str, anchor: int) -> tuple[int, int] | None:
    return _nearest(_all(text, start, end, phrase), anchor)


def _before(text: str, start: int, phrase: str) -> tuple[int, int] | None:
    found = _all(text, 0, start, phrase)
    return found[-1] if found else None


def _trigger(text: str, start: int, end: int, trigger: str) -> list[tuple[int, int]]:
    whole = _all(text, start, end, trigger, stretch=True)
    if whole:
        return [whole[0]]
    spans: list[tuple[int, int]] = []
    at = start
    for word in trigger.split():
        found = _all(text, at, end, word, stretch=True)
        if not found:
            return spans if spans else []
        spans.append(found[0])
        at = found[0][1]
    return spans


def _place(text: str, start: int, end: int, name: str, anchor: int,
           country: str | None) -> list[dict[str, Any]]:
    found = _phrase(text, start, end, name, anchor)
    if found:
        return [_span(text, *found, "place", country)]
    before = _before(text, start, name)
    return [_span(text, *before, "place", country, antecedent=True)] if before else []


def _date(text: str, start: int, end: int, event: Mapping[str, Any], anchor: int) -> tuple[int, int] | None:
    basis, value = event.get("date_basis"), str(event.get("date") or "")
    if basis == "published" or not value:
        return None
    parts = value.split("-")
    year = int(parts[0]) if parts[0].isdigit() else None
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
    fits = [(m.start(), m.end()) for m in _DATES.finditer(text, start, end)
            if _agrees(m, year, month, day, basis == "relative")]
    return _nearest(fits, anchor)


def _agrees(found: re.Match[str], year: int | None, month: int | None, day: int | None,
            relative: bool) -> bool:
    groups = {k: v for k, v in found.groupdict().items() if v}
    if "rel" in groups:
        return relative
    if "wd" in groups:
        if year is None or month is None or day is None:
            return relative
        try:
            weekday = date(year, month, day).weekday()
        except ValueError:
            return False
        return _WEEKDAYS[weekday].lower() == groups["wd"].lower()
    stated_year = next((int(groups[k]) for k in ("iy", "y1", "y2", "y3", "y4") if k in groups), None)
    stated_month = next((_month(groups[k]) for k in ("im", "m1", "m2", "m3") if k in groups), None)
    stated_day = next((int(groups[k]) for k in ("id", "d1", "d2") if k in groups), None)
    return all(stated is None or stated == known for stated, known in
               ((stated_year, year), (stated_month, month), (stated_day, day)))


def _month(word: str) -> int:
    if word.isdigit():
        return int(word)
    prefix = word[:3].lower()
    return next(i + 1 for i, m in enumerate(_MONTHS) if m[:3].lower() == prefix)
