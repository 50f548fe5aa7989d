"""``dateline eval``: code documents and score their events against a gold file."""

from __future__ import annotations

import json

import click

import dateline
from dateline.cli.options import config_option, dictionaries_option, output_option, settings_from
from dateline.evaluation.report import Report, Score

SHOWN = 10


@click.command("eval")
@click.option("--gold", "gold", required=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="Gold events: SCHEMA.md JSON lines, PETRARCH validation XML or PLOVER records.")
@click.option("--docs", "docs", default=None, metavar="FILE",
              help="The documents to code (any input `extract` reads); PETRARCH and PLOVER gold "
                   "files hold their own texts, so this may be left out for them.")
@click.option("--any-doc", "any_doc", is_flag=True,
              help="Ignore document ids (the gold is for one document).")
@config_option
@dictionaries_option
@output_option("table", "json")
def eval_command(
    gold: str, docs: str | None, any_doc: bool, config: str | None, dictionaries: tuple[str, ...],
    output: str,
) -> None:
    """Code the documents and score their events against the gold events, at three levels
    (who-what; +when; +all, as eval/score.py does), per CAMEO root or PLOVER type, with date
    accuracy by precision and the events missed and wrongly found.

    \b
    Example:
      dateline eval --gold ../shared/eval/seed-gold.jsonl \\
        --docs ../shared/seed/tass-2022-06-28-dushanbe.txt --any-doc
      dateline eval --gold ../shared/eval/plover-gsr-gold.jsonl \\
        --docs ../shared/eval/plover-gsr-docs.jsonl --format json
      dateline eval --gold PETR.UnitTest.records.xml \\
        --dictionaries petrarch-actors:PETR.Validate.actors.txt \\
        --dictionaries petrarch-agents:PETR.Validate.agents.txt
    """
    settings = settings_from(config, dictionaries=dictionaries)
    report = dateline.evaluate(gold, docs, settings=settings, any_doc=any_doc)
    if output == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    for line in table_lines(report):
        click.echo(line)


def table_lines(report: Report, shown: int = SHOWN) -> list[str]:
    """The report as text: the levels, the roots, the dates, then the first misses and false
    alarms."""
    lines = [f"{'level':10} {'recall':>7} {'precision':>9} {'f1':>6}  found/required  correct/produced"]
    lines += [_score_line(score) for score in report.levels]
    root = "PLOVER type" if report.scheme == "plover" else "CAMEO root"
    lines += ["", f"by {root}, at who-what"]
    lines += [_score_line(score) for score in report.by_root]
    dated = [d for d in report.dates if d.matched]
    if dated:
        lines += ["", "dates right, of the events found at who-what: " + ", ".join(
            f"{d.precision} {d.correct}/{d.matched}" for d in dated)]
    misses = report.misses
    lines += ["", f"misses: {len(misses)}" + (f" (first {shown})" if len(misses) > shown else "")]
    for miss in misses[:shown]:
        gold = miss.gold
        what = "/".join(gold.plover or gold.cameo)
        lines.append(f"  {miss.level:9} {gold.doc} {gold.id}: {_codes(gold.source)} -> "
                     f"{_codes(gold.target)} {what} {gold.date or ''}  {_clip(gold.evidence)}")
    alarms = report.false_alarms
    lines += ["", f"false alarms: {len(alarms)}" + (f" (first {shown})" if len(alarms) > shown else "")]
    for alarm in alarms[:shown]:
        event = alarm.event
        lines.append(f"  {alarm.level:9} {event.doc_id}: {event.source} -> {event.target} "
                     f"{event.cameo} {event.date or ''} [{event.rule}]  {_clip(event.sentence)}")
    return lines


def _score_line(score: Score) -> str:
    return (f"{score.label:10} {score.recall:7.3f} {score.precision:9.3f} {score.f1:6.3f}  "
            f"{score.found:5}/{score.required:<8} {score.correct:5}/{score.produced}")


def _codes(codes: tuple[str | None, ...]) -> str:
    return "|".join(code or "-" for code in codes) or "-"


def _clip(text: str | None, width: int = 70) -> str:
    text = " ".join((text or "").split())
    return f'"{text}"' if len(text) <= width else f'"{text[: width - 1]}…"'
