"""Scoring produced events against gold events, at three levels of strictness, and more.

The levels are those of ``eval/score.py``, and the figures agree with it:

who-what  the source and target countries (the first three letters of the actor codes), and
          the CAMEO root (or, for PLOVER-typed gold, the PLOVER event type)
+when     ... and the event date, at the gold's precision (``2022-05``, ``2019``)
+all      ... and the exact CAMEO code, the modality and the location's country

Recall counts the required gold events found; precision counts the produced events, with
repeated mentions folded, that match any gold event of their document, required or optional.
A symmetric gold event matches either direction. The levels nest, so each (gold, produced)
pair is scored once, as the number of levels it passes.

Beyond the levels, at who-what: recall and precision per root, a confusion table of roots
over the events whose actors match, date accuracy by the gold date's precision, and the
misses and false alarms, each with the first level it fails.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dateline.evaluation.gold import GoldEvent
from dateline.evaluation.report import (
    LEVELS,
    PRECISIONS,
    ConfusionCell,
    DateScore,
    FalseAlarm,
    Miss,
    Produced,
    Report,
    Score,
)

_PRECISION = (("day", re.compile(r"\d{4}-\d{2}-\d{2}")), ("month", re.compile(r"\d{4}-\d{2}")),
              ("year", re.compile(r"\d{4}")))


def country(code: str | None) -> str:
    """The country part of a CAMEO actor code; ``""`` for no actor."""
    return (code or "")[:3].upper()


def actors_match(gold: GoldEvent, event: Produced) -> bool:
    sources = {country(c) for c in gold.source}
    targets = {country(c) for c in gold.target}
    pairs = [(event.source, event.target)]
    if gold.symmetric:
        pairs.append((event.target, event.source))
    return any(country(s) in sources and country(t) in targets for s, t in pairs)


def what_matches(gold: GoldEvent, event: Produced, exact: bool) -> bool:
    """The PLOVER type for PLOVER-typed gold; else the CAMEO root, or the exact code."""
    if gold.plover:
        return event.plover.upper() in {p.upper() for p in gold.plover}
    code = event.cameo or ""
    return code in gold.cameo if exact else code[:2] in {c[:2] for c in gold.cameo}


def when_matches(gold: GoldEvent, event: Produced) -> bool:
    return not gold.date or (event.date or "") == gold.date


def rest_matches(gold: GoldEvent, event: Produced) -> bool:
    if gold.modality and event.modality != gold.modality:
        return False
    wanted = gold.location.country if gold.location else None
    return not wanted or country(event.country) == country(wanted)


def depth(gold: GoldEvent, event: Produced) -> int:
    """How many of the levels (who-what, +when, +all) the pair passes: 0 to 3."""
    if not actors_match(gold, event) or not what_matches(gold, event, exact=False):
        return 0
    if not when_matches(gold, event):
        return 1
    if not what_matches(gold, event, exact=True) or not rest_matches(gold, event):
        return 2
    return 3


def fold(events: Iterable[Produced]) -> list[Produced]:
    """One event per (document, actors either way, code, date, modality), the first seen."""
    seen: set[tuple[Any, ...]] = set()
    kept: list[Produced] = []
    for event in events:
        key = (event.doc_id, tuple(sorted([str(event.source), str(event.target)])),
               event.cameo, event.date, event.modality)
        if key not in seen:
            seen.add(key)
            kept.append(event)
    return kept


def date_precision(date: str) -> str:
    return next((name for name, pattern in _PRECISION if pattern.fullmatch(date)), "other")


@dataclass(frozen=True)
class _Pairs:
    """The gold and produced events of one document (or of all, with ``any_doc``), and the
    best depth each reaches against the other side."""

    gold: Sequence[GoldEvent]
    produced: Sequence[Produced]
    gold_best: Sequence[int]
    produced_best: Sequence[int]


def _pair_up(gold: Sequence[GoldEvent], produced: Sequence[Produced]) -> _Pairs:
    depths = [[depth(g, e) for e in produced] for g in gold]
    return _Pairs(
        gold, produced,
        [max(row, default=0) for row in depths],
        [max((depths[i][j] for i in range(len(gold))), default=0) for j in range(len(produced))],
    )


def score(
    gold: Sequence[GoldEvent], events: Iterable[Mapping[str, Any] | Produced], any_doc: bool = False
) -> Report:
    """The report for ``events`` (SCHEMA.md event dicts, or ``Produced``) against ``gold``.
    With ``any_doc``, document ids are ignored: everything is one document."""
    produced = fold(e if isinstance(e, Produced) else Produced.from_dict(e) for e in events)
    gold_by_doc: dict[str, list[GoldEvent]] = defaultdict(list)
    produced_by_doc: dict[str, list[Produced]] = defaultdict(list)
    for row in gold:
        gold_by_doc["*" if any_doc else row.doc].append(row)
    for event in produced:
        produced_by_doc["*" if any_doc else str(event.doc_id)].append(event)
    groups = [_pair_up(rows, produced_by_doc.get(doc, [])) for doc, rows in gold_by_doc.items()]
    groups += [_pair_up([], events) for doc, events in produced_by_doc.items() if doc not in gold_by_doc]
    scheme = "plover" if any(row.plover for row in gold) else "cameo"
    labels = root_labels(gold)
    return Report(
        levels=tuple(_level(index, groups) for index in range(len(LEVELS))),
        by_root=_by_root(groups, scheme, labels),
        confusion=_confusion(groups, scheme, labels),
        dates=_dates(groups),
        misses=_misses(groups),
        false_alarms=_false_alarms(groups),
        scheme=scheme,
    )


def _level(index: int, groups: Sequence[_Pairs]) -> Score:
    required = found = produced = correct = 0
    for group in groups:
        for row, best in zip(group.gold, group.gold_best, strict=True):
            if row.required:
                required += 1
                found += best > index
        produced += len(group.produced)
        correct += sum(best > index for best in group.produced_best)
    return Score(LEVELS[index], required, found, produced, correct)


def gold_roots(gold: GoldEvent) -> tuple[str, ...]:
    """The roots a gold event accepts, its main one first: PLOVER types, else CAMEO roots."""
    if gold.plover:
        return tuple(dict.fromkeys(p.upper() for p in gold.plover))
    return tuple(dict.fromkeys(c[:2] for c in gold.cameo)) or ("?",)


def produced_root(event: Produced, scheme: str) -> str:
    if scheme == "plover":
        return event.plover.upper() or "-"
    return (event.cameo or "")[:2] or "-"


def root_labels(gold: Iterable[GoldEvent]) -> dict[str, str]:
    """Roots that gold events only accept beside a main one, mapped to that main one (PLOVER's
    ``REQUEST`` to ``DEMAND`` where the gold accepts ``["DEMAND", "REQUEST"]``), so that the
    tables count produced events under the roots the gold uses."""
    rows = [gold_roots(row) for row in gold]
    labels = {roots[0]: roots[0] for roots in rows}
    for roots in rows:
        for root in roots[1:]:
            labels.setdefault(root, roots[0])
    return labels


def _by_root(groups: Sequence[_Pairs], scheme: str, labels: Mapping[str, str]) -> tuple[Score, ...]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for group in groups:
        for row, best in zip(group.gold, group.gold_best, strict=True):
            if row.required:
                root = counts[gold_roots(row)[0]]
                root["required"] += 1
                root["found"] += best > 0
        for event, best in zip(group.produced, group.produced_best, strict=True):
            name = produced_root(event, scheme)
            root = counts[labels.get(name, name)]
            root["produced"] += 1
            root["correct"] += best > 0
    return tuple(
        Score(label, c["required"], c["found"], c["produced"], c["correct"])
        for label, c in sorted(counts.items())
    )


def _confusion(groups: Sequence[_Pairs], scheme: str, labels: Mapping[str, str]) -> tuple[ConfusionCell, ...]:
    """Gold root x produced root: each gold event counts once for each distinct root among
    the produced events whose actors match it, on the diagonal where it accepts that root."""
    cells: Counter[tuple[str, str]] = Counter()
    for group in groups:
        for row in group.gold:
            accepted = gold_roots(row)
            found = {produced_root(e, scheme) for e in group.produced if actors_match(row, e)}
            for root in found:
                label = labels.get(root, root)
                cells[(label if root in accepted else accepted[0], label)] += 1
    return tuple(ConfusionCell(g, p, n) for (g, p), n in sorted(cells.items()))


def _dates(groups: Sequence[_Pairs]) -> tuple[DateScore, ...]:
    counts: dict[str, Counter[str]] = {name: Counter() for name in PRECISIONS}
    for group in groups:
        for row, best in zip(group.gold, group.gold_best, strict=True):
            if row.required and row.date and best > 0:
                count = counts.setdefault(date_precision(row.date), Counter())
                count["matched"] += 1
                count["correct"] += best > 1
    return tuple(DateScore(name, c["matched"], c["correct"]) for name, c in counts.items())


def _misses(groups: Sequence[_Pairs]) -> tuple[Miss, ...]:
    misses: list[Miss] = []
    for group in groups:
        for row, best in zip(group.gold, group.gold_best, strict=True):
            if row.required and best < len(LEVELS):
                misses.append(Miss(LEVELS[best], row, _nearest(row, group.produced, best)))
    return tuple(sorted(misses, key=lambda miss: LEVELS.index(miss.level)))


def _nearest(row: GoldEvent, produced: Sequence[Produced], best: int) -> Produced | None:
    """A produced event that passed the levels before the one ``row`` fails; at who-what, one
    with the right actors (and the wrong root)."""
    if best:
        return next((e for e in produced if depth(row, e) == best), None)
    return next((e for e in produced if actors_match(row, e)), None)


def _false_alarms(groups: Sequence[_Pairs]) -> tuple[FalseAlarm, ...]:
    alarms = [
        FalseAlarm(LEVELS[best], event)
        for group in groups
        for event, best in zip(group.produced, group.produced_best, strict=True)
        if best < len(LEVELS)
    ]
    return tuple(sorted(alarms, key=lambda alarm: LEVELS.index(alarm.level)))
