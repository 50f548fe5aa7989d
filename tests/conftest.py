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

SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def coder() -> dateline.pipeline.Coder:
    """The event coder with spaCy and the dictionaries, loaded once per test session."""
    return dateline.build_coder(dateline.load_settings())


def code_text(coder: dateline.pipeline.Coder, text: str, published: str = "2022-06-28") -> list[dict]:
    from dateline.records import Document

    doc = Document(id="t", text=text, text_hash="t", published=published)
    return coder.code([doc])
