from __future__ import annotations

from pathlib import Path

import pytest

import dateline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "tass-2022-06-28-dushanbe.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def settings(tmp_path: Path) -> dateline.Settings:
    return dateline.load_settings(environ={}, store=str(tmp_path / "store"))


def assert_accounted(counts: dateline.Accounting) -> None:
    assert counts.read == counts.stored + counts.duplicate + sum(counts.rejected.values())
