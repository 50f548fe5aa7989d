"""Which date an event took place on: the expression in its own clause, then one in its
sentence, then the publication date."""

from __future__ import annotations

from datetime import date

from dateline.events.modality import governing_verb
from dateline.records import When
from dateline.sentences.tokens import Parse, Span
from dateline.when.expressions import resolve


def _root(parse: Parse, span: Span) -> int:
    for i in range(span.start, span.end):
        head = parse.tokens[i].head
        if head < span.start or head >= span.end or head == i:
            return i
    return span.start


def _attachment(parse: Parse, span: Span) -> int:
    """The word a date expression modifies: up through "on"/"in" to a verb or noun."""
    token = parse.tokens[_root(parse, span)]
    while token.dep in ("pobj", "prep", "npadvmod", "nmod", "appos", "compound") and token.head != token.i:
        token = parse.tokens[token.head]
        if token.pos in ("VERB", "AUX") or (token.pos == "NOUN" and token.dep != "pobj"):
            break
    return token.i


CUE_WORDS = {"in", "on", "since", "by", "until", "last", "next", "early", "late", "mid", "this"}


def expression(parse: Parse, span: Span) -> str:
    """A date entity's text with the cue word before it ("in March", "since May"), which tells
    a month from the verb "may" and a past from a coming one."""
    if span.start > 0 and parse.tokens[span.start - 1].lower in CUE_WORDS:
        return f"{parse.tokens[span.start - 1].text} {span.text}"
    return span.text


def sentence_dates(parse: Parse, sentence: int) -> list[tuple[Span, int]]:
    bounds = parse.sentences[sentence]
    return [
        (span, _attachment(parse, span))
        for span in parse.entities
        if span.label in ("DATE", "TIME") and bounds.start <= span.start < bounds.end
    ]


def event_date(parse: Parse, trigger: int, published: date | None, future: bool = False) -> When:
    token = parse.tokens[trigger]
    verb = governing_verb(parse, trigger)
    clause = {trigger, verb, token.head}
    candidates = sentence_dates(parse, token.sent)
    resolved: list[tuple[Span, int, When]] = []
    for span, at in candidates:
        when = resolve(expression(parse, span), published, future)
        if when is not None:
            resolved.append((span, at, when))
    own = [when for _, at, when in resolved if at in clause]
    if own:
        return min(own, key=_precision_rank)
    if len(resolved) == 1 or (resolved and len({w.date for _, _, w in resolved}) == 1):
        return resolved[0][2]
    if resolved:
        _, _, nearest = min(resolved, key=lambda r: abs(r[0].start - trigger))
        return nearest
    running = _running_date(parse, token.sent, published) if parse.tokens[verb].tag == "VBD" else None
    if running is not None:
        return running
    if published is None:
        return When(None, None, "published")
    return When(published.isoformat(), "day", "published")


def _running_date(parse: Parse, sentence: int, published: date | None) -> When | None:
    """The date a narrative runs on: the one date of an earlier sentence of the same paragraph
    ("On Monday, troops entered the town. They arrested ten people.")."""
    paragraph = parse.text.count("\n\n", 0, parse.sentences[sentence].char_start)
    for earlier in range(sentence - 1, -1, -1):
        start = parse.sentences[earlier].char_start
        if parse.text.count("\n\n", 0, start) != paragraph:
            return None
        found = {w for span, _ in sentence_dates(parse, earlier)
                 if (w := resolve(expression(parse, span), published)) is not None
                 and w.precision != "year"}
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


def _precision_rank(when: When) -> int:
    return {"day": 0, "month": 1, "year": 2}.get(when.precision or "", 3)
