"""``evaluate`` end to end: code a few documents, score them, and the same through the command."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

import dateline
from conftest import DATA, shared_scorer
from dateline.cli.eval import eval_command
from dateline.errors import InputError
from dateline.evaluation import LEVELS, code_documents, read_gold

CASES = DATA / "evaluation"
DOCS, GOLD = CASES / "tiny-docs.jsonl", CASES / "tiny-gold.jsonl"


def reference_levels(events: list[dict[str, Any]]) -> dict[str, Any]:
    module = shared_scorer()
    result: dict[str, Any] = module.score(list(module.read_jsonl(str(GOLD))), events)
    return result


def test_evaluate_scores_what_extract_finds(coder: dateline.pipeline.Coder) -> None:
    report = dateline.evaluate(GOLD, DOCS, coder=coder)
    assert report.level("who-what").required == 3
    events = list(dateline.extract([str(DOCS)], coder=coder))
    data = report.to_dict()
    assert {level: data[level] for level in LEVELS} == reference_levels(events)
    # Every produced event is either right at +all or a false alarm; every required gold event
    # is either found at +all or a miss.
    everything = report.level("+all")
    assert everything.correct + len(report.false_alarms) == everything.produced
    assert everything.found + len(report.misses) == everything.required


def test_evaluate_codes_the_texts_of_a_petrarch_file(coder: dateline.pipeline.Coder) -> None:
    report = dateline.evaluate(CASES / "petrarch.xml", coder=coder)
    assert report.level("who-what").required == 2
    events = list(code_documents(read_gold(CASES / "petrarch.xml").documents, dateline.load_settings(),
                                 coder))
    assert {e["doc_id"] for e in events} <= {"TEST-01", "TEST-02"}
    assert all(e["published"] in ("2015-03-12", "2015-03-13") for e in events)
    assert report.level("who-what").produced == len(events)  # no duplicates among so few


def test_a_gold_file_without_texts_needs_documents(coder: dateline.pipeline.Coder) -> None:
    with pytest.raises(InputError, match="holds no texts"):
        dateline.evaluate(GOLD, coder=coder)


def test_the_eval_command_prints_json_and_a_table(
    coder: dateline.pipeline.Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dateline.pipeline, "build_coder", lambda settings: coder)  # loaded once
    runner = CliRunner()
    done = runner.invoke(eval_command, ["--gold", str(GOLD), "--docs", str(DOCS), "--format", "json"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert list(data) == [*LEVELS, "by_root", "confusion", "dates", "misses", "false_alarms"]
    assert data["who-what"] == dateline.evaluate(GOLD, DOCS, coder=coder).to_dict()["who-what"]
    table = runner.invoke(eval_command, ["--gold", str(GOLD), "--docs", str(DOCS)])
    assert table.exit_code == 0, table.output
    first = table.output.splitlines()[:4]
    assert first[0].split()[:4] == ["level", "recall", "precision", "f1"]
    assert [line.split()[0] for line in first[1:]] == list(LEVELS)
    assert "by CAMEO root" in table.output and "misses:" in table.output
    assert "false alarms:" in table.output


def test_the_eval_command_has_help_with_an_example() -> None:
    text = eval_command.help or ""
    assert "Example:" in text and "dateline eval --gold" in text
